"""Files and folders that only the till's own account may read: the till's database
(every sale, customer, the PIN hashes of its people), its backups and its key files.

On POSIX, folders are made 0700 and files 0600 — also when a till made by an older
version is opened, so an upgrade tightens what was there. SQLite gives a database's
``-wal`` and ``-shm`` files the permissions of the database file itself, so creating
the database 0600 before SQLite opens it covers them too.

On Windows, permission bits mean nothing beyond "read-only": the till relies on where
its data lives (``%LOCALAPPDATA%``, which only the user and administrators can read by
default); see docs/security.md. These functions do nothing there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def _chmod(path: Path, mode: int) -> None:
    # Only the owner may change a mode: a folder or file of another account (an
    # operator running a command as root on a till's files, say) is left as it is.
    if _posix():
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(path, mode)


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and missing parents) and leave it readable by its owner only.
    Parents that already exist are not touched: they are not the till's."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _chmod(folder, FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, and leave it readable by its owner only (before
    anything is written to it)."""
    path = Path(path)
    if not _posix():
        path.touch(exist_ok=True)
        return path
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    except PermissionError:
        if not path.exists():
            raise
        return path  # another account's file: whoever opens it next reports in its words
    os.close(fd)
    _chmod(path, FILE_MODE)
    return path


def tighten(path: Path) -> None:
    """An existing file (say, a ``-wal`` left by an older version) to owner-only; a
    missing one is fine."""
    _chmod(path, FILE_MODE)
