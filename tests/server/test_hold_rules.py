"""Hold, never jam: a signed envelope that reads but breaks a business rule is held with a
reason a person can act on, and the envelopes after it in the same batch are stored —
the till's outbox moves on. A tampered envelope is ``bad_hash`` (and an alert) even
when its tampered figure also breaks a rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from shared.money import Money
from shared.payloads import CustomerRef, Tender
from sync_server.sync.models import Alert, StoredEnvelope
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal

SHIFT = "01a1ff2b-6fed-7e2d-a8e9-2eced5c9f2f7"
OTHER = "01a1ff2b-6fed-7e2d-a8e9-2eced5c9f2f8"


def _sale(t: ToyTerminal, change: Callable[[dict[str, Any]], None], *, qty: int = 2,
          tenders: list[Tender] | None = None, customer: CustomerRef | None = None,
          ) -> dict[str, Any]:
    data = t.priced_sale([("GH-0001", qty), ("GH-0002", 1)], tenders=tenders,
                         customer=customer).to_json()
    change(data)
    return data


def _tender(data: dict[str, Any], **fields: Any) -> None:
    data["tenders"][0].update(fields)


def _move_vat_of_line(data: dict[str, Any]) -> None:
    data["lines"][0]["vat"] += 1  # its gross no longer adds up


def _cash_short(data: dict[str, Any]) -> None:
    gross = data["totals"]["gross"]
    data["tenders"] = [{"method": "cash", "amount": gross - 100, "tendered": gross - 100,
                        "provider": None, "reference": None}]


def _rule_breakers(t: ToyTerminal, world: World) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, expected reason code, payload): one for each rule."""
    momo = [Tender("momo", Money(1), Money(1), "mtn", "MP1")]
    card = [Tender("card", Money(1), Money(1), "visa", "AUTH1")]

    def gross_tenders(method: str, provider: str | None, reference: str | None,
                      ) -> Callable[[dict[str, Any]], None]:
        def fix(data: dict[str, Any]) -> None:
            gross = data["totals"]["gross"]
            data["tenders"] = [{"method": method, "amount": gross, "tendered": gross,
                                "provider": provider, "reference": reference}]
        return fix

    def four_places(data: dict[str, Any]) -> None:
        data["lines"][0]["qty"] = "2.0000"  # the same value, but not as documented

    def gram_and_a_bit(data: dict[str, Any]) -> None:
        data["lines"][1]["qty"] = "1.0005"  # never rounded to 1.001 or 1.000

    def nothing_per_unit(data: dict[str, Any]) -> None:
        data["lines"][1]["unit_factor"] = "0.000"

    def bad_change(data: dict[str, Any]) -> None:
        data["change"] = 500

    def cash_over(data: dict[str, Any]) -> None:
        gross = data["totals"]["gross"]
        _tender(data, tendered=gross + 500)  # change given, but "change" still says 0

    def card_change(data: dict[str, Any]) -> None:
        gross_tenders("card", "visa", "AUTH1")(data)
        _tender(data, tendered=data["totals"]["gross"] + 100)
        data["change"] = 100

    def bad_receipt(data: dict[str, Any]) -> None:
        data["receipt_no"] = "No. 12 (copy)"

    def numbering(data: dict[str, Any]) -> None:
        data["lines"][1]["line_no"] = 3

    def totals(data: dict[str, Any]) -> None:
        data["totals"]["discount"] += 1

    def credit_walk_in(data: dict[str, Any]) -> None:
        gross_tenders("credit", None, None)(data)

    adjust = {"location": "SHOP", "reason": "damaged", "note": None, "approvals": [],
              "lines": [{"sku": "GH-0001", "qty": "0.000", "unit_cost": 100, "expected": None}]}
    transfer = {"kind": "transfer_out", "transfer_id": OTHER, "from_branch": "MAIN",
                "from_location": "SHOP", "to_branch": "MAIN", "to_location": "SHOP",
                "lines": [{"sku": "GH-0001", "qty": "1.000", "unit_cost": 100,
                           "expected": None}]}
    close = {"shift_id": SHIFT, "opening_float": 10000, "cash_sales": 50000, "cash_refunds": 0,
             "cash_in": 0, "cash_out": 0, "cash_payments": 0, "expected": 60000,
             "counts": [{"denomination": 20000, "count": 3}], "counted": 57000,
             "variance": -3000, "blind": False, "sales_count": 3, "sales_gross": 50000,
             "approvals": []}
    odd_coin = copy.deepcopy(close)
    odd_coin.update(counts=[{"denomination": 300, "count": 200}], counted=60000, variance=0)
    customer = {"id": world.customer_id, "name": "Kofi Traders", "tin": None}
    on_account = {"payment_no": "P-000001", "shift_id": SHIFT, "customer": customer,
                  "amount": 5000, "tenders": [{"method": "credit", "amount": 5000,
                                               "tendered": 5000, "provider": None,
                                               "reference": None}]}
    return [
        ("sale", "bad_quantity", _sale(t, four_places)),
        ("sale", "bad_quantity", _sale(t, gram_and_a_bit)),
        ("sale", "bad_quantity", _sale(t, nothing_per_unit)),
        ("sale", "totals_mismatch", _sale(t, _move_vat_of_line)),
        ("sale", "totals_mismatch", _sale(t, totals)),
        ("sale", "bad_line_numbers", _sale(t, numbering)),
        ("sale", "bad_tender", _sale(t, _cash_short)),
        ("sale", "bad_change", _sale(t, bad_change)),
        ("sale", "bad_change", _sale(t, cash_over)),
        ("sale", "bad_change", _sale(t, card_change, tenders=card)),
        ("sale", "bad_receipt_no", _sale(t, bad_receipt)),
        ("sale", "unknown_network", _sale(t, gross_tenders("momo", "vodafone", "MP1"),
                                          tenders=momo)),
        ("sale", "bad_tender", _sale(t, gross_tenders("momo", "mtn", None), tenders=momo)),
        ("sale", "unknown_network", _sale(t, gross_tenders("card", "amex", "AUTH1"),
                                          tenders=card)),
        ("sale", "bad_tender", _sale(t, credit_walk_in)),
        ("shift_close", "bad_cash_count", close),
        ("shift_close", "bad_denomination", odd_coin),
        ("stock_adjust", "bad_quantity", adjust),
        ("transfer_out", "bad_transfer", transfer),
        ("customer_payment", "bad_tender", on_account),
    ]


def test_every_broken_rule_is_held_and_the_batch_moves_on(world: World,
                                                          till: TillFactory) -> None:
    t = till()
    cases = _rule_breakers(t, world)
    for kind, _code, payload in cases:
        t.seal_unchecked(kind, payload)
        t.sell([("GH-0004", 1)])  # an honest sale right after each
    body = t.push(batch_size=500)[-1]
    assert body["refused"] is None
    assert body["stored_through"] == 2 * len(cases)
    got = [(r["status"], r.get("reason_code")) for r in body["results"]]
    expected = []
    for _kind, code, _payload in cases:
        expected += [("held", code), ("stored", None)]
    assert got == expected
    for result in body["results"][::2]:
        # A sentence for a person, not a field path or a traceback.
        assert result["reason"] and not result["reason"].startswith("payload.")
    books = check_books(world.ctx, world.tenant_id, [t])
    assert books.sales == len(cases)  # only the honest ones


def test_a_refund_that_breaks_a_rule_is_held(world: World, till: TillFactory) -> None:
    t = till()
    sale = t.sell([("GH-0001", 2)])
    refund = t.refund(sale, [(1, "1")])
    data = copy.deepcopy(t.wire[refund.id]["payload"])
    t.outbox.pop()  # made only to copy it
    t.seq, t.head = sale.seq, sale.hash
    twice = copy.deepcopy(data)
    twice["lines"].append(copy.deepcopy(twice["lines"][0]))
    twice["tenders"][0]["amount"] *= 2
    twice["tenders"][0]["tendered"] *= 2
    t.seal_unchecked("refund", twice)
    scaled = copy.deepcopy(data)
    scaled["lines"][0]["qty"] = "1.0000"
    t.seal_unchecked("refund", scaled)
    renumbered = copy.deepcopy(data)
    renumbered["refund_no"] = "R 1"
    t.seal_unchecked("refund", renumbered)
    t.sell([("GH-0004", 1)])
    body = t.push()[-1]
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("stored", None), ("held", "duplicate_line"), ("held", "bad_quantity"),
        ("held", "bad_receipt_no"), ("stored", None)]
    check_books(world.ctx, world.tenant_id, [t])


def test_a_tampered_figure_that_breaks_a_rule_is_bad_hash_with_an_alert(
        world: World, till: TillFactory) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    victim = t.sell([("GH-0002", 3)])
    # After signing, someone pays less: the tenders no longer add up to the total, the
    # quantity has four places, the receipt number is not one — or a figure no longer
    # even reads. None of it may hide that the envelope was changed.
    changes: list[Callable[[dict[str, Any]], None]] = [
        lambda p: p["tenders"][0].update(amount=p["tenders"][0]["amount"] - 100),
        lambda p: p["lines"][0].update(qty="2.9999"),
        lambda p: p.update(receipt_no="free goods"),
        lambda p: p["lines"][0].update(gross=-100),
        lambda p: p["lines"][0].update(qty="a few"),
    ]
    for change in changes:
        wire = copy.deepcopy(t.wire[victim.id])
        change(wire["payload"])
        reply = t.push_batch_raw([t.wire[t.outbox[0].id], wire])
        assert reply.status_code == 409
        refused = reply.json()["refused"]
        assert refused["code"] == "bad_hash" and refused["index"] == 1
    with world.ctx.scope(world.tenant_id) as scope:
        alerts = scope.scalar(select(func.count()).select_from(Alert)
                              .where(Alert.kind == "tampered"))
        stored = scope.scalar(select(func.count()).select_from(StoredEnvelope))
    assert alerts == len(changes)
    assert stored == 1  # the honest first envelope
    # The real one still goes through.
    assert t.push_batch([victim]).json()["results"][-1]["status"] == "stored"


def test_a_held_rule_breaker_stays_held_on_retry_with_its_reason(
        world: World, till: TillFactory) -> None:
    from sync_server.sync.held import retry_held
    from sync_server.tenants.services import require_tenant
    from tests.server.conftest import ADMIN

    t = till()
    t.seal_unchecked("sale", _sale(t, _cash_short))
    t.sell([("GH-0004", 1)])
    assert t.push()[-1]["results"][0]["reason_code"] == "bad_tender"
    result = retry_held(world.ctx, require_tenant(world.ctx, world.domain), ADMIN)
    assert result["stored"] == []
    assert [(r["seq"], r["reason_code"]) for r in result["held"]] == [(1, "bad_tender")]


def _midnight() -> datetime:
    return datetime(2026, 1, 1, 0, 30, tzinfo=UTC)


def test_a_sale_after_midnight_is_taxed_by_its_own_time_not_its_shift(
        world: World, till: TillFactory) -> None:
    """A shift opened on 31 December 2025; a sale at 00:30 on 1 January 2026 is taxed
    under the 2026 regime (no COVID levy), on the till and on the server."""
    from shared.tax import GHANA_2023
    from sync_server.sync.changes import Change, record_changes
    from sync_server.tenants.models import TaxRegimeRow
    from sync_server.tenants.tax_profile import regime_row

    with world.ctx.scope(world.tenant_id) as scope:  # a tenant that was selling in 2025
        scope.insert_rows(TaxRegimeRow, [regime_row(GHANA_2023, datetime.now(UTC))])
        record_changes(scope, [Change("tax_profile", "tenant")])
    t = till(clock=_midnight, business_date="2025-12-31")
    sale = t.priced_sale([("GH-0001", 2)])
    assert sale.regime == "GH-2026" and sale.totals.covid.is_zero
    t.seal("sale", sale.to_json())
    # A till that charged the abolished levy by its shift's date (priced as if it were
    # still 31 December, sealed at 00:30) is held.
    t.clock = lambda: datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
    stale = t.priced_sale([("GH-0001", 2)])
    assert stale.regime == "GH-2023" and not stale.totals.covid.is_zero
    t.clock = _midnight
    t.seal("sale", stale.to_json())
    body = t.push()[-1]
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("stored", None), ("held", "totals_mismatch")]
