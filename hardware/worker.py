"""The print worker: the one owner of the receipt printer.

It takes due jobs from the till's ``JobStore`` one at a time and, for each:

1. lays the document out (pure: a document that cannot be laid out waits with a clear
   reason, it never stops the queue);
2. connects with short timeouts and asks the printer's real-time status (``DLE EOT``):
   no reply, or an unreadable one, is UNKNOWN — not "ready" — and nothing is sent;
3. sends the receipt, then ``GS r 1``, whose reply arrives only after the receipt has
   printed;
4. marks the job printed; or, when anything failed, marks it failed with the reason in
   the shop's words and the time of the next try (exponential backoff), clearing the
   printer's buffers if a receipt stopped half way so that it prints again *in full*,
   exactly once.

Drawer kicks go first and on their own (issue [8]): before any receipt, and even while
the queue is in its back-off pause behind a stuck receipt, every job whose kick is still
due gets one attempt of its own — ``ESC p`` to a ready printer, the real-time ``DLE DC4``
pulse to one out of paper or with its cover open. A kick that cannot be sent (off-line,
not answering) is recorded as such in the store's audit and reported at once to
``on_drawer`` ("Drawer did not open — printer off-line"); a late kick is dropped, never
replayed.

Every change of printer state goes to ``on_notice`` ("printer out of paper — receipt
MAIN-T1-000123 waiting"), on the worker's thread: a Qt UI re-emits it as a signal.
``run_once`` does one step and returns what happened, for tests and for a caller that
drives the worker itself; ``start`` runs it on a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from hardware.config import DrawerConfig, PrinterConfig
from hardware.layout import LayoutOptions
from hardware.print_queue import JobStore, PrinterState, PrintJob
from hardware.printing import (
    document_bytes,
    drawer_bytes,
    job_document,
    load_logo,
    realtime_drawer_bytes,
)
from hardware.profiles import PrinterProfile
from hardware.slip import Picture
from hardware.status import (
    CLEAR_BUFFERS,
    CONFIRM_REQUEST,
    ERROR_CAUSE,
    OFFLINE_CAUSE,
    PAPER_STATUS,
    PRINTER_STATUS,
    StatusReport,
    interpret,
    valid_confirm_byte,
)
from hardware.transport import PrinterUnreachable, Transport, transport_for
from shared.errors import BisamaError

Clock = Callable[[], datetime]

# What the cashier is told to do, per state.
ADVICE = {
    PrinterState.OFFLINE: "Check that the printer is switched on and its cable is plugged in.",
    PrinterState.PAPER_OUT: "Load a new roll and close the cover.",
    PrinterState.COVER_OPEN: "Close the printer cover firmly.",
    PrinterState.ERROR: "Switch the printer off and on again.",
    PrinterState.UNKNOWN: "The printer may be busy or switched off; it is tried again by itself.",
}
HEADLINE = {
    PrinterState.OFFLINE: "Printer off-line",
    PrinterState.PAPER_OUT: "Printer out of paper",
    PrinterState.COVER_OPEN: "Printer cover open",
    PrinterState.ERROR: "Printer error",
    PrinterState.UNKNOWN: "Printer not answering",
}
UNLAYABLE_RETRY = timedelta(hours=1)


class Outcome(StrEnum):
    PRINTED = "printed"
    FAILED = "failed"
    UNPRINTABLE = "unprintable"  # the document itself is wrong


@dataclass(frozen=True, slots=True)
class Attempt:
    job_id: int
    outcome: Outcome
    state: PrinterState
    message: str
    drawer_opened: bool


@dataclass(frozen=True, slots=True)
class PrinterNotice:
    """What the till shows about the printer. ``waiting`` is the job held up, if any."""

    state: PrinterState
    message: str
    waiting: str | None = None
    paper_low: bool = False


@dataclass(frozen=True, slots=True)
class DrawerNotice:
    """What happened to a sale's drawer kick, for the sale screen at once."""

    reference: str  # the receipt the kick belongs to
    opened: bool
    message: str  # in the shop's words


DRAWER_FAILED = {
    PrinterState.OFFLINE: "printer off-line",
    PrinterState.ERROR: "printer error",
    PrinterState.UNKNOWN: "printer not answering",
}


def headline(report: StatusReport) -> str:
    """"Printer out of paper", or with the detail when it says more than the state."""
    plain = {"out of paper", "cover open", "off-line"}
    head = HEADLINE.get(report.state, "Printer")
    return head if report.detail in plain else f"{head} ({report.detail})"


def describe_job(job: PrintJob) -> str:
    receipt_kinds = ("sale", "refund", "void", "customer_payment")
    return f"receipt {job.reference}" if job.kind in receipt_kinds else job.reference


class _Failure(Exception):
    def __init__(self, state: PrinterState, message: str) -> None:
        super().__init__(message)
        self.state = state
        self.message = message


class PrintWorker:
    def __init__(self, store: JobStore, config: PrinterConfig, *, clock: Clock,
                 drawer: DrawerConfig | None = None, logo: Picture | None = None,
                 transport: Transport | None = None,
                 on_notice: Callable[[PrinterNotice], None] | None = None,
                 on_drawer: Callable[[DrawerNotice], None] | None = None) -> None:
        self.store = store
        self.config = config
        self.profile: PrinterProfile = config.profile()
        self.logo_problem: str | None = None
        if logo is None and config.logo:
            try:
                logo = load_logo(Path(config.logo), self.profile)
            except (OSError, ValueError) as exc:
                # A missing logo must not stop the receipts: they print without it.
                self.logo_problem = (f"The logo {config.logo} could not be read ({exc}); "
                                     "receipts print without it.")
        self.options = LayoutOptions.for_printer(self.profile, currency=config.currency, logo=logo,
                                                 receipt_code=config.receipt_code, cut=config.cut)
        self.drawer = drawer or DrawerConfig()
        self.transport = transport or transport_for(config)
        self._clock = clock
        self._on_notice = on_notice
        self._on_drawer = on_drawer
        self._notice: PrinterNotice | None = None
        self._failures = 0
        self._not_before: datetime | None = None
        self._kicked: set[int] = set()  # jobs whose kick was tried: never again
        self._opened_now: set[int] = set()  # drawers opened in this run_once
        self._drawer_requests: list[tuple[datetime, Future[bool]]] = []
        self._lock = threading.Lock()
        self._printer_lock = threading.RLock()  # one conversation with the printer at a time
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the queue ---------------------------------------------------------------------
    def run_once(self) -> Attempt | None:
        """Serve waiting drawer requests, then try the next due job if the printer is not
        in its back-off pause. Returns the attempt, or None when nothing was tried."""
        with self._printer_lock:
            return self._run_once()

    def _run_once(self) -> Attempt | None:
        self._serve_drawer_requests()
        self._opened_now = self._serve_kicks()
        now = self._clock()
        if self._not_before is not None and now < self._not_before:
            return None
        job = self.store.next_due(now)
        if job is None:
            if self._notice is not None and self._notice.state is not PrinterState.READY:
                self._probe()
            return None
        return self._attempt(job, now)

    def wake(self) -> None:
        """A job was added: look at the queue now (the back-off pause still holds)."""
        self._wake.set()

    def retry_now(self) -> None:
        """The cashier pressed Retry: end the back-off pause. (The till resets the job's
        own retry time in its table; the worker never lies to the store about the time.)"""
        self._not_before = None
        self._failures = 0
        self._wake.set()

    @property
    def notice(self) -> PrinterNotice | None:
        return self._notice

    # -- the drawer without a sale (no-sale, with the manager's permission) -------------
    def open_drawer(self, deadline: datetime) -> Future[bool]:
        """Open the drawer from the worker's thread (it owns the printer). The future is
        True when the pulse was sent, False when it could not be or came too late."""
        future: Future[bool] = Future()
        with self._lock:
            self._drawer_requests.append((deadline, future))
        self._wake.set()
        return future

    # -- the thread --------------------------------------------------------------------
    def start(self, idle_poll_ms: int = 1000) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, args=(idle_poll_ms,),
                                        name="print-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
            self._thread = None
        self.transport.close()

    def _loop(self, idle_poll_ms: int) -> None:
        while not self._stopping.is_set():
            try:
                attempt = self.run_once()
            except Exception as exc:  # a store error: report, keep the worker alive
                self._report(PrinterNotice(PrinterState.UNKNOWN,
                                           f"The print queue could not be read: {exc}"))
                attempt = None
            if attempt is not None and attempt.outcome is Outcome.PRINTED:
                continue
            wait_ms = idle_poll_ms
            if self._not_before is not None:
                left = (self._not_before - self._clock()).total_seconds() * 1000
                wait_ms = int(min(max(left, 10), idle_poll_ms))
            self._wake.wait(wait_ms / 1000)
            self._wake.clear()

    # -- one attempt -------------------------------------------------------------------
    def _attempt(self, job: PrintJob, now: datetime) -> Attempt:
        try:
            document = job_document(job.document)
            data = document_bytes(document, self.profile, self.options, copy=job.copy)
        except Exception as exc:  # any layout failure: this job waits, the queue goes on
            detail = str(exc) if isinstance(exc, BisamaError | ValueError) else repr(exc)
            message = (f"{describe_job(job).capitalize()} cannot be printed: {detail}. "
                       "Reprint it from the sale.")
            state = self._notice.state if self._notice else PrinterState.UNKNOWN
            self.store.mark_failed(job.id, message, now + UNLAYABLE_RETRY, state)
            return Attempt(job.id, Outcome.UNPRINTABLE, state, message, False)
        # The kick, if any, went out on its own just before (``_serve_kicks``): recorded
        # there, so the receipt never sends it again.
        kicked = job.id in self._opened_now
        try:
            self.transport.open()
            report = self._status() if self.transport.two_way else None
            if report is not None and not report.ready:
                raise _Failure(report.state, headline(report))
            self.transport.write(data)
            paper_low = self._confirm(job) if self._confirms else False
        except _Failure as failure:
            return self._failed(job, now, failure.state, failure.message, kicked=kicked)
        except PrinterUnreachable as exc:
            return self._failed(job, now, PrinterState.OFFLINE, exc.message, kicked=kicked)
        self.store.mark_printed(job.id, self._clock(), drawer_opened=False)
        self._failures = 0
        self._not_before = None
        if not self.config.keep_open:
            self.transport.close()
        message = "Printer ready" + (" — paper is running low, have a new roll ready." if paper_low else "")
        self._report(PrinterNotice(PrinterState.READY, message, paper_low=paper_low))
        return Attempt(job.id, Outcome.PRINTED, PrinterState.READY, message, kicked)

    @property
    def _confirms(self) -> bool:
        return self.transport.two_way and self.config.confirm_printed

    def _drawer_due(self, job: PrintJob, now: datetime) -> bool:
        return (job.open_drawer and self.drawer.enabled and job.id not in self._kicked
                and job.drawer_deadline is not None and now <= job.drawer_deadline)

    def _confirm(self, job: PrintJob) -> bool:
        """Ask ``GS r 1`` and wait for its in-order reply. Returns whether the paper is
        running low. Raises ``_Failure`` when the receipt did not finish printing."""
        self.transport.write(CONFIRM_REQUEST)
        deadline_ms = self.config.timeouts.print_ms
        waited = 0
        step = min(deadline_ms, 250)
        while waited < deadline_ms:
            reply = self.transport.read(16, step)
            waited += step
            for byte in reply:
                if valid_confirm_byte(bytes((byte,))):
                    return bool(byte & 0x03)
                # a DLE EOT reply answered late (bit 4 set) is not ours: keep waiting
        report = self._status()
        if self.config.clear_buffer_on_fault:
            # Whatever part of the receipt is still in the printer must not print later:
            # it prints again in full when the printer is back.
            self.transport.write(CLEAR_BUFFERS)
        what = describe_job(job)
        if report.state is PrinterState.PAPER_OUT:
            raise _Failure(report.state, f"Printer ran out of paper while printing {what}; "
                           "it will print again in full")
        if report.state is PrinterState.COVER_OPEN:
            raise _Failure(report.state, f"Printer cover was opened while printing {what}; "
                           "it will print again in full")
        if report.ready:
            raise _Failure(PrinterState.UNKNOWN, f"Printer did not confirm {what} within "
                           f"{deadline_ms // 1000} s; it will print again")
        raise _Failure(report.state, f"{headline(report)} while printing {what}; it will print "
                       "again in full")

    def _status(self) -> StatusReport:
        timeout = self.config.timeouts.status_ms
        printer = self._ask(PRINTER_STATUS, timeout)
        if not printer:
            return interpret(printer)
        offline = self._ask(OFFLINE_CAUSE, timeout) if printer[0] & 0x08 else None
        error = self._ask(ERROR_CAUSE, timeout) if offline and offline[0] & 0x40 else None
        paper = self._ask(PAPER_STATUS, timeout)
        return interpret(printer, offline, error, paper, drawer_open_level=self.drawer.open_level)

    def _ask(self, request: bytes, timeout_ms: int) -> bytes:
        # Whatever came after the last reply (noise, a late answer) is not this reply.
        self.transport.discard_input()
        self.transport.write(request)
        return self.transport.read(16, timeout_ms)

    def _failed(self, job: PrintJob, now: datetime, state: PrinterState, reason: str, *,
                kicked: bool) -> Attempt:
        self.transport.close()
        delay_ms = self._backoff_ms()
        self._failures += 1
        retry_at = now + timedelta(milliseconds=delay_ms)
        self._not_before = retry_at
        what = describe_job(job)
        advice = ADVICE.get(state, "")
        reason = reason[:1].upper() + reason[1:]
        if "will print again" in reason:
            message = f"{reason}. {advice}".strip()
        else:
            message = f"{reason} — {what} waiting. {advice}".strip()
        self.store.mark_failed(job.id, message, retry_at, state)
        self._report(PrinterNotice(state, message, waiting=job.reference))
        return Attempt(job.id, Outcome.FAILED, state, message, kicked)

    def _backoff_ms(self) -> int:
        return min(self.config.retry.first_ms << min(self._failures, 16), self.config.retry.max_ms)

    def _probe(self) -> None:
        """No job is due but the last news was bad: look again, so the till does not keep
        showing a fault that was fixed (or a job that was skipped)."""
        if not self.transport.two_way:
            return
        now = self._clock()
        if self._not_before is not None and now < self._not_before:
            return
        report = self.check_printer()
        if report.ready:
            self._failures = 0
            self._not_before = None
            self._report(PrinterNotice(PrinterState.READY, "Printer ready", paper_low=report.paper_low))
        else:
            self._not_before = now + timedelta(milliseconds=self._backoff_ms())
            self._failures += 1
            self._report(PrinterNotice(report.state, f"{headline(report)}. "
                                       f"{ADVICE.get(report.state, '')}".strip()))

    def check_printer(self) -> StatusReport:
        """Ask the printer how it is, now (safe from any thread: it waits for a receipt
        being printed to finish). One-way connections cannot say: UNKNOWN."""
        if not self.transport.two_way:
            return StatusReport(PrinterState.UNKNOWN, "cannot report its status over this connection")
        with self._printer_lock:
            try:
                self.transport.open()
                return self._status()
            except PrinterUnreachable as exc:
                return StatusReport(PrinterState.OFFLINE, exc.message)
            finally:
                if not self.config.keep_open:
                    self.transport.close()

    def _serve_drawer_requests(self) -> None:
        with self._lock:
            requests, self._drawer_requests = self._drawer_requests, []
        for deadline, future in requests:
            if self._clock() > deadline or not self.drawer.enabled:
                future.set_result(False)
                continue
            try:
                self.transport.open()
                report = self._status() if self.transport.two_way else None
                if report is None or report.ready:
                    self.transport.write(drawer_bytes(self.profile, self.drawer.pin,
                                                      self.drawer.pulse_ms))
                    future.set_result(True)
                elif report.state in (PrinterState.PAPER_OUT, PrinterState.COVER_OPEN):
                    self.transport.write(realtime_drawer_bytes(self.drawer.pin, self.drawer.pulse_ms))
                    future.set_result(True)
                else:
                    future.set_result(False)
            except PrinterUnreachable:
                future.set_result(False)
            finally:
                if not self.config.keep_open:
                    self.transport.close()

    # -- the drawer kicks of sales, first and on their own ------------------------------
    def _serve_kicks(self) -> set[int]:
        """Send every due kick; returns the jobs whose drawer opened."""
        opened: set[int] = set()
        if not self.drawer.enabled:
            return opened
        for job in self.store.drawer_kicks_due(self._clock()):
            if job.id not in self._kicked and self._kick(job):
                opened.add(job.id)
        return opened

    def _kick(self, job: PrintJob) -> bool:
        """One attempt at this job's kick. The deadline is checked when the pulse would go
        (the status requests may have taken seconds)."""
        state: PrinterState | None = None
        try:
            self.transport.open()
            report = self._status() if self.transport.two_way else None
            if not self._drawer_due(job, self._clock()):
                return False  # too late now: dropped, the receipt prints without it
            if report is None or report.ready:
                self.transport.write(drawer_bytes(self.profile, self.drawer.pin, self.drawer.pulse_ms))
            elif report.state in (PrinterState.PAPER_OUT, PrinterState.COVER_OPEN):
                # Stopped printers still give the real-time pulse: the cashier has change to give.
                self.transport.write(realtime_drawer_bytes(self.drawer.pin, self.drawer.pulse_ms))
            else:
                state = report.state
        except PrinterUnreachable:
            state = PrinterState.OFFLINE
        finally:
            if state is not None or not self.config.keep_open:
                self.transport.close()
        now = self._clock()
        self._kicked.add(job.id)
        if state is None:
            self.store.mark_drawer_opened(job.id, now)
            self._tell_drawer(DrawerNotice(job.reference, True, "Drawer opened"))
            return True
        why = DRAWER_FAILED.get(state, "printer not ready")
        message = (f"Drawer did not open — {why}. Open it with the drawer key; "
                   f"{describe_job(job)} waits for the printer.")
        self.store.mark_drawer_failed(job.id, now, message)
        self._tell_drawer(DrawerNotice(job.reference, False, message))
        return False

    def _tell_drawer(self, notice: DrawerNotice) -> None:
        if self._on_drawer is not None:
            self._on_drawer(notice)

    def _report(self, notice: PrinterNotice) -> None:
        if notice == self._notice:
            return
        self._notice = notice
        if self._on_notice is not None:
            self._on_notice(notice)
