"""Reports as files: CSV (UTF-8 with a byte-order mark so Excel reads GH₵ and names
right) and XLSX through openpyxl, amounts as exact decimals in cedis."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.money import Money

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    money: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]


def _cell(column: Column, value: Any) -> Any:
    if column.money and value is not None:
        return Money(int(value)).to_decimal()
    return value


def to_csv(sheets: Sequence[Sheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for number, sheet in enumerate(sheets):
        if number:
            writer.writerow([])
        if len(sheets) > 1:
            writer.writerow([sheet.title])
        writer.writerow([c.title for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_cell(c, row.get(c.key)) for c in sheet.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet], *, heading: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = True
    for sheet in sheets:
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = sheet.title[:31]
        ws.append([heading])
        ws["A1"].font = Font(bold=True)
        ws.append([c.title for c in sheet.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_cell(c, row.get(c.key)) for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(row=2, column=index).column_letter
            width = max([len(column.title)] + [len(str(row.get(column.key) or ""))
                                               for row in sheet.rows[:200]])
            ws.column_dimensions[letter].width = min(max(width + 2, 10), 48)
            if column.money:
                for cells in ws.iter_rows(min_row=3, min_col=index, max_col=index):
                    for cell in cells:
                        if isinstance(cell.value, Decimal):
                            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
