"""The print queue on the till's database: ``hardware.print_queue.JobStore`` for the
printer worker, plus what the cashier and manager do with it (reprint, skip, see what
is waiting and why).

A job is written by ``enqueue`` inside the transaction of what it prints, so a
committed sale always has its receipt waiting and a rolled-back one never prints. A
drawer kick rides on a cash sale's job with a deadline a few seconds after the commit;
the worker sends it on its own before any receipt, even behind a stuck one, and drops a
late kick rather than popping the drawer minutes later. Every drawer open the worker
reports, and every kick it could not send, is written to the audit log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hardware.print_queue import JobStore, PrinterState, PrintJob
from terminal.clock import stamp
from terminal.errors import NotFound
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.evat import for_reprint


def enqueue(
    conn: sqlite3.Connection,
    *,
    kind: str,
    reference: str,
    document: Mapping[str, Any],
    now: datetime,
    copy: bool = False,
    open_drawer: bool = False,
    drawer_deadline: datetime | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO print_jobs (kind, reference, document, copy, open_drawer, drawer_deadline, "
        "next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            reference,
            json.dumps(document, separators=(",", ":")),
            int(copy),
            int(open_drawer),
            stamp(drawer_deadline) if drawer_deadline else None,
            stamp(now),
            stamp(now),
        ),
    )
    return int(cur.lastrowid or 0)


@dataclass(frozen=True, slots=True)
class WaitingJob:
    """A job as the cashier sees it in the print queue screen."""

    id: int
    kind: str
    reference: str
    copy: bool
    attempts: int
    created_at: str
    last_error: str | None
    printer_state: str | None


@dataclass(frozen=True, slots=True)
class PrintedDoc:
    """A document the till printed (or is printing), as the reprint list shows it."""

    id: int
    kind: str
    reference: str
    status: str  # waiting, printed, skipped
    created_at: str
    printed_at: str | None


def _job(row: sqlite3.Row) -> PrintJob:
    return PrintJob(
        id=row["id"],
        kind=row["kind"],
        reference=row["reference"],
        document=json.loads(row["document"]),
        copy=bool(row["copy"]),
        open_drawer=bool(row["open_drawer"]),
        drawer_deadline=datetime.fromisoformat(row["drawer_deadline"]) if row["drawer_deadline"] else None,
        attempts=row["attempts"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


class PrintQueue:
    """``JobStore`` for the printer worker (one instance per thread: give the worker its
    own ``Database``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- JobStore -----------------------------------------------------------------
    def next_due(self, now: datetime) -> PrintJob | None:
        # Times are compared as instants, not text, because the clock's offset may change.
        rows = self.db.query("SELECT * FROM print_jobs WHERE status = 'waiting' ORDER BY id LIMIT 200")
        for row in rows:
            if datetime.fromisoformat(row["next_try_at"]) <= now:
                return _job(row)
        return None

    def mark_printed(self, job_id: int, now: datetime, *, drawer_opened: bool) -> None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT kind, reference FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise NotFound(f"print job {job_id} does not exist")
            conn.execute(
                "UPDATE print_jobs SET status = 'printed', printed_at = ?, attempts = attempts + "
                "1, "
                "drawer_opened = max(coalesce(drawer_opened, 0), ?), last_error = NULL, "
                "printer_state = 'ready' WHERE id = ?",
                (stamp(now), int(drawer_opened), job_id),
            )
            if drawer_opened:
                audit(
                    conn,
                    stamp(now),
                    None,
                    "drawer_open",
                    row["reference"],
                    job=job_id,
                    kind=row["kind"],
                )

    def mark_failed(self, job_id: int, error: str, retry_at: datetime, state: PrinterState) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE print_jobs SET attempts = attempts + 1, last_error = ?, printer_state = ?, "
                "next_try_at = ? WHERE id = ? AND status = 'waiting'",
                (error, state.value, stamp(retry_at), job_id),
            )

    def mark_drawer_opened(self, job_id: int, now: datetime) -> None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT kind, reference FROM print_jobs WHERE id = ? AND open_drawer = 1", (job_id,)
            ).fetchone()
            if row is None:
                return  # already recorded: the worker may report once per attempt
            # The receipt did not print (out of paper, cover open) but the cashier had to give
            # change: record the open and make sure a later attempt does not open it again.
            conn.execute(
                "UPDATE print_jobs SET open_drawer = 0, drawer_opened = 1 WHERE id = ?", (job_id,)
            )
            audit(
                conn,
                stamp(now),
                None,
                "drawer_open",
                row["reference"],
                job=job_id,
                kind=row["kind"],
                receipt_printed=False,
            )

    def drawer_kicks_due(self, now: datetime) -> list[PrintJob]:
        # Newest first: a kick is due for seconds only, and old jobs whose kick was never
        # sent (no printer then) must not hide a new sale's. Times compared as instants.
        rows = self.db.query(
            "SELECT * FROM print_jobs WHERE status = 'waiting' AND open_drawer = 1 "
            "AND drawer_deadline IS NOT NULL ORDER BY id DESC LIMIT 20"
        )
        due = [_job(r) for r in rows if datetime.fromisoformat(r["drawer_deadline"]) >= now]
        return due[::-1]

    def mark_drawer_failed(self, job_id: int, now: datetime, reason: str) -> None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT kind, reference FROM print_jobs WHERE id = ? AND open_drawer = 1", (job_id,)
            ).fetchone()
            if row is None:
                return
            # Never replayed: a drawer popping open minutes later is worse than none.
            conn.execute("UPDATE print_jobs SET open_drawer = 0 WHERE id = ?", (job_id,))
            audit(
                conn,
                stamp(now),
                None,
                "drawer_not_opened",
                row["reference"],
                job=job_id,
                kind=row["kind"],
                reason=reason,
            )

    # -- for the till -------------------------------------------------------------
    def waiting(self) -> tuple[WaitingJob, ...]:
        rows = self.db.query("SELECT * FROM print_jobs WHERE status = 'waiting' ORDER BY id")
        return tuple(
            WaitingJob(
                r["id"],
                r["kind"],
                r["reference"],
                bool(r["copy"]),
                r["attempts"],
                r["created_at"],
                r["last_error"],
                r["printer_state"],
            )
            for r in rows
        )

    def recent(self, limit: int = 30, kinds: tuple[str, ...] = ()) -> tuple[PrintedDoc, ...]:
        """The latest original documents (not copies), newest first, for the reprint list:
        one row per reference, with whether it printed."""
        where = "copy = 0" + (f" AND kind IN ({', '.join('?' * len(kinds))})" if kinds else "")
        rows = self.db.query(
            f"SELECT max(id) AS id, kind, reference, status, created_at, printed_at FROM print_jobs "
            f"WHERE {where} GROUP BY reference ORDER BY max(id) DESC LIMIT ?",
            (*kinds, limit),
        )
        return tuple(
            PrintedDoc(r["id"], r["kind"], r["reference"], r["status"], r["created_at"], r["printed_at"])
            for r in rows
        )

    def depth(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM print_jobs WHERE status = 'waiting'"))

    def reprint(self, reference: str, now: datetime, user: str) -> int:
        """A new copy of the last document printed (or waiting) under ``reference``; the
        copy never opens the drawer."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT kind, document FROM print_jobs WHERE reference = ? AND copy = 0 "
                "ORDER BY id DESC LIMIT 1",
                (reference,),
            ).fetchone()
            if row is None:
                raise NotFound(f"Nothing was printed for “{reference}”. Check the receipt number.")
            job_id = enqueue(
                conn,
                kind=row["kind"],
                reference=reference,
                # GRA's SDC information and QR once the clearance has come (E-VAT).
                document=for_reprint(conn, row["kind"], reference, json.loads(row["document"])),
                now=now,
                copy=True,
            )
            audit(conn, stamp(now), user, "reprint", reference, job=job_id)
            return job_id

    def skip(self, job_id: int, now: datetime, user: str) -> None:
        """Stop trying to print a job (e.g. the customer left); the sale is unaffected."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE print_jobs SET status = 'skipped', printed_at = ? "
                "WHERE id = ? AND status = 'waiting'",
                (stamp(now), job_id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"Print job {job_id} is not waiting.")
            audit(conn, stamp(now), user, "print_skipped", str(job_id))

    def add(self, kind: str, reference: str, document: Mapping[str, Any], now: datetime, user: str) -> int:
        """Queue a document that records nothing else (the printer test page)."""
        with self.db.transaction() as conn:
            job_id = enqueue(conn, kind=kind, reference=reference, document=document, now=now)
            audit(conn, stamp(now), user, "print_added", reference, job=job_id, kind=kind)
            return job_id

    def record_drawer_test(self, now: datetime, user: str, *, opened: bool) -> None:
        """A manager tested the cash drawer from the printer set-up (audited like every
        drawer open)."""
        with self.db.transaction() as conn:
            audit(conn, stamp(now), user, "drawer_test", None, opened=opened)

    def retry_now(self, now: datetime) -> int:
        """Make every waiting job due at once (start-up, or the printer was fixed)."""
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE print_jobs SET next_try_at = ? WHERE status = 'waiting'", (stamp(now),)
            ).rowcount


def _is_a_job_store(queue: PrintQueue) -> JobStore:
    """Lets mypy prove ``PrintQueue`` meets the ``JobStore`` protocol."""
    return queue
