"""Head office's till limits reach a real till with its next pull and change what a
cashier may do alone there (issue [8])."""

from __future__ import annotations

import pytest

from shared.money import Money
from sync_server.tenants.services import set_till_limits
from terminal.errors import ApprovalNeeded
from tests.server.conftest import ADMIN
from tests.sync.conftest import OIL


def test_the_tenant_limits_arrive_with_the_pull(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    settings = t.till.reload_settings()
    assert settings.blind_close and settings.cancel_approval_pesewas == 10000  # the till's defaults
    set_till_limits(world.ctx, ADMIN, world.domain, cancel_limit_pesewas=3000, blind_close=False)
    assert t.sync(push=False, heartbeat=False).ok
    settings = t.till.reload_settings()
    assert settings.cancel_approval_pesewas == 3000 and not settings.blind_close
    assert settings.cancel_approval_lines == 10  # not set at head office: the till's default
    t.ready()
    t.till.sales.scan(OIL)  # 38.00, over the tenant's GH₵ 30.00
    with pytest.raises(ApprovalNeeded):
        t.till.sales.cancel()
    assert t.till.sales.view().total == Money.cedis(38)


def test_the_tenant_battery_levels_arrive_with_the_pull(world, live, make_till):
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    settings = t.till.reload_settings()
    assert (settings.power_low_percent, settings.power_critical_percent) == (25, 10)
    set_till_limits(world.ctx, ADMIN, world.domain, power_low_percent=50, power_critical_percent=20)
    assert t.sync(push=False, heartbeat=False).ok
    settings = t.till.reload_settings()
    assert (settings.power_low_percent, settings.power_critical_percent) == (50, 20)
