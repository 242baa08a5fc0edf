"""Checking a backup by restoring it, and loading one back for real (the monthly drill,
which does this and one tenant alone, is ``drill.py``).

``verify_backup`` decrypts (the GCM tag proves the file is the one written), restores into
a scratch database of the same engine (an SQLite file; ``bisama_verify_<random>`` on the
PostgreSQL or MariaDB server, dropped after) and runs the seed's consistency checks: every
journal's postings balance, each tenant's trial balance equals the manifest's, every
table's row count (per tenant) equals the manifest's, the schema revision is the same.
Any failure is recorded in ``backup_runs`` and raised as an alert.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sync_server.context import ServerContext
from sync_server.notify import AlertMessage
from sync_server.operations.backup import MANIFEST, canonical, private_folder
from sync_server.operations.crypto import BackupCorrupt, decrypt_file, manifest_mac, sha256_file
from sync_server.operations.engines import BackupFailed, census_of, load, scratch_database
from sync_server.operations.models import BackupRun

SYSTEM_TENANT = 0  # alerts about the whole server (a backup covers every tenant)


@dataclass
class Report:
    file: str
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    checked: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    manifest: dict[str, Any] = field(default_factory=dict)

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok, "problems": self.problems,
                "checked": self.checked, "seconds": round(self.seconds, 3)}


def read_manifest(key: bytes, path: Path, report: Report) -> dict[str, Any] | None:
    if not path.is_file():
        report.fail(f"the manifest {path.name} is missing")
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report.fail(f"the manifest {path.name} cannot be read: {exc}")
        return None
    if manifest.get("mac") != manifest_mac(key, canonical(manifest)):
        report.fail("the manifest was changed after the backup was taken (or the key is "
                    "not the one it was made with)")
    report.manifest = manifest
    return manifest


def compare(manifest: dict[str, Any], found: dict[str, Any], report: Report) -> None:
    """The seed's consistency checks of a restored copy against its manifest."""
    if found["revision"] != manifest.get("schema_revision"):
        report.fail(f"schema revision {found['revision']} restored, the manifest says "
                    f"{manifest.get('schema_revision')}")
    for tenant, journal in found["unbalanced_journals"]:
        report.fail(f"tenant {tenant}: journal {journal} does not balance")
    for tenant, tb in found["trial_balance"].items():
        if tb["debit"] != tb["credit"]:
            report.fail(f"tenant {tenant}: the trial balance does not sum to zero "
                        f"(debits {tb['debit']}, credits {tb['credit']} pesewas)")
    expected_tb = manifest.get("trial_balance", {})
    for tenant in sorted(set(expected_tb) | set(found["trial_balance"])):
        if expected_tb.get(tenant) != found["trial_balance"].get(tenant):
            report.fail(f"tenant {tenant}: the trial balance differs from the manifest's")
    expected = manifest.get("tables", {})
    for table in sorted(set(expected) | set(found["tables"])):
        want, got = expected.get(table), found["tables"].get(table)
        if want is None or got is None:
            where = "missing from the copy" if got is None else "not in the manifest"
            report.fail(f"table {table} is {where}")
        elif want != got:
            report.fail(f"table {table}: {got['rows']} rows restored, the manifest says "
                        f"{want['rows']}" + ("" if want["rows"] != got["rows"] else
                                             " (per tenant they differ)"))
    report.checked = {"tables": len(found["tables"]),
                      "rows": sum(t["rows"] for t in found["tables"].values()),
                      "tenants": len(found["trial_balance"]),
                      "postings": sum(t["postings"] for t in found["trial_balance"].values())}


def _decrypted(key: bytes, file: Path, manifest: dict[str, Any] | None, work: Path,
               report: Report) -> Path | None:
    if manifest is not None and manifest.get("sha256") != sha256_file(file):
        report.fail("the file's sha256 differs from the manifest's (changed or damaged)")
    plain = work / "copy"
    try:
        decrypt_file(key, file, plain)
    except BackupCorrupt as exc:
        report.fail(str(exc))
        return None
    return plain


def verify_backup(key: bytes, file: Path, manifest_path: Path, *, server_url: str | None) -> Report:
    """Restore ``file`` into a scratch database and check it (see the module text)."""
    started = time.monotonic()
    report = Report(file.name)
    manifest = read_manifest(key, manifest_path, report)
    with private_folder() as work:
        plain = _decrypted(key, file, manifest, work, report)
        if plain is not None and manifest is not None:
            kind = str(manifest.get("engine"))
            with scratch_database(kind, server_url, work) as scratch:
                try:
                    load(kind, plain, scratch)
                except BackupFailed as exc:
                    report.fail(f"the copy does not restore: {exc}")
                else:
                    compare(manifest, census_of(scratch), report)
    report.seconds = time.monotonic() - started
    return report


def restore_backup(key: bytes, file: Path, manifest_path: Path, to_url: str, *,
                   force: bool = False) -> Report:
    """Load a backup into ``to_url`` (an empty database unless ``force``), then check it."""
    started = time.monotonic()
    report = Report(file.name)
    manifest = read_manifest(key, manifest_path, report)
    with private_folder() as work:
        plain = _decrypted(key, file, manifest, work, report)
        if plain is None or manifest is None or not report.ok:
            raise BackupFailed(f"{file.name} was not restored: " + "; ".join(report.problems))
        load(str(manifest["engine"]), plain, to_url, force=force)
    compare(manifest, census_of(to_url), report)
    report.seconds = time.monotonic() - started
    return report


def record(ctx: ServerContext, kind: str, *, started: datetime, status: str,
           tier: str | None = None, file: str | None = None, size: int | None = None,
           sha256: str | None = None, detail: str | None = None) -> str:
    run_id = ctx.new_id()
    with ctx.system() as session:
        session.add(BackupRun(id=run_id, kind=kind, tier=tier, file=file, size=size,
                              sha256=sha256, started_at=started,
                              finished_at=ctx.clock.now(), status=status,
                              detail=(detail or None) and detail[:20000]))
    return run_id


def alert(ctx: ServerContext, kind: str, message: str) -> None:
    """Tell a person (the server's notifier: the log, e-mail or SMS in a deployment)."""
    ctx.notifier.notify(AlertMessage(SYSTEM_TENANT, kind, message))


def record_report(ctx: ServerContext, kind: str, report: Report, started: datetime) -> None:
    manifest = report.manifest
    record(ctx, kind, started=started, status="ok" if report.ok else "failed",
           tier=manifest.get("tier"), file=report.file, size=manifest.get("size"),
           sha256=manifest.get("sha256"), detail=json.dumps(report.to_json()))
    if not report.ok:
        alert(ctx, f"backup_{kind}_failed",
              f"The backup {report.file} failed its {kind}: " + "; ".join(report.problems[:5]))


__all__ = ["MANIFEST", "Report", "compare", "read_manifest", "record", "record_report",
           "restore_backup", "verify_backup"]
