"""Server backups: the tiers and their retention, a run (consistent copy → census →
encryption → a manifest → every destination), the list, pruning, and the
``backup_runs`` record every run leaves.

The four tiers are the seed's (docs/operations.md). Every tier is a whole, consistent copy
of the one central database — tenants share its tables, so a copy of "the system" or of
"the tenants" alone could not be checked against the ledger; what differs is how often
the tier runs, how many copies are kept and where they go. A single tenant is exported
with ``tenant export`` (issue [11] scope 2). With the tenant directory (issue [15]) the
``system`` tier copies the system database; the other tiers copy it and every tenant
database of the directory, each in its own folder (``folder_of``) with its server named
in the manifest.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync_server import __version__
from sync_server.db.engine import server_home
from sync_server.operations.crypto import encrypt_file, manifest_mac
from sync_server.operations.engines import BackupFailed, dump, engine_name
from sync_server.operations.targets import BackupTarget, LocalTarget

ENV_BACKUP_DIR = "BISAMA_BACKUP_DIR"
SUFFIX = ".bkp"
MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class Tier:
    name: str
    every: str  # how often it runs (for people and the timer units)
    keep: int  # how many copies are kept (``backup prune``)
    seed_retention: str


TIERS: dict[str, Tier] = {
    "system": Tier("system", "hourly", 24, "24 hours"),
    "tenants": Tier("tenants", "daily at 23:00", 30, "30 days"),
    "full": Tier("full", "weekly, Sunday 00:00", 13, "90 days"),
    "compliance": Tier("compliance", "monthly, on the 1st", 84, "7 years"),
}


def keep_count(tier: str) -> int:
    """Copies kept of ``tier``: ``BISAMA_BACKUP_KEEP_<TIER>`` or the seed's default."""
    text = os.environ.get(f"BISAMA_BACKUP_KEEP_{tier.upper()}")
    if text is None:
        return TIERS[tier].keep
    if not text.isdigit() or int(text) < 1:
        raise BackupFailed(f"BISAMA_BACKUP_KEEP_{tier.upper()} must be a whole number of "
                           "at least 1.")
    return int(text)


def default_folder() -> Path:
    return Path(os.environ.get(ENV_BACKUP_DIR) or server_home() / "backups")


@contextmanager
def private_folder() -> Iterator[Path]:
    """A temporary folder only this user can read (decrypted copies pass through it)."""
    folder = Path(tempfile.mkdtemp(prefix="bisama-backup-"))
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _now() -> datetime:
    return datetime.now(UTC)


def canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class BackupResult:
    name: str
    tier: str
    manifest: dict[str, Any]
    copies: list[str]
    seconds: float

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {"name": self.name, "tier": self.tier, "engine": m["engine"],
                "file": m["file"], "size": m["size"], "sha256": m["sha256"],
                "schema_revision": m["schema_revision"],
                "tenants": sorted(m["trial_balance"]), "copies": self.copies,
                "seconds": round(self.seconds, 3)}


def folder_of(tier: str, server: str | None = None, database: str | None = None) -> str:
    """Where a tier's copies of one database go on a target: ``tier`` for the system
    database; ``tier@server`` or ``tier@server.database`` for a tenant database of the
    directory (``-`` as ``_``: a backup's name is ``FOLDER-TIMESTAMP-RANDOM``)."""
    if server is None:
        return tier
    label = server if database is None else f"{server}.{database}"
    return f"{tier}@{label.replace('-', '_')}"


def run_backup(url: str, key: bytes, tier: str, targets: list[BackupTarget], *,
               server: str | None = None, database: str | None = None) -> BackupResult:
    """Take one backup of the database at ``url`` and copy it to every target.
    ``server``/``database``: a tenant database of the directory (not the system
    database), recorded in the manifest so a restore goes back to the right server."""
    if tier not in TIERS:
        raise BackupFailed(f"“{tier}” is not a backup tier; use one of {', '.join(TIERS)}.")
    if not targets:
        raise BackupFailed("A backup needs at least one destination.")
    started = _now()
    # Milliseconds in the name: two runs in one second still sort in the order taken.
    folder = folder_of(tier, server, database)
    name = (f"{folder}-{started:%Y%m%dT%H%M%S}{started.microsecond // 1000:03d}Z-"
            f"{secrets.token_hex(3)}")
    with private_folder() as work:
        plain = work / "copy"
        counted = dump(url, plain)
        sealed = work / (name + SUFFIX)
        sha256 = encrypt_file(key, plain, sealed)
        plain.unlink()
        finished = _now()
        manifest: dict[str, Any] = {
            "format": 1, "name": name, "tier": tier, "engine": engine_name(url),
            "file": name + SUFFIX, "size": sealed.stat().st_size, "sha256": sha256,
            "encryption": "AES-256-GCM", "started_at": started.isoformat(),
            "finished_at": finished.isoformat(), "schema_revision": counted["revision"],
            "server_version": __version__, "tables": counted["tables"],
            "trial_balance": counted["trial_balance"],
            "unbalanced_journals": counted["unbalanced_journals"]}
        if server is not None:
            manifest["database_server"], manifest["database"] = server, database
        manifest["mac"] = manifest_mac(key, canonical(manifest))
        manifest_file = work / (name + MANIFEST)
        manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
        copies = []
        for target in targets:
            target.put(sealed, f"{folder}/{sealed.name}")
            target.put(manifest_file, f"{folder}/{manifest_file.name}")
            copies.append(target.name)
    return BackupResult(name, tier, manifest, copies, (_now() - started).total_seconds())


def listing(target: BackupTarget) -> list[dict[str, Any]]:
    """The backups a target holds, newest first: tier, name, whether its manifest is there."""
    files = target.list()
    names = set(files)
    rows = []
    for relative in files:
        if not relative.endswith(SUFFIX):
            continue
        tier, file = relative.split("/")
        stem = file[: -len(SUFFIX)]
        rows.append({"tier": tier, "name": stem, "file": relative,
                     "manifest": f"{tier}/{stem}{MANIFEST}" in names,
                     "taken": _taken(stem)})
    return sorted(rows, key=lambda r: r["taken"] or "", reverse=True)


def _taken(stem: str) -> str | None:
    parts = stem.split("-")
    if len(parts) < 3:
        return None
    stamp = parts[1]
    try:
        taken = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        if len(stamp) == 19 and stamp[15:18].isdigit():  # with milliseconds
            taken = taken.replace(microsecond=int(stamp[15:18]) * 1000)
    except ValueError:
        return None
    return taken.isoformat(timespec="milliseconds")


def prune(targets: list[BackupTarget], tiers: list[str] | None = None) -> list[dict[str, str]]:
    """Delete the oldest copies beyond each tier's keep count, on every target."""
    removed = []
    for target in targets:
        rows = listing(target)
        for tier in tiers or list(TIERS):
            keep = keep_count(tier)
            # Each database's copies are kept apart: the system's in ``tier``, a tenant
            # database's in ``tier@…`` (``folder_of``).
            for folder in sorted({r["tier"] for r in rows if r["tier"].split("@")[0] == tier}):
                for row in [r for r in rows if r["tier"] == folder][keep:]:
                    for relative in (row["file"], f"{folder}/{row['name']}{MANIFEST}"):
                        target.delete(relative)
                    removed.append({"target": target.name, "tier": tier, "name": row["name"]})
    return removed


def locate(backup: str, targets: list[BackupTarget], work: Path) -> tuple[Path, Path]:
    """The ``.bkp`` file and its manifest for BACKUP: a path to a file, or a name
    (``tier-…``) found on the targets (fetched into ``work``)."""
    path = Path(backup)
    if path.is_file():
        stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
        return path, path.with_name(stem + MANIFEST)
    stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    tier = stem.split("-")[0]
    for target in targets:
        if isinstance(target, LocalTarget) and (target.root / tier / (stem + SUFFIX)).is_file():
            return target.root / tier / (stem + SUFFIX), target.root / tier / (stem + MANIFEST)
        if f"{tier}/{stem}{SUFFIX}" in target.list():
            target.fetch(f"{tier}/{stem}{SUFFIX}", work / (stem + SUFFIX))
            target.fetch(f"{tier}/{stem}{MANIFEST}", work / (stem + MANIFEST))
            return work / (stem + SUFFIX), work / (stem + MANIFEST)
    raise BackupFailed(f"There is no backup {backup} (neither a file nor on "
                       f"{', '.join(t.name for t in targets)}).")
