"""Write the database of the current schema version, as a till of that release would
have it, to ``tests/terminal/schemas/vN.sqlite3`` (with its signing key, encrypted under
the fixture passphrase, in ``keys/``). Run it once when a schema version is released:

    python -m tests.terminal.schemas.make_release_db

The file holds real rows made through the services: a catalogue, users, a registered
customer, an open shift with cash, MoMo, card and credit sales, a return, a parked cart
and an open cart (from v2 on, pulled branch stock too) — so the upgrade test exercises
data, not just tables.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from shared.money import Money
from terminal.clock import ManualClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.paths import DB_NAME
from terminal.returns import ReturnItem
from terminal.store.masterdata import CustomerRecord
from terminal.store.schema import LATEST
from terminal.tenders import card, cash, credit, momo
from terminal.till import Till

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
PASSPHRASE = "schema-fixture"
CUSTOMER_ID = "0f6b3a4e-8a47-4c39-9f5e-0c1f2a3b4c5d"


def build(folder: Path) -> Path:
    clock = ManualClock(datetime(2026, 2, 16, 9, 0, tzinfo=timezone(timedelta(0))))
    keys = EncryptedFileKeyStore(folder / "keys", PASSPHRASE)
    till = Till.open(folder / "data", clock=clock, key_store=keys, backup_dir=folder / "backups")
    till.start()
    testdata = ROOT / "resources" / "testdata"
    till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    till.auth.import_users(testdata / "users_sample.csv")
    till.master_data.upsert_customers(
        [
            CustomerRecord(
                CUSTOMER_ID,
                "Osu Provisions Ltd",
                phone="0244000000",
                tin="C0012345678",
                price_list="wholesale",
                credit_limit=Money.cedis(5000),
                balance=Money.cedis(1200),
            )
        ],
        as_of_seq=0,
        at="2026-02-16T09:00:00+00:00",
    )
    till.master_data.set_branch_stock(
        "MAIN", "SHOP", [("GH-0001", Decimal(240)), ("GH-0005", Decimal(48))], as_of_seq=0
    )
    till.auth.login("ama@acme.example.test", "1357")
    till.shifts.open(Money.cedis(300))
    till.sales.scan("6030010001371")
    till.sales.scan("6030010006857")
    first = till.sales.complete([cash(Money.cedis(200))])
    clock.advance(minutes=5)
    till.sales.add("GH-0039", Decimal("1.250"))
    till.sales.complete([momo(Money.parse("31.25"), "mtn", "7712345678")])
    clock.advance(minutes=5)
    till.sales.set_customer(CUSTOMER_ID)
    till.sales.add("GH-0001", "1", "carton")
    till.sales.complete([credit(Money.parse("419.52"))])
    clock.advance(minutes=5)
    till.sales.scan("6030010010960")
    till.sales.complete([card(Money.cedis(3), "A12345", "visa")])
    approval = till.auth.approve("refund", "manager@acme.example.test", "7310", "damaged")
    till.returns.refund(
        first.receipt_no, [ReturnItem(1, Decimal("1"))], reason="damaged", approval=approval
    )
    till.sales.scan("6030010002743")
    till.sales.park("Mr Mensah")
    till.sales.scan("6030010004112")
    till.close()
    path = folder / "data" / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp))
        target = HERE / f"v{LATEST}.sqlite3"
        shutil.copyfile(db, target)
        key_dir = HERE / "keys"
        key_dir.mkdir(exist_ok=True)
        for key in (Path(tmp) / "keys").glob("*.json"):
            shutil.copyfile(key, key_dir / key.name)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
