"""A till prices and prints by the shop's VAT registration on the sale's own date (the
history head office sends in the feed): before the registration, no VAT, NHIL or
GETFund at the same shelf price and a receipt without VAT lines or a TIN; from it on,
the usual tax and a TIN. A refund prints the tax of the sale it refunds."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hardware.documents import ReceiptDoc
from hardware.layout import LayoutOptions
from hardware.profiles import resolve_profile
from hardware.receipt_layout import receipt_slip
from hardware.slip import Text
from shared.money import Money
from shared.tax import Registration, TaxProfile
from terminal.returns import ReturnItem
from terminal.tenders import cash
from tests.terminal.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN, OIL

TIN = "C0001112223"
HISTORY = TaxProfile(registrations=(
    Registration(date(2026, 1, 1), vat_registered=False),
    Registration(date(2026, 3, 3), vat_registered=True, tin=TIN),  # the GRA certificate's date
))


def _printed(till, kind: str, reference: str) -> tuple[ReceiptDoc, list[str]]:
    text = till.db.scalar("SELECT document FROM print_jobs WHERE kind = ? AND reference = ?",
                          (kind, reference))
    doc = ReceiptDoc.from_json(json.loads(text))
    slip = receipt_slip(doc, LayoutOptions.for_printer(resolve_profile("TM-T20II", 80)))
    return doc, [op.text for op in slip if isinstance(op, Text)]


def _sell_oil(till):
    till.sales.scan(OIL)
    return till.sales.complete([cash(till.sales.view().total)])


def test_sales_before_the_registration_charge_no_vat_and_after_it_do(stocked_till, clock):
    till = stocked_till
    till.master_data.set_tax_profile(HISTORY)
    till.reload_settings()
    till.auth.login(CASHIER, CASHIER_PIN)
    till.shifts.open(Money.cedis(200))  # 2 March 2026: not yet registered
    before = _sell_oil(till)
    sale = till.outbox.pending()[-1].typed_payload()
    assert before.total == Money.cedis(38)  # the shelf price does not change
    assert (sale.totals.vat, sale.totals.nhil, sale.totals.getfund, sale.totals.net) == (
        Money.ZERO, Money.ZERO, Money.ZERO, Money.cedis(38))
    doc, texts = _printed(till, "sale", before.receipt_no)
    assert doc.seller.vat_registered is False and doc.seller.tin is None
    assert "Not VAT registered" in texts and not any(TIN in t for t in texts)
    assert not any(t.startswith(("VAT", "NHIL", "GETFund", "Tax included", "B = ")) for t in texts)
    assert any("not VAT registered" in t for t in texts)

    till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1})
    clock.advance(days=1)  # 3 March: registered
    till.shifts.open(Money.cedis(200))
    after = _sell_oil(till)
    sale = till.outbox.pending()[-1].typed_payload()
    assert after.total == Money.cedis(38)
    assert (sale.totals.vat, sale.totals.nhil, sale.totals.getfund) == (
        Money.parse("4.75"), Money.parse("0.79"), Money.parse("0.79"))
    doc, texts = _printed(till, "sale", after.receipt_no)
    assert doc.seller.vat_registered is True and doc.seller.tin == TIN
    assert f"TIN {TIN}" in texts and any(t.startswith("VAT 15%") for t in texts)

    # Refunding the first sale on 3 March gives back its own (untaxed) figures.
    approval = till.auth.approve("refund", MANAGER, MANAGER_PIN, "checked")
    refund = till.returns.refund(before.receipt_no, [ReturnItem(1, Decimal(1))],
                                 reason="leaking", approval=approval)
    doc, texts = _printed(till, "refund", refund.refund_no)
    assert doc.vat == Money.ZERO and doc.seller.vat_registered is False
    assert not any(t.startswith("VAT") for t in texts)
