"""Fixtures for the till's tests: a real till on a temp folder (real SQLite file, real
argon2 and Ed25519), a manual clock, and the sample catalogue and users loaded."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from shared.money import Money
from terminal.clock import ManualClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.till import Till

CASHIER = "ama@acme.example.test"
CASHIER_PIN = "1357"
MANAGER = "manager@acme.example.test"
MANAGER_PIN = "7310"
DIRECTOR = "director@acme.example.test"
DIRECTOR_PIN = "4821"
OIL = "6030010001371"  # Frytol Vegetable Oil 1L, 38.00 a bottle, carton of 12 at 419.52
MILO = "6030010006857"  # Milo 400g, 62.00
TOMATOES = "GH-0039"  # weighed, 25.00 / kg, tax A

GHANA = timezone(timedelta(0))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 8, 30, tzinfo=GHANA))


@pytest.fixture
def key_store(tmp_path: Path) -> EncryptedFileKeyStore:
    return EncryptedFileKeyStore(tmp_path / "keys", passphrase="test passphrase")


# Real argon2id, with light parameters so the suite stays quick (the product uses the
# library's defaults).
FAST_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def blank_till(tmp_path: Path, clock: ManualClock, key_store: EncryptedFileKeyStore):
    till = Till.open(
        tmp_path / "data",
        clock=clock,
        key_store=key_store,
        backup_dir=tmp_path / "backups",
        pin_hasher=FAST_ARGON2,
    )
    till.start()
    yield till
    till.close()


@pytest.fixture
def stocked_till(blank_till: Till, testdata: Path) -> Till:
    blank_till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    blank_till.auth.import_users(testdata / "users_sample.csv")
    return blank_till


@pytest.fixture
def till(stocked_till: Till) -> Till:
    """Ama signed in with a shift open (float GH₵ 200)."""
    stocked_till.auth.login(CASHIER, CASHIER_PIN)
    stocked_till.shifts.open(Money.cedis(200))
    return stocked_till


def reopen(
    till: Till, tmp_path: Path, clock: ManualClock, key_store: EncryptedFileKeyStore
) -> Till:
    """Close and open the same till again, as after a restart."""
    till.close()
    again = Till.open(
        tmp_path / "data",
        clock=clock,
        key_store=key_store,
        backup_dir=tmp_path / "backups",
        pin_hasher=FAST_ARGON2,
    )
    return again
