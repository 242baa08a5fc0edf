"""A ``JobStore`` kept in memory, for one-off prints that need no queue: the test page,
the drawer test and the virtual printer's demo. The till keeps its jobs in its database.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from hardware.print_queue import PrinterState, PrintJob


@dataclass(frozen=True, slots=True)
class JobRecord:
    job: PrintJob
    status: str = "waiting"  # waiting | printed
    retry_at: datetime | None = None
    last_error: str | None = None
    state: PrinterState | None = None
    drawer_opened: bool = False
    drawer_failure: str | None = None  # why the kick could not be sent


class MemoryJobStore:
    def __init__(self) -> None:
        self._jobs: dict[int, JobRecord] = {}
        self._next = 1
        self._lock = threading.Lock()

    def add(self, kind: str, reference: str, document: dict[str, Any], now: datetime, *,
            copy: bool = False, open_drawer: bool = False,
            drawer_deadline: datetime | None = None) -> int:
        with self._lock:
            job_id = self._next
            self._next += 1
            self._jobs[job_id] = JobRecord(PrintJob(
                id=job_id, kind=kind, reference=reference, document=document, copy=copy,
                open_drawer=open_drawer, drawer_deadline=drawer_deadline, attempts=0,
                created_at=now))
            return job_id

    def record(self, job_id: int) -> JobRecord:
        with self._lock:
            return self._jobs[job_id]

    def next_due(self, now: datetime) -> PrintJob | None:
        with self._lock:
            for record in self._jobs.values():
                if record.status == "waiting" and (record.retry_at is None or record.retry_at <= now):
                    return record.job
        return None

    def mark_printed(self, job_id: int, now: datetime, *, drawer_opened: bool) -> None:
        with self._lock:
            r = self._jobs[job_id]
            self._jobs[job_id] = replace(r, status="printed", drawer_opened=r.drawer_opened or drawer_opened,
                                         job=replace(r.job, attempts=r.job.attempts + 1,
                                                     open_drawer=False))

    def mark_failed(self, job_id: int, error: str, retry_at: datetime, state: PrinterState) -> None:
        with self._lock:
            r = self._jobs[job_id]
            self._jobs[job_id] = replace(r, retry_at=retry_at, last_error=error, state=state,
                                         job=replace(r.job, attempts=r.job.attempts + 1))

    def drawer_kicks_due(self, now: datetime) -> list[PrintJob]:
        with self._lock:
            return [r.job for r in self._jobs.values()
                    if r.status == "waiting" and r.job.open_drawer
                    and r.job.drawer_deadline is not None and r.job.drawer_deadline >= now]

    def mark_drawer_failed(self, job_id: int, now: datetime, reason: str) -> None:
        with self._lock:
            r = self._jobs[job_id]
            self._jobs[job_id] = replace(r, drawer_failure=reason, job=replace(r.job, open_drawer=False))

    def mark_drawer_opened(self, job_id: int, now: datetime) -> None:
        with self._lock:
            r = self._jobs[job_id]
            self._jobs[job_id] = replace(r, drawer_opened=True, job=replace(r.job, open_drawer=False))
