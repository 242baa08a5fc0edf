"""GRA E-VAT end to end with the real till: with E-VAT on, the till's receipt says "E-VAT
pending"; the sale syncs, head office's outbox worker clears it at (a fake) GRA, the
clearance comes back through the feed, and a reprint carries GRA's SDC information."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from hardware.documents import ReceiptDoc
from shared.money import Money
from sync_server.fiscal.gra import HttpGraClient
from sync_server.fiscal.outbox import OutboxWorker
from sync_server.fiscal.settings import Credentials, enable
from terminal.tenders import cash
from tests.server.conftest import ADMIN
from tests.sync.conftest import CASHIER, OIL
from tools.fake_gra import FakeGra

KEY, TIN = "TEST-SECURITY-KEY-0001", "C0001234567"


@pytest.fixture
def gra() -> Iterator[FakeGra]:
    fake = FakeGra({KEY: TIN}).start()
    try:
        yield fake
    finally:
        fake.stop()


def _doc(till, job_id: int) -> ReceiptDoc:
    row = till.db.one("SELECT document FROM print_jobs WHERE id = ?", (job_id,))
    return ReceiptDoc.from_json(json.loads(row[0]))


def test_a_sale_is_pending_then_a_reprint_carries_gras_stamp(world, live, make_till, gra) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        enable(world.ctx, scope, ADMIN, company_tin=TIN, security_key=KEY, endpoint_url=gra.url)
    handle = make_till("evat")
    handle.enroll(live.url, world.code())
    assert handle.sync().ok  # learns that E-VAT is on
    till = handle.ready()
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(38))])
    first = till.db.one("SELECT id FROM print_jobs WHERE reference = ? AND copy = 0",
                        (sale.receipt_no,))
    assert _doc(till, first[0]).evat.status == "pending"
    assert handle.sync().ok  # the sale reaches head office (and its outbox)

    def client(creds: Credentials) -> HttpGraClient:
        return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=5)

    assert OutboxWorker(world.ctx, client).run_until_idle(world.tenant_id).cleared == 1
    assert gra.clearances == {sale.receipt_no: 1}
    assert handle.sync().ok  # the clearance comes back through the feed
    till = handle.ready()
    copy = till.print_queue.reprint(sale.receipt_no, till.clock.now(), CASHIER)
    stamp = _doc(till, copy).evat
    assert stamp is not None and stamp.status == "cleared"
    stored = gra.invoices[sale.receipt_no]["response"]
    assert stamp.sdc_id == stored["message"]["ysdcid"] and stamp.qr_code == stored["qr_code"]
