"""Where backups are kept: ``BackupTarget`` and its implementations.

* ``LocalTarget`` — a folder on this machine (the default: ``backups/`` in the server's
  data folder).
* ``RsyncTarget`` — another machine, through ``rsync``: an rsync daemon
  (``rsync://host[:port]/module/path``) or SSH (``user@host:path``).
* ``NullTarget`` — keeps nothing (tests, or a server whose copies are made elsewhere).

Files are kept as ``<tier>/<name>`` under the target's root. A backup goes to every
target; a run fails (and alerts) if any copy fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol

from shared.errors import BisamaError

ENV_TARGETS = "BISAMA_BACKUP_TARGETS"


class TargetError(BisamaError):
    code = "backup_target"


class BackupTarget(Protocol):
    name: str

    def put(self, local: Path, relative: str) -> None: ...
    def list(self) -> list[str]: ...
    def fetch(self, relative: str, local: Path) -> None: ...
    def delete(self, relative: str) -> None: ...


def _safe(relative: str) -> str:
    # ``tier/name``, or ``tier@server.database/name`` for a tenant database of the
    # directory (``backup.folder_of``).
    if not re.fullmatch(r"[a-z]+(@[a-z0-9_.]+)?/[A-Za-z0-9_.@-]+", relative) or ".." in relative:
        raise TargetError(f"“{relative}” is not a backup file name (tier/name).")
    return relative


class LocalTarget:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = str(root)

    def put(self, local: Path, relative: str) -> None:
        target = self.root / _safe(relative)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(local, partial)
        os.replace(partial, target)

    def list(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(f"{p.parent.name}/{p.name}" for p in self.root.glob("*/*")
                      if p.is_file() and not p.name.endswith(".partial"))

    def fetch(self, relative: str, local: Path) -> None:
        source = self.root / _safe(relative)
        if not source.is_file():
            raise TargetError(f"{self.name} has no {relative}.")
        shutil.copyfile(source, local)

    def delete(self, relative: str) -> None:
        (self.root / _safe(relative)).unlink(missing_ok=True)


class RsyncTarget:
    """Another machine through rsync. ``--password-file`` may come from
    ``BISAMA_RSYNC_PASSWORD_FILE`` for a daemon that asks for one."""

    def __init__(self, destination: str) -> None:
        self.root = destination.rstrip("/")
        self.name = destination

    def _rsync(self, *args: str) -> str:
        binary = shutil.which("rsync")
        if binary is None:
            raise TargetError("rsync is not installed (Debian: apt-get install rsync).")
        extra = []
        password = os.environ.get("BISAMA_RSYNC_PASSWORD_FILE")
        if password and self.root.startswith("rsync://"):
            extra.append(f"--password-file={password}")
        result = subprocess.run([binary, "--timeout=120", *extra, *args],
                                capture_output=True, check=False)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()[-1000:]
            raise TargetError(f"Copying to {self.name} failed (rsync status "
                              f"{result.returncode}): {message}")
        return result.stdout.decode("utf-8", "replace")

    def put(self, local: Path, relative: str) -> None:
        tier, name = _safe(relative).split("/")
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / tier
            staged.mkdir()
            os.link(local, staged / name) if _same_fs(local, staged) else \
                shutil.copyfile(local, staged / name)
            self._rsync("-r", "--chmod=Du=rwx,Dgo=,Fu=rw,Fgo=", f"{tmp}/", f"{self.root}/")

    def list(self) -> list[str]:
        try:
            listing = self._rsync("-r", "--list-only", f"{self.root}/")
        except TargetError as exc:
            if "No such file" in str(exc) or "change_dir" in str(exc):
                return []
            raise
        found = []
        for line in listing.splitlines():
            parts = line.split(maxsplit=4)
            if len(parts) == 5 and line.startswith("-") and parts[4].count("/") == 1:
                found.append(parts[4])
        return sorted(found)

    def fetch(self, relative: str, local: Path) -> None:
        self._rsync(f"{self.root}/{_safe(relative)}", str(local))

    def delete(self, relative: str) -> None:
        tier, name = _safe(relative).split("/")
        with tempfile.TemporaryDirectory() as empty:
            self._rsync("-r", "--delete", f"--include={name}", "--exclude=*",
                        f"{empty}/", f"{self.root}/{tier}/")


def _same_fs(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


class NullTarget:
    name = "null"

    def put(self, local: Path, relative: str) -> None:
        return None

    def list(self) -> list[str]:
        return []

    def fetch(self, relative: str, local: Path) -> None:
        raise TargetError(f"The null target keeps nothing; there is no {relative}.")

    def delete(self, relative: str) -> None:
        return None


def target_for(spec: str) -> BackupTarget:
    """``null``; ``rsync://host/module/path`` or ``[user@]host:path`` (another machine);
    anything else is a local folder."""
    if spec == "null":
        return NullTarget()
    remote = re.fullmatch(r"[\w.@-]{2,}:.+", spec) is not None  # not C:\ (one letter)
    if spec.startswith("rsync://") or remote:
        return RsyncTarget(spec)
    return LocalTarget(Path(spec).expanduser())


def targets_from(specs: list[str] | None, default: Path) -> list[BackupTarget]:
    """``--to`` options, else ``BISAMA_BACKUP_TARGETS`` (comma-separated), else the
    default local folder."""
    chosen = list(specs or [])
    if not chosen and os.environ.get(ENV_TARGETS):
        chosen = [s.strip() for s in os.environ[ENV_TARGETS].split(",") if s.strip()]
    if not chosen:
        return [LocalTarget(default)]
    return [target_for(s) for s in chosen]
