"""A tenant's VAT registration is effective-dated (all three databases): a change made
after onboarding is a new entry from its date, the history is kept, the feed carries
it, and each sale is checked against the registration of its own date — no VAT, NHIL
or GETFund before a registration, all three from it on. A till that ignores the
history is held, not stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.money import Money
from shared.tax import TaxProfile
from sync_server.errors import Invalid
from sync_server.tenants.services import create_tenant, require_tenant
from sync_server.tenants.tax_profile import (
    load_profile,
    record_registration,
    registration_entries,
)
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World


def test_each_sale_is_taxed_by_the_registration_of_its_date(world: World,
                                                            till: TillFactory) -> None:
    ctx = world.ctx
    today = ctx.clock.now().date()
    tomorrow = today + timedelta(days=1)
    with ctx.scope(world.tenant_id) as scope:
        # Onboarded as VAT-registered by mistake: corrected the same day, and the GRA
        # certificate takes effect tomorrow.
        record_registration(ctx, scope, ADMIN, effective_from=today, vat_registered=False,
                            note="not registered yet")
        record_registration(ctx, scope, ADMIN, effective_from=tomorrow, vat_registered=True,
                            tin="C0009990001")
    t = till()
    assert t.profile.vat_registered_on(today) is False
    before = t.sell([("GH-0001", 2)], business_date=today.isoformat()).typed_payload()
    # The sale's own time decides its registration, as it decides its tax regime.
    t.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    after = t.sell([("GH-0001", 2)], business_date=tomorrow.isoformat()).typed_payload()
    t.clock = lambda: datetime.now(UTC)
    assert before.totals.gross == after.totals.gross == Money.cedis(76)  # shelf price kept
    assert (before.totals.vat, before.totals.nhil, before.totals.getfund) == (
        Money.ZERO, Money.ZERO, Money.ZERO)
    assert before.totals.net == Money.cedis(76)
    assert (after.totals.vat, after.totals.nhil, after.totals.getfund) == (
        Money.parse("9.50"), Money.parse("1.58"), Money.parse("1.58"))
    assert [r["status"] for r in t.push()[-1]["results"]] == ["stored", "stored"]
    check_books(ctx, world.tenant_id, [t])

    # A till that charges VAT on a day the tenant is not registered is held.
    t.profile = TaxProfile(vat_registered=True)
    t.sell([("GH-0001", 1)], business_date=today.isoformat())
    result = t.push()[-1]["results"][0]
    assert (result["status"], result["reason_code"]) == ("held", "totals_mismatch")

    tenant = require_tenant(ctx, world.domain)
    with ctx.scope(world.tenant_id) as scope:
        entries = [(e.entry, e.effective_from, e.vat_registered, e.tin)
                   for e in registration_entries(scope)]
        profile = load_profile(scope, tenant)
    assert entries == [(1, today.isoformat(), True, "C0001234567"),
                       (2, today.isoformat(), False, "C0001234567"),
                       (3, tomorrow.isoformat(), True, "C0009990001")]  # nothing overwritten
    assert [(r.effective_from, r.vat_registered) for r in profile.registrations] == [
        (today, False), (tomorrow, True)]
    assert (tenant.vat_registered, tenant.tin) == (True, "C0009990001")


def test_a_registration_cannot_be_backdated_or_lack_a_tin(ctx) -> None:
    info = create_tenant(ctx, ADMIN, name="Corner Shop", domain="corner.test",
                         vat_registered=False)
    today = ctx.clock.now().date()
    tenant = require_tenant(ctx, "corner.test")
    with ctx.scope(info.id) as scope:
        profile = load_profile(scope, tenant)
        assert profile.vat_registered_on(today) is False and profile.tin is None
        with pytest.raises(Invalid, match="before today"):
            record_registration(ctx, scope, ADMIN, effective_from=today - timedelta(days=1),
                                vat_registered=True, tin="C0005550001")
        with pytest.raises(Invalid, match="TIN"):
            record_registration(ctx, scope, ADMIN, effective_from=today, vat_registered=True)
        with pytest.raises(Invalid, match="not a Ghana TIN"):
            record_registration(ctx, scope, ADMIN, effective_from=today, vat_registered=True,
                                tin="12")
