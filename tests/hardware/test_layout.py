"""Text fitting and receipt layout: printable in the code page, never wider than the paper,
every figure from the document in its place."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware import samples
from hardware.documents import DocLine, DocTender, ReceiptDoc
from hardware.layout import LayoutOptions
from hardware.printing import slip_for
from hardware.profiles import resolve_profile
from hardware.receipt_layout import receipt_slip
from hardware.slip import Barcode, QrCode, Text
from hardware.text import code_page, columns, currency_symbol, printable, wrap
from shared.money import MAX_PESEWAS, Money

CP437 = code_page("CP437")


def lines_of(slip) -> list[Text]:
    return [op for op in slip if isinstance(op, Text)]


@pytest.mark.parametrize(("raw", "page", "expected"), [
    ("MTN Airtime GH₵10", "CP437", "MTN Airtime GH¢10"),
    ("Ɔdɔ Ɛnyɛ Adeɛ", "CP437", "Odo Enye Adee"),
    ("Kɔkɔɔ – “Special” … 2×", "CP437", "Kokoo - \"Special\" ... 2x"),
    ("Café Crème", "CP437", "Café Crème"),
    ("Ŋkwan", "CP437", "Nkwan"),
    ("Crème brûlée", "CP852", "Creme brulée"),
    ("Tabs\tand\nnewlines", "CP437", "Tabs and newlines"),
    ("₵", "CP852", "C"),
    ("日本", "CP437", "??"),
])
def test_printable_in_the_code_page(raw: str, page: str, expected: str) -> None:
    assert printable(raw, code_page(page)) == expected


def test_currency_symbol_follows_the_code_page() -> None:
    assert currency_symbol(CP437) == "GH¢"
    assert currency_symbol(code_page("CP852")) == "GHS"
    assert currency_symbol(CP437, "GHS") == "GHS"
    with pytest.raises(ValueError, match="no ¢ sign"):
        currency_symbol(code_page("CP852"), "GH¢")


def test_unknown_code_page_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="use CP437, CP850, CP858 or CP1252"):
        code_page("UTF-8")


@given(left=st.text(min_size=0, max_size=120), right=st.text(min_size=1, max_size=30),
       width=st.sampled_from([20, 32, 42, 48]))
def test_columns_never_exceed_the_width(left: str, right: str, width: int) -> None:
    left, right = printable(left, CP437), printable(right, CP437).strip() or "0.00"
    lines = columns(left, right, width, indent=2)
    assert all(len(line) <= width for line in lines)
    # nothing is cut off: every word of both sides is printed, in order
    printed = " ".join(lines).split()
    assert printed == (left + " " + right).split() or "".join(printed) == "".join(
        (left + right).split())


def test_a_long_value_wraps_under_its_label() -> None:
    assert columns("Reason", "Customer changed mind before paying", 32) == [
        "Reason", "  Customer changed mind before", "  paying"]


@given(st.text(max_size=300), st.sampled_from([20, 32, 48]))
def test_wrap_never_exceeds_the_width(text: str, width: int) -> None:
    assert all(len(line) <= width for line in wrap(printable(text, CP437), width))


NAMES = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
                min_size=1, max_size=200).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(name=NAMES, customer=NAMES, reference=st.text(alphabet="0123456789ABC-", min_size=1,
                                                     max_size=64),
       pesewas=st.integers(min_value=0, max_value=MAX_PESEWAS),
       paper=st.sampled_from([("POS-5890", 58, None), ("TM-T20II", 80, None),
                              ("TM-T88V", 80, 42)]))
def test_long_names_and_huge_amounts_never_break_the_layout(
        name: str, customer: str, reference: str, pesewas: int,
        paper: tuple[str, int, int | None]) -> None:
    profile = resolve_profile(paper[0], paper[1], columns=paper[2])
    options = LayoutOptions.for_printer(profile)
    big = Money(pesewas)
    doc = replace(samples.sale_with_discounts(), customer_name=customer[:200],
                  lines=(DocLine(name=name, qty="1234567.125", unit="carton", unit_price=big,
                                 amount=big, discount=big, tax_code="B"),),
                  total=big, tenders=(DocTender("MTN MoMo", big, reference),))
    for op in receipt_slip(doc, options):
        if isinstance(op, Text):
            limit = profile.columns // 2 if op.wide else profile.columns
            assert len(op.text) <= limit, op
            assert all(CP437.can_print(c) for c in op.text), op.text


def test_every_sample_fits_every_paper() -> None:
    docs = [samples.sale_with_discounts(), samples.sale_momo_split(), samples.refund_of_big_sale(),
            samples.sale_2025_copy(), samples.void_slip(), samples.z_report(), samples.test_page()]
    for model, paper, cols in (("POS-5890", 58, None), ("TM-T20II", 80, None), ("TM-T88V", 80, 42)):
        profile = resolve_profile(model, paper, columns=cols)
        options = LayoutOptions.for_printer(profile)
        for doc in docs:
            for op in slip_for(doc, options, profile=profile):
                if isinstance(op, Text):
                    assert len(op.text) <= (profile.columns // 2 if op.wide else profile.columns)


def _texts(doc: ReceiptDoc, copy: bool = False) -> list[str]:
    options = LayoutOptions.for_printer(resolve_profile("TM-T20II", 80))
    return [op.text for op in lines_of(receipt_slip(doc, options, copy=copy))]


def test_receipt_shows_each_tax_on_its_own_line_and_covid_only_when_charged() -> None:
    texts = _texts(samples.sale_with_discounts())
    assert "VAT 15%                                    65.15" in texts
    assert "NHIL 2.5%                                  10.85" in texts
    assert "GETFund 2.5%                               10.85" in texts
    assert not any("COVID" in t for t in texts)
    old = _texts(samples.sale_2025_copy())
    assert any(t.startswith("COVID-19 levy 1%") and t.endswith("1.65") for t in old)


def test_receipt_header_customer_tenders_and_codes() -> None:
    doc = samples.sale_with_discounts()
    texts = _texts(doc)
    assert texts[:5] == ["Adom Mart Ltd", "Accra Central branch",
                         "14 Kojo Thompson Road, Adabraka, Accra", "Tel 030 222 4567",
                         "TIN C0004567890"]
    assert "Customer TIN                         C0012345678" in texts
    assert "Change                                 GH¢ 59.00" in texts
    slip = receipt_slip(doc, LayoutOptions.for_printer(resolve_profile("TM-T20II", 80)))
    assert QrCode("BISAMA:RECEIPT:MAIN-T1-000123", module_dots=6) in slip
    assert Barcode("MAIN-T1-000123") in slip


def test_momo_reference_and_not_synced_marker() -> None:
    texts = _texts(samples.sale_momo_split())
    assert "MTN MoMo                                  100.00" in texts
    assert "  Ref                                48291034512" in texts
    assert any("NOT SYNCED - tax invoice pending" in t for t in texts)


def test_copy_banner_only_on_reprints() -> None:
    doc = samples.sale_with_discounts()
    assert not any("COPY" in t for t in _texts(doc))
    assert sum("COPY - NOT AN ORIGINAL RECEIPT" in t for t in _texts(doc, copy=True)) == 2


def test_a_tax_exclusive_sale_adds_tax_before_the_total() -> None:
    doc = replace(samples.sale_momo_split(), net=Money.parse("204.25"), vat=Money.parse("30.64"),
                  nhil=Money.parse("5.11"), getfund=Money.parse("5.11"),
                  total=Money.parse("245.11"), change=Money.ZERO,
                  tenders=(DocTender("Cash", Money.parse("245.11")),))
    texts = _texts(doc)
    order = [next(i for i, t in enumerate(texts) if t.startswith(label))
             for label in ("Subtotal", "Value before tax", "VAT 15%", "TOTAL")]
    assert order == sorted(order)
    assert "B = VAT, NHIL and GETFund added" in texts


def test_refund_and_void_slips() -> None:
    refund = _texts(samples.refund_of_big_sale())
    assert "REFUND" in refund and "Original receipt                  MAIN-T1-000123" in refund
    assert "Refunded as:" in refund and "Customer signature:" in refund
    void = _texts(samples.void_slip())
    assert "Void of receipt                   MAIN-T2-000046" in void
    assert any(t.startswith("VOIDED TOTAL") for t in void)
    assert not any(t.startswith("VAT") for t in void)


def test_z_report_has_signature_lines() -> None:
    profile = resolve_profile("TM-T20II", 80)
    slip = slip_for(samples.z_report(), LayoutOptions.for_printer(profile), profile=profile)
    texts = [op.text for op in lines_of(slip)]
    assert "Cashier:" in texts and "Manager:" in texts
    assert "Short                                  -GH¢ 3.95" in texts
    assert "Ama Owusu - shift 2026-11-21 #3 (till MAIN-T1)" in texts


def test_payment_on_account_receipt() -> None:
    base = samples.sale_with_discounts()
    doc = replace(base, kind="customer_payment", receipt_no="MAIN-T1-P00012", lines=(),
                  subtotal=Money.ZERO, discount=Money.ZERO, net=Money.parse("500.00"),
                  vat=Money.ZERO, nhil=Money.ZERO, getfund=Money.ZERO,
                  total=Money.parse("500.00"),
                  tenders=(DocTender("MTN MoMo", Money.parse("500.00"), "48291099001"),),
                  change=Money.ZERO, notes=("Balance on account after payment: GH₵ 1,250.00",))
    texts = _texts(doc)
    assert "PAYMENT RECEIPT" in texts
    assert "Payment no.                       MAIN-T1-P00012" in texts
    assert "AMOUNT PAID                           GH¢ 500.00" in texts
    assert "Balance on account after payment: GH¢ 1,250.00" in texts
    assert not any(t.startswith(("VAT", "Subtotal")) for t in texts)


@pytest.mark.parametrize(("kind", "signed"), [("x_report", False), ("shift_open", False),
                                              ("shift_close", True), ("cash_move", True)])
def test_reports_and_slips(kind: str, signed: bool) -> None:
    from hardware.documents import ReportDoc, ReportRow, ReportSection

    doc = ReportDoc(kind=kind, title=kind.replace("_", " ").upper(), seller=samples.SELLER,
                    printed_for="Ama Owusu — shift 2026-11-21 #3", issued_at="2026-11-21 12:00",
                    sections=(ReportSection("Cash", (ReportRow("Opening float", "GH₵ 500.00"),
                                                     ReportRow("", ""),
                                                     ReportRow("Counted by the manager", ""),
                                                     ReportRow("", "GH₵ 500.00"))),))
    profile = resolve_profile("POS-5890", 58)
    texts = [op.text for op in lines_of(slip_for(doc, LayoutOptions.for_printer(profile),
                                                 profile=profile))]
    assert "Opening float         GH¢ 500.00" in texts
    assert "Counted by the manager" in texts
    assert ("Manager:" in texts or "Approved by:" in texts) is signed


def _printed_texts(doc: ReceiptDoc, model: str = "TM-T20II", paper: int = 80) -> list[str]:
    options = LayoutOptions.for_printer(resolve_profile(model, paper))
    return [t.text for t in lines_of(receipt_slip(doc, options))]


def test_values_by_tax_code_only_when_more_than_standard_rated() -> None:
    only_b = samples.sale_doc("MAIN-T1-000200", "2026-11-21 10:00", "Ama Owusu",
                              samples.cart(("GH-0001", "2")), tenders=(("Cash", "80.00", None),))
    texts = _printed_texts(only_b)
    assert not any("by tax code" in t for t in texts)
    mixed = samples.sale_with_discounts()
    assert any(t.startswith("Value by tax code") for t in _printed_texts(mixed))


def test_a_tax_invoice_needs_a_registered_seller() -> None:
    invoice = samples.tax_invoice()
    assert "TAX INVOICE" in " ".join(_printed_texts(invoice))
    unregistered = replace(invoice, seller=replace(invoice.seller, vat_registered=False, tin=None))
    texts = " ".join(_printed_texts(unregistered))
    assert "TAX INVOICE" not in texts and "Invoice no." not in texts and "SALES RECEIPT" in texts
    assert "Standard rated" not in texts  # no tax talk from an unregistered seller


def test_a_tax_invoice_fits_every_paper() -> None:
    for model, paper in (("TM-T20II", 80), ("POS-5890", 58), ("RP-F10-58mm", 58)):
        profile = resolve_profile(model, paper)
        for doc in (samples.tax_invoice(), samples.tax_invoice_58()):
            for line in lines_of(receipt_slip(doc, LayoutOptions.for_printer(profile))):
                assert len(line.text) <= (profile.columns // 2 if line.wide else profile.columns)


def test_the_documents_read_back_what_they_wrote() -> None:
    for doc in (samples.tax_invoice(), samples.refund_of_big_sale()):
        assert ReceiptDoc.from_json(doc.to_json()) == doc
    old = samples.sale_with_discounts().to_json()
    for name in ("by_tax_code", "invoice_no"):
        del old[name]  # queued by a till before these existed
    for line in old["lines"]:
        del line["net"]
    back = ReceiptDoc.from_json(old)
    assert back.by_tax_code == () and back.invoice_no is None and back.lines[0].net is None
