"""Local backups of the till's database: SQLite's online backup API into a second folder
(ideally another drive), verified before it counts, with retention — taken on demand
(``bisama-terminal backup``), at every shift close and once a day — and the restore that
start-up offers when the database is damaged.

A backup is written as ``NAME.part``, checked (``PRAGMA integrity_check``, envelope chain
head read back), fsynced and renamed; its manifest (``NAME.json``: time, seq, head hash,
SHA-256) is written last, so a backup without a manifest never counts as verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from terminal.clock import Clock, stamp
from terminal.errors import TillError
from terminal.owner_only import private_file, private_folder
from terminal.store.db import Database


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: str
    seq: int
    head_hash: str
    sha256: str
    size: int
    reason: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_copy(path: Path) -> tuple[int, str]:
    """Integrity-check a database copy; return its chain head (seq, hash)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise TillError(f"The backup {path.name} failed its check: {'; '.join(result[:3])}")
        row = conn.execute("SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError as exc:
        raise TillError(f"The backup {path.name} is not a readable database ({exc}).") from None
    finally:
        conn.close()
    return (row[0], row[1]) if row else (0, "0" * 64)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups with a manifest, newest first (does not re-read the files)."""
    found = []
    if not folder.is_dir():
        return []
    for manifest in folder.glob("bisama-*.json"):
        try:
            m = json.loads(manifest.read_text())
            found.append(
                BackupInfo(
                    folder / m["file"],
                    m["taken_at"],
                    int(m["seq"]),
                    m["head_hash"],
                    m["sha256"],
                    int(m["size"]),
                    m.get("reason", ""),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a damaged manifest means the backup does not count
    return sorted(found, key=lambda b: (b.taken_at, b.seq), reverse=True)


def latest_verified(folder: Path) -> BackupInfo | None:
    """The newest backup whose file still matches its manifest."""
    for info in list_backups(folder):
        if info.path.exists() and info.path.stat().st_size == info.size and _sha256(info.path) == info.sha256:
            return info
    return None


class BackupService:
    def __init__(self, db: Database, clock: Clock, folder: Path, keep: int = 30) -> None:
        self.db = db
        self.clock = clock
        self.folder = Path(folder)
        self.keep = max(1, keep)

    def take(self, reason: str = "manual") -> BackupInfo:
        now = self.clock.now()
        private_folder(self.folder)
        name = f"bisama-{now.strftime('%Y%m%d-%H%M%S-%f')}"
        n = 1
        while (self.folder / f"{name}.json").exists() or (self.folder / f"{name}.sqlite3").exists():
            n += 1  # two backups within the same clock tick (a stopped clock after a power cut)
            name = f"bisama-{now.strftime('%Y%m%d-%H%M%S-%f')}-{n}"
        part = self.folder / f"{name}.sqlite3.part"
        final = self.folder / f"{name}.sqlite3"
        target = sqlite3.connect(str(private_file(part)))
        try:
            with self.db._lock:
                self.db.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
        finally:
            target.close()
        try:
            seq, head_hash = check_copy(part)
            _fsync_file(part)
            os.replace(part, final)
            _fsync_dir(self.folder)
            info = BackupInfo(final, stamp(now), seq, head_hash, _sha256(final), final.stat().st_size, reason)
            manifest = self.folder / f"{name}.json"
            tmp = private_file(manifest.with_suffix(".json.part"))
            tmp.write_text(
                json.dumps(
                    {
                        "file": final.name,
                        "taken_at": info.taken_at,
                        "seq": seq,
                        "head_hash": head_hash,
                        "sha256": info.sha256,
                        "size": info.size,
                        "reason": reason,
                        "verified": "integrity_check ok",
                    }
                )
            )
            _fsync_file(tmp)
            os.replace(tmp, manifest)
            _fsync_dir(self.folder)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO backups (path, taken_at, seq, head_hash, sha256, reason) VALUES (?, "
                "?, ?, ?, ?, ?)",
                (str(final), info.taken_at, seq, head_hash, info.sha256, reason),
            )
        self._prune()
        return info

    def _prune(self) -> None:
        for old in list_backups(self.folder)[self.keep :]:
            old.path.unlink(missing_ok=True)
            (self.folder / (old.path.stem + ".json")).unlink(missing_ok=True)

    def last(self) -> BackupInfo | None:
        backups = list_backups(self.folder)
        return backups[0] if backups else None

    def take_if_due(self, hours: int = 24) -> BackupInfo | None:
        last = self.last()
        if last is not None and datetime.fromisoformat(last.taken_at) > self.clock.now() - timedelta(
            hours=hours
        ):
            return None
        return self.take("daily")

    def same_drive(self) -> bool:
        try:
            return self.folder.stat().st_dev == self.db.path.parent.stat().st_dev
        except OSError:
            return True


def restore(backup: BackupInfo, db_path: Path, now: datetime) -> Path:
    """Put a verified backup in place of a damaged database; the damaged file (and its
    WAL) are kept beside it for inspection. Returns where the damaged file went."""
    if _sha256(backup.path) != backup.sha256:
        raise TillError(f"The backup {backup.path.name} no longer matches its manifest; choose another.")
    check_copy(backup.path)
    aside = db_path.with_name(f"{db_path.name}.damaged-{now.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(db_path) + suffix)
        if source.exists():
            os.replace(source, Path(str(aside) + suffix))
    tmp = private_file(db_path.with_name(db_path.name + ".restoring"))
    shutil.copyfile(backup.path, tmp)  # into the owner-only file: its mode stays
    _fsync_file(tmp)
    os.replace(tmp, db_path)
    _fsync_dir(db_path.parent)
    return aside
