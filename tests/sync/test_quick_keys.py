"""The quick-key grid is head office's master data: an enrolled till (catalogue from the
server, never a CSV) gets the pages head office set, in their order, rings a key up
exactly as a scan of that product, and loses a page head office removed — on a normal
pull and on a full one."""

from __future__ import annotations

from decimal import Decimal

from shared.money import Money
from sync_server.catalogue.quick_keys import remove_quick_keys, set_quick_keys
from terminal.sync.record import save_record
from terminal.tenders import cash
from tests.server.books import check_books
from tests.server.conftest import ADMIN


def test_an_enrolled_till_gets_the_grid_head_office_set(world, live, make_till):
    with world.ctx.scope(world.tenant_id) as scope:
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Water", skus=["GH-0036", "GH-0008"])
        set_quick_keys(world.ctx, scope, ADMIN, code="FOOD", name="Kenkey", skus=["GH-0046"], position=0)
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    till = t.ready()
    pages = till.quick_keys.pages()
    assert [(p.code, p.name) for p in pages] == [("FOOD", "Kenkey"), ("WATER", "Water")]
    kenkey = pages[0].keys[0]
    assert (kenkey.sku, kenkey.name, kenkey.unit, kenkey.price) == (
        "GH-0046", "Kenkey (ball)", "piece", Money.parse("5.00"))
    assert [k.sku for k in pages[1].keys] == ["GH-0036", "GH-0008"]

    # A key adds the line a scan of the product's code adds.
    view = till.sales.scan(kenkey.sku)
    by_key = view.lines[-1]
    assert (by_key.sku, by_key.qty, by_key.gross) == ("GH-0046", Decimal(1), Money.parse("5.00"))
    # …and head office takes the sale as it takes a scanned one: nothing held, in the books.
    till.sales.complete([cash(view.total)])
    assert t.sync().ok and till.outbox.held() == ()
    assert check_books(world.ctx, world.tenant_id).sales == 1

    with world.ctx.scope(world.tenant_id) as scope:
        remove_quick_keys(world.ctx, scope, ADMIN, "FOOD")
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Sachet water", skus=["GH-0036"])
    assert t.sync().ok
    assert [(p.name, [k.sku for k in p.keys]) for p in till.quick_keys.pages()] == [
        ("Sachet water", ["GH-0036"])]


def test_a_full_pull_drops_pages_head_office_no_longer_has(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    till = t.ready()
    # A page the till kept from before (head office's database was restored without it).
    with till.db.transaction() as conn:
        conn.execute("INSERT INTO quick_key_pages (code, name, position, skus) "
                     "VALUES ('OLD', 'Old', 1, '[\"GH-0046\"]')")
    assert [p.code for p in till.quick_keys.pages()] == ["OLD"]
    with world.ctx.scope(world.tenant_id) as scope:
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Water", skus=["GH-0036"])
    # Head office's feed is behind the till's cursor (restored from a backup): a full pull.
    save_record(till.db, feed_cursor="999999")
    report = t.sync()
    assert report.ok and report.pulled.full and report.pulled.retired["quick_keys"] == 1
    assert [p.code for p in till.quick_keys.pages()] == ["WATER"]
