"""Catalogue: CSV import, barcode/SKU/scale-label lookup, FTS search, prices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.money import Money
from terminal.barcodes import gs1_check_digit, make_scale_label, read_scale_label, valid_gs1
from terminal.errors import CartError, ImportFailed, NotFound
from terminal.store.settings import DEFAULT_WEIGHED_PREFIXES

HEADER = (
    "sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
    "cost_price,tax_code,weighed"
)


def test_sample_catalogue_imports(stocked_till):
    cat = stocked_till.catalogue
    assert cat.count() == 60
    scan = cat.scan("6030010001371")
    assert (scan.product.sku, scan.unit, scan.product.cost_price) == (
        "GH-0001",
        "bottle",
        Money(2756),
    )
    assert cat.units("GH-0001") == {"bottle": Decimal("1.000"), "carton": Decimal("12.000")}
    assert cat.price("GH-0001", "carton", "wholesale").price == Money.parse("419.52")
    assert cat.price("GH-0001", "bottle", "retail").price == Money.cedis(38)


def test_price_fallbacks(stocked_till):
    cat = stocked_till.catalogue
    # a wholesale customer buying one bottle pays the shelf price
    assert cat.price("GH-0001", "bottle", "wholesale").price == Money.cedis(38)
    # a walk-in buying a carton pays twelve bottles
    assert cat.price("GH-0001", "carton", "retail").price == Money.cedis(456)
    with pytest.raises(CartError, match="no price list"):
        cat.price("GH-0001", "bottle", "vip")


def test_lookup_by_sku_and_unknown_code(stocked_till):
    assert stocked_till.catalogue.scan("gh-0005").product.name == "Milo 400g"
    with pytest.raises(NotFound, match="not in the catalogue"):
        stocked_till.catalogue.scan("0000000000000")


def test_fts_search_prefixes_and_ranks(stocked_till):
    names = [p.name for p in stocked_till.catalogue.search("mil 40")]
    assert names[0] in ("Milo 400g", "Nido Full Cream Milk 400g")
    assert set(names) == {"Milo 400g", "Nido Full Cream Milk 400g"}
    assert [p.sku for p in stocked_till.catalogue.search("voltic 1.5")] == ["GH-0009"]
    assert stocked_till.catalogue.search("   ") == ()
    assert stocked_till.catalogue.search('"; DROP TABLE products') == ()


def test_gs1_check_digits():
    assert valid_gs1("6030010001371")
    assert not valid_gs1("6030010001372")
    assert gs1_check_digit("603001000137") == 1


def test_scale_labels_weight_and_price(stocked_till):
    weight = make_scale_label("21", "00039", 1250)  # 1.250 kg of tomatoes
    label = read_scale_label(weight, DEFAULT_WEIGHED_PREFIXES)
    assert label is not None and label.weight == Decimal("1.250") and label.plu == "00039"
    scan = stocked_till.catalogue.scan(weight)
    assert scan.product.sku == "GH-0039" and scan.qty == Decimal("1.250")
    price = make_scale_label("26", "00041", 900)  # GH₵ 9.00 of garden eggs
    scan = stocked_till.catalogue.scan(price)
    assert scan.product.sku == "GH-0041" and scan.label_price == Money(900)
    broken = weight[:-1] + str((int(weight[-1]) + 1) % 10)
    with pytest.raises(NotFound):
        stocked_till.catalogue.scan(broken)
    with pytest.raises(NotFound, match="PLU 99999"):
        stocked_till.catalogue.scan(make_scale_label("21", "99999", 500))


def test_bad_rows_are_left_out_with_their_reasons_and_the_good_ones_imported(stocked_till):
    text = "\n".join(
        [
            HEADER,
            "NEW-1,,Good one,piece,1.00,,,,0.50,B,0",
            "bad sku!,,Bad,piece,1.00,,,,0.50,B,0",
            "NEW-2,,Bad price,piece,abc,,,,0.50,B,0",
            "NEW-3,,Bad tax,piece,1.00,,,,0.50,X,0",
            "NEW-4,,Half wholesale,piece,1.00,carton,,,0.50,B,0",
            "NEW-5,6030010001372,Bad check digit,piece,1.00,,,,0.50,B,0",
            "NEW-6,,Dup sku,piece,1.00,,,,0.50,B,0",
            "NEW-6,,Dup sku again,piece,1.00,,,,0.50,B,0",
        ]
    )
    report = stocked_till.catalogue.import_csv(text)
    assert report.products == 2  # NEW-1 and the first NEW-6
    assert [(r.line, r.key) for r in report.rejected] == [
        (3, "bad sku!"), (4, "NEW-2"), (5, "NEW-3"), (6, "NEW-4"), (7, "NEW-5"), (9, "NEW-6")]
    reasons = {r.line: r.reason for r in report.rejected}
    assert "check digit" in reasons[7] and "already appears on line 8" in reasons[9]
    assert "2 products accepted, 6 row(s) rejected: line 3 (bad sku!)" in report.summary
    assert stocked_till.catalogue.count() == 62
    assert stocked_till.db.scalar("SELECT count(*) FROM products WHERE sku LIKE 'NEW-%'") == 2


def test_a_file_with_no_good_row_imports_nothing(stocked_till):
    with pytest.raises(ImportFailed) as failure:
        stocked_till.catalogue.import_csv(HEADER + "\nbad sku!,,Bad,piece,1.00,,,,0.50,B,0\n")
    assert failure.value.problems and "Nothing was imported" in str(failure.value)
    assert stocked_till.catalogue.count() == 60


def test_reimport_updates_and_moves_barcodes(stocked_till):
    text = "\n".join(
        [
            HEADER + ",wholesale_barcode",
            "GH-0001,6030010099996|6030010099903,Frytol Oil 1L (new "
            "pack),bottle,40.00,carton,12,450.00,"
            "29.00,B,0,6030010099910",
        ]
    )
    stocked_till.catalogue.import_csv(text)
    cat = stocked_till.catalogue
    assert cat.product("GH-0001").name == "Frytol Oil 1L (new pack)"
    assert cat.scan("6030010099903").product.sku == "GH-0001"
    assert cat.scan("6030010099910").unit == "carton"
    with pytest.raises(NotFound):
        cat.scan("6030010001371")  # the old barcode no longer sells the product
    assert [p.sku for p in cat.search("new pack")] == ["GH-0001"]


def test_missing_columns_are_named(stocked_till):
    with pytest.raises(ImportFailed, match="missing the column"):
        stocked_till.catalogue.import_csv("sku,name\nA,B\n")
