"""``bisama-terminal import`` with the files shops really have: a catalogue saved by
Excel on Windows (Windows-1252, semicolons or commas), users with the role "cashier"
and two people given one PIN. The good rows go in, the bad ones are named, no traceback."""

from __future__ import annotations

import pytest

from terminal.cli import main
from terminal.till import Till

HEADER = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
          "cost_price,tax_code,weighed")


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "till"
    monkeypatch.setenv("BISAMA_TERMINAL_HOME", str(home))
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "import test")
    monkeypatch.delenv("BISAMA_BACKUP_DIR", raising=False)
    return home


def test_a_windows_1252_catalogue_from_excel_imports(home, tmp_path, capsys):
    path = tmp_path / "catalogue.csv"
    path.write_bytes((HEADER + "\r\n"
                      "GH-0100,6030010001371,Nestlé Milo 400g,tin,38.50,,,,27.56,B,0\r\n"
                      "GH-0101,6030010001372,Café Bonjour,tin,12.00,,,,9.00,B,0\r\n").encode("cp1252"))
    assert main(["import", "catalogue", str(path)]) == 1  # one row left out
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "Imported 1 products" in out.out
    assert "read as Windows-1252" in out.err and "line 3 (GH-0101): barcode 6030010001372 has a wrong check digit" in out.err
    with Till.open(home) as till:
        assert till.catalogue.product("GH-0100").name == "Nestlé Milo 400g"


def test_an_unreadable_file_says_how_to_save_it(home, tmp_path, capsys):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(HEADER.encode() + b"\nGH-1,,\x81\x8d\x90,tin,1.00,,,,0.50,B,0\n")
    assert main(["import", "catalogue", str(path)]) == 1
    err = capsys.readouterr().err
    assert "CSV UTF-8" in err and "Traceback" not in err


def test_users_with_cashier_and_a_shared_pin(home, tmp_path, capsys):
    path = tmp_path / "users.csv"
    path.write_text("email,name,role,branch,pin\n"
                    "ama@shop.test,Ama Owusu,Cashier,MAIN,1357\n"
                    "kofi@shop.test,Kofi Asante,cashier,MAIN,1357\n"
                    "kwame@shop.test,Kwame Boateng,manager,MAIN,7310\n", encoding="utf-8-sig")
    assert main(["import", "users", str(path)]) == 1
    out = capsys.readouterr()
    assert "Imported 2 users" in out.out
    assert "line 3 (kofi@shop.test): the PIN is the same as ama@shop.test's on line 2" in out.err
    with Till.open(home) as till:
        roles = {u.email: u.role for u in till.auth.users()}
    assert roles == {"ama@shop.test": "user", "kwame@shop.test": "manager"}
