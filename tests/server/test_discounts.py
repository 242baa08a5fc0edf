"""Line discounts the server knows: a discount beyond what the seller's role may give
alone (``shared.permissions.DISCOUNT_LIMITS``, the till's own table) is held as
``unapproved_discount`` unless a user of the branch whose limit covers it approved it —
as the till asks for as the cashier works."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from shared.money import Money
from shared.payloads import Approval, Sale, SaleTotals, Tender
from shared.permissions import discount_limit, discount_share
from shared.pricing import price_lines
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal

OIL = "GH-0001"  # 38.00 a bottle: two are 76.00


def _discounted(t: ToyTerminal, pesewas: int, *approvals: Approval) -> Sale:
    sale = t.priced_sale([(OIL, 2), ("GH-0002", 1)])
    first = replace(sale.lines[0], line_discount=Money(pesewas))
    lines = price_lines((first, *sale.lines[1:]), order_discount=sale.order_discount,
                        regime=t.regime_on(t.today()), inclusive=sale.inclusive)
    totals = SaleTotals.of_lines(lines)
    return replace(sale, lines=lines, totals=totals, approvals=approvals,
                   tenders=(Tender("cash", totals.gross, totals.gross),), change=Money.ZERO)


def _push(t: ToyTerminal, sale: Sale, **seal: Any) -> tuple[str, str | None, str]:
    result = t.push_batch([t.seal("sale", sale.to_json(), **seal)]).json()["results"][-1]
    return result["status"], result.get("reason_code"), result.get("reason", "")


def test_the_limits_are_the_tills() -> None:
    assert [discount_limit(r) for r in ("user", "manager", "director", "stranger")] == [5, 20,
                                                                                         100, 0]
    assert discount_share(Money(1000), Money(7600)) == Decimal("13.16")
    assert discount_share(Money(1), Money(0)) == 100


def test_a_discount_within_the_cashiers_limit_needs_no_one(world: World,
                                                           till: TillFactory) -> None:
    t = till()
    assert _push(t, _discounted(t, 380))[:2] == ("stored", None)  # exactly 5 %


def test_a_discount_beyond_the_cashiers_limit_is_held_without_a_manager(
        world: World, till: TillFactory) -> None:
    t = till()
    status, code, reason = _push(t, _discounted(t, 1000))
    assert (status, code) == ("held", "unapproved_discount")
    assert "Line 1 (GH-0001)" in reason and "GH₵ 10.00" in reason and "GH₵ 76.00" in reason
    assert "13.16 %" in reason and "5 %" in reason
    by_cashier = _discounted(t, 1000, Approval("discount", "ama@acme.test"))
    assert _push(t, by_cashier)[:2] == ("held", "unapproved_discount")
    wrong_action = _discounted(t, 1000, Approval("price_override", "manager@acme.test"))
    assert _push(t, wrong_action)[:2] == ("held", "unapproved_discount")
    approved = _discounted(t, 1000, Approval("discount", "manager@acme.test", "loyal customer"))
    assert _push(t, approved)[:2] == ("stored", None)


def test_a_manager_approves_only_up_to_their_own_limit(world: World,
                                                       till: TillFactory) -> None:
    t = till()
    half = _discounted(t, 3800, Approval("discount", "manager@acme.test"))  # 50 %
    assert _push(t, half)[:2] == ("held", "unapproved_discount")
    # A manager selling gives up to 20 % alone.
    assert _push(t, _discounted(t, 1500), user="manager@acme.test")[:2] == ("stored", None)
    assert _push(t, _discounted(t, 1600), user="manager@acme.test")[:2] == (
        "held", "unapproved_discount")


def _order_discounted(t: ToyTerminal, pesewas: int, *approvals: Approval) -> Sale:
    sale = t.priced_sale([(OIL, 2), ("GH-0002", 1)])
    lines = price_lines(sale.lines, order_discount=Money(pesewas),
                        regime=t.regime_on(t.today()), inclusive=sale.inclusive)
    totals = SaleTotals.of_lines(lines)
    return replace(sale, lines=lines, totals=totals, order_discount=Money(pesewas),
                   approvals=approvals, tenders=(Tender("cash", totals.gross, totals.gross),),
                   change=Money.ZERO)


def test_an_order_discount_is_held_beyond_the_limit_as_a_line_discount_is(
        world: World, till: TillFactory) -> None:
    """The till asks for a manager when the discount on the whole order passes the
    cashier's limit (``terminal.sale.discount_order``); a till that does not is held."""
    t = till()
    subtotal = sum(ln.list_amount.pesewas for ln in t.priced_sale([(OIL, 2), ("GH-0002", 1)]).lines)
    within = subtotal * 5 // 100  # at most 5 %
    assert _push(t, _order_discounted(t, within))[:2] == ("stored", None)
    status, code, reason = _push(t, _order_discounted(t, within + 100))
    assert (status, code) == ("held", "unapproved_discount")
    assert reason.startswith("The order discount:") and "5 %" in reason
    approved = _order_discounted(t, within + 100, Approval("discount", "manager@acme.test"))
    assert _push(t, approved)[:2] == ("stored", None)


def test_in_schema_3_an_approval_covers_only_the_line_it_names(world: World,
                                                               till: TillFactory) -> None:
    """A manager's approval of a discount on one line is no licence for another line, nor
    for the order discount; tills of schemas 1–2 (approvals naming nothing) keep the old
    reading, one approval for every line."""
    t = till()
    t.sale_schema = 2  # the sales name their catalogue revision

    def line_off(*approvals: Approval) -> Sale:  # 13.16 % off line 1 (oil)
        return _discounted(t, 1000, *approvals)

    manager = "manager@acme.test"
    assert _push(t, line_off(Approval("discount", manager, "ok", OIL)), schema=3)[:2] == (
        "stored", None)
    assert _push(t, line_off(Approval("discount", manager, "ok", "GH-0002")), schema=3)[:2] == (
        "held", "unapproved_discount")
    assert _push(t, line_off(Approval("discount", manager)), schema=3)[:2] == (
        "held", "unapproved_discount")
    assert _push(t, line_off(Approval("discount", manager)), schema=2)[:2] == (
        "stored", None)  # a till of before: its approval names no line and covers them all
    subtotal = sum(ln.list_amount.pesewas for ln in line_off().lines)
    assert _push(t, _order_discounted(t, subtotal // 10, Approval("discount", manager, None, OIL)),
                 schema=3)[:2] == ("held", "unapproved_discount")  # 10 % off the order
    assert _push(t, _order_discounted(t, subtotal // 10, Approval("discount", manager)),
                 schema=3)[:2] == ("stored", None)


def test_approvals_without_a_line_are_left_out_of_the_json_as_before() -> None:
    from shared.wire import to_json

    assert to_json(Approval("refund", "manager@acme.test")) == {
        "action": "refund", "approver": "manager@acme.test", "reason": None}
    assert to_json(Approval("discount", "m@acme.test", "x", OIL))["sku"] == OIL
