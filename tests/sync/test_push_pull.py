"""Push and pull against the real server: sales arrive once, held ones are shown with
their reasons, and what head office changes (prices, users, revocations, customers'
balances, stock) arrives at the till without losing or double-counting its own sales."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from shared.money import Money
from sync_server.catalogue.services import import_catalogue
from sync_server.customers.services import set_credit_limit
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.services import add_user
from sync_server.terminals.services import list_terminals, revoke_terminal
from terminal.store.masterdata import ProductRecord
from terminal.sync.record import save_record
from terminal.sync.session import SyncSession
from terminal.sync.state import Connection
from terminal.sync.status import build_state
from terminal.tenders import cash, credit
from tests.server.books import check_books
from tests.server.conftest import ADMIN
from tests.sync.conftest import CASHIER, CASHIER_PIN, MILO, OIL

CATALOGUE = {
    "products": "SELECT sku, name, base_unit, tax_code, weighed, cost_price, active FROM products",
    "product_units": "SELECT sku, unit, factor FROM product_units",
    "barcodes": "SELECT code, sku, unit FROM barcodes",
    "prices": "SELECT price_list, sku, unit, price FROM prices",
    "price_lists": "SELECT code, name, inclusive FROM price_lists",
    "customers": "SELECT id, name, phone, tin, email, credit_limit, balance, active FROM customers",
}


def catalogue_rows(till) -> dict[str, list[tuple[object, ...]]]:
    """Head office's master data on a till (a till's own extra product left out)."""
    return {
        table: [tuple(r) for r in till.db.query(f"{sql} ORDER BY 1, 2") if "LOCAL-1" not in tuple(r)]
        for table, sql in CATALOGUE.items()
    }


def test_sales_go_up_once_and_stock_comes_back(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL, OIL)
    t.sell(MILO)
    report = t.sync()
    assert report.ok and report.pushed.acked == 3 and report.backlog == 0
    assert report.pushed.stored_through == 3
    books = check_books(world.ctx, world.tenant_id)
    assert books.sales == 2
    # Head office's stock is what it merged; the till shows the same.
    assert t.till.stock.on_hand("GH-0001") == Decimal("-2.000")
    # A sale not yet sent is added on top of what head office says.
    t.sell(OIL)
    assert t.sync(push=False, heartbeat=False).ok
    assert t.till.stock.on_hand("GH-0001") == Decimal("-3.000")
    assert t.sync().ok
    assert t.till.stock.on_hand("GH-0001") == Decimal("-3.000")
    assert check_books(world.ctx, world.tenant_id).sales == 3
    assert t.till.check().ok


def test_batches_in_seq_order(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    for _ in range(6):
        t.sell(MILO)
    session = SyncSession(t.till.db, key=t.till.recorder.key, clock=t.clock, http=t.http, batch_size=2)
    report = session.cycle()
    assert report.ok and report.pushed.batches == 4 and report.pushed.acked == 7
    with world.ctx.scope(world.tenant_id) as scope:
        seqs = [e.seq for e in scope.scalars(select(StoredEnvelope).order_by(StoredEnvelope.seq))]
    assert seqs == list(range(1, 8))


def test_credit_balances_are_never_counted_twice(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok

    def credit_sale() -> None:
        t.till.sales.scan(OIL)
        t.till.sales.set_customer(world.customer_id)
        t.till.sales.complete([credit(Money.cedis(38))])

    t.ready()
    credit_sale()
    assert t.sync().ok
    assert t.till.customers.get(world.customer_id).balance == Money.cedis(38)
    credit_sale()
    assert t.sync(push=False, heartbeat=False).ok  # head office has 38; the till adds its own 38
    assert t.till.customers.get(world.customer_id).balance == Money.cedis(76)
    with world.ctx.scope(world.tenant_id) as scope:
        set_credit_limit(world.ctx, scope, ADMIN, world.customer_id, Money.cedis(2000))
    assert t.sync().ok
    customer = t.till.customers.get(world.customer_id)
    assert customer.balance == Money.cedis(76) and customer.credit_limit == Money.cedis(2000)


def test_master_data_changes_arrive(world, live, make_till, testdata: Path):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    other = make_till("other")
    other.enroll(live.url, world.code())
    assert t.till.catalogue.price("GH-0001", "bottle", "retail").price == Money.cedis(38)
    carton = t.till.catalogue.price("GH-0001", "carton", "wholesale").price

    csv = (testdata / "catalogue_sample.csv").read_text()
    changed = csv.replace("GH-0001,6030010001371,Frytol Vegetable Oil 1L,bottle,38.00",
                          "GH-0001,6030010001371,Frytol Vegetable Oil 1L,bottle,40.00")
    assert changed != csv
    with world.ctx.scope(world.tenant_id) as scope:
        import_catalogue(world.ctx, scope, ADMIN, changed)
        add_user(world.ctx, scope, ADMIN, email="kofi@acme.test", name="Kofi Asante", role="user",
                 branch="MAIN", pin="2468", password=None)
        revoke_terminal(world.ctx, scope, ADMIN, other.till.identity.terminal_id, reason="stolen")
    report = t.sync()
    assert report.ok and not report.pulled.full
    assert report.pulled.by_entity.get("price", 0) >= 1 and report.pulled.by_entity["user"] == 1
    assert t.till.catalogue.price("GH-0001", "bottle", "retail").price == Money.cedis(40)
    assert t.till.catalogue.price("GH-0001", "carton", "wholesale").price == carton  # untouched
    assert t.till.auth.login("kofi@acme.test", "2468").name == "Kofi Asante"
    assert t.till.master_data.revoked("terminal", other.till.identity.terminal_id)
    receipt = t.sell(OIL, user="kofi@acme.test", pin="2468")
    assert t.sync().ok
    assert t.till.outbox.held() == () and receipt.endswith("000001")

    # The revoked till is refused, shows why, and is not retried by itself.
    refused = other.sync()
    assert refused.outcome == "refused" and refused.retry == "never" and refused.code == "terminal_revoked"
    state = build_state(other.till.db, other.clock)
    assert state.connection is Connection.REFUSED
    assert state.refused_reason.startswith("Head office has revoked this till")


def test_held_envelopes_are_shown_with_their_reasons(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.till.master_data.upsert_products(
        [ProductRecord("LOCAL-1", "Kenkey (local only)", "ball", "A", Money(300),
                       barcodes=(("2000000000015", "ball"),), prices=(("retail", "ball", Money(500)),))],
        "2026-01-01T00:00:00+00:00",
    )
    t.sell(OIL)
    held_receipt = t.sell("2000000000015")
    report = t.sync()
    assert report.ok and report.backlog == 0 and len(report.pushed.held) == 1
    state = build_state(t.till.db, t.clock)
    assert [(h.kind, h.reference) for h in state.held] == [("sale", held_receipt)]
    assert "LOCAL-1" in state.held[0].reason
    assert t.till.outbox.depth() == 0  # held is acknowledged: never sent again
    assert t.sync().pushed.sent == 0


def test_a_full_pull_replaces_the_catalogue_and_a_reset_starts_over(world, live, make_till, testdata):
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.master_data.upsert_products(
        [ProductRecord("LOCAL-1", "Kenkey", "ball", "A", Money(300), prices=(("retail", "ball", Money(500)),))],
        "2026-01-01T00:00:00+00:00",
    )
    t.enroll(live.url, world.code())
    report = t.sync()
    assert report.pulled.full and report.pulled.retired["products"] == 1
    assert not t.till.catalogue.product("LOCAL-1").active
    first = catalogue_rows(t.till)

    # A big first pull applied in many small transactions gives the same catalogue.
    small = make_till("small")
    small.enroll(live.url, world.code())
    session = SyncSession(small.till.db, key=small.till.recorder.key, clock=small.clock,
                          http=small.http, feed_chunk=40)
    assert session.cycle().ok
    assert catalogue_rows(small.till) == first

    # The server restored from a backup: its feed is behind the till's cursor.
    save_record(t.till.db, feed_cursor="999999")
    report = t.sync()
    assert report.ok and report.pulled.reset and report.pulled.full
    assert catalogue_rows(t.till)["prices"] == first["prices"]


def test_the_heartbeat_reaches_the_dashboard(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    report = t.sync(push=False, pull=False)
    assert report.ok and report.heartbeat.stored_through == 0
    with world.ctx.scope(world.tenant_id) as scope:
        [row] = list_terminals(scope)
    assert row["outbox_depth"] == 2 and row["oldest_unsynced_seconds"] is not None
    assert row["app_version"] == "0.1.0" and row["power_source"] == "mains"
    assert row["printer_status"] == "none"  # this test till has never printed


def test_cash_sale_signed_by_pulled_cashier(world, live, make_till):
    """Users pulled from head office sign in with the PIN head office set."""
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.till.auth.login(CASHIER, CASHIER_PIN)
    t.till.shifts.open(Money.cedis(100))
    t.till.sales.scan(MILO)
    sale = t.till.sales.complete([cash(Money.cedis(100))])
    assert sale.change == Money.cedis(38)
    assert t.sync().ok
    assert check_books(world.ctx, world.tenant_id).gross == Money.cedis(62).pesewas


def test_a_spent_nonce_is_replaced_and_the_request_signed_again(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    session = t.session
    session.client._nonce = "0" * 48  # a nonce the server never issued (or already spent)
    t.sell(OIL)
    report = t.sync()
    assert report.ok and report.pushed.acked == 2


def test_a_suspended_account_is_shown_and_retried_slowly(world, live, make_till, ctx):
    from sync_server.tenants.services import set_tenant_status

    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    t.sell(OIL)
    set_tenant_status(ctx, ADMIN, world.domain, active=False, reason="unpaid invoice")
    report = t.sync()
    assert report.outcome == "refused" and report.retry == "long" and report.code == "tenant_suspended"
    state = build_state(t.till.db, t.clock)
    assert state.connection is Connection.REFUSED
    assert state.refused_reason.startswith("This shop's Bisama account is suspended")
    assert "unpaid invoice" in state.refused_reason and state.backlog == 2
    set_tenant_status(ctx, ADMIN, world.domain, active=True)
    report = t.sync()
    assert report.ok and report.backlog == 0
    state = build_state(t.till.db, t.clock)
    assert state.connection is Connection.ONLINE and state.refused_reason is None
