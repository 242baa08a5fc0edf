"""One way to turn any books report into CSV, XLSX or PDF.

A report is a ``Report``: a title, a few heading lines (period, branch …), typed
``Col``umns and rows (dicts by column key), optionally a totals row. Every books report
(trial balance, P&L, balance sheet, general ledger, cash flow, AR ageing, statements —
and AP ageing or stock valuation from other modules) builds one and calls ``render``;
nothing else needs to know about files. Column types:

* ``money`` — integer pesewas in the row; CSV writes ``1234.50``, XLSX a number with
  two decimals (``#,##0.00``), PDF ``1,234.50`` right-aligned;
* ``date`` — a ``datetime.date`` (or ISO text); XLSX a real date cell (``yyyy-mm-dd``);
* ``int`` — a whole number; ``qty`` — a quantity (a ``Decimal``, a number cell with
  its places); ``text`` — anything else, neutralised against formula
  injection as ``dashboard.exports`` does (a leading apostrophe).

PDF (fpdf2, with the bundled DejaVu Sans, which has the cedi sign) is for what a person
prints: landscape A4 when there are more than six columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from shared.money import Money
from sync_server.dashboard.exports import XLSX_TYPE, _sheet_title, _xlsx_text, neutralise
from sync_server.errors import Invalid

TYPES = ("text", "money", "date", "int", "qty")
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}
FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@dataclass(frozen=True)
class Col:
    key: str
    title: str
    type: str = "text"
    width: int = 0  # PDF: the column's share of the line, in tenths; 0 = by its type

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column type {self.type} is not one of {TYPES}")


@dataclass
class Report:
    title: str
    columns: Sequence[Col]
    rows: Sequence[dict[str, Any]]
    heading: Sequence[str] = ()
    totals: dict[str, Any] | None = None
    footer: Sequence[str] = field(default_factory=tuple)
    name: str = "report"  # file name, without extension


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _typed(col: Col, value: Any) -> Any:
    """The cell's value: Decimal cedis, a date, an int, or neutralised text."""
    if value is None:
        return None
    if col.type == "money":
        return Money(int(value)).to_decimal()
    if col.type == "date":
        return _date(value)
    if col.type == "int":
        return int(value)
    if col.type == "qty":
        return Decimal(value)
    return neutralise(str(value))


def _text(col: Col, value: Any) -> str:
    if value is None:
        return ""
    if col.type == "money":
        return Money(int(value)).format("", grouping=True).strip()
    if col.type == "date":
        found = _date(value)
        return found.isoformat() if found else ""
    return str(value)


def _all_rows(report: Report) -> list[dict[str, Any]]:
    return [*report.rows, *([report.totals] if report.totals else [])]


def to_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(report.title)])
    for line in report.heading:
        writer.writerow([neutralise(line)])
    writer.writerow([neutralise(c.title) for c in report.columns])
    for row in _all_rows(report):
        cells = []
        for c in report.columns:
            value = _typed(c, row.get(c.key))
            cells.append(value.isoformat() if isinstance(value, date) else value)
        writer.writerow(cells)
    for line in report.footer:
        writer.writerow([neutralise(line)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def format_columns(ws: Any, head: int, columns: Sequence[Col],
                   rows: Sequence[dict[str, Any]]) -> None:
    """Widths (from the header and the first 300 rows) and number formats of the columns
    under the header row ``head``: one rule for every XLSX we write (the reports here and
    the e-mailed sales reports of ``report_mail.build``)."""
    from openpyxl.styles import Alignment

    for index, col in enumerate(columns, start=1):
        letter = ws.cell(row=head, column=index).column_letter
        width = max([len(col.title)] + [len(_text(col, r.get(col.key))) for r in rows[:300]])
        ws.column_dimensions[letter].width = min(max(width + 2, 10), 50)
        for cells in ws.iter_rows(min_row=head + 1, min_col=index, max_col=index):
            for cell in cells:
                if col.type == "money":
                    cell.number_format = "#,##0.00"
                    cell.alignment = Alignment(horizontal="right")
                elif col.type == "date":
                    cell.number_format = "yyyy-mm-dd"
                elif col.type == "int":
                    cell.number_format = "0"
                elif col.type == "qty" or isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.###"


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = _sheet_title(report.title)
    ws.append([_xlsx_text(neutralise(report.title))])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for line in report.heading:
        ws.append([_xlsx_text(neutralise(line))])
    ws.append([_xlsx_text(neutralise(c.title)) for c in report.columns])
    head = ws.max_row
    for cell in ws[head]:
        cell.font = Font(bold=True)
    rows = _all_rows(report)
    for number, row in enumerate(rows):
        ws.append([_xlsx_text(_typed(c, row.get(c.key))) for c in report.columns])
        if report.totals is not None and number == len(rows) - 1:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    format_columns(ws, head, report.columns, rows)
    for line in report.footer:
        ws.append([_xlsx_text(neutralise(line))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_WIDTHS = {"text": 30, "money": 16, "date": 14, "int": 10, "qty": 12}  # tenths of a share


def to_pdf(report: Report) -> bytes:
    from fpdf import FPDF

    landscape = len(report.columns) > 6
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(report.title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in report.heading:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    shares = [c.width or _WIDTHS[c.type] for c in report.columns]
    widths = [pdf.epw * s / sum(shares) for s in shares]
    size = 8 if landscape else 8.5

    def header() -> None:
        pdf.set_font("DejaVu", "B", size)
        for col, width in zip(report.columns, widths, strict=True):
            pdf.cell(width, 6, _fit(pdf, col.title, width), border="B",
                     align="R" if col.type in ("money", "int", "qty") else "L")
        pdf.ln()
        pdf.set_font("DejaVu", "", size)

    header()
    rows = _all_rows(report)
    for number, row in enumerate(rows):
        if pdf.will_page_break(5):
            pdf.add_page()
            header()
        bold = report.totals is not None and number == len(rows) - 1
        pdf.set_font("DejaVu", "B" if bold else "", size)
        for col, width in zip(report.columns, widths, strict=True):
            pdf.cell(width, 5, _fit(pdf, _text(col, row.get(col.key)), width),
                     border="T" if bold else 0,
                     align="R" if col.type in ("money", "int", "qty") else "L")
        pdf.ln()
    pdf.set_font("DejaVu", "", size)
    for line in report.footer:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _fit(pdf: Any, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text + "…"


def render(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """(file bytes, media type, file name) of ``report`` as ``fmt`` (csv, xlsx, pdf)."""
    fmt = (fmt or "").lower()
    if fmt == "csv":
        data = to_csv(report)
    elif fmt == "xlsx":
        data = to_xlsx(report)
    elif fmt == "pdf":
        data = to_pdf(report)
    else:
        raise Invalid(f"“{fmt}” is not a file type for reports; use csv, xlsx or pdf.")
    return data, FORMATS[fmt], f"{report.name}.{fmt}"


def money_text(pesewas: int) -> str:
    return str(Money(pesewas))


__all__ = ["FORMATS", "Col", "Decimal", "Report", "money_text", "render", "to_csv", "to_pdf",
           "to_xlsx"]
