"""The print queue's contract between the till's database and the printer worker.

The terminal owns the table: a job is written in the same transaction as the sale (or
report) it prints, so a committed sale always has its receipt waiting. ``hardware``
owns the worker that takes due jobs, checks the printer, sends the bytes and reports
back. This module holds only the shapes both sides agree on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    kind: str  # the document's kind: "sale", "refund", "x_report", "test_page" …
    reference: str  # what the cashier recognises: the receipt number or the report's name
    document: Mapping[str, Any]  # ReceiptDoc or ReportDoc JSON (``hardware.documents``)
    copy: bool  # a reprint: printed with "COPY"
    open_drawer: bool  # kick the cash drawer with this job …
    drawer_deadline: datetime | None  # … but only until then: a late kick is dropped, never replayed
    attempts: int
    created_at: datetime


class PrinterState(StrEnum):
    READY = "ready"
    OFFLINE = "offline"  # not reachable / not answering
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"  # printer reports an error state
    UNKNOWN = "unknown"  # no (or unreadable) status reply: not the same as ready


class JobStore(Protocol):
    """What the worker needs from wherever jobs are kept (the terminal's SQLite).

    The worker calls these from its own thread, one call at a time. Every datetime here
    and in ``PrintJob`` is timezone-aware."""

    def next_due(self, now: datetime) -> PrintJob | None:
        """The oldest waiting job whose retry time has come, or None."""

    def mark_printed(self, job_id: int, now: datetime, *, drawer_opened: bool) -> None:
        """The bytes were accepted by a ready printer. ``drawer_opened`` says whether the
        kick was sent (the terminal audits every drawer open)."""

    def mark_failed(self, job_id: int, error: str, retry_at: datetime, state: PrinterState) -> None:
        """Not printed this time; keep waiting until ``retry_at``. ``error`` is shown to
        the cashier in the shop's words ("printer out of paper — receipt 00123 waiting")."""

    def mark_drawer_opened(self, job_id: int, now: datetime) -> None:
        """The drawer kick of this job was sent although its receipt did not print (the
        printer is out of paper or its cover is open: the cashier still has to give change).
        Record the drawer open for the audit and clear ``open_drawer`` on the job, so that
        a later attempt prints the receipt without opening the drawer a second time."""

    def drawer_kicks_due(self, now: datetime) -> list[PrintJob]:
        """Waiting jobs whose drawer kick is still to be sent and whose deadline has not
        passed, oldest first, whatever their retry time: the drawer opens with the sale
        even while an earlier receipt is stuck (issue [8])."""

    def mark_drawer_failed(self, job_id: int, now: datetime, reason: str) -> None:
        """The kick of this job could not be sent (printer off-line, not answering).
        Record it for the audit ("drawer did not open — printer off-line") and clear
        ``open_drawer``: a late kick is never replayed, the cashier opens it by key."""
