"""Every released schema's database upgrades to the current one and keeps working."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from shared.envelope import ChainHead, verify_chain, verify_envelope
from shared.keys import public_key_from_text
from shared.money import Money
from terminal.clock import ManualClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.paths import DB_NAME
from terminal.store import migrations
from terminal.store.schema import LATEST, MIGRATIONS
from terminal.tenders import cash
from terminal.till import Till
from tests.terminal.schemas import FIXTURE_PASSPHRASE

SCHEMAS = Path(__file__).parent / "schemas"
RELEASED = sorted(SCHEMAS.glob("v*.sqlite3"))


def test_every_released_version_has_a_file():
    versions = {int(p.stem[1:]) for p in RELEASED}
    assert 1 in versions
    assert versions <= {m.version for m in MIGRATIONS}


@pytest.mark.parametrize("released", RELEASED, ids=lambda p: p.stem)
def test_released_database_upgrades(released, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(released, data / DB_NAME)
    shutil.copytree(SCHEMAS / "keys", tmp_path / "keys")
    clock = ManualClock(datetime(2026, 2, 16, 12, 0, tzinfo=timezone(timedelta(0))))
    till = Till.open(
        data,
        clock=clock,
        key_store=EncryptedFileKeyStore(tmp_path / "keys", FIXTURE_PASSPHRASE),
        backup_dir=tmp_path / "backups",
    )
    with till:
        report = till.start()
        assert migrations.current_version(till.db) == LATEST
        assert report.cart.action == "recovered" and report.cart.lines == 1
        check = till.check()
        assert check.ok, check.problems
        before = till.outbox.head()
        # old receipts are still found and the chain goes on from where it was
        old = till.returns.find("MAIN-T01-000001")
        assert old.has_returns
        till.auth.login("ama@acme.example.test", "1357")
        till.sales.scan("6030010001371")
        result = till.sales.complete([cash(Money.cedis(500))])
        assert result.seq == before.seq + 1
        assert result.receipt_no == "MAIN-T01-000005"
        public = public_key_from_text(till.identity.public_key)
        envelopes = list(till.outbox.envelopes())
        for envelope in envelopes:
            verify_envelope(envelope, public)
        assert verify_chain(ChainHead(), envelopes).seq == result.seq
        assert [p.sku for p in till.catalogue.search("frytol")] == ["GH-0001"]
        assert len(till.sales.parked()) == 1
