"""The daily and weekly sales reports as files: the same figures as the dashboard's
"Daily and weekly sales report" and Sales pages (``reports.sales_detail``, the functions
those pages call), laid out as typed ``reports.export.Report`` sections, and written as
one PDF (sections one after another) and one XLSX (a sheet per section) with the cell
types of ``reports.export`` (amounts as numbers, dates as dates, text neutralised).

* daily, for one business date: totals, by branch, by payment method, by hour, the
  five best sellers (as the dashboard's daily report);
* weekly, Monday to Sunday: totals, by day, by branch, by payment method, the ten best
  sellers, and the last eight weeks (as the dashboard's weekly table).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sync_server.dashboard.exports import _sheet_title, _xlsx_text, neutralise
from sync_server.db.scope import TenantScope
from sync_server.db.types import from_milli
from sync_server.reports import sales_detail as sd
from sync_server.reports.export import (
    _WIDTHS,
    FONT_DIR,
    Col,
    Report,
    _all_rows,
    _fit,
    _text,
    _typed,
    format_columns,
)
from sync_server.tenants.models import Branch

PER_KEY = (Col("name", "Branch"), Col("sales", "Sales", "int"), Col("gross", "Gross", "money"),
           Col("tax", "Tax", "money"), Col("refunds", "Refunds", "money"),
           Col("takings", "Takings", "money"))
METHODS = (Col("label", "Method"), Col("tenders", "Tenders", "int"),
           Col("amount", "Amount", "money"))
TOP = (Col("sku", "SKU", width=14), Col("name", "Product"), Col("qty", "Quantity"),
       Col("gross", "Gross", "money"))


@dataclass
class SalesReport:
    kind: str  # daily, weekly
    first: str
    last: str
    title: str
    heading: list[str]
    sections: list[Report]
    totals: sd.SalesTotals

    @property
    def stem(self) -> str:
        return (f"daily-sales-{self.first}" if self.kind == "daily"
                else f"weekly-sales-{self.first}-to-{self.last}")


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _summary(t: sd.SalesTotals) -> Report:
    rows = [{"what": "Takings (GH₵)", "money": t.takings}, {"what": "Sales", "count": t.sales},
            {"what": "Gross (GH₵)", "money": t.gross}, {"what": "Tax collected (GH₵)",
                                                         "money": t.tax},
            {"what": "Refunds (GH₵)", "money": t.refunds},
            {"what": "Refunds given", "count": t.refund_count},
            {"what": "Voided sales", "count": t.voids}]
    return Report("Totals", (Col("what", "Figure"), Col("money", "GH₵", "money"),
                             Col("count", "Number", "int")), rows)


def _branches(scope: TenantScope, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = {b.code: b.name for b in scope.scalars(select(Branch))}
    return [{**r, "name": f"{names.get(r['key'], r['key'])} ({r['key']})"} for r in rows]


def _top(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A quantity as the dashboard shows it (``from_milli``): a number, fractional for
    # goods sold by weight; written as a number to the XLSX (see ``_cell``).
    return [{**p, "qty": from_milli(p["qty_milli"])} for p in rows]


def daily_report(scope: TenantScope, tenant_name: str, day: date) -> SalesReport:
    d = day.isoformat()
    totals = sd.totals(scope, d, d)
    hours = [h for h in sd.by_hour(scope, d, d) if h["sales"]]
    sections = [
        _summary(totals),
        Report("By branch", PER_KEY, _branches(scope, sd.by_key(scope, d, d, "branch"))),
        Report("By payment method", METHODS, sd.by_method(scope, d, d)),
        Report("By hour", (Col("hour", "Hour", "int"), Col("sales", "Sales", "int"),
                           Col("gross", "Gross", "money")), hours),
        Report("Best sellers", TOP, _top(sd.top_products(scope, d, d, limit=5))),
    ]
    return SalesReport("daily", d, d, f"{tenant_name} — daily sales report",
                       [f"Business date {d} ({day:%A}), all branches",
                        "Amounts in GH₵; takings are gross sales less refunds; voided sales "
                        "are not sales."], sections, totals)


def weekly_report(scope: TenantScope, tenant_name: str, day: date) -> SalesReport:
    monday, sunday = week_of(day)
    first, last = monday.isoformat(), sunday.isoformat()
    totals = sd.totals(scope, first, last)
    sections = [
        _summary(totals),
        Report("By day", (Col("date", "Date", "date"), Col("sales", "Sales", "int"),
                          Col("gross", "Gross", "money"), Col("refunds", "Refunds", "money"),
                          Col("takings", "Takings", "money")), sd.by_day(scope, first, last)),
        Report("By branch", PER_KEY, _branches(scope, sd.by_key(scope, first, last, "branch"))),
        Report("By payment method", METHODS, sd.by_method(scope, first, last)),
        Report("Best sellers", TOP, _top(sd.top_products(scope, first, last, limit=10))),
        Report("Last eight weeks", (Col("week", "Week of", "date"), Col("ends", "To", "date"),
                                    Col("sales", "Sales", "int"), Col("gross", "Gross", "money"),
                                    Col("refunds", "Refunds", "money"),
                                    Col("takings", "Takings", "money")),
               sd.weekly(scope, last, 8)),
    ]
    return SalesReport("weekly", first, last, f"{tenant_name} — weekly sales report",
                       [f"Week of {first} to {last} (Monday to Sunday), all branches",
                        "Amounts in GH₵; takings are gross sales less refunds; voided sales "
                        "are not sales."], sections, totals)


def _cell(col: Col, value: Any) -> Any:
    if isinstance(value, Decimal):  # a quantity: a number, never text
        return value
    return _xlsx_text(_typed(col, value))


def to_xlsx(report: SalesReport) -> bytes:
    """One sheet per section, each headed by the report's title and period."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for number, section in enumerate(report.sections):
        ws = book.active if number == 0 else book.create_sheet()
        ws.title = _sheet_title(section.title)
        ws.append([_xlsx_text(neutralise(report.title))])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
        for line in [*report.heading[:1], section.title]:
            ws.append([_xlsx_text(neutralise(line))])
        ws.append([_xlsx_text(neutralise(c.title)) for c in section.columns])
        head = ws.max_row
        for cell in ws[head]:
            cell.font = Font(bold=True)
        rows = _all_rows(section)
        for row in rows:
            ws.append([_cell(c, row.get(c.key)) for c in section.columns])
        format_columns(ws, head, section.columns, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(report: SalesReport) -> bytes:
    """A4 portrait, the sections one after another (DejaVu Sans: it has the cedi sign)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(report.title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in report.heading:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        shares = [c.width or _WIDTHS[c.type] for c in section.columns]
        widths = [pdf.epw * s / sum(shares) for s in shares]
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, section.title, new_x="LMARGIN", new_y="NEXT")

        def header(section: Report = section, widths: list[float] = widths) -> None:
            pdf.set_font("DejaVu", "B", 8.5)
            for col, width in zip(section.columns, widths, strict=True):
                pdf.cell(width, 6, _fit(pdf, col.title, width), border="B",
                         align="R" if col.type in ("money", "int") else "L")
            pdf.ln()
            pdf.set_font("DejaVu", "", 8.5)

        header()
        rows = _all_rows(section)
        if not rows:
            pdf.cell(0, 5, "None.", new_x="LMARGIN", new_y="NEXT")
        for row in rows:
            if pdf.will_page_break(5):
                pdf.add_page()
                header()
            for col, width in zip(section.columns, widths, strict=True):
                pdf.cell(width, 5, _fit(pdf, _text(col, row.get(col.key)), width),
                         align="R" if col.type in ("money", "int") else "L")
            pdf.ln()
    return bytes(pdf.output())


__all__ = ["SalesReport", "daily_report", "to_pdf", "to_xlsx", "week_of", "weekly_report"]
