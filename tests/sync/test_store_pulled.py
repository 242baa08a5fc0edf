"""The store additions the sync client uses: row-level writes of pulled master data
(``terminal/store/pulled.py``) and the outbox's wire batches, on a real till database."""

from __future__ import annotations

from decimal import Decimal

from shared.money import Money
from terminal.store.masterdata import CustomerRecord
from terminal.store.pulled import (
    PulledProduct,
    delete_barcodes,
    delete_prices,
    delete_units,
    retire_missing_catalogue,
    upsert_barcodes,
    upsert_customers,
    upsert_prices,
    upsert_products,
    upsert_units,
)
from terminal.tenders import credit
from tests.sync.conftest import OIL

AT = "2026-11-21T10:00:00+00:00"
CUSTOMER = "0192f0a0-1111-7aaa-8bbb-0123456789ab"
MILK = PulledProduct("SKU-1", "Ideal Milk 160g", "tin", "B", Money(585), weighed=False, active=True)


def test_a_price_change_leaves_the_rest_of_the_product_alone(make_till):
    till = make_till().till
    with till.db.transaction() as conn:
        upsert_products(conn, [MILK], AT)
        assert upsert_units(conn, [("SKU-1", "carton", Decimal(48))]) == 0
        assert upsert_barcodes(conn, [("6030010009599", "SKU-1", "tin"), ("16030010009596", "SKU-1", "carton")]) == 0
        assert upsert_prices(conn, [("retail", "SKU-1", "tin", Money(850)),
                                    ("wholesale", "SKU-1", "carton", Money(37536))]) == 0
    with till.db.transaction() as conn:
        upsert_prices(conn, [("retail", "SKU-1", "tin", Money(900))])
        upsert_products(conn, [PulledProduct("SKU-1", "Ideal Milk 160g tin", "tin", "B", Money(600),
                                             weighed=False, active=True)], AT)
    cat = till.catalogue
    assert cat.price("SKU-1", "tin", "retail").price == Money(900)
    assert cat.price("SKU-1", "carton", "wholesale").price == Money(37536)
    assert cat.units("SKU-1") == {"tin": Decimal("1.000"), "carton": Decimal("48.000")}
    assert cat.scan("16030010009596").unit == "carton"
    assert cat.product("SKU-1").name == "Ideal Milk 160g tin"

    with till.db.transaction() as conn:
        delete_prices(conn, [("wholesale", "SKU-1", "carton")])
        delete_barcodes(conn, ["16030010009596"])
        delete_units(conn, [("SKU-1", "carton"), ("SKU-1", "tin")])  # the base unit stays
    assert cat.units("SKU-1") == {"tin": Decimal("1.000")}


def test_rows_whose_parent_is_missing_are_skipped_not_broken(make_till):
    till = make_till().till
    with till.db.transaction() as conn:
        assert upsert_prices(conn, [("retail", "NOPE", "each", Money(100)),
                                    ("no-such-list", "NOPE", "each", Money(100))]) == 2
        assert upsert_units(conn, [("NOPE", "box", Decimal(6))]) == 1
        assert upsert_barcodes(conn, [("123", "NOPE", "each")]) == 1
    assert till.db.scalar("SELECT count(*) FROM prices") == 0


def test_a_full_pull_retires_what_head_office_no_longer_has(make_till, testdata):
    till = make_till().till
    till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    keep_skus = {f"GH-{n:04d}" for n in range(1, 11)}
    units = {(r[0], r[1]) for r in till.db.query("SELECT sku, unit FROM product_units") if r[0] in keep_skus}
    codes = {r[0] for r in till.db.query("SELECT code, sku FROM barcodes") if r[1] in keep_skus}
    prices = {(r[0], r[1], r[2]) for r in till.db.query("SELECT price_list, sku, unit FROM prices")
              if r[1] in keep_skus}
    with till.db.transaction() as conn:
        gone = retire_missing_catalogue(conn, products=keep_skus, units=units, barcodes=codes, prices=prices, at=AT)
    assert gone["products"] == 50
    assert till.db.scalar("SELECT count(*) FROM products WHERE active = 1") == 10
    assert till.db.scalar("SELECT count(*) FROM products") == 60  # kept: old sales name them
    assert {r[0] for r in till.db.query("SELECT DISTINCT sku FROM prices")} == keep_skus
    # Base units of retired products stay (a product always sells in its base unit).
    assert till.db.scalar("SELECT count(*) FROM product_units WHERE sku = 'GH-0060'") == 1


def test_pulled_balances_add_the_tills_own_credit_after_as_of_seq(make_till, testdata):
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.auth.import_users(testdata / "users_sample.csv")
    with t.till.db.transaction() as conn:
        upsert_customers(conn, [CustomerRecord(CUSTOMER, "Kofi Traders", credit_limit=Money.cedis(1000))],
                         as_of_seq=0, at=AT)
    t.till.db.conn.execute("UPDATE customers SET price_list = 'wholesale' WHERE id = ?", (CUSTOMER,))
    t.ready("ama@acme.example.test", "1357")
    t.till.sales.scan(OIL)
    t.till.sales.set_customer(CUSTOMER)
    sale = t.till.sales.complete([credit(t.till.sales.view().total)])
    with t.till.db.transaction() as conn:
        upsert_customers(conn, [CustomerRecord(CUSTOMER, "Kofi Traders Ltd", balance=Money.cedis(10),
                                               credit_limit=Money.cedis(2000))],
                         as_of_seq=sale.seq - 1, at=AT)
    customer = t.till.customers.get(CUSTOMER)
    assert customer.balance == Money.cedis(10) + sale.total and customer.name == "Kofi Traders Ltd"
    assert t.till.db.scalar("SELECT price_list FROM customers WHERE id = ?", (CUSTOMER,)) == "wholesale"


def test_wire_batches_are_the_sealed_bytes(make_till, testdata):
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.auth.import_users(testdata / "users_sample.csv")
    t.sell(OIL, user="ama@acme.example.test", pin="1357")
    t.sell(OIL, user="ama@acme.example.test", pin="1357")
    out = t.till.outbox
    stored = [r[0] for r in t.till.db.query("SELECT envelope FROM outbox ORDER BY seq")]
    assert out.wire_batch(1, 10) == ((1, stored[0]), (2, stored[1]), (3, stored[2]))
    out.mark_acked(2, AT)
    assert out.first_pending_seq() == 3
    assert [seq for seq, _ in out.wire_batch(2, 1)] == [2]  # acknowledged rows too, when asked
    assert out.hash_at(3) == out.head().hash and out.hash_at(9) is None
    envelope = out.entries(2, 1)[0].envelope
    assert out.envelope_by_id(envelope.id) == envelope and out.envelope_by_id("nope") is None


def test_a_pulled_plu_moves_to_its_product_and_an_old_server_leaves_the_tills_own(make_till):
    till = make_till().till
    fish = PulledProduct("SKU-F", "Smoked Fish", "kg", "A", Money(4000), weighed=True, active=True,
                         plu="00500", plu_sent=True)
    with till.db.transaction() as conn:
        upsert_products(conn, [MILK, fish], AT)
    label = "2100500012508"  # 1.250 kg of PLU 00500
    assert till.catalogue.scan(label).product.sku == "SKU-F"
    # Head office gives PLU 00500 to another product: the fish loses it.
    snails = PulledProduct("SKU-S", "Snails", "kg", "A", Money(6000), weighed=True, active=True,
                           plu="00500", plu_sent=True)
    with till.db.transaction() as conn:
        upsert_products(conn, [snails], AT)
    assert till.catalogue.scan(label).product.sku == "SKU-S"
    assert till.db.scalar("SELECT plu FROM products WHERE sku = 'SKU-F'") is None
    # A server from before PLUs were master data sends none: the till's own stays.
    with till.db.transaction() as conn:
        upsert_products(conn, [PulledProduct("SKU-S", "Snails (live)", "kg", "A", Money(6000),
                                             weighed=True, active=True)], AT)
    assert till.catalogue.scan(label).product.name == "Snails (live)"
    # Withdrawn by head office (a full pull without it): its labels no longer ring it up.
    with till.db.transaction() as conn:
        retire_missing_catalogue(conn, products={"SKU-1", "SKU-F"}, units=set(), barcodes=set(),
                                 prices=set(), at=AT)
    assert till.db.scalar("SELECT plu FROM products WHERE sku = 'SKU-S'") is None
