"""The tenant's till limits (issue [8]): head office sets what a cashier may not do alone
(cancel a large cart, close a shift short) and blind close; the feed's tenant entity
carries only the limits set, and a change reaches an enrolled till on its next pull."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.errors import Invalid, NotFound
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import set_till_limits
from tests.server.conftest import ADMIN, TillFactory, World


def tenant_changes(changes: list[dict]) -> list[dict]:
    return [c["data"] for c in changes if c["entity"] == "tenant"]


def test_the_feed_carries_only_the_limits_head_office_set(world: World, till: TillFactory) -> None:
    t = till()
    t.cursor = "0"
    (first,) = tenant_changes(t.pull())
    assert first["till_limits"] == {}  # the tills keep their own defaults
    limits = set_till_limits(world.ctx, ADMIN, world.domain, cancel_limit_pesewas=25000,
                             blind_close=False)
    assert limits == {"cancel_limit_pesewas": 25000, "cancel_limit_lines": None,
                      "shortage_limit_pesewas": None, "blind_close": False,
                      "power_low_percent": None, "power_critical_percent": None}
    (changed,) = tenant_changes(t.pull())
    assert changed["till_limits"] == {"cancel_sale_amount": 25000, "blind_close": False}
    set_till_limits(world.ctx, ADMIN, world.domain, shortage_limit_pesewas=500, cancel_limit_lines=20)
    (again,) = tenant_changes(t.pull())
    assert again["till_limits"] == {"cancel_sale_amount": 25000, "cancel_sale_lines": 20,
                                    "shortage_amount": 500, "blind_close": False}
    with world.ctx.scope(world.tenant_id) as scope:
        actions = [a.action for a in scope.scalars(select(ActivityLog).order_by(ActivityLog.at))]
    assert actions.count("tenant.till_limits") == 2


@pytest.mark.parametrize("limits", [{"cancel_limit_pesewas": -1}, {"cancel_limit_lines": True},
                                    {"blind_close": 1}, {"drawer_colour": 3}])
def test_nonsense_limits_are_refused(world: World, limits: dict) -> None:
    with pytest.raises(Invalid):
        set_till_limits(world.ctx, ADMIN, world.domain, **limits)


def test_an_unknown_tenant_is_named(world: World) -> None:
    with pytest.raises(NotFound, match=r"nobody\.test"):
        set_till_limits(world.ctx, ADMIN, "nobody.test", blind_close=True)


def test_the_battery_levels_go_to_the_tills_and_nonsense_changes_nothing(
        world: World, till: TillFactory) -> None:
    t = till()
    t.cursor = "0"
    t.pull()
    limits = set_till_limits(world.ctx, ADMIN, world.domain, power_low_percent=40,
                             power_critical_percent=15)
    assert (limits["power_low_percent"], limits["power_critical_percent"]) == (40, 15)
    (changed,) = tenant_changes(t.pull())
    assert changed["till_limits"] == {"power_low_percent": 40, "power_critical_percent": 15}
    for wrong, words in (({"power_low_percent": 101}, "0 to 100"),
                         ({"power_critical_percent": True}, "0 to 100"),
                         ({"power_critical_percent": 40}, r"critical battery level \(40 %\) must "
                                                          r"be below the low level \(40 %\)"),
                         ({"power_low_percent": 12, "power_critical_percent": 12}, "below")):
        with pytest.raises(Invalid, match=words):
            set_till_limits(world.ctx, ADMIN, world.domain, **wrong)
    assert tenant_changes(t.pull()) == []  # refused: nothing changed, nothing sent
    with world.ctx.scope(world.tenant_id) as scope:
        tenant = scope.scalar(select(Tenant).where(Tenant.id == world.tenant_id))
        assert (tenant.power_low_percent, tenant.power_critical_percent) == (40, 15)
