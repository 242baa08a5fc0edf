"""What the sync client ([3]) will use: outbox, chain head, identity, master-data upserts."""

from __future__ import annotations

from decimal import Decimal

from shared.envelope import ChainHead, verify_chain
from shared.money import Money
from shared.tax import GHANA_2026, TaxProfile
from terminal.store.identity import load_identity, record_enrollment
from terminal.store.masterdata import CustomerRecord, ProductRecord, UserRecord
from terminal.tenders import cash, credit
from tests.terminal.conftest import CASHIER, CASHIER_PIN, OIL

AT = "2026-03-02T09:00:00+00:00"


def test_outbox_in_seq_order_ack_and_hold(till):
    for _ in range(3):
        till.sales.scan(OIL)
        till.sales.complete([cash(Money.cedis(38))])
    out = till.outbox
    pending = out.pending()
    assert [e.seq for e in pending] == [1, 2, 3, 4]
    assert verify_chain(ChainHead(), pending) == out.head()
    assert out.mark_acked(2, AT) == 2
    assert [e.seq for e in out.pending()] == [3, 4]
    out.mark_held(3, "unknown product", AT)
    assert [e.seq for e in out.pending()] == [4]
    assert [(h.seq, h.held_reason) for h in out.held()] == [(3, "unknown product")]
    assert out.mark_acked(4, AT) == 1 and out.depth() == 0
    assert out.head().seq == 4  # the chain head never moves back


def test_enrollment_sets_tenant_on_later_envelopes(till):
    identity = record_enrollment(
        till.db, tenant_id="acme", branch_code="ACC-01", terminal_code="T02", enrolled_at=AT
    )
    assert identity.enrolled and load_identity(till.db).tenant_id == "acme"


def test_product_upsert_replaces_units_barcodes_prices(blank_till):
    md = blank_till.master_data
    md.upsert_products(
        [
            ProductRecord(
                "SKU-1",
                "Ideal Milk 160g",
                "tin",
                "B",
                Money(585),
                units=(("carton", Decimal(48)),),
                barcodes=(("6030010009599", "tin"), ("16030010009596", "carton")),
                prices=(("retail", "tin", Money(850)), ("wholesale", "carton", Money(37536))),
            )
        ],
        AT,
    )
    cat = blank_till.catalogue
    assert cat.scan("16030010009596").unit == "carton"
    assert cat.price("SKU-1", "carton", "wholesale").price == Money(37536)
    md.upsert_products(
        [
            ProductRecord(
                "SKU-1",
                "Ideal Milk 160g",
                "tin",
                "B",
                Money(600),
                barcodes=(("6030010009599", "tin"),),
                prices=(("retail", "tin", Money(900)),),
            )
        ],
        AT,
    )
    assert cat.units("SKU-1") == {"tin": Decimal("1.000")}
    assert cat.price("SKU-1", "tin", "retail").price == Money(900)
    md.remove_products(["SKU-1"], AT)
    assert not cat.product("SKU-1").active and cat.search("ideal") == ()


def test_users_customers_stock_periods_revocations(till):
    md = till.master_data
    hashed = till.auth.hash_pin("2580")
    md.upsert_users([UserRecord("new@acme.example.test", "Yaw Driver", "user", "MAIN", hashed)], AT)
    assert till.auth.login("new@acme.example.test", "2580").name == "Yaw Driver"
    till.auth.login(CASHIER, CASHIER_PIN)
    cid = "7a1c2f3e-1111-4c39-9f5e-0c1f2a3b4c5d"
    md.upsert_customers(
        [
            CustomerRecord(
                cid, "Tema Traders", credit_limit=Money.cedis(1000), balance=Money.cedis(100)
            )
        ],
        as_of_seq=0,
        at=AT,
    )
    till.sales.set_customer(cid)
    till.sales.scan(OIL)
    sale = till.sales.complete([credit(Money.cedis(38))])
    assert till.customers.get(cid).balance == Money.cedis(138)
    # the server's balance as of a seq BEFORE the credit sale: the till adds its own sale on top
    md.upsert_customers(
        [
            CustomerRecord(
                cid, "Tema Traders", credit_limit=Money.cedis(1000), balance=Money.cedis(50)
            )
        ],
        as_of_seq=sale.seq - 1,
        at=AT,
    )
    assert till.customers.get(cid).balance == Money.cedis(88)
    # … and as of the sale itself: the server already counted it
    md.upsert_customers(
        [
            CustomerRecord(
                cid, "Tema Traders", credit_limit=Money.cedis(1000), balance=Money.cedis(88)
            )
        ],
        as_of_seq=sale.seq,
        at=AT,
    )
    assert till.customers.get(cid).balance == Money.cedis(88)
    md.set_branch_stock("MAIN", "SHOP", [("GH-0001", Decimal(100))], as_of_seq=sale.seq - 1)
    assert md.stock_level("MAIN", "SHOP", "GH-0001") == Decimal(99)
    md.upsert_fiscal_periods([("2026-02", "closed"), ("2026-03", "open")], AT)
    assert md.fiscal_period_status("2026-02") == "closed"
    md.record_revocations(
        [
            ("user", "new@acme.example.test", "left the company"),
            ("terminal", till.identity.terminal_id, "stolen"),
        ],
        AT,
    )
    assert not till.auth.user("new@acme.example.test").active
    assert till.status()["terminal"]["revoked"] is True
    assert not till.check().ok
    md.set_sync_state("feed.products", "cursor-42")
    assert md.get_sync_state("feed.products") == "cursor-42"


def test_tax_profile_and_options(blank_till):
    blank_till.master_data.set_tax_profile(
        TaxProfile(regimes=(GHANA_2026,), vat_registered=True, tin="C0099")
    )
    blank_till.master_data.set_options(blind_close=True, shop_name="Acme Accra")
    from terminal.store.settings import load_settings

    settings = load_settings(blank_till.db)
    assert (
        settings.blind_close
        and settings.profile().regimes == (GHANA_2026,)
        and settings.tin == "C0099"
    )
