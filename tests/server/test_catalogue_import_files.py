"""Head office reads catalogue files by the till's rules (``shared.csv_import``): a CSV
saved by Excel on Windows (Windows-1252) imports instead of "save the CSV as UTF-8",
several barcodes per product and a carton barcode, bad rows listed with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sync_server.catalogue.models import Barcode, Product
from sync_server.cli import main
from sync_server.context import ServerContext

HEADER = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
          "cost_price,tax_code,weighed,wholesale_barcode")


def test_an_excel_file_imports_with_the_tills_rules(database_url: str, tmp_path: Path, ctx: ServerContext,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)  # ctx migrated it
    assert main(["tenant", "create", *db, "--name", "Acme", "--domain", "acme.test"]) == 0
    path = tmp_path / "from-excel.csv"
    path.write_bytes((HEADER + "\r\n"
                      "GH-0100,6030010001371|6030010002743,Nestlé Milo 400g,tin,38.50,carton,12,419.52,"
                      "27.56,B,0,6030010099910\r\n"
                      "GH-0101,6030010001372,Café Bonjour,tin,12.00,,,,9.00,B,0,\r\n"
                      "GH-0102,,Kenkey (ball),ball,2.00,,,,1.20,A,0,\r\n").encode("cp1252"))
    capsys.readouterr()
    code = main(["product", "import", *db, "--tenant", "acme.test", str(path), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1  # a row was left out
    assert summary["accepted"] == 2 and summary["encoding"] == "Windows-1252"
    assert summary["rejected"] == [{"line": 3, "sku": "GH-0101",
                                    "reason": "barcode 6030010001372 has a wrong check digit (mistyped? scan it again)"}]
    with ctx.engine.connect() as conn:
        names = dict(conn.execute(select(Product.sku, Product.name)).all())
        codes = {(b, s, u) for b, s, u in conn.execute(select(Barcode.barcode, Barcode.sku, Barcode.unit))}
    assert names == {"GH-0100": "Nestlé Milo 400g", "GH-0102": "Kenkey (ball)"}
    assert codes == {("6030010001371", "GH-0100", "tin"), ("6030010002743", "GH-0100", "tin"),
                     ("6030010099910", "GH-0100", "carton")}


def test_a_file_no_encoding_can_read_says_how_to_save_it(database_url: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", database_url)
    assert main(["db", "upgrade", *db]) == 0
    assert main(["tenant", "create", *db, "--name", "Acme", "--domain", "acme.test"]) == 0
    path = tmp_path / "broken.csv"
    path.write_bytes(HEADER.encode() + b"\nGH-1,,\x81\x8d\x90,tin,1.00,,,,0.50,B,0,\n")
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:  # a usage error, as for a file that is not there
        main(["product", "import", *db, "--tenant", "acme.test", str(path)])
    assert stopped.value.code == 2
    assert "CSV UTF-8" in capsys.readouterr().err
