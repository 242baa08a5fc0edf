"""A tenant's tax profile: the Ghana tax regimes it applies, stored as exact basis
points, and its VAT registration history (from a date on, VAT-registered or not, under
which TIN), turned back into ``shared.tax.TaxProfile`` for pricing checks and the feed.

The registration is editable after onboarding but never overwritten: each change is a
new dated entry (``record_registration``), so every sale is checked against the
registration of its own date — sales before a registration charge no VAT, sales from
it on do — and the tills get the whole history in the feed's ``tax_profile`` entity.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from shared.tax import Registration, TaxProfile, TaxRegime
from shared.tin import TinError
from shared.tin import check_tin as ghana_tin
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import TaxRegimeRow, TaxRegistrationRow, Tenant

_BP = Decimal(10000)


def _bp(rate: Decimal) -> int:
    value = rate * _BP
    if value != value.to_integral_value():
        raise ValueError(f"rate {rate} is finer than a basis point")
    return int(value)


def regime_row(regime: TaxRegime, at: datetime) -> dict[str, object]:
    return {"regime_id": regime.id, "name": regime.name,
            "effective_from": regime.effective_from.isoformat(),
            "effective_to": regime.effective_to.isoformat() if regime.effective_to else None,
            "vat_bp": _bp(regime.vat), "nhil_bp": _bp(regime.nhil),
            "getfund_bp": _bp(regime.getfund), "covid_bp": _bp(regime.covid),
            "vat_on_levies": regime.vat_on_levies, "created_at": at}


def regime_of(row: TaxRegimeRow) -> TaxRegime:
    return TaxRegime(id=row.regime_id, name=row.name,
                     effective_from=date.fromisoformat(row.effective_from),
                     effective_to=(date.fromisoformat(row.effective_to)
                                   if row.effective_to else None),
                     vat=Decimal(row.vat_bp) / _BP, nhil=Decimal(row.nhil_bp) / _BP,
                     getfund=Decimal(row.getfund_bp) / _BP, covid=Decimal(row.covid_bp) / _BP,
                     vat_on_levies=row.vat_on_levies)


def check_tin(tin: str | None) -> str | None:
    try:
        return ghana_tin(tin)
    except TinError as exc:
        raise Invalid(str(exc)) from None


def registration_entries(scope: TenantScope) -> list[TaxRegistrationRow]:
    """Every entry ever recorded, oldest first (the history the dashboard shows)."""
    return scope.scalars(select(TaxRegistrationRow).order_by(TaxRegistrationRow.entry))


def timeline(entries: list[TaxRegistrationRow]) -> tuple[Registration, ...]:
    """The registrations in force, by date: of two entries from the same date, the one
    recorded later (a correction) wins."""
    by_day: dict[str, TaxRegistrationRow] = {}
    for row in sorted(entries, key=lambda r: r.entry):
        by_day[row.effective_from] = row
    return tuple(Registration(date.fromisoformat(day), row.vat_registered, row.tin)
                 for day, row in sorted(by_day.items()))


def load_profile(scope: TenantScope, tenant: Tenant) -> TaxProfile:
    rows = scope.scalars(select(TaxRegimeRow).order_by(TaxRegimeRow.effective_from))
    registrations = timeline(registration_entries(scope))
    # Without a history the tenant row's flag applies on every day; with one, the flat
    # fields are the latest registration (what a till from before the history uses).
    latest = registrations[-1] if registrations else Registration(date.min, tenant.vat_registered,
                                                                   tenant.tin)
    return TaxProfile(regimes=tuple(regime_of(r) for r in rows),
                      vat_registered=latest.vat_registered, tin=latest.tin,
                      registrations=registrations)


def first_registration(scope: TenantScope, *, on: date, vat_registered: bool, tin: str | None,
                       actor: Actor, at: datetime) -> None:
    """The entry onboarding makes (call inside the transaction that creates the tenant)."""
    scope.add(TaxRegistrationRow(entry=1, effective_from=on.isoformat(),
                                 vat_registered=vat_registered, tin=tin, note="onboarding",
                                 recorded_at=at, recorded_by=f"{actor.kind}:{actor.name}"[:254]))


def record_registration(ctx: ServerContext, scope: TenantScope, actor: Actor, *,
                        effective_from: date, vat_registered: bool, tin: str | None = None,
                        note: str | None = None) -> dict[str, Any]:
    """A change of VAT registration (or of TIN) from ``effective_from`` on: a new entry
    in the history; the tills get it on their next pull. It cannot take effect before
    today, because the sales already made were taxed by the registration then in force."""
    today = ctx.clock.now().date()
    if effective_from < today:
        raise Invalid(f"A registration cannot take effect before today ({today.isoformat()}): "
                      "the sales already made were taxed by the registration in force then. "
                      "Choose today or a later date.")
    entries = registration_entries(scope)
    current = timeline(entries)
    tin = check_tin(tin) or (current[-1].tin if current else None)
    if vat_registered and tin is None:
        raise Invalid("A VAT-registered business prints its TIN on every tax invoice: enter "
                      "the TIN from the GRA certificate.")
    entry = int(scope.scalar(select(func.coalesce(func.max(TaxRegistrationRow.entry), 0)))) + 1
    now = ctx.clock.now()
    note = (note or "").strip()[:300] or None
    scope.add(TaxRegistrationRow(entry=entry, effective_from=effective_from.isoformat(),
                                 vat_registered=vat_registered, tin=tin, note=note,
                                 recorded_at=now, recorded_by=f"{actor.kind}:{actor.name}"[:254]))
    scope.flush()
    from sync_server.directory.tenant_row import update_tenant_row

    update_tenant_row(ctx, scope, vat_registered=vat_registered, tin=tin, updated_at=now)
    detail = {"effective_from": effective_from.isoformat(), "vat_registered": vat_registered,
              "tin": tin, "note": note}
    record(ctx, scope, actor, "tax.registration", subject=str(entry), detail=detail)
    record_changes(scope, [Change("tenant", "tenant"), Change("tax_profile", "tenant")])
    return {**detail, "entry": entry,
            "status": "VAT-registered" if vat_registered else "not VAT-registered"}
