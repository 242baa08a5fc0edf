"""The one CSV reader of the till and head office: any spreadsheet's encoding, partial
import with a reason per rejected row, GS1 check digits, "cashier" as a role, one PIN
per user."""

from __future__ import annotations

import codecs

import pytest

from shared.csv_import import ImportRejected, decode_csv, gs1_ok, read_catalogue, read_users
from shared.money import Money

HEADER = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
          "cost_price,tax_code,weighed")
NESTLE = "GH-0100,6030010001371,Nestlé Milo 400g — tin,tin,38.50,carton,12,419.52,27.56,B,0"


def test_excel_windows_1252_utf8_bom_and_utf16_all_read_the_same():
    text = HEADER + "\r\n" + NESTLE + "\r\n"
    for raw, encoding in (
        (text.encode("cp1252"), "Windows-1252"),
        (codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8"),
        (text.encode("utf-8"), "UTF-8"),
        (text.encode("utf-16"), "UTF-16"),
    ):
        decoded, used = decode_csv(raw)
        assert used == encoding
        read = read_catalogue(decoded, encoding=used)
        assert [r.name for r in read.rows] == ["Nestlé Milo 400g — tin"], encoding
        assert read.rejected == []
    assert "read as Windows-1252" in read_catalogue(text, encoding="Windows-1252").summary("products")


def test_bytes_no_encoding_can_read_are_refused_in_words():
    with pytest.raises(ImportRejected, match="CSV UTF-8"):
        decode_csv(HEADER.encode() + b"\n\x81\x8d\x8f\x90\x9d\xff\xfe")


def test_partial_import_lists_each_bad_row_with_its_line_and_reason():
    text = "\n".join([
        HEADER + ",plu,wholesale_barcode,category",
        NESTLE + ",,6030010099910,drinks",
        'GH-0101,,"Kenkey, big",ball,2.00,,,,1.00,A,0,,,food',
        "GH-0102,6030010001372,Wrong digit,tin,1.00,,,,0.50,B,0,,,",
        "GH-0103,12345,Short code,tin,1.00,,,,0.50,B,0,,,",
        "GH-0104,,No price,tin,,,,,0.50,B,0,,,",
        "GH-0105,6030010001371,Same barcode as line 2,tin,1.00,,,,0.50,B,0,,,",
        "GH-0100,,Same SKU as line 2,tin,1.00,,,,0.50,B,0,,,",
        "GH-0106,,Beef,kg,60.00,,,,45.00,B,1,00106,,",
        "GH-0107,,Goat,kg,60.00,,,,45.00,B,yes,00106,,",
        "",
        ",,,,,,,,,,,,,",
    ])
    read = read_catalogue(text)
    assert [r.sku for r in read.rows] == ["GH-0100", "GH-0101", "GH-0106"]
    nestle, kenkey, beef = read.rows
    assert nestle.barcodes == (("6030010001371", "tin"), ("6030010099910", "carton"))
    assert nestle.wholesale_price == Money.parse("419.52") and nestle.barcode == "6030010001371"
    assert kenkey.name == "Kenkey, big" and beef.weighed and beef.plu == "00106"
    assert read.ignored_columns == ("category",)
    reasons = {r.line: (r.key, r.reason) for r in read.rejected}
    assert reasons[4] == ("GH-0102", "barcode 6030010001372 has a wrong check digit (mistyped? scan it again)")
    assert "not an EAN/UPC barcode" in reasons[5][1]
    assert reasons[6] == ("GH-0104", "retail_price is empty")
    assert "already used by GH-0100 on line 2" in reasons[7][1]
    assert "already appears on line 2" in reasons[8][1]
    assert "plu 00106 is already used on line 9" in reasons[10][1]
    assert "3 products accepted" in read.summary("products") and "6 row(s) rejected" in read.summary("products")


def test_a_file_that_is_not_a_catalogue_is_refused_whole():
    with pytest.raises(ImportRejected, match="not a catalogue file: it is missing the column"):
        read_catalogue("name,price\nx,1\n")


def test_semicolons_from_excel_in_other_locales():
    text = HEADER.replace(",", ";") + "\n" + NESTLE.replace(",", ";") + "\n"
    assert [r.sku for r in read_catalogue(text).rows] == ["GH-0100"]


def test_check_digits():
    assert gs1_ok("6030010001371") and gs1_ok("96385074") and gs1_ok("036000291452")
    assert not gs1_ok("6030010001372")


def test_users_accept_cashier_and_refuse_a_shared_pin():
    text = ("email,name,role,branch,pin\n"
            "Ama@Shop.test,Ama Owusu,Cashier,MAIN,1357\n"
            "kofi@shop.test,Kofi Asante,cashier,MAIN,1357\n"
            "kwame@shop.test,Kwame Boateng,Manager,MAIN,7310\n"
            "ama@shop.test,Ama again,user,MAIN,9182\n"
            "esi@shop.test,Esi,owner,MAIN,4093\n"
            "yaw@shop.test,Yaw,user,MAIN,12\n"
            "efua@shop.test,Efua,user,MAIN,1111\n"
            "kojo@shop.test,Kojo,user,MAIN,1234\n")
    read = read_users(text)
    assert [(u.email, u.role) for u in read.rows] == [("ama@shop.test", "user"), ("kwame@shop.test", "manager")]
    reasons = {r.line: r.reason for r in read.rejected}
    assert "same as ama@shop.test's on line 2" in reasons[3]
    assert "already appears on line 2" in reasons[5]
    assert "role “owner”" in reasons[6] and "cashier" in reasons[6]
    assert "4 to 8 digits" in reasons[7]
    assert "too easy to guess" in reasons[8] and "too easy to guess" in reasons[9]
