"""A chart of accounts that grows, on every database: accounts added under a type,
renamed, switched off only at a zero balance and never when the tills post to them,
deleted only while nothing was posted; reports classify them by the tenant's own type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from shared.journals import make_line
from sync_server.audit.models import ActivityLog
from sync_server.books.chart import (
    add_account,
    chart,
    deactivate_account,
    delete_account,
    reactivate_account,
    rename_account,
)
from sync_server.books.journals import approve_journal, draft_journal
from sync_server.errors import AlreadyExists, Invalid, NotFound, Refused
from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
from tests.books.people import ABENA, KOJO, add_directors
from tests.server.conftest import ADMIN, World


def act(world: World, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    with world.ctx.scope(world.tenant_id) as scope:
        return fn(world.ctx, scope, ADMIN, *args, **kw)


def post(world: World, *lines: tuple[str, str, str], day: str = "2026-03-15") -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        made = draft_journal(world.ctx, scope, ADMIN, by=ABENA, entry_date=day, branch="MAIN",
                             memo="test", lines=[make_line(a, d, c, "MAIN") for a, d, c in lines])
    act(world, approve_journal, made["number"], by=KOJO)


def listed(world: World) -> dict[str, dict[str, Any]]:
    with world.ctx.scope(world.tenant_id) as scope:
        return {line.code: line.to_json() for line in chart(scope)}


def test_accounts_are_added_under_a_type_and_renamed(world: World) -> None:
    act(world, add_account, code="1011", name="Ecobank current", type="asset")
    act(world, add_account, code="1020-mtn", name="MTN MoMo wallet", type="asset")
    act(world, add_account, code="6020", name="Electricity", type="expense")
    act(world, add_account, code="3200")  # one the system knows, by its code alone
    with pytest.raises(AlreadyExists, match="1011 is already"):
        act(world, add_account, code="1011", name="Again", type="asset")
    with pytest.raises(Invalid, match="not an account code"):
        act(world, add_account, code="10A", name="Bad", type="asset")
    with pytest.raises(Invalid, match="type"):
        act(world, add_account, code="6030", name="Water", type="cost")
    with pytest.raises(Invalid, match="name"):
        act(world, add_account, code="6030", name="  ", type="expense")
    with pytest.raises(Invalid, match="Opening Balance Equity"):
        act(world, add_account, code="3200", name="Mine", type="asset")
    act(world, rename_account, "6020", "Electricity (ECG prepaid)")
    with pytest.raises(NotFound):
        act(world, rename_account, "6999", "Nothing")
    rows = listed(world)
    assert len(rows) == 17 + 4
    assert rows["1020-MTN"]["type"] == "asset" and rows["6020"]["name"] == "Electricity (ECG prepaid)"
    assert rows["3200"]["name"] == "Opening Balance Equity" and not rows["3200"]["default"]
    assert rows["1000"]["default"] and rows["1000"]["balance"] == "0.00"
    with world.ctx.scope(world.tenant_id) as scope:
        actions = [a.action for a in scope.scalars(select(ActivityLog)
                                                   .where(ActivityLog.action.like("account.%")))]
    assert sorted(actions) == ["account.add"] * 4 + ["account.rename"]


def test_switching_off_and_deleting_follow_the_rules(world: World) -> None:
    add_directors(world)
    act(world, add_account, code="1011", name="Ecobank current", type="asset")
    act(world, add_account, code="1012", name="GCB savings", type="asset")
    act(world, add_account, code="6010", name="Rent", type="expense")
    with pytest.raises(Refused, match="would fail to post"):
        act(world, deactivate_account, "1000")
    with pytest.raises(Refused, match="cannot be deleted"):
        act(world, delete_account, "6000")
    post(world, ("1011", "500.00", ""), ("3000", "", "500.00"))
    with pytest.raises(Refused, match=r"still holds GH₵ 500\.00 \(debit\)"):
        act(world, deactivate_account, "1011")
    post(world, ("1012", "500.00", ""), ("1011", "", "500.00"))  # moved to the savings account
    act(world, deactivate_account, "1011")
    assert listed(world)["1011"]["status"] == "inactive"
    with pytest.raises(Refused, match="switched off"):
        post(world, ("1011", "1.00", ""), ("3000", "", "1.00"))
    with pytest.raises(Refused, match="2 posting"):
        act(world, delete_account, "1011")
    act(world, reactivate_account, "1011")
    with pytest.raises(Refused, match="already in use"):
        act(world, reactivate_account, "1011")
    assert act(world, delete_account, "6010")["status"] == "deleted"
    assert "6010" not in listed(world)
    with pytest.raises(NotFound):
        act(world, deactivate_account, "6010")


def test_reports_classify_added_accounts_by_the_tenants_own_type(world: World) -> None:
    add_directors(world)
    # Codes that say nothing of their type: only the chart does.
    act(world, add_account, code="1500", name="Director's loan", type="liability")
    act(world, add_account, code="7000", name="Interest earned", type="revenue")
    act(world, add_account, code="4900", name="Generator fuel", type="expense")
    act(world, add_account, code="4950", name="Discounts allowed", type="revenue", contra=True)
    post(world, ("1010", "2,000.00", ""), ("1500", "", "2,000.00"))
    post(world, ("1010", "30.00", ""), ("7000", "", "30.00"))
    post(world, ("4900", "120.00", ""), ("1010", "", "120.00"))
    post(world, ("4950", "10.00", ""), ("1010", "", "10.00"))
    with world.ctx.scope(world.tenant_id) as scope:
        assert trial_balance(scope).balanced
        pnl = profit_and_loss(scope, first="2026-03", last="2026-03")
        sheet = balance_sheet(scope, period="2026-03")
    assert (pnl["sales"], pnl["returns_and_discounts"], pnl["net_sales"]) == (
        "30.00", "10.00", "20.00")
    assert [e for e in pnl["expenses"] if e["amount"] != "0.00"] == [{"code": "4900", "name": "Generator fuel", "amount": "120.00"}]
    assert pnl["net_profit"] == "-100.00"
    assert {"code": "1500", "name": "Director's loan", "amount": "2000.00"} in sheet["liabilities"]
    assert all(item["code"] != "1500" for item in sheet["assets"])
    assert (sheet["total_assets"], sheet["total_liabilities"], sheet["current_earnings"]) == (
        "1900.00", "2000.00", "-100.00")
    assert sheet["balanced"]
