"""PAYE and SSNIT rates as effective-dated settings (the seed's "App Settings → PAYE/SSNIT").

The built-in sets (``shared.payroll.RATE_SETS``: 2023, 2024, 2026, with their sources)
apply to every tenant. When GRA or SSNIT change a rate before a release carries it, a
director records a set **from a date** (never before a month already posted); a
recorded set for the same date as a built-in one replaces it for this tenant. Sets are
never edited or deleted: a later date supersedes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import Money
from shared.payroll import (
    RATE_SETS,
    Band,
    RateSet,
    bands_text,
    month_end,
    parse_bands,
    rates_for,
    rates_json,
)
from sync_server.audit.services import Actor, record
from sync_server.books.journals import Person, check_day
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.payroll.models import PayRateSet, PayRun


def _row_set(row: PayRateSet) -> RateSet:
    bands = tuple(Band(None if w is None else Money(int(w)), int(r))
                  for w, r in json.loads(row.bands))
    return RateSet(row.effective, bands, Money(row.max_insurable),
                   employee_ssnit_bp=row.employee_ssnit_bp,
                   employer_ssnit_bp=row.employer_ssnit_bp, tier2_bp=row.tier2_bp,
                   source=f"recorded for this business: {row.source}")


def tenant_sets(scope: TenantScope) -> tuple[RateSet, ...]:
    mine = {r.effective: _row_set(r) for r in scope.scalars(select(PayRateSet))}
    built_in = {s.effective: s for s in RATE_SETS}
    return tuple({**built_in, **mine}.values())


def rates_on(scope: TenantScope, day: str) -> RateSet:
    try:
        return rates_for(day, tenant_sets(scope))
    except BisamaError as exc:
        raise Invalid(str(exc)) from None


def _percent(text: str | None, what: str, default: int) -> int:
    from decimal import Decimal, InvalidOperation

    if text in (None, ""):
        return default
    try:
        value = Decimal(str(text).strip().rstrip("%").strip())
    except InvalidOperation:
        raise Invalid(f"The {what} “{text}” is not a per cent rate.") from None
    if not value.is_finite() or not 0 <= value <= 100 or value * 100 != int(value * 100):
        raise Invalid(f"The {what} is 0 to 100 per cent, at most two decimals.")
    return int(value * 100)


def add_rate_set(ctx: ServerContext, scope: TenantScope, actor: Actor, *, by: Person,
                 effective: str, bands: str, max_insurable: str, source: str,
                 employee: str | None = None, employer: str | None = None,
                 tier2: str | None = None) -> dict[str, Any]:
    if by.role != "director":
        raise Refused("Only a director records PAYE and SSNIT rates.")
    day = check_day(effective, "date the rates apply from")
    try:
        parsed = parse_bands(bands)
        cap = Money.parse(max_insurable or "")
    except BisamaError as exc:
        raise Invalid(str(exc)) from None
    if cap.pesewas <= 0 or cap.pesewas > Money.cedis(10_000_000).pesewas:
        raise Invalid("The maximum insurable earnings are a monthly amount above 0.00.")
    text = " ".join((source or "").split())
    if not text or len(text) > 250:
        raise Invalid("Say where the rates come from (e.g. “GRA notice of 2 January 2027”), "
                      "at most 250 characters.")
    emp, er = _percent(employee, "employee's SSNIT", 550), _percent(employer, "employer's SSNIT", 1300)
    t2 = _percent(tier2, "tier 2 share", 500)
    if t2 > emp + er:
        raise Invalid("Tier 2 cannot be more than the employee's and employer's shares together.")
    posted = [r.month for r in scope.scalars(select(PayRun).where(PayRun.status.in_(
        ("approved", "posted")))) if month_end(r.month) >= day]
    if posted:
        raise Refused(f"The {max(posted)} payroll is already approved or posted; new rates "
                      "start after it.")
    if scope.get(PayRateSet, day) is not None:
        raise Refused(f"Rates from {day} are already recorded; record the change from a later "
                      "date.")
    scope.add(PayRateSet(effective=day, bands=json.dumps(
        [[None if b.width is None else b.width.pesewas, b.rate_bp] for b in parsed]),
        employee_ssnit_bp=emp, employer_ssnit_bp=er, tier2_bp=t2, max_insurable=cap.pesewas,
        source=text, created_by=by.email, created_at=ctx.clock.now()))
    scope.flush()
    record(ctx, scope, actor, "payroll.rates_recorded", subject=day,
           detail={"bands": bands_text(parsed), "max_insurable": cap.pesewas,
                   "employee_bp": emp, "employer_bp": er, "tier2_bp": t2, "source": text})
    return rates_json(rates_on(scope, day))


def list_rate_sets(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"effective": s.effective, "bands": bands_text(s.bands),
             "max_insurable": str(s.max_insurable), "source": s.source}
            for s in sorted(tenant_sets(scope), key=lambda s: s.effective, reverse=True)]


__all__ = ["add_rate_set", "list_rate_sets", "rates_on", "tenant_sets"]
