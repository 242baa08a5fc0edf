"""Stock from head office (issue [12] scope 4) on SQLite, PostgreSQL and MariaDB: a
receipt, a transfer (in transit, then received) and adjustments post like the tills'
envelopes, and after each step the valuation equals account 1200 (and what is in
transit equals 1210)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from sync_server.audit.services import Actor
from sync_server.costing.services import set_valuation
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.models import Journal
from sync_server.purchases.bills import add_supplier
from sync_server.stock import office
from sync_server.stock.models import Movement, StockLevel
from sync_server.stock.reorder import reorder_list, set_reorder_level
from sync_server.sync.feed import pull_page
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import add_branch
from tests.books.stock import balances, transfer, valuation_total
from tests.server import conftest as server
from tests.server.conftest import ADMIN, TillFactory, World

live, till = server.live, server.till  # the server suite's live server and toy tills

OIL = "GH-0001"
RICE = "GH-0002"
BOSS = Actor("user", "director@acme.test")
CLERK = Actor("user", "manager@acme.test")
TODAY = date.today().isoformat()


def _level(world: World, branch: str, sku: str) -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        return int(scope.scalar(select(func.coalesce(func.sum(StockLevel.qty_milli), 0)).where(
            StockLevel.branch_code == branch, StockLevel.sku == sku)))


def _check(world: World) -> dict[str, int]:
    """Valuation == 1200 (per branch too) and in transit == 1210; the balances."""
    b = balances(world.ctx, world.tenant_id)
    assert valuation_total(world.ctx, world.tenant_id) == b.get("1200", 0)
    for branch in ("MAIN", "TEM"):
        valuation_total(world.ctx, world.tenant_id, branch)
    with world.ctx.scope(world.tenant_id) as scope:
        transit = office.in_transit(scope)
    assert transit["value_pesewas"] == transit["account_1210_pesewas"] == b.get("1210", 0)
    return b


@pytest.fixture
def shop(world: World) -> World:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        add_supplier(world.ctx, scope, ADMIN, name="Wilmar Ghana", terms_days=30)
    return world


@pytest.mark.parametrize("valuation", ["tenant", "branch"])
def test_receive_transfer_and_adjust_keep_the_valuation_equal_to_1200(shop: World,
                                                                       valuation: str) -> None:
    w = shop
    with w.ctx.scope(w.tenant_id) as scope:
        set_valuation(w.ctx, scope, ADMIN, valuation)
    with w.ctx.scope(w.tenant_id) as scope:
        grn = office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                             document_no="DN-77", day=TODAY,
                             lines=[office.LineIn(OIL, "10", "30.00"),
                                    office.LineIn(RICE, "4", "12.50")])
    assert grn["value"] == "350.00" and grn["status"] == "posted"
    b = _check(w)
    assert b["1200"] == 35000 and b["2000"] == -35000
    assert _level(w, "MAIN", OIL) == 10000
    with w.ctx.scope(w.tenant_id) as scope:  # the same journal a till's receipt posts
        journal = scope.scalar(select(Journal).where(Journal.kind == "stock_receive"))
        assert journal is not None and journal.reference == "DN-77"

    with w.ctx.scope(w.tenant_id) as scope:
        trf = office.send_transfer(w.ctx, scope, BOSS, from_branch="MAIN", to_branch="TEM",
                                   day=TODAY, lines=[office.LineIn(OIL, "4")])
    assert trf["status"] == "in_transit" and trf["value"] == "120.00"
    b = _check(w)
    assert b["1200"] == 23000 and b["1210"] == 12000
    assert _level(w, "MAIN", OIL) == 6000 and _level(w, "TEM", OIL) == 0

    # another manager's branch cannot receive it
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(NotFound):
        office.receive_transfer(w.ctx, scope, CLERK, trf["number"], day=TODAY, branch="MAIN")
    with w.ctx.scope(w.tenant_id) as scope:
        got = office.receive_transfer(w.ctx, scope, CLERK, trf["number"], day=TODAY,
                                      received={OIL: "3"}, branch="TEM")
    assert got["status"] == "received" and got["lines"][0]["received"] == "3"
    b = _check(w)
    assert b["1210"] == 0 and b["1200"] == 32000 and b["5000"] == 3000  # one bottle short
    assert _level(w, "TEM", OIL) == 3000
    # received once
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Refused, match="already received"):
        office.receive_transfer(w.ctx, scope, CLERK, trf["number"], day=TODAY)

    with w.ctx.scope(w.tenant_id) as scope:  # small: posted at once, at the average
        adj = office.adjust(w.ctx, scope, CLERK, branch="MAIN", reason="damaged",
                            day=TODAY, lines=[office.LineIn(OIL, "-1")])
    assert adj["status"] == "posted" and adj["value"] == "-30.00"
    b = _check(w)
    assert b["1200"] == 29000 and _level(w, "MAIN", OIL) == 5000

    with w.ctx.scope(w.tenant_id) as scope:  # above the limit: waits, nothing moves
        office.set_adjust_limit(w.ctx, scope, BOSS, "50.00")
        big = office.adjust(w.ctx, scope, CLERK, branch="MAIN", reason="theft",
                            day=TODAY, lines=[office.LineIn(OIL, "-2")])
    assert big["status"] == "pending"
    assert _check(w)["1200"] == 29000 and _level(w, "MAIN", OIL) == 5000
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Refused, match="second person"):
        office.decide_adjustment(w.ctx, scope, CLERK, big["number"], approve=True)
    with w.ctx.scope(w.tenant_id) as scope:
        done = office.decide_adjustment(w.ctx, scope, BOSS, big["number"], approve=True)
    assert done["status"] == "posted" and done["decided_by"] == "director@acme.test"
    b = _check(w)
    assert b["1200"] == 23000 and _level(w, "MAIN", OIL) == 3000
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Refused, match="already posted"):
        office.decide_adjustment(w.ctx, scope, BOSS, big["number"], approve=False,
                                 reason="no")


def test_posting_is_idempotent_and_bad_input_changes_nothing(shop: World) -> None:
    w = shop
    doc_id = "0190a0a0-0000-7000-8000-000000000001"
    for _ in range(2):  # the form sent twice
        with w.ctx.scope(w.tenant_id) as scope:
            office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                           document_no="DN-1", day=TODAY, doc_id=doc_id,
                           lines=[office.LineIn(OIL, "2", "10.00")])
    # the same delivery note again: refused
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Refused, match="already received"):
        office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                       document_no="DN-1", day=TODAY,
                       lines=[office.LineIn(OIL, "2", "10.00")])
    bad: list[dict[str, Any]] = [dict(lines=[office.LineIn("NOPE", "1", "1.00")]),
           dict(lines=[office.LineIn(OIL, "-1", "1.00")]),
           dict(lines=[office.LineIn(OIL, "1", "x")]),
           dict(lines=[office.LineIn(OIL, "1", "1.00")], day="2026-13-01"),
           dict(lines=[])]
    for case in bad:
        args = {"branch": "MAIN", "supplier": "S", "document_no": "DN-9", "day": TODAY, **case}
        with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Invalid):
            office.receive(w.ctx, scope, BOSS, **args)
    with w.ctx.scope(w.tenant_id) as scope, pytest.raises(Refused, match="not have enough"):
        office.send_transfer(w.ctx, scope, BOSS, from_branch="MAIN", to_branch="TEM",
                             day=TODAY, lines=[office.LineIn(OIL, "3")])
        with pytest.raises(Invalid):
            office.adjust(w.ctx, scope, BOSS, branch="MAIN", reason="lost", day=TODAY,
                          lines=[office.LineIn(OIL, "-1")])
    with w.ctx.scope(w.tenant_id) as scope:
        assert scope.scalar(select(func.count()).select_from(Journal)) == 1
        assert scope.scalar(select(func.count()).select_from(Movement)) == 1
    assert _check(w)["1200"] == 2000


def test_a_receipt_can_enter_its_bill_and_the_tills_get_the_levels(shop: World) -> None:
    w = shop
    with w.ctx.scope(w.tenant_id) as scope:
        before = pull_page(scope, _tenant(scope),
                           "TEM", 0, 5000)["feed_version"]
        grn = office.receive(w.ctx, scope, BOSS, branch="TEM", supplier="Wilmar Ghana",
                             document_no="DN-5", day=TODAY, bill_invoice="INV-5",
                             bill_tax_code="A", lines=[office.LineIn(RICE, "6", "5.00")])
    assert grn["bill"]
    b = _check(w)
    assert b["1200"] == 3000 and b["2000"] == -3000  # billed once: the receipt's 30.00
    with w.ctx.scope(w.tenant_id) as scope:
        tenant = _tenant(scope)
        tem = pull_page(scope, tenant, "TEM", before, 5000)["changes"]
        main = pull_page(scope, tenant, "MAIN", before, 5000)["changes"]
    stock = [c["data"] for c in tem if c["entity"] == "stock"]
    assert stock == [{"branch": "TEM", "location": "SHOP", "sku": RICE, "qty": "6.000"}]
    assert not [c for c in main if c["entity"] == "stock"]  # only TEM's tills


def _tenant(scope: object) -> Tenant:
    from sync_server.tenants.models import Tenant as T

    return scope.scalar(select(T))  # type: ignore[attr-defined, no-any-return]


def test_reorder_list_counts_what_is_on_its_way(shop: World) -> None:
    w = shop
    with w.ctx.scope(w.tenant_id) as scope:
        office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                       document_no="DN-3", day=TODAY, lines=[office.LineIn(OIL, "20", "30.00")])
        office.send_transfer(w.ctx, scope, BOSS, from_branch="MAIN", to_branch="TEM",
                             day=TODAY, lines=[office.LineIn(OIL, "5")])
        set_reorder_level(w.ctx, scope, BOSS, branch="TEM", sku=OIL, level="10", target="24")
        set_reorder_level(w.ctx, scope, BOSS, branch="MAIN", sku=OIL, level="10")
        rows = reorder_list(scope)
        mine = reorder_list(scope, "MAIN")
        with pytest.raises(Invalid):
            set_reorder_level(w.ctx, scope, BOSS, branch="MAIN", sku=OIL, level="10",
                              target="5")
    assert [(r["branch"], r["on_hand"], r["in_transit"], r["suggested"], r["value"])
            for r in rows] == [("TEM", "0", "5", "19", "570.00")]
    assert mine == []  # MAIN has 15, above its level of 10


def test_the_stock_commands_end_to_end(shop: World, database_url: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from tests.server.test_cli import run

    a = ("--db", database_url, "--tenant", shop.domain, "--json")
    code, grn, err = run(capsys, "stock", "receive", *a, "--branch", "MAIN", "--supplier",
                         "Wilmar Ghana", "--delivery-note", "DN-CLI", "--line", f"{OIL}:12:30.00",
                         "--bill", "W-1", "--bill-tax-code", "A")
    assert code == 0 and grn["value"] == "360.00" and grn["bill"], err
    code, trf, err = run(capsys, "stock", "transfer", "send", *a, "--from", "MAIN", "--to",
                         "TEM", "--line", f"{OIL}:2")
    assert code == 0 and trf["status"] == "in_transit", err
    code, transit, _ = run(capsys, "stock", "transfer", "list", *a, "--in-transit")
    assert transit["value"] == transit["account_1210"] == "60.00"
    code, got, err = run(capsys, "stock", "transfer", "receive", trf["number"], *a)
    assert code == 0 and got["status"] == "received", err
    code, _, err = run(capsys, "stock", "transfer", "receive", trf["number"], *a)
    assert code == 2 and "already received" in err
    assert run(capsys, "stock", "adjust", "limit", "10.00", *a)[0] == 0
    code, adj, err = run(capsys, "stock", "adjust", "add", *a, "--branch", "MAIN", "--reason",
                         "expired", "--line", f"{OIL}:-1")
    assert code == 0 and adj["status"] == "pending", err
    code, _, err = run(capsys, "stock", "adjust", "approve", adj["number"], *a)
    assert code == 2 and "second person" in err  # the same operator at the same machine
    code, pending, _ = run(capsys, "stock", "adjust", "list", *a, "--pending")
    assert [p["number"] for p in pending] == [adj["number"]]
    code, _, err = run(capsys, "stock", "adjust", "reject", adj["number"], *a, "--reason", "x")
    assert code == 2 and "second person" in err
    assert run(capsys, "stock", "reorder", "set", *a, "--branch", "TEM", "--sku", OIL,
               "--level", "5")[0] == 0
    code, rows, _ = run(capsys, "stock", "reorder", "list", *a)
    assert [(r["branch"], r["on_hand"], r["suggested"]) for r in rows] == [("TEM", "2", "8")]
    _check(shop)


def test_a_till_at_the_receiving_branch_receives_head_offices_transfer(
        shop: World, till: TillFactory) -> None:
    w = shop
    with w.ctx.scope(w.tenant_id) as scope:
        office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                       document_no="DN-8", day=TODAY, lines=[office.LineIn(OIL, "10", "30.00")])
        trf = office.send_transfer(w.ctx, scope, BOSS, from_branch="MAIN", to_branch="TEM",
                                   day=TODAY, lines=[office.LineIn(OIL, "4")])
    tema = till("TEM")
    tema.pull()
    # the delivery note's transfer number is the transfer's id: 3 of 4 arrived
    transfer(tema, "transfer_in", trf["id"], OIL, "3", from_branch="MAIN", to_branch="TEM",
             expected="4")
    results = [r for b in tema.push() for r in b["results"]]
    assert [r["status"] for r in results] == ["stored"], results
    b = _check(w)
    assert b.get("1210", 0) == 0 and b["1200"] == 27000 and b["5000"] == 3000
    assert _level(w, "TEM", OIL) == 3000
    with w.ctx.scope(w.tenant_id) as scope:
        shown = office.show_document(scope, trf["number"])
        assert shown["status"] == "received" and shown["lines"][0]["received"] == "3"
        with pytest.raises(Refused, match="already received"):
            office.receive_transfer(w.ctx, scope, BOSS, trf["number"], day=TODAY)
    # a second till's receipt of it is held, not counted twice
    other = till("TEM")
    transfer(other, "transfer_in", trf["id"], OIL, "4", from_branch="MAIN", to_branch="TEM",
             expected="4")
    results = [r for b in other.push() for r in b["results"]]
    assert [r["status"] for r in results] == ["held"], results
    assert _level(w, "TEM", OIL) == 3000
    _check(w)


def test_the_month_end_checklist_shows_goods_in_transit(shop: World) -> None:
    from sync_server.closing.checklist import build_checklist

    w = shop
    with w.ctx.scope(w.tenant_id) as scope:
        office.receive(w.ctx, scope, BOSS, branch="MAIN", supplier="Wilmar Ghana",
                       document_no="DN-M", day=TODAY, lines=[office.LineIn(OIL, "5", "30.00")])
        trf = office.send_transfer(w.ctx, scope, BOSS, from_branch="MAIN", to_branch="TEM",
                                   day=TODAY, lines=[office.LineIn(OIL, "2")])
        check = {c.key: c for c in build_checklist(scope, TODAY[:7], date.today()).checks}
        assert not check["transfers"].ok and check["transfers"].passes  # shown, not blocking
        assert "60.00, 1210 60.00" in check["transfers"].figure
        assert check["transfers"].rows[0]["number"] == trf["number"]
        office.receive_transfer(w.ctx, scope, BOSS, trf["number"], day=TODAY)
        check = {c.key: c for c in build_checklist(scope, TODAY[:7], date.today()).checks}
        assert check["transfers"].ok
