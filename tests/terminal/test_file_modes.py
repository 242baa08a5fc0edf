"""The till's database, its backups and its key files are readable by the till's own
account only (issue [7], abuse resistance; docs/security.md) — on POSIX. Another
account on the same PC, or a shared folder the backups land in, gets nothing."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from terminal.backup import restore
from terminal.keystore import EncryptedFileKeyStore
from terminal.paths import DB_NAME
from terminal.till import Till
from tests.terminal.conftest import FAST_ARGON2, reopen

pytestmark = [pytest.mark.security,
              pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _everything(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in [folder, *folder.rglob("*")]]


def test_the_database_backups_and_keys_are_owner_only(tmp_path: Path, till: Till) -> None:
    till.sales.scan("GH-0001")
    info = till.backups.take()
    data, backups = tmp_path / "data", tmp_path / "backups"
    assert (data / DB_NAME).exists() and Path(str(data / DB_NAME) + "-wal").exists()
    assert info.path.exists() and list(backups.glob("*.json"))
    for path in _everything(data, backups, tmp_path / "keys"):
        expected = 0o700 if path.is_dir() else 0o600
        assert _mode(path) == expected, f"{path.relative_to(tmp_path)} is {oct(_mode(path))}"


def test_a_till_of_an_older_version_is_tightened_when_opened(
        tmp_path: Path, till: Till, clock, key_store: EncryptedFileKeyStore) -> None:
    data = tmp_path / "data"
    till.close()
    # As an older version left it: world-readable under a usual umask.
    os.chmod(data, 0o755)
    for path in (data / DB_NAME, Path(str(data / DB_NAME) + "-wal")):
        if path.exists():
            os.chmod(path, 0o644)
    again = reopen(till, tmp_path, clock, key_store)
    try:
        assert _mode(data) == 0o700
        assert _mode(data / DB_NAME) == 0o600
        for suffix in ("-wal", "-shm"):
            side = Path(str(data / DB_NAME) + suffix)
            if side.exists():
                assert _mode(side) == 0o600
    finally:
        again.close()


def test_a_restored_database_is_owner_only(tmp_path: Path, till: Till) -> None:
    info = till.backups.take()
    target = tmp_path / "elsewhere" / DB_NAME
    target.parent.mkdir()
    restore(info, target, datetime(2026, 3, 2, 9, 0))
    assert _mode(target) == 0o600


def test_a_new_till_in_a_fresh_folder(tmp_path: Path, clock,
                                      key_store: EncryptedFileKeyStore) -> None:
    fresh = Till.open(tmp_path / "new" / "data", clock=clock, key_store=key_store,
                      backup_dir=tmp_path / "new" / "backups", pin_hasher=FAST_ARGON2)
    try:
        fresh.backups.take()
        for path in _everything(tmp_path / "new" / "data", tmp_path / "new" / "backups"):
            assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    finally:
        fresh.close()
