"""The month-end checklist (the seed's "Monthly Financial Close Procedure", phases 1–4),
each check with its figure. A month closes only when every check passes or, for the two a
director may waive (a till not heard from, a held envelope), is waived with a reason.

Checks, in the order the seed walks them:

1. ``ended`` — the month has ended (no closing December on 6 December).
2. ``in_order`` — every earlier month is closed.
3. ``tills`` — every active till has been heard from since the month ended and has synced
   all it holds (its last heartbeat's seq is what the server has, or what it still holds
   was sold after the month ended). Waivable per till.
4. ``held`` — no held envelope dated in the month. Waivable per envelope.
5. ``unposted`` — nothing dated in the month waits to be posted.
6. ``trial_balance`` — debits equal credits up to the month.
7. ``tax`` — the tax reconciliation's differences are explained item by item.
8. ``receivables`` — the customers' open invoices less unapplied payments at the month's
   end (the AR ageing) equal Accounts Receivable (1100).
9. ``stock`` — the stock valuation at average cost at the month's end equals Inventory
   (1200); product lines valued below zero (sold ahead of receipts) are listed.
10. ``payables`` — supplier balances (open bills and goods received not billed) at the
   month's end equal Accounts Payable (2000).
11. ``open_shifts`` — shifts opened in the month and not closed (listed; not a gate).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.money import Money
from sync_server.closing.models import PeriodWaiver
from sync_server.closing.taxes import explained_reconciliation
from sync_server.costing.valuation import stock_valuation
from sync_server.db.scope import TenantScope
from sync_server.periods.models import FiscalPeriod
from sync_server.periods.services import bounds
from sync_server.purchases.reports import ap_ageing
from sync_server.receivables.ledger import ageing as ar_ageing
from sync_server.reports.ledger import trial_balance
from sync_server.sales.models import Shift
from sync_server.sync.models import StoredEnvelope
from sync_server.terminals.models import Heartbeat, Terminal


@dataclass
class Check:
    key: str
    title: str
    ok: bool
    figure: str
    waivable: bool = False
    rows: list[dict[str, Any]] = field(default_factory=list)
    gate: bool = True  # False: shown, never blocks

    @property
    def passes(self) -> bool:
        """Passes, or every failing row is waived."""
        if self.ok or not self.gate:
            return True
        return self.waivable and bool(self.rows) and all(r.get("waived") for r in self.rows)


@dataclass
class Checklist:
    period: str
    as_of: str
    checks: list[Check]

    @property
    def ready(self) -> bool:
        return all(c.passes for c in self.checks)

    def blocking(self) -> list[Check]:
        return [c for c in self.checks if not c.passes]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "as_of": self.as_of, "ready": self.ready,
                "checks": [{**asdict(c), "passes": c.passes} for c in self.checks]}


def _money(pesewas: int) -> str:
    return str(Money(pesewas))


def _waivers(scope: TenantScope, period: str) -> dict[tuple[str, str], PeriodWaiver]:
    return {(w.kind, w.subject): w for w in scope.scalars(
        select(PeriodWaiver).where(PeriodWaiver.period == period))}


def _tills(scope: TenantScope, ends: str, waivers: dict[tuple[str, str], PeriodWaiver]) -> Check:
    after = datetime.fromisoformat(ends) + timedelta(days=1)  # midnight after the month (GMT)
    beats = {h.terminal_id: h for h in scope.scalars(select(Heartbeat))}
    rows = []
    for t in scope.scalars(select(Terminal).where(Terminal.status == "active")
                           .order_by(Terminal.branch_code, Terminal.name)):
        beat = beats.get(t.id)
        seen = max([d for d in (t.last_seen_at, t.last_push_at, beat.received_at if beat else None)
                    if d is not None], default=None)
        heard = seen is not None and seen.replace(tzinfo=None) >= after
        synced = False
        if heard and beat is not None:
            holds_nothing_old = (beat.outbox_depth == 0 or (
                beat.oldest_unsynced_seconds is not None and
                beat.received_at.replace(tzinfo=None)
                - timedelta(seconds=beat.oldest_unsynced_seconds) >= after))
            synced = (beat.last_seq is None or beat.last_seq <= t.head_seq) or holds_nothing_old
        elif heard:
            synced = True  # pushed after the month ended, nothing says it holds more
        if heard and synced:
            continue
        why = ("not heard from since the month ended" if not heard else
               f"still holds {beat.outbox_depth if beat else '?'} unsynced transaction(s) "
               "that may be from the month")
        waiver = waivers.get(("till", t.id))
        rows.append({"subject": t.id, "till": t.name, "branch": t.branch_code,
                     "last_seen": seen.isoformat(timespec="minutes") if seen else "never",
                     "why": why, "waived": waiver is not None,
                     "waiver": waiver.reason if waiver else None})
    return Check("tills", "Every till has synced what it sold in the month", not rows,
                 f"{len(rows)} till(s) not synced" if rows else "all tills synced",
                 waivable=True, rows=rows)


def _held(scope: TenantScope, first: str, last: str,
          waivers: dict[tuple[str, str], PeriodWaiver]) -> Check:
    rows = []
    for e in scope.scalars(select(StoredEnvelope).where(
            StoredEnvelope.status == "held", StoredEnvelope.business_date >= first,
            StoredEnvelope.business_date <= last).order_by(StoredEnvelope.business_date)):
        subject = f"{e.terminal_id}:{e.seq}"
        waiver = waivers.get(("held", subject))
        rows.append({"subject": subject, "kind": e.kind, "date": e.business_date,
                     "reason": e.reason_code, "why": e.reason, "waived": waiver is not None,
                     "waiver": waiver.reason if waiver else None})
    return Check("held", "No held transaction dated in the month", not rows,
                 f"{len(rows)} held" if rows else "none held", waivable=True, rows=rows)


def build_checklist(scope: TenantScope, period: str, today: date) -> Checklist:
    first, last = bounds(period)
    waivers = _waivers(scope, period)
    checks: list[Check] = []
    ended = today > date.fromisoformat(last)
    checks.append(Check("ended", "The month has ended", ended,
                        f"ends {last}; today is {today.isoformat()}"))
    earlier = scope.scalars(select(FiscalPeriod.period).where(
        FiscalPeriod.period < period, FiscalPeriod.status != "closed").order_by(FiscalPeriod.period))
    checks.append(Check("in_order", "Every earlier month is closed", not earlier,
                        "open: " + ", ".join(earlier) if earlier else "all earlier months closed",
                        rows=[{"period": p} for p in earlier]))
    checks.append(_tills(scope, last, waivers))
    checks.append(_held(scope, first, last, waivers))
    waiting = scope.scalars(select(StoredEnvelope).where(
        StoredEnvelope.posting_status.in_(("pending", "failed")), StoredEnvelope.fork_no == 0,
        StoredEnvelope.business_date >= first, StoredEnvelope.business_date <= last))
    checks.append(Check("unposted", "Nothing dated in the month waits to be posted", not waiting,
                        f"{len(waiting)} waiting" if waiting else "all posted",
                        rows=[{"kind": e.kind, "date": e.business_date, "seq": e.seq,
                               "error": e.posting_error} for e in waiting[:50]]))
    tb = trial_balance(scope, period=period)
    checks.append(Check("trial_balance", "Trial balance: debits equal credits", tb.balanced,
                        f"debits {tb.total_debit}, credits {tb.total_credit}"))
    tax = explained_reconciliation(scope, period)
    checks.append(Check(
        "tax", "Tax reconciliation: every difference explained", tax["explained"],
        "; ".join(f"{r['tax']} posted {_money(r['posted'])} vs {_money(r['net'])} on sales, "
                  f"difference {_money(r['difference'])}, unexplained {_money(r['unexplained'])}"
                  for r in tax["rows"]),
        rows=[{"why": i["why"], "reference": i["reference"], "date": i["date"],
               **{k: _money(v) for k, v in i["taxes"].items() if v}} for i in tax["items"]]))
    aged = ar_ageing(scope, as_of=date.fromisoformat(last))
    checks.append(Check("receivables", "Customer balances equal Accounts Receivable (1100)",
                        aged["difference"] == 0,
                        f"customers' open invoices less unapplied payments "
                        f"{_money(aged['total'])}, 1100 {_money(aged['ledger'] or 0)}"))
    stock = stock_valuation(scope, as_of=last)
    negative = [ln for ln in stock.lines if ln.value < 0]
    checks.append(Check("stock", "Stock valuation equals Inventory (1200)",
                        stock.total == stock.inventory,
                        f"stock at average cost {_money(stock.total)}, 1200 "
                        f"{_money(stock.inventory)}"
                        + (f"; {len(negative)} product line(s) valued below zero (sold ahead "
                           "of receipts)" if negative else ""),
                        rows=[{"branch": ln.branch, "sku": ln.sku, "name": ln.name,
                               "value": _money(ln.value)} for ln in negative[:20]]))
    ageing = ap_ageing(scope, last)
    checks.append(Check("payables", "Supplier balances equal Accounts Payable (2000)",
                        ageing["difference"] == "0.00",
                        f"suppliers {ageing['totals']['total']} (bills open and goods received "
                        f"not billed), 2000 {ageing['ledger_2000']}, difference "
                        f"{ageing['difference']}"))
    shifts = scope.scalars(select(Shift).where(Shift.opened_date >= first,
                                               Shift.opened_date <= last,
                                               Shift.closed_date.is_(None)))
    checks.append(Check("open_shifts", "Shifts opened in the month and not closed", not shifts,
                        f"{len(shifts)} open" if shifts else "none", gate=False,
                        rows=[{"branch": s.branch_code, "terminal": s.terminal_id,
                               "opened": s.opened_date, "by": s.opened_by} for s in shifts]))
    from sync_server.stock.transit import month_end_transfers  # [12] stock from head office

    checks.append(Check("transfers", "No stock transfers pending (goods in transit)",
                        gate=False, **month_end_transfers(scope, last)))
    return Checklist(period, today.isoformat(), checks)


__all__ = ["Check", "Checklist", "build_checklist"]
