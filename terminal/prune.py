"""Pruning the till's database (issue [11] scope 4): a till grows about 6 KB a sale, so
acknowledged envelopes and receipts older than a set age (the ``prune_after_days``
setting, 90 days by default) leave the till's SQLite once head office reports them in
a verified backup (the heartbeat's ``backed_up_through``, docs/sync-protocol.md 8.1).

What goes, in one transaction:

* the outbox envelopes with seq up to P, where P is the highest seq such that every
  envelope up to it is acknowledged (``acked``: held ones wait for a person), dated
  before the cut-off, within what head office backed up, and below the chain head
  (the head is always kept: the next sale is sealed after it). P and its hash are kept
  in ``outbox_pruned``: the chain anchor ``check`` verifies the kept envelopes from;
* the receipts of those sales (``sales``, ``sale_lines``, ``sale_tenders``), except a
  sale that a refund, exchange or void refers to;
* printed (or skipped) print jobs made before the cut-off.

Journals, stock moves, shifts, customer entries and the audit log stay (they are
small, and the till's own checks and reports add them up). A refund of a pruned sale
is looked up at head office, as for a sale from another till. Nothing is pruned when
head office has not reported a verified backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from terminal.clock import stamp
from terminal.store.db import Database
from terminal.store.pruned import chain_anchor
from terminal.sync.record import load_record

DEFAULT_DAYS = 90
AUTOMATIC_BITE = 5000  # envelopes per automatic prune (about a month of a busy till)

# Sales no refund, exchange or void refers to (the foreign keys would refuse the others).
_FREE_SALES = (
    "SELECT id FROM sales WHERE seq <= ? AND business_date < ? "
    "AND id NOT IN (SELECT sale_id FROM refunds) "
    "AND id NOT IN (SELECT exchange_sale_id FROM refunds WHERE exchange_sale_id IS NOT NULL) "
    "AND id NOT IN (SELECT sale_id FROM voids)"
)


@dataclass(frozen=True, slots=True)
class PruneReport:
    through_seq: int  # the new chain anchor (0: nothing pruned, ever)
    envelopes: int
    sales: int
    print_jobs: int
    dry_run: bool
    why: str  # in plain words: what was done, or why nothing was

    def to_json(self) -> dict[str, object]:
        return {
            "through_seq": self.through_seq,
            "envelopes": self.envelopes,
            "sales": self.sales,
            "print_jobs": self.print_jobs,
            "dry_run": self.dry_run,
            "why": self.why,
        }


def _limit(db: Database, backed_up: int, cutoff_date: str) -> int:
    """P: the highest seq that may go (see the module text)."""
    head = int(db.scalar("SELECT coalesce(max(seq), 0) FROM outbox"))
    first_kept = db.scalar("SELECT min(seq) FROM outbox WHERE status != 'acked'")
    first_new = db.scalar("SELECT min(seq) FROM outbox WHERE business_date >= ?", (cutoff_date,))
    limit = min(backed_up, head - 1)
    for first in (first_kept, first_new):
        if first is not None:
            limit = min(limit, int(first) - 1)
    return limit


def prune(
    db: Database, now: datetime, *, days: int = DEFAULT_DAYS, dry_run: bool = False, most: int | None = None
) -> PruneReport:
    """``most``: at most this many envelopes this time (start-up and shift close take a
    bounded bite so the till is never held up; the command takes everything)."""
    if days < 1:
        raise ValueError("the age must be at least one day")
    anchor = chain_anchor(db)
    backed_up = load_record(db).server_backed_up_through
    if backed_up is None or backed_up <= anchor.seq:
        why = (
            "Head office has not reported a verified backup of this till's sales yet: nothing pruned."
            if backed_up is None
            else f"Nothing new in head office's verified backup since the last prune (seq {anchor.seq})."
        )
        return PruneReport(anchor.seq, 0, 0, 0, dry_run, why)
    cutoff = now - timedelta(days=days)
    cutoff_date = cutoff.date().isoformat()
    cutoff_stamp = stamp(cutoff)
    with db.transaction() as conn:
        limit = _limit(db, backed_up, cutoff_date)
        if most is not None:
            limit = min(limit, anchor.seq + most)
        if limit <= anchor.seq:
            return PruneReport(
                anchor.seq, 0, 0, 0, dry_run, f"Nothing older than {days} days is acknowledged and backed up."
            )
        envelopes = int(
            conn.execute(
                "SELECT count(*) FROM outbox WHERE seq > ? AND seq <= ?", (anchor.seq, limit)
            ).fetchone()[0]
        )
        sales = [r[0] for r in conn.execute(_FREE_SALES, (limit, cutoff_date))]
        jobs = int(
            conn.execute(
                "SELECT count(*) FROM print_jobs WHERE status IN ('printed', 'skipped') AND created_at < ?",
                (cutoff_stamp,),
            ).fetchone()[0]
        )
        words = _words(envelopes, len(sales), jobs, limit)
        if dry_run:
            return PruneReport(limit, envelopes, len(sales), jobs, True, words)
        through_hash = conn.execute("SELECT hash FROM outbox WHERE seq = ?", (limit,)).fetchone()[0]
        conn.execute("INSERT INTO prune_gate (open) VALUES (1)")
        conn.execute("DELETE FROM outbox WHERE seq <= ?", (limit,))
        conn.execute("DELETE FROM prune_gate")
        for start in range(0, len(sales), 500):
            chunk = sales[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for table in ("sale_lines", "sale_tenders"):
                conn.execute(f"DELETE FROM {table} WHERE sale_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM sales WHERE id IN ({marks})", chunk)
        conn.execute(
            "DELETE FROM print_jobs WHERE status IN ('printed', 'skipped') AND created_at < ?",
            (cutoff_stamp,),
        )
        conn.execute(
            "INSERT INTO outbox_pruned (through_seq, through_hash, pruned_at, envelopes, sales, print_jobs) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (limit, through_hash, stamp(now), envelopes, len(sales), jobs),
        )
    return PruneReport(limit, envelopes, len(sales), jobs, False, words)


def _words(envelopes: int, sales: int, jobs: int, limit: int) -> str:
    return (
        f"{envelopes} synced transaction(s) up to seq {limit}, {sales} old receipt(s) and {jobs} "
        "printed job(s), all in head office's verified backup."
    )


__all__ = ["AUTOMATIC_BITE", "DEFAULT_DAYS", "PruneReport", "prune"]
