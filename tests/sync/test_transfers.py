"""Transfers and a van's day made on a real till reach the real server: every envelope is
stored and posted, head office's stock at each location is what the till computed, and
the books still balance."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from sync_server.sales.models import Transfer as TransferRow
from sync_server.stock.models import StockLevel
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.services import add_branch, add_location
from tests.server.books import check_books
from tests.server.conftest import ADMIN
from tests.sync.conftest import MANAGER, MANAGER_PIN


def test_transfers_and_a_van_day_are_booked_at_head_office(world, live, make_till):
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEMA", name="Tema branch")
        add_location(world.ctx, scope, ADMIN, branch="MAIN", code="VAN-1", name="Yaw's van", kind="van")
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    till = t.ready(MANAGER, MANAGER_PIN)
    moves = till.transfers
    sent = moves.transfer_out("TEMA", "SHOP", [("GH-0001", "10")])
    moves.truck_load("VAN-1", [("GH-0005", "12")])
    moves.truck_return("VAN-1", [("GH-0005", "11")])  # one tin short
    moves.transfer_in("01900000-0000-7000-8000-0000000000cd", "TEMA", "SHOP", [("GH-0004", "6", "6")])
    report = t.sync()
    assert report.ok and report.backlog == 0 and report.pushed.acked == 5, report

    with world.ctx.scope(world.tenant_id) as scope:
        envelopes = list(scope.scalars(select(StoredEnvelope).where(StoredEnvelope.kind.in_(
            ("transfer_out", "transfer_in", "truck_load", "truck_return")))))
        assert sorted((e.kind, e.status, e.posting_status) for e in envelopes) == [
            ("transfer_in", "stored", "none"),  # nothing short: no journal
            # Stock valued per tenant (the default, docs/costing.md): the value does not move.
            ("transfer_out", "stored", "none"),
            ("truck_load", "stored", "none"),  # the value stays in the branch
            ("truck_return", "stored", "posted"),  # the missing tin: Dr 5000 / Cr 1200
        ]
        levels = {(s.branch_code, s.location_code, s.sku): s.qty_milli for s in scope.scalars(select(StockLevel))}
        transfers = {row.id: row for row in scope.scalars(select(TransferRow))}
    assert levels[("MAIN", "SHOP", "GH-0001")] == -10_000
    assert levels[("MAIN", "SHOP", "GH-0005")] == -1_000  # 12 out, 11 back
    assert levels.get(("MAIN", "VAN-1", "GH-0005"), 0) == 0  # the van is empty again
    assert levels[("MAIN", "SHOP", "GH-0004")] == 6_000
    assert transfers[sent.transfer_id].kind == "branch" and transfers[sent.transfer_id].sent_envelope_id
    # what the till says it holds is what head office booked
    assert till.transfers.level("SHOP", "GH-0005") == Decimal("-1.000")
    assert till.transfers.level("VAN-1", "GH-0005") == 0
    check_books(world.ctx, world.tenant_id)
    assert t.sync().ok and till.check().ok


def test_a_transfer_received_on_two_tills_moves_its_stock_once(world, live, make_till):
    # The same delivery note typed in on two tills of the receiving branch: head office
    # books the first receipt and holds the second (never drops it), so the stock that
    # arrived is counted once.
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEMA", name="Tema branch")
    note = "01900000-0000-7000-8000-0000000000ef"
    first, second = make_till("first"), make_till("second")
    first.enroll(live.url, world.code(), terminal_code="T01")
    second.enroll(live.url, world.code(), terminal_code="T02")
    for handle in (first, second):
        assert handle.sync().ok
        handle.ready(MANAGER, MANAGER_PIN).transfers.transfer_in(note, "TEMA", "SHOP", [("GH-0004", "6", "6")])
    one = first.sync()
    assert one.ok and one.pushed.acked >= 1 and not one.pushed.held
    two = second.sync()
    assert two.pushed is not None and [reason for _seq, reason in two.pushed.held] != []
    assert "already received" in two.pushed.held[0][1]
    with world.ctx.scope(world.tenant_id) as scope:
        levels = {(s.branch_code, s.location_code, s.sku): s.qty_milli for s in scope.scalars(select(StockLevel))}
        held = [e for e in scope.scalars(select(StoredEnvelope).where(StoredEnvelope.kind == "transfer_in"))
                if e.status == "held"]
    assert levels[("MAIN", "SHOP", "GH-0004")] == 6_000  # once, not twice
    assert len(held) == 1 and held[0].reason_code == "transfer_repeated"
    check_books(world.ctx, world.tenant_id)
