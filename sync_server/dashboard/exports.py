"""Reports as files: CSV (UTF-8 with a byte-order mark so Excel reads GH₵ and names
right) and XLSX through openpyxl, amounts as exact decimals in cedis.

Text in a report comes from people we do not control: a product name typed at head
office, a refund reason typed on a till, a customer's name, a MoMo reference. A spreadsheet
runs text that starts like a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``), so every
text cell that could be read as one is neutralised the way OWASP recommends ("CSV
Injection"): a leading apostrophe, which spreadsheets show as text. Numbers are never
touched: amounts and quantities are written as numbers (typed cells in XLSX), so a
refund of -4.50 is still a number anyone can add up.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shared.money import Money

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    money: bool = False
    date: bool = False  # ISO text or a date: a real date cell (yyyy-mm-dd), not text


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]


# What makes a spreadsheet read a cell as a formula or a command (OWASP): = + - @, a tab
# or a carriage return, also after leading spaces; the full-width forms too, which
# spreadsheets in some locales turn into the plain ones.
_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Control characters XLSX (XML 1.0) cannot hold; openpyxl refuses the whole file for one.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Text as a spreadsheet must show it, never run it."""
    stripped = text.lstrip(" \u00a0\u3000")
    if stripped and stripped[0] in _TRIGGERS:
        return "'" + text
    return text


def _cell(column: Column, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if column.money:
        return Money(int(value)).to_decimal()
    if column.date:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if isinstance(value, int | Decimal):
        return value
    return neutralise(str(value))


def pick(sheets: Sequence[Sheet], wanted: str | None) -> list[Sheet]:
    """The one sheet a CSV holds (a CSV is one table; stacking summaries in it makes a
    file no spreadsheet can sum): ``wanted`` by its slug (``by-day``) or title, else the
    first."""
    for sheet in sheets:
        if wanted and wanted.lower() in (slug(sheet.title), sheet.title.lower()):
            return [sheet]
    return list(sheets[:1])


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def to_csv(sheets: Sequence[Sheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for number, sheet in enumerate(sheets):
        if number:
            writer.writerow([])
        if len(sheets) > 1:
            writer.writerow([neutralise(sheet.title)])
        writer.writerow([neutralise(c.title) for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_value(_cell(c, row.get(c.key))) for c in sheet.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet], *, heading: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = True
    for sheet in sheets:
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = _sheet_title(sheet.title)
        ws.append([_xlsx_text(neutralise(heading))])
        ws["A1"].font = Font(bold=True)
        ws.append([_xlsx_text(neutralise(c.title)) for c in sheet.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_xlsx_text(_cell(c, row.get(c.key))) for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(row=2, column=index).column_letter
            width = max([len(column.title)] + [len(str(row.get(column.key) or ""))
                                               for row in sheet.rows[:200]])
            ws.column_dimensions[letter].width = min(max(width + 2, 10), 48)
            for cells in ws.iter_rows(min_row=3, min_col=index, max_col=index):
                for cell in cells:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = _number_format(cell.value, column.money)
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _xlsx_text(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", value)
    return value


def _sheet_title(title: str) -> str:
    # Excel refuses these in a sheet's name; openpyxl would raise on them.
    return (re.sub(r"[\\/*?:\[\]]", " ", _ILLEGAL.sub(" ", title)).strip() or "Sheet")[:31]


def _number_format(value: Decimal, money: bool) -> str:
    """Amounts with two places; any other decimal (a quantity) with the places it has."""
    if money:
        return "#,##0.00"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")
