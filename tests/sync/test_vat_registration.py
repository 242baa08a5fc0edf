"""A change of VAT registration made at head office after onboarding reaches an
enrolled till through the feed (entity ``tax_profile``, with its history), and the
till's sales on each side of the registration date are priced as head office checks
them: stored, never held."""

from __future__ import annotations

from datetime import timedelta

from shared.money import Money
from sync_server.tenants.tax_profile import record_registration
from tests.server.books import check_books
from tests.server.conftest import ADMIN
from tests.sync.conftest import OIL


def test_a_registration_change_flows_to_the_till(world, live, make_till):
    ctx = world.ctx
    t = make_till()
    t.enroll(live.url, world.code())
    assert t.sync().ok
    today = ctx.clock.now().date()
    with ctx.scope(world.tenant_id) as scope:
        record_registration(ctx, scope, ADMIN, effective_from=today, vat_registered=False,
                            note="deregistered")
        record_registration(ctx, scope, ADMIN, effective_from=today + timedelta(days=1),
                            vat_registered=True, tin="C0004445556")
    report = t.sync()
    assert report.ok and report.pulled.by_entity.get("tax_profile") == 1
    t.till.reload_settings()  # what the till app does when the worker reports a pull
    profile = t.till.settings.profile()
    assert [r.vat_registered for r in profile.registrations] == [False, True]

    t.sell(OIL)
    untaxed = t.till.db.one("SELECT vat, gross FROM sales ORDER BY rowid DESC LIMIT 1")
    assert (untaxed["vat"], untaxed["gross"]) == (0, 3800)
    assert t.sync().ok and t.till.outbox.held() == ()

    # The next day, on a new shift, the same bottle carries VAT, NHIL and GETFund.
    till = t.till
    till.shifts.close({20000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1})
    t.clock.advance(days=1)
    till.shifts.open(Money.cedis(200))
    t.sell(OIL)
    taxed = till.db.one("SELECT vat, nhil, getfund, gross FROM sales ORDER BY rowid DESC LIMIT 1")
    assert tuple(taxed) == (475, 79, 79, 3800)
    report = t.sync()
    assert report.ok and till.outbox.held() == ()
    assert check_books(world.ctx, world.tenant_id).sales == 2
