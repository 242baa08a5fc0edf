"""A real ``JobStore`` for the hardware tests: the print queue in an SQLite file.

The till has its own (in ``terminal``); this one implements the same contract
(``hardware.print_queue.JobStore``) so the worker is tested against a real store that
persists, survives a reopen and keeps the drawer audit — not against a mock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hardware.print_queue import PrinterState, PrintJob

SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    document TEXT NOT NULL,
    copy INTEGER NOT NULL DEFAULT 0,
    open_drawer INTEGER NOT NULL DEFAULT 0,
    drawer_deadline TEXT,
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'printed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error TEXT,
    printer_state TEXT,
    created_at TEXT NOT NULL,
    printed_at TEXT
);
CREATE TABLE IF NOT EXISTS drawer_opens (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES print_jobs (id),
    opened_at TEXT NOT NULL,
    how TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class JobRow:
    id: int
    status: str
    attempts: int
    last_error: str | None
    printer_state: str | None
    open_drawer: bool
    next_try_at: str


class SqliteJobStore:
    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    # -- what the till does ------------------------------------------------------------
    def add(self, kind: str, reference: str, document: dict[str, Any], now: datetime, *,
            copy: bool = False, open_drawer: bool = False,
            drawer_deadline: datetime | None = None) -> int:
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO print_jobs (kind, reference, document, copy, open_drawer, "
                "drawer_deadline, next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, reference, json.dumps(document), int(copy), int(open_drawer),
                 drawer_deadline.isoformat() if drawer_deadline else None, now.isoformat(),
                 now.isoformat()))
            return int(cur.lastrowid or 0)

    def row(self, job_id: int) -> JobRow:
        r = self._db.execute("SELECT id, status, attempts, last_error, printer_state, open_drawer, "
                             "next_try_at FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return JobRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6])

    def drawer_opens(self) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in
                self._db.execute("SELECT job_id, how FROM drawer_opens ORDER BY id")]

    # -- the JobStore contract ---------------------------------------------------------
    def next_due(self, now: datetime) -> PrintJob | None:
        with self._lock:
            r = self._db.execute(
                "SELECT id, kind, reference, document, copy, open_drawer, drawer_deadline, attempts, "
                "created_at FROM print_jobs WHERE status = 'waiting' AND next_try_at <= ? "
                "ORDER BY id LIMIT 1", (now.isoformat(),)).fetchone()
        if r is None:
            return None
        return PrintJob(id=r[0], kind=r[1], reference=r[2], document=json.loads(r[3]),
                        copy=bool(r[4]), open_drawer=bool(r[5]),
                        drawer_deadline=datetime.fromisoformat(r[6]) if r[6] else None,
                        attempts=r[7], created_at=datetime.fromisoformat(r[8]))

    def mark_printed(self, job_id: int, now: datetime, *, drawer_opened: bool) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("UPDATE print_jobs SET status = 'printed', printed_at = ?, "
                             "attempts = attempts + 1, open_drawer = 0 WHERE id = ?",
                             (now.isoformat(), job_id))
            if drawer_opened:
                self._db.execute("INSERT INTO drawer_opens (job_id, opened_at, how) VALUES (?, ?, ?)",
                                 (job_id, now.isoformat(), "with receipt"))
            self._db.execute("COMMIT")

    def mark_failed(self, job_id: int, error: str, retry_at: datetime, state: PrinterState) -> None:
        with self._lock:
            self._db.execute("UPDATE print_jobs SET attempts = attempts + 1, last_error = ?, "
                             "printer_state = ?, next_try_at = ? WHERE id = ?",
                             (error, state.value, retry_at.isoformat(), job_id))

    def drawer_kicks_due(self, now: datetime) -> list[PrintJob]:
        with self._lock:
            ids = [r[0] for r in self._db.execute(
                "SELECT id, drawer_deadline FROM print_jobs WHERE status = 'waiting' AND open_drawer = 1 "
                "AND drawer_deadline IS NOT NULL ORDER BY id")
                if datetime.fromisoformat(r[1]) >= now]
        return [self._job(i) for i in ids]

    def _job(self, job_id: int) -> PrintJob:
        r = self._db.execute(
            "SELECT id, kind, reference, document, copy, open_drawer, drawer_deadline, attempts, "
            "created_at FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return PrintJob(id=r[0], kind=r[1], reference=r[2], document=json.loads(r[3]),
                        copy=bool(r[4]), open_drawer=bool(r[5]),
                        drawer_deadline=datetime.fromisoformat(r[6]) if r[6] else None,
                        attempts=r[7], created_at=datetime.fromisoformat(r[8]))

    def mark_drawer_failed(self, job_id: int, now: datetime, reason: str) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("UPDATE print_jobs SET open_drawer = 0 WHERE id = ?", (job_id,))
            self._db.execute("INSERT INTO drawer_opens (job_id, opened_at, how) VALUES (?, ?, ?)",
                             (job_id, now.isoformat(), "failed: " + reason))
            self._db.execute("COMMIT")

    def mark_drawer_opened(self, job_id: int, now: datetime) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("UPDATE print_jobs SET open_drawer = 0 WHERE id = ?", (job_id,))
            self._db.execute("INSERT INTO drawer_opens (job_id, opened_at, how) VALUES (?, ?, ?)",
                             (job_id, now.isoformat(), "kick first"))
            self._db.execute("COMMIT")
