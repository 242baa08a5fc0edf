"""What the till puts on paper: cash handed over and change, values by tax code, the tax
invoice for a customer with a TIN (its own consecutive numbers) and the credit note that
refunds one, the approving manager's
name on void, cash-out and no-sale slips, names and void totals on the X and Z reports."""

from __future__ import annotations

import json
from decimal import Decimal

from hardware.documents import ReceiptDoc, ReportDoc, document_from_json
from hardware.layout import LayoutOptions
from hardware.profiles import resolve_profile
from hardware.receipt_layout import receipt_slip
from hardware.slip import Text
from shared.money import Money
from terminal.returns import ReturnItem
from terminal.tenders import cash
from tests.terminal.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN, MILO, OIL, TOMATOES
from tests.terminal.test_sale import CUSTOMER, add_customer

MANAGER_NAME = "Kwame Boateng"


def _doc(till, reference: str) -> ReceiptDoc | ReportDoc:
    text = till.db.scalar("SELECT document FROM print_jobs WHERE reference = ? ORDER BY id DESC",
                          (reference,))
    return document_from_json(json.loads(text))


def _receipt(till, reference: str) -> ReceiptDoc:
    doc = _doc(till, reference)
    assert isinstance(doc, ReceiptDoc)
    return doc


def _printed(doc: ReceiptDoc) -> str:
    slip = receipt_slip(doc, LayoutOptions.for_printer(resolve_profile("TM-T20II", 80)))
    return "\n".join(op.text for op in slip if isinstance(op, Text))


def _report(till, kind: str) -> ReportDoc:
    text = till.db.scalar("SELECT document FROM print_jobs WHERE kind = ? ORDER BY id DESC", (kind,))
    doc = document_from_json(json.loads(text))
    assert isinstance(doc, ReportDoc)
    return doc


def _rows(doc: ReportDoc) -> dict[str, str]:
    return {row.label: row.value for section in doc.sections for row in section.rows}


def test_the_receipt_shows_the_cash_handed_over_and_the_change(till):
    till.sales.scan(OIL)
    till.sales.scan(MILO)
    result = till.sales.complete([cash(Money.cedis(150))])
    doc = _receipt(till, result.receipt_no)
    assert [(t.label, t.amount) for t in doc.tenders] == [("Cash", Money.cedis(150))]
    assert doc.change == Money.cedis(50)
    # What was handed over, less the change, is what the sale came to.
    assert doc.tenders[0].amount - doc.change == doc.total == Money.cedis(100)
    text = _printed(doc)
    assert "Cash" in text and "150.00" in text and "Change" in text


def test_exempt_and_standard_rated_values_are_apart(till):
    till.sales.scan(OIL)
    till.sales.add(TOMATOES, "2")
    result = till.sales.complete([cash(Money.cedis(100))])
    doc = _receipt(till, result.receipt_no)
    by_code = {v.tax_code: v for v in doc.by_tax_code}
    assert by_code["A"].gross == Money.cedis(50) and by_code["A"].net == Money.cedis(50)
    assert by_code["B"].gross == Money.cedis(38)
    assert sum(v.net.pesewas for v in doc.by_tax_code) == doc.net.pesewas
    text = _printed(doc)
    assert "A Exempt" in text and "B Standard rated" in text
    assert doc.invoice_no is None and "SALES RECEIPT" in text


def test_a_customer_with_a_tin_gets_a_tax_invoice_numbered_in_its_own_series(till):
    add_customer(till)
    numbers = []
    for _ in range(2):
        till.sales.set_customer(CUSTOMER)
        till.sales.scan(OIL)
        result = till.sales.complete([cash(till.sales.view().total)])
        numbers.append(_receipt(till, result.receipt_no).invoice_no)
        till.sales.scan(MILO)  # a walk-in between: no invoice number is used up
        till.sales.complete([cash(Money.cedis(62))])
    assert numbers == ["MAIN-T01-INV000001", "MAIN-T01-INV000002"]
    doc = _receipt(till, result.receipt_no)
    text = _printed(doc)
    for particular in ("TAX INVOICE", "Invoice no.", "MAIN-T01-INV000002", "Type of supply",
                       "Osu Provisions Ltd", "C0012345678", "Excl. tax", "Total excl. tax",
                       "VAT 15%", "NHIL 2.5%", "GETFund 2.5%", "Total tax", "TOTAL incl. tax"):
        assert particular in text, particular
    assert doc.lines[0].net is not None and doc.lines[0].net == doc.net


def test_a_refund_of_a_tax_invoice_is_a_credit_note_in_its_own_series(till):
    add_customer(till)
    till.sales.set_customer(CUSTOMER)
    till.sales.scan(OIL)
    till.sales.set_qty(1, "3")
    invoice = till.sales.complete([cash(till.sales.view().total)])
    till.sales.scan(OIL)
    walk_in = till.sales.complete([cash(Money.cedis(38))])
    numbers, texts = [], []
    for receipt_no in (invoice.receipt_no, invoice.receipt_no, walk_in.receipt_no):
        approval = till.auth.approve("refund", MANAGER, MANAGER_PIN, "leaking")
        refund = till.returns.refund(receipt_no, [ReturnItem(1, Decimal(1))], reason="leaking",
                                     approval=approval)
        doc = _receipt(till, refund.refund_no)
        numbers.append((doc.invoice_no, doc.original_invoice_no))
        texts.append(_printed(doc))
    assert numbers == [("MAIN-T01-CN000001", "MAIN-T01-INV000001"),
                       ("MAIN-T01-CN000002", "MAIN-T01-INV000001"), (None, None)]
    for particular in ("CREDIT NOTE", "Credit note no.", "MAIN-T01-CN000002", "Orig. invoice",
                       "MAIN-T01-INV000001", invoice.receipt_no, "Osu Provisions Ltd",
                       "C0012345678", "Excl. tax", "Total excl. tax", "VAT 15%",
                       "CREDITED incl. tax"):
        assert particular in texts[1], particular
    # A refund of a plain receipt stays a refund slip.
    assert "REFUND" in texts[2] and "CREDIT NOTE" not in texts[2]


def test_a_customer_without_a_tin_gets_a_plain_receipt(till):
    add_customer(till, tin=None)
    till.sales.set_customer(CUSTOMER)
    till.sales.scan(OIL)
    result = till.sales.complete([cash(till.sales.view().total)])
    doc = _receipt(till, result.receipt_no)
    assert doc.invoice_no is None and "TAX INVOICE" not in _printed(doc)


def test_the_void_slip_names_the_approving_manager(till):
    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(50))])
    approval = till.auth.approve("void", MANAGER, MANAGER_PIN, "rang up twice")
    till.returns.void(sale.receipt_no, reason="rang up twice", approval=approval)
    doc = _receipt(till, f"{sale.receipt_no}-V")
    assert doc.notes == (f"Approved by {MANAGER_NAME} (manager PIN)",)
    # What comes back out of the drawer: what the cash settled, not what was handed over.
    assert [t.amount for t in doc.tenders] == [Money.cedis(38)] and doc.change.is_zero
    assert MANAGER not in _printed(doc)


def test_cash_out_and_no_sale_slips_name_the_approving_manager(till):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    till.shifts.cash_move("paid_out", Money.cedis(20), "fuel for generator",
                          approval=till.auth.approve("cash_out", MANAGER, MANAGER_PIN))
    assert _rows(_report(till, "cash_move"))["Approved by"] == MANAGER_NAME
    till.shifts.no_sale("change for a customer",
                        approval=till.auth.approve("no_sale", MANAGER, MANAGER_PIN))
    rows = _rows(_report(till, "cash_move"))
    assert rows["Drawer opened"] == "no sale" and rows["Approved by"] == MANAGER_NAME


def test_x_and_z_reports_name_cashiers_and_total_the_voids(till):
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(38))])
    till.sales.scan(MILO)
    voided = till.sales.complete([cash(Money.cedis(62))])
    till.returns.void(voided.receipt_no, reason="rang up twice",
                      approval=till.auth.approve("void", MANAGER, MANAGER_PIN))
    figures = till.shifts.figures(till.shifts.require_open())
    assert figures.voids_count == 1 and figures.voids_gross == Money.cedis(62)
    till.auth.logout()
    till.auth.login(MANAGER, MANAGER_PIN)
    till.shifts.x_report()
    x = _rows(_report(till, "x_report"))
    assert x["Ama Owusu"] == f"1 sales, {Money.cedis(38).format()}"
    assert x["Voids"] == "1" and x["Voids total"] == Money.cedis(62).format()
    till.auth.logout()
    till.auth.login(CASHIER, CASHIER_PIN)
    till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1})  # 238.00
    z = _report(till, "z_report")
    rows = _rows(z)
    assert rows["Ama Owusu"].startswith("1 sales") and rows["Voids total"] == Money.cedis(62).format()
    assert all("@" not in row.label + row.value for s in z.sections for row in s.rows)
    assert CASHIER not in z.printed_for


def test_the_refund_slip_names_the_approving_manager(till):
    from decimal import Decimal

    from terminal.returns import ReturnItem

    till.sales.scan(OIL)
    sale = till.sales.complete([cash(Money.cedis(38))])
    refund = till.returns.refund(sale.receipt_no, [ReturnItem(1, Decimal(1))], reason="dented",
                                 approval=till.auth.approve("refund", MANAGER, MANAGER_PIN))
    doc = _receipt(till, refund.refund_no)
    assert doc.notes == (f"Approved by {MANAGER_NAME} (manager PIN)",)
    assert [v.tax_code for v in doc.by_tax_code] == ["B"]
