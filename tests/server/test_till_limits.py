"""The tenant's till limits (issue [8]): head office sets what a cashier may not do alone
(cancel a large cart, close a shift short) and blind close; the feed's tenant entity
carries only the limits set, and a change reaches an enrolled till on its next pull."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.errors import Invalid, NotFound
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
                      "shortage_limit_pesewas": None, "blind_close": False}
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
