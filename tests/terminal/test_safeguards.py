"""What a cashier cannot do alone (issue [8]): cancel a large cart, take a MoMo
reference twice; MoMo reference formats per network; the tenant's limits from the feed."""

from __future__ import annotations

import pytest

from shared.momo import BY_KEY, NETWORKS, normalise, reference_problem
from shared.money import Money
from terminal.errors import ApprovalNeeded, TenderError
from terminal.safeguards import till_limits_from_feed
from terminal.store.settings import save_settings
from terminal.tenders import cash, momo
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL


def test_a_small_cart_is_cancelled_by_the_cashier(till):
    till.sales.scan(OIL)
    assert till.sales.cancel().empty
    assert till.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'cart_cancelled'") == 1


def test_a_cart_over_the_amount_needs_a_manager_to_cancel(till):
    till.sales.add("GH-0001", "1", "carton")  # 12 × 38.00 = 456.00, over the GH₵ 100.00 default
    with pytest.raises(ApprovalNeeded, match="manager") as refused:
        till.sales.cancel()
    assert refused.value.action == "cancel_sale"
    assert not till.sales.view().empty  # the cart is kept
    approval = till.auth.approve("cancel_sale", MANAGER, MANAGER_PIN, "customer left")
    assert till.sales.cancel(approval=approval).empty
    row = till.db.one("SELECT detail FROM audit_log WHERE action = 'cart_cancelled'")
    assert MANAGER in row[0] and "45600" in row[0]
    assert till.db.scalar("SELECT used_seq FROM approvals WHERE action = 'cancel_sale'") == 0


def test_a_cart_over_the_line_count_needs_a_manager_to_cancel(till):
    with till.db.transaction() as conn:
        save_settings(conn, cancel_approval_lines=1, cancel_approval_pesewas=1_000_000)
    till.reload_settings()
    till.sales.scan(OIL)
    till.sales.scan(MILO)
    with pytest.raises(ApprovalNeeded):
        till.sales.cancel()


@pytest.mark.parametrize(
    ("provider", "reference"),
    [
        ("mtn", "44231234567"),
        ("mtn", "4423 1234 567"),
        ("mtn", "mp240601.1234.a56789"),
        ("telecel", "TC123456"),
        ("telecel", "0000012345678"),
        ("airteltigo", "MP240601.1234.A56789"),
        ("airteltigo", "1234567890"),
    ],
)
def test_references_that_look_like_the_network(provider, reference):
    assert reference_problem(provider, reference) is None


@pytest.mark.parametrize(
    ("provider", "reference", "words"),
    [
        ("mtn", "", "Type the mobile money transaction reference"),
        ("mtn", "TC123456", "not a MTN MoMo transaction ID"),
        ("mtn", "0244123456", "looks like a phone number"),
        ("telecel", "0501234567", "looks like a phone number"),
        ("telecel", "AMA", "not a Telecel Cash transaction ID"),
        ("airteltigo", "ABCDEFGH", "not a AirtelTigo Money"),
        ("airteltigo", "12.50", "not a AirtelTigo Money"),
        ("vodafone", "44231234567", "Choose the mobile money network"),
    ],
)
def test_references_that_cannot_be(provider, reference, words):
    problem = reference_problem(provider, reference)
    assert problem is not None and words in problem


def test_one_key_per_network():
    assert {k: n.code for k, n in BY_KEY.items()} == {"1": "mtn", "2": "telecel", "3": "airteltigo"}
    assert [n.name for n in NETWORKS] == ["MTN MoMo", "Telecel Cash", "AirtelTigo Money"]
    assert normalise(" mp240601.1234.a56789 ") == "MP240601.1234.A56789"


def test_a_bad_reference_is_refused_before_anything_is_written(till):
    till.sales.scan(OIL)
    seq = till.outbox.head().seq
    with pytest.raises(TenderError, match="phone number"):
        till.sales.complete([momo(Money.cedis(38), "mtn", "024 412 3456")])
    assert till.outbox.head().seq == seq


def test_a_momo_reference_used_before_needs_a_manager(till):
    till.sales.scan(OIL)
    first = till.sales.complete([momo(Money.cedis(38), "mtn", "44231234567")])
    assert first.sale.tenders[0].reference == "44231234567"
    till.sales.scan(OIL)
    with pytest.raises(ApprovalNeeded, match=first.receipt_no) as refused:
        till.sales.complete([momo(Money.cedis(38), "mtn", "4423 1234 567")])
    assert refused.value.action == "momo_reuse"
    approval = till.auth.approve("momo_reuse", MANAGER, MANAGER_PIN, "customer paid twice by mistake")
    second = till.sales.complete([momo(Money.cedis(38), "mtn", "44231234567")], approval)
    assert "momo_reused" in second.sale.flags
    assert [a.action for a in second.sale.approvals] == ["momo_reuse"]


def test_the_same_digits_on_another_network_are_another_payment(till):
    till.sales.scan(OIL)
    till.sales.complete([momo(Money.cedis(38), "mtn", "1234567890")])
    till.sales.scan(OIL)
    till.sales.complete([momo(Money.cedis(38), "airteltigo", "1234567890")])
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])


def test_till_limits_from_the_feed_keep_only_what_they_understand():
    assert till_limits_from_feed(
        {"cancel_sale_amount": 50000, "cancel_sale_lines": 20, "shortage_amount": 1000,
         "blind_close": False, "newer_thing": 1}
    ) == {"cancel_approval_pesewas": 50000, "cancel_approval_lines": 20,
          "shortage_approval_pesewas": 1000, "blind_close": False}
    assert till_limits_from_feed({"cancel_sale_amount": "lots", "blind_close": 1,
                                  "shortage_amount": -5}) == {}
    assert till_limits_from_feed(None) == {}
