"""A MoMo reference pays for one sale (issue [8] scope 3): the server holds a sale that
names a reference another sale of the tenant already used — on another till, on the
same till, or earlier in the same push — as ``momo_reuse``, naming both receipts,
unless a manager approved the reuse. A voided sale's reference is free again. The feed
carries the references of the last two weeks to every till, so a till can ask for the
manager before the sale."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared.money import Money
from shared.payloads import Approval, Tender
from sync_server.sync import momo_refs
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal

OIL = "GH-0001"  # 38.00 a bottle


def _momo(reference: str, network: str = "mtn") -> list[Tender]:
    return [Tender("momo", Money(3800), Money(3800), network, reference)]


def _results(t: ToyTerminal, envelopes: list[Any]) -> list[tuple[str, str | None, str]]:
    body = t.push_batch(envelopes).json()
    return [(r["status"], r.get("reason_code"), r.get("reason", "")) for r in body["results"]]


def test_a_reference_used_on_another_till_is_held_naming_both_receipts(
        world: World, till: TillFactory) -> None:
    first, second = till(), till()
    paid = first.sell([(OIL, 1)], tenders=_momo("44231234567"))
    assert _results(first, [paid])[-1][:2] == ("stored", None)
    again = second.sell([(OIL, 1)], tenders=_momo(" 44231234567 "))
    status, code, reason = _results(second, [again])[-1]
    assert (status, code) == ("held", "momo_reuse")
    assert paid.typed_payload().receipt_no in reason
    assert again.typed_payload().receipt_no in reason
    assert "44231234567" in reason and "another till" in reason


def test_a_reference_used_twice_in_one_push_or_on_the_same_till_is_held(
        world: World, till: TillFactory) -> None:
    t = till()
    one = t.sell([(OIL, 1)], tenders=_momo("MP240601.1234.A56789", "airteltigo"))
    two = t.sell([(OIL, 1)], tenders=_momo("mp240601.1234.a56789", "airteltigo"))
    results = _results(t, [one, two])
    assert [r[:2] for r in results] == [("stored", None), ("held", "momo_reuse")]
    assert "earlier on this till" in results[1][2] and "AirtelTigo Money" in results[1][2]
    three = t.sell([(OIL, 1)], tenders=_momo("MP240601.1234.A56789", "airteltigo"))
    assert _results(t, [three])[-1][:2] == ("held", "momo_reuse")
    # The same digits on another network are another payment, as on the till.
    other = t.sell([(OIL, 1)], tenders=_momo("MP240601.1234.A56789", "mtn"))
    assert _results(t, [other])[-1][:2] == ("stored", None)


def test_a_manager_may_approve_a_reuse_and_a_cashier_may_not(world: World,
                                                             till: TillFactory) -> None:
    first, second = till(), till()
    assert _results(first, [first.sell([(OIL, 1)], tenders=_momo("TC123456", "telecel"))])[-1][0] \
        == "stored"
    by_cashier = second.sell([(OIL, 1)], tenders=_momo("TC123456", "telecel"),
                             approvals=(Approval("momo_reuse", "ama@acme.test"),))
    wrong = second.sell([(OIL, 1)], tenders=_momo("TC123456", "telecel"),
                        approvals=(Approval("discount", "manager@acme.test"),))
    approved = second.sell([(OIL, 1)], tenders=_momo("TC123456", "telecel"),
                           approvals=(Approval("momo_reuse", "manager@acme.test",
                                               "customer paid twice, one SMS"),))
    assert [r[:2] for r in _results(second, [by_cashier, wrong, approved])] == [
        ("held", "momo_reuse"), ("held", "momo_reuse"), ("stored", None)]


def test_a_voided_sales_reference_is_free_again(world: World, till: TillFactory) -> None:
    t = till()
    sold = t.sell([(OIL, 1)], tenders=_momo("44239999999"))
    assert _results(t, [sold])[-1][0] == "stored"
    voided = t.void(sold)
    again = t.sell([(OIL, 1)], tenders=_momo("44239999999"))
    assert [r[:2] for r in _results(t, [voided, again])] == [("stored", None), ("stored", None)]
    # Other tenders and other references are not affected.
    other = till()
    assert _results(other, [other.sell([(OIL, 1)], tenders=_momo("44238888888")),
                            other.sell([(OIL, 1)])])[-1][0] == "stored"


def test_the_feed_carries_recent_references_to_every_till(world: World,
                                                         till: TillFactory) -> None:
    seller, other = till(), till()
    sold = seller.sell([(OIL, 1)], tenders=_momo(" mp240601.1234.b56789", "airteltigo"))
    assert _results(seller, [sold])[-1][0] == "stored"
    refs = {c["key"]: c for c in other.pull() if c["entity"] == "momo_ref"}
    ref = refs["airteltigo|MP240601.1234.B56789"]
    assert not ref["deleted"]
    assert ref["data"] == {"reference": "MP240601.1234.B56789", "provider": "airteltigo",
                           "receipt_no": sold.typed_payload().receipt_no,
                           "terminal_id": seller.terminal_id, "branch": "MAIN",
                           "business_date": seller.today()}
    # Voided: the reference is free again, and the tills hear so.
    assert _results(seller, [seller.void(sold)])[-1][0] == "stored"
    gone = [c for c in other.pull() if c["entity"] == "momo_ref"]
    assert [(c["key"], c["deleted"]) for c in gone] == [("airteltigo|MP240601.1234.B56789", True)]


def test_the_feed_forgets_references_older_than_two_weeks(world: World,
                                                         till: TillFactory) -> None:
    t = till()
    assert _results(t, [t.sell([(OIL, 1)], tenders=_momo("44237777777"))])[-1][0] == "stored"
    today = date.fromisoformat(t.today())
    with world.ctx.scope(world.tenant_id) as scope:
        recent = momo_refs.feed_data(scope, ["mtn|44237777777"],
                                     today=today + timedelta(days=momo_refs.FEED_DAYS))
        old = momo_refs.feed_data(scope, ["mtn|44237777777"],
                                  today=today + timedelta(days=momo_refs.FEED_DAYS + 1))
    assert list(recent) == ["mtn|44237777777"] and old == {}
