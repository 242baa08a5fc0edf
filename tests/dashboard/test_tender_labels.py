"""Card tenders keep their scheme (and MoMo its network) in every report label: the
dashboard's payment-method table and sale page, its export, and ``bisama-sync report
sales --by method`` — “Card — Visa”, never one “Card” line for every acquirer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared.money import Money
from shared.payloads import Tender
from sync_server.reports import sales_detail
from sync_server.reports.sales import sales_summary
from tests.dashboard.conftest import make_till
from tests.server.conftest import World


def _card(pesewas: int, scheme: str | None, ref: str) -> Tender:
    return Tender("card", Money(pesewas), Money(pesewas), provider=scheme, reference=ref)


def test_card_schemes_are_reported_apart(app: object, world: World, tills: TestClient,
                                         director: TestClient) -> None:
    till = make_till(world, tills, "MAIN", "Till 1")
    visa = till.sell([("GH-0001", 1)], tenders=[_card(3800, "visa", "V1")])
    till.sell([("GH-0001", 2)], tenders=[_card(7600, "visa", "V2")])
    till.sell([("GH-0004", 1)], tenders=[_card(1400, "gh-link", "G1")])
    till.sell([("GH-0001", 1)], tenders=[_card(3800, "mastercard", "M1")])
    till.sell([("GH-0004", 1)], tenders=[_card(1400, None, "X1")])
    till.sell([("GH-0004", 1)], tenders=[Tender("momo", Money(1400), Money(1400),
                                                provider="mtn", reference="MP1")])
    till.push()
    day = till.today()
    with world.ctx.scope(world.tenant_id) as scope:
        methods = [(m["label"], m["tenders"], m["amount"])
                   for m in sales_detail.by_method(scope, day, day)]
        summary = sales_summary(scope, first_day=day, last_day=day, group_by="method")
    assert methods == [("MoMo — MTN", 1, 1400), ("Card — Visa", 2, 11400),
                       ("Card — Mastercard", 1, 3800), ("Card — GH-Link", 1, 1400),
                       ("Card", 1, 1400)]
    assert [(r["label"], r["amount"]) for r in summary] == [
        ("MoMo — MTN", "14.00"), ("Card — Visa", "114.00"), ("Card — Mastercard", "38.00"),
        ("Card — GH-Link", "14.00"), ("Card", "14.00")]
    page = director.get(f"/dashboard/sales?first={day}&last={day}").text
    for label in ("Card — Visa", "Card — Mastercard", "Card — GH-Link", "MoMo — MTN"):
        assert label in page
    assert "Card — Visa" in director.get(f"/dashboard/sales/{visa.id}").text
