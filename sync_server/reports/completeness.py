"""Honest branch figures: is every sale of a branch for a range of days at head office?

A till that has gone quiet, or that says in its heartbeat that it still holds unsynced
envelopes (its outbox), may hold sales of the range head office has not seen. A page
that sums a branch must say so instead of showing a short figure as if it were a quiet
day. One function, ``branch_states``, decides it for every page (sales summary, the
daily and weekly report, the sales list, shifts, the books' per-branch figures):

* **backlog** — the till's latest heartbeat reported an outbox of N envelopes not yet
  delivered (``terminal_heartbeats.outbox_depth``) with the age of the oldest;
* **silent** — the till has been heard from before (a heartbeat or a push) but not for
  longer than ``threshold`` seconds (30 minutes by default), and not since the last day
  of the range began: what it sold since may not be here. A till last heard from after
  the range's last day had delivered its backlog of the range by then (its outbox was
  empty) — past ranges become complete once every till has spoken since.

Revoked tills and tills never heard from (enrolled, never used) are left out. Business
days are compared with the server's UTC date, which is Ghana's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from sync_server.db.scope import TenantScope
from sync_server.tenants.models import Branch
from sync_server.terminals.models import Heartbeat, Terminal

SILENT_AFTER_SECONDS = 30 * 60


@dataclass(frozen=True)
class TillGap:
    terminal_id: str
    name: str
    reason: str  # "silent" or "backlog"
    last_seen: datetime | None
    backlog: int
    oldest_unsynced_seconds: int | None

    @property
    def text(self) -> str:
        if self.reason == "backlog":
            age = _age_text(self.oldest_unsynced_seconds)
            return (f"{self.name} reported {self.backlog} unsynced "
                    f"record{'s' if self.backlog != 1 else ''}" + (f" (oldest {age})" if age else ""))
        seen = self.last_seen.strftime("%Y-%m-%d %H:%M") if self.last_seen else "never"
        return f"{self.name} not heard from since {seen} UTC"


@dataclass(frozen=True)
class BranchState:
    code: str
    name: str
    gaps: tuple[TillGap, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return not self.gaps

    @property
    def backlog(self) -> int:
        """Envelopes the branch's tills reported holding (what the heartbeats said)."""
        return sum(g.backlog for g in self.gaps)

    @property
    def summary(self) -> str:
        return "; ".join(g.text for g in self.gaps)

    def to_json(self) -> dict[str, Any]:
        return {"branch": self.code, "name": self.name, "complete": self.complete,
                "backlog": self.backlog, "gaps": [g.text for g in self.gaps]}


def _age_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def branch_states(scope: TenantScope, now: datetime, *, last_day: str | None = None,
                  branch: str | None = None,
                  threshold: int = SILENT_AFTER_SECONDS) -> dict[str, BranchState]:
    """Every branch (or ``branch``) with the tills whose sales may be missing from
    figures of days up to ``last_day`` (today when None). Keyed by branch code."""
    try:
        end = date.fromisoformat(last_day) if last_day else now.date()
    except ValueError:
        end = now.date()
    range_end = datetime.combine(end + timedelta(days=1), datetime.min.time(),
                                 tzinfo=now.tzinfo)
    beats = {h.terminal_id: h for h in scope.scalars(select(Heartbeat))}
    bstmt = select(Branch).order_by(Branch.code)
    tstmt = select(Terminal).where(Terminal.status != "revoked").order_by(Terminal.name)
    if branch:
        bstmt = bstmt.where(Branch.code == branch)
        tstmt = tstmt.where(Terminal.branch_code == branch)
    gaps: dict[str, list[TillGap]] = {}
    for till in scope.scalars(tstmt):
        beat = beats.get(till.id)
        seen = till.last_seen_at
        if beat is not None and beat.outbox_depth > 0:
            gaps.setdefault(till.branch_code, []).append(TillGap(
                till.id, till.name, "backlog", seen, int(beat.outbox_depth),
                beat.oldest_unsynced_seconds))
        elif (seen is not None and (now - seen).total_seconds() > threshold
              and seen < range_end):
            gaps.setdefault(till.branch_code, []).append(TillGap(
                till.id, till.name, "silent", seen, 0, None))
    return {b.code: BranchState(b.code, b.name, tuple(gaps.get(b.code, ())))
            for b in scope.scalars(bstmt)}


def incomplete(states: dict[str, BranchState]) -> list[BranchState]:
    """The branches whose figures may be short, for the page's warning."""
    return [s for s in states.values() if not s.complete]


__all__ = ["SILENT_AFTER_SECONDS", "BranchState", "TillGap", "branch_states", "incomplete"]
