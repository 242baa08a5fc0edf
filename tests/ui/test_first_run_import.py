"""The first start's set-up from CSV files, with the files a shop has: a catalogue saved
by Excel on Windows (Windows-1252) imports, and rows left out are named on the screen
rather than passed over."""

from __future__ import annotations

import pytest

from .helpers import click

pytestmark = pytest.mark.gui

HEADER = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
          "cost_price,tax_code,weighed")


def test_an_excel_catalogue_imports_and_left_out_rows_are_named(qtbot, opener, make_app, testdata, tmp_path):
    till = opener.open()
    till.start(take_backup=False)
    run = make_app(till)
    first = run.window.screens["first_run"]
    catalogue = tmp_path / "from-excel.csv"
    catalogue.write_bytes((HEADER + "\r\n"
                           "GH-0100,6030010001371,Nestlé Milo 400g,tin,38.50,,,,27.56,B,0\r\n"
                           "GH-0101,6030010001372,Café Bonjour,tin,12.00,,,,9.00,B,0\r\n").encode("cp1252"))
    first.shop_name.setText("Adom Mart")
    first.users.setText(str(testdata / "users_sample.csv"))
    first.catalogue.setText(str(catalogue))
    click(qtbot, first, "first_run.setup")
    qtbot.waitUntil(lambda: "left out" in first.message.text(), timeout=10_000)
    text = first.message.text()
    assert "Imported 1 products and 4 users" in text
    assert "line 3 (GH-0101): barcode 6030010001372 has a wrong check digit" in text
    assert run.window.current is first  # stays, so the file can be fixed and imported again
    assert till.catalogue.product("GH-0100").name == "Nestlé Milo 400g"
