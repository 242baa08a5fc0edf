"""The virtual printer's device logic: faults, the receive buffer, status replies, the
drawer, and the log of everything printed — without sockets.

Behaviour follows an Epson TM receipt printer:

* real-time commands (``DLE EOT n`` status, ``DLE DC4`` pulse and buffer clear) are
  answered the moment they arrive, even while the printer is stopped;
* while it is stopped (paper out, cover open, off-line, error) everything else waits in
  the receive buffer, in order, and prints when the fault clears — unless ``DLE DC4 8``
  clears the buffers first;
* ``GS r`` is answered in order, so its reply proves everything before it was processed;
* running out of paper part way through a receipt ends that piece of paper there
  ("paper_out"); what follows, if it is not cleared, prints on the new roll as a
  *continued* page.

``receive`` returns the bytes to send back on that connection. The server serialises
calls with a lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hardware.virtual_printer.paper import (
    DrawerPulse,
    Page,
    PageEnded,
    PaperModel,
    Problem,
    StatusRequest,
)
from hardware.virtual_printer.tokens import Command, Token, Tokenizer

GARBAGE_REPLY = b"\xff\x00\xa5"


@dataclass(frozen=True, slots=True)
class Pulse:
    pin: int
    on_ms: int
    realtime: bool
    connection: int


@dataclass(slots=True)
class Faults:
    paper_out: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    offline: bool = False
    error: bool = False  # e.g. the autocutter jammed
    garbage_status: bool = False  # status replies come back as noise

    @property
    def stopped(self) -> bool:
        return self.paper_out or self.cover_open or self.offline or self.error


@dataclass(slots=True)
class _Connection:
    tokenizer: Tokenizer = field(default_factory=Tokenizer)
    open: bool = True
    received: bytearray = field(default_factory=bytearray)


class PrinterDevice:
    """One printer: one print head and paper roll, any number of connections."""

    def __init__(self, width_dots: int = 576) -> None:
        self.width_dots = width_dots
        self.faults = Faults()
        self.model = PaperModel(width_dots)
        self.pages: list[Page] = []
        self.pulses: list[Pulse] = []
        self.problems: list[Problem] = []
        self.jobs: list[bytes] = []  # every connection's bytes, in order of connection
        self.drawer_open = False
        self._connections: dict[int, _Connection] = {}
        self._held: list[tuple[int, Token]] = []
        self._next_id = 1
        self._paper_left: int | None = None  # lines until the roll runs out
        self._continued = False

    # -- connections -------------------------------------------------------------------
    def connect(self) -> int:
        conn = self._next_id
        self._next_id += 1
        self._connections[conn] = _Connection()
        return conn

    def receive(self, conn: int, data: bytes) -> bytes:
        c = self._connections[conn]
        c.received += data
        replies = bytearray()
        for token in c.tokenizer.feed(data):
            if isinstance(token, Command) and token.realtime:
                replies += self._realtime(conn, token)
            elif self.faults.stopped:
                self._held.append((conn, token))
            else:
                replies += self._process(conn, token)
        return bytes(replies)

    def disconnect(self, conn: int) -> None:
        c = self._connections.pop(conn, None)
        if c is None:
            return
        self.jobs.append(bytes(c.received))
        if c.tokenizer.pending:
            self.problems.append(Problem(c.tokenizer.pending[:16], "connection closed mid-command"))
        if not self.faults.stopped and not any(h[0] == conn for h in self._held):
            self._end_page("connection_closed")

    # -- faults (the operator's side) --------------------------------------------------
    def set_fault(self, name: str, active: bool) -> dict[int, bytes]:
        """Set or clear a fault; clearing the last stopping fault prints what waited.
        Returns replies for still-open connections (``GS r`` answered late)."""
        if not hasattr(self.faults, name):
            raise ValueError(f"unknown fault {name}")
        was_stopped = self.faults.stopped
        setattr(self.faults, name, active)
        if name == "paper_out" and not active:
            self._paper_left = None
        if was_stopped and not self.faults.stopped:
            return self._release()
        return {}

    def run_out_of_paper_after(self, lines: int) -> None:
        """The roll ends after ``lines`` more printed lines."""
        self._paper_left = self.model.lines_printed + lines

    def power_lost(self) -> None:
        """The printer lost power: buffers and the half-printed line are gone."""
        self._held.clear()
        self.model.discard_line()
        self._end_page("power_lost")
        self._continued = False
        self.model = PaperModel(self.width_dots)
        for c in self._connections.values():
            c.tokenizer = Tokenizer()

    def close_drawer(self) -> None:
        self.drawer_open = False

    # -- the log -----------------------------------------------------------------------
    def receipts(self) -> list[Page]:
        """Pages that printed whole: from their first line to a cut, on one roll."""
        return [p for p in self.pages if p.complete]

    # -- internals ---------------------------------------------------------------------
    def _release(self) -> dict[int, bytes]:
        held, self._held = self._held, []
        replies: dict[int, bytearray] = {}
        for i, (conn, token) in enumerate(held):
            if self.faults.stopped:  # ran out of paper again while catching up
                self._held = held[i:]
                break
            out = self._process(conn, token)
            if out and conn in self._connections:
                replies.setdefault(conn, bytearray()).extend(out)
        if not self._held and {h[0] for h in held} - set(self._connections):
            self._end_page("connection_closed")  # its connection closed while it waited
        return {k: bytes(v) for k, v in replies.items()}

    def _process(self, conn: int, token: Token) -> bytes:
        self.model.page.connection = conn
        replies = bytearray()
        for event in self.model.process(token):
            if isinstance(event, PageEnded):
                event.page.connection = conn
                self._keep(event.page)
            elif isinstance(event, DrawerPulse):
                self.pulses.append(Pulse(event.pin, event.on_ms, False, conn))
                self.drawer_open = True
            elif isinstance(event, StatusRequest):
                replies += self._gs_r(event.n)
            else:
                self.problems.append(event)
        if self._paper_left is not None and self.model.lines_printed >= self._paper_left:
            self._end_page("paper_out")
            self.faults.paper_out = True
            self._continued = True
        return bytes(replies)

    def _keep(self, page: Page) -> None:
        if page.has_content:
            if self._continued:
                page.ended_by = f"continued after paper out, {page.ended_by}"
                self._continued = False
            self.pages.append(page)

    def _end_page(self, reason: str) -> None:
        page = self.model.end_page(reason)
        if page is not None:
            self._keep(page)

    def _realtime(self, conn: int, cmd: Command) -> bytes:
        p = cmd.params
        if cmd.name == "DLE EOT":
            if self.faults.garbage_status:
                return GARBAGE_REPLY
            return self._dle_eot(p[0])
        if cmd.name == "DLE DC4":
            if p[0] == 1 and not self.faults.error:
                self.pulses.append(Pulse(2 if p[1] == 0 else 5, p[2] * 100, True, conn))
                self.drawer_open = True
            elif p[0] == 8 and p[1:] == b"\x01\x03\x14\x01\x06\x02\x08":
                self._held.clear()
                self.model.discard_line()
                self._continued = False
                for c in self._connections.values():
                    c.tokenizer = Tokenizer()
            return b""
        return b""  # DLE ENQ: recovery requests change nothing here

    def _dle_eot(self, n: int) -> bytes:
        f = self.faults
        if n == 1:
            return bytes((0x12 | (0x08 if f.stopped else 0) | (0x04 if self.drawer_open else 0),))
        if n == 2:
            return bytes((0x12 | (0x04 if f.cover_open else 0) | (0x20 if f.paper_out else 0)
                          | (0x40 if f.error else 0),))
        if n == 3:
            return bytes((0x12 | (0x08 if f.error else 0),))
        if n == 4:
            near = f.paper_near_end or f.paper_out
            return bytes((0x12 | (0x0C if near else 0) | (0x60 if f.paper_out else 0),))
        return b""  # other n: a TM printer stays silent

    def _gs_r(self, n: int) -> bytes:
        f = self.faults
        if f.garbage_status:
            return GARBAGE_REPLY
        if n == 1:
            return bytes(((0x03 if f.paper_near_end else 0) | (0x0C if f.paper_out else 0),))
        if n == 2:
            return bytes((0x01 if self.drawer_open else 0,))
        return b""
