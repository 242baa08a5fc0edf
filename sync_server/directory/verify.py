"""Is the tenant on the target the same as on the source? Checked inside the freeze of a
tenant move, before the placement switches (docs/architecture.md, "Moving a tenant").

Three comparisons, each cheap enough to run while the tenant's tills wait:

* the tenant's row count in every tenant-owned table;
* the trial balance per fiscal period: the debit and credit sums of every account of the
  period (a row lost or doubled in ``acc_postings`` changes a sum, and the counts alone
  would miss a row changed in place);
* every till's chain head, the ``terminals`` row's ``head_seq`` and ``head_hash`` — what
  the next push of that till is checked against.

The move refuses to switch when anything differs; the report says what.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, literal, select, union_all

from sync_server.db.base import Base, TenantOwned
from sync_server.db.models import Base as _AllModels  # noqa: F401  (every table registered)
from sync_server.ledger.models import Posting
from sync_server.terminals.models import Terminal


def tenant_tables() -> list[Table]:
    """Every tenant-owned table, parents before children (the order a copy needs)."""
    owned = {mapper.local_table for mapper in Base.registry.mappers
             if issubclass(mapper.class_, TenantOwned)}
    return [t for t in Base.metadata.sorted_tables if t in owned]


@dataclass(frozen=True)
class Difference:
    what: str  # "count", "trial balance", "chain head"
    where: str  # a table, "2026-05 1000", a terminal id
    source: object
    target: object

    def __str__(self) -> str:
        return f"{self.what} of {self.where}: source {self.source}, target {self.target}"


@dataclass(frozen=True)
class Verification:
    tenant_id: int
    counts: dict[str, int] = field(default_factory=dict)  # the source's
    periods: int = 0
    tills: int = 0
    differences: tuple[Difference, ...] = ()

    @property
    def equal(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        rows = sum(self.counts.values())
        head = (f"{rows} rows in {len(self.counts)} tables, {self.periods} periods, "
                f"{self.tills} till chain heads")
        if self.equal:
            return f"equal: {head}"
        listed = "; ".join(str(d) for d in self.differences[:10])
        more = len(self.differences) - 10
        return f"DIFFERENT ({len(self.differences)}): {listed}" + (
            f"; and {more} more" if more > 0 else "")


def _counts(conn: Connection, tenant_id: int) -> dict[str, int]:
    """Every table's count in one statement (one round trip, not one per table: this
    runs inside the freeze)."""
    parts = [select(literal(t.name).label("t"), func.count().label("n")).select_from(t)
             .where(t.c.tenant_id == tenant_id) for t in tenant_tables()]
    return {str(row[0]): int(row[1]) for row in conn.execute(union_all(*parts))}


def _trial_balance(conn: Connection, tenant_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    p = Posting.__table__
    rows = conn.execute(select(p.c.fiscal_period, p.c.account_code,
                               func.coalesce(func.sum(p.c.debit), 0),
                               func.coalesce(func.sum(p.c.credit), 0))
                        .where(p.c.tenant_id == tenant_id)
                        .group_by(p.c.fiscal_period, p.c.account_code))
    return {(r[0], r[1]): (int(r[2]), int(r[3])) for r in rows}


def _heads(conn: Connection, tenant_id: int) -> dict[str, tuple[int, str | None]]:
    t = Terminal.__table__
    rows = conn.execute(select(t.c.id, t.c.head_seq, t.c.head_hash)
                        .where(t.c.tenant_id == tenant_id))
    return {str(r[0]): (int(r[1] or 0), r[2]) for r in rows}


def _compare(what: str, source: Mapping[Any, object],
             target: Mapping[Any, object]) -> list[Difference]:
    return [Difference(what, " ".join(k) if isinstance(k, tuple) else str(k),
                       source.get(k), target.get(k))
            for k in sorted(set(source) | set(target), key=str)
            if source.get(k) != target.get(k)]


def _read(conn: Connection, tenant_id: int) -> tuple[dict[str, int], dict[Any, Any],
                                                       dict[str, tuple[int, str | None]]]:
    return _counts(conn, tenant_id), _trial_balance(conn, tenant_id), _heads(conn, tenant_id)


def compare(source: Connection, target: Connection, tenant_id: int) -> Verification:
    """Compare on two open connections (the move's, inside its freeze); the two sides are
    read at once, the target's in a thread."""
    with ThreadPoolExecutor(1) as pool:
        there = pool.submit(_read, target, tenant_id)
        counts, balance, heads = _read(source, tenant_id)
        t_counts, t_balance, t_heads = there.result()
    differences = [
        *_compare("count", counts, t_counts),
        *_compare("trial balance", balance, t_balance),
        *_compare("chain head", heads, t_heads),
    ]
    return Verification(tenant_id, counts, len({p for p, _a in balance}), len(heads),
                        tuple(differences))


def verify(source: Engine, target: Engine, tenant_id: int) -> Verification:
    """Compare the tenant's rows on two databases, each read in one transaction."""
    with source.connect() as s, target.connect() as t:
        return compare(s, t, tenant_id)
