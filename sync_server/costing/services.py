"""The tenant's valuation setting (per tenant, the default, or per branch)."""

from __future__ import annotations

from sqlalchemy import select

from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.costing.models import CostMove, CostSettings
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.sync.costs import valuation_of

VALUATIONS = ("tenant", "branch")


def set_valuation(ctx: ServerContext, scope: TenantScope, actor: Actor, valuation: str) -> str:
    """Value stock per ``tenant`` or per ``branch``. Only before any stock has a value:
    the averages of one way cannot be split into the other's."""
    if valuation not in VALUATIONS:
        raise Invalid(f"“{valuation}” is not a way to value stock; use tenant or branch.")
    current = valuation_of(scope)
    if current == valuation:
        return current
    if scope.scalar(select(CostMove.source).limit(1)) is not None:
        raise Refused(f"Stock is already valued per {current}; the valuation can only be "
                      "chosen before the first receipt, sale or opening stock.")
    row = scope.get(CostSettings)
    if row is None:
        scope.add(CostSettings(valuation=valuation))
    else:
        row.valuation = valuation
    scope.flush()
    record(ctx, scope, actor, "costing.valuation_set", subject=valuation)
    return valuation


__all__ = ["VALUATIONS", "set_valuation"]
