"""Scale PLUs are head office's master data: a till whose catalogue came from the
server (enrolled, never imported a CSV) reads the shop scale's labels — the documented
``2100039012505`` is 1.250 kg of PLU 00039, Fresh Tomatoes at GH₵ 25.00/kg — and a PLU
changed on the dashboard reaches it on the next sync."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.money import Money
from sync_server.catalogue.editing import set_plu
from terminal.barcodes import make_scale_label
from terminal.errors import NotFound
from terminal.tenders import cash
from tests.server.books import check_books
from tests.server.conftest import ADMIN

LABEL = "2100039012505"  # docs/keyboard.md: 1.250 kg of PLU 00039, tomatoes


def test_an_enrolled_till_reads_scale_labels_from_the_feed(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    till = t.ready()
    view = till.sales.scan(LABEL)
    line = view.lines[-1]
    assert (line.sku, line.qty, line.unit) == ("GH-0039", Decimal("1.250"), "kg")
    assert line.gross == Money.parse("31.25")  # 1.250 kg × 25.00
    # A price-embedded label (prefix 26): GH₵ 9.00 of garden eggs, PLU 00041.
    scanned = till.catalogue.scan(make_scale_label("26", "00041", 900))
    assert scanned.product.sku == "GH-0041" and scanned.label_price == Money(900)
    till.sales.complete([cash(view.total)])
    assert t.sync().ok and t.till.outbox.held() == ()
    assert check_books(world.ctx, world.tenant_id).sales == 1

    # Head office moves tomatoes to PLU 00777 (the scale was reprogrammed).
    with world.ctx.scope(world.tenant_id) as scope:
        set_plu(world.ctx, scope, ADMIN, sku="GH-0039", plu="00777")
    assert t.sync().ok
    assert till.catalogue.scan(make_scale_label("21", "00777", 500)).qty == Decimal("0.500")
    with pytest.raises(NotFound, match="PLU 00039"):
        till.catalogue.scan(LABEL)
