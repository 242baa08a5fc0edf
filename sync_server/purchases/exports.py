"""A supplier's statement and the AP ageing as files: CSV (UTF-8 with a byte-order mark)
and XLSX with typed cells — amounts as numbers to the pesewa (``#,##0.00``), dates as
dates, text neutralised against formula injection (``dashboard.exports.neutralise``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from shared.money import Money
from sync_server.dashboard.exports import neutralise
from sync_server.purchases.reports import BUCKETS

MONEY, DAY, TEXT = "money", "date", "text"


def _typed(kind: str, value: Any) -> Any:
    if value in (None, ""):
        return None
    if kind == MONEY:
        return Money.parse(str(value)).to_decimal()
    if kind == DAY:
        return date.fromisoformat(str(value))
    return neutralise(str(value))


def _table(columns: Sequence[tuple[str, str, str]], rows: Sequence[dict[str, Any]]
           ) -> tuple[list[str], list[list[Any]]]:
    header = [title for _, title, _ in columns]
    return header, [[_typed(kind, row.get(key)) for key, _, kind in columns] for row in rows]


def to_file(fmt: str, title: str, columns: Sequence[tuple[str, str, str]],
            rows: Sequence[dict[str, Any]]) -> bytes:
    header, body = _table(columns, rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for line in body:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v
                             for v in line])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in body:
        sheet.append(line)
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


STATEMENT_COLUMNS = (("date", "Date", DAY), ("document", "Document", TEXT),
                     ("description", "Description", TEXT), ("billed", "Billed", MONEY),
                     ("paid", "Paid", MONEY), ("balance", "Balance", MONEY))


def statement_file(fmt: str, statement: dict[str, Any]) -> bytes:
    rows = [{"description": "Balance brought forward", "balance": statement["opening"]},
            *statement["rows"]]
    return to_file(fmt, f"Statement {statement['supplier']}", STATEMENT_COLUMNS, rows)


AGEING_COLUMNS = (("supplier", "Supplier", TEXT), *((b, b, MONEY) for b in BUCKETS),
                  ("total", "Total", MONEY))


def ageing_file(fmt: str, ageing: dict[str, Any]) -> bytes:
    rows = [*ageing["rows"], {"supplier": "Total", **ageing["totals"]}]
    return to_file(fmt, f"AP ageing {ageing['as_of']}", AGEING_COLUMNS, rows)


__all__ = ["ageing_file", "statement_file", "to_file"]
