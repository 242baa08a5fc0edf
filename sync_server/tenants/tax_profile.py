"""A tenant's tax profile: the Ghana tax regimes it applies, stored as exact basis
points, and turned back into ``shared.tax.TaxProfile`` for pricing checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from shared.tax import TaxProfile, TaxRegime
from sync_server.db.scope import TenantScope
from sync_server.tenants.models import TaxRegimeRow, Tenant

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


def load_profile(scope: TenantScope, tenant: Tenant) -> TaxProfile:
    rows = scope.scalars(select(TaxRegimeRow).order_by(TaxRegimeRow.effective_from))
    return TaxProfile(regimes=tuple(regime_of(r) for r in rows),
                      vat_registered=tenant.vat_registered, tin=tenant.tin)
