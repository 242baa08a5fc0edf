"""The virtual printer on TCP: a network receipt printer (port 9100 style) for the demo,
the tests and an operator's training till.

``VirtualPrinter`` runs in background threads — start it on a free port inside a test,
or as a process with ``python -m hardware.virtual_printer``. Besides the printer's own
faults (paper out, cover open, off-line, error, noise on the status line) it can be made
to *stall* (stop reading for a while: the printer hangs), be *unplugged* (connections
reset, new ones refused) or be unplugged part way through a job.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from types import TracebackType

from hardware.virtual_printer.device import PrinterDevice, Pulse
from hardware.virtual_printer.paper import Page, Problem

_POLL = 0.05  # seconds between checks of the stop and stall flags


class VirtualPrinter:
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, width_dots: int = 576,
                 on_page: Callable[[Page], None] | None = None) -> None:
        self.host = host
        self._requested_port = port
        self.port = port
        self.device = PrinterDevice(width_dots)
        self._on_page = on_page
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._listener: socket.socket | None = None
        self._sockets: dict[int, socket.socket] = {}
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._stall_until = 0.0
        self._unplug_after: int | None = None
        self._doomed: set[int] = set()
        self._accept_thread: threading.Thread | None = None  # connections to reset (each by its own thread)
        self._plugged = False
        self._pages_seen = 0

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> VirtualPrinter:
        self._stop.clear()
        self._listen()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._close_listener()
        with self._lock:
            self._doomed.update(self._sockets)
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()

    def __enter__(self) -> VirtualPrinter:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- faults ------------------------------------------------------------------------
    def set_fault(self, name: str, active: bool = True) -> None:
        """``paper_out``, ``paper_near_end``, ``cover_open``, ``offline``, ``error`` or
        ``garbage_status``."""
        with self._lock:
            late = self.device.set_fault(name, active)
            for conn, data in late.items():
                sock = self._sockets.get(conn)
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.sendall(data)
            self._after_change()

    def run_out_of_paper_after(self, lines: int) -> None:
        with self._lock:
            self.device.run_out_of_paper_after(lines)

    def stall(self, seconds: float) -> None:
        """Stop reading and answering for ``seconds`` (the printer hangs); connections
        are still accepted by the network stack, as with a real hung printer."""
        self._stall_until = time.monotonic() + seconds

    @property
    def stalled(self) -> bool:
        return self._is_stalled()

    def _is_stalled(self) -> bool:
        return time.monotonic() < self._stall_until

    def unplug(self) -> None:
        """Pull the plug: open connections are reset, buffers lost, new ones refused."""
        self._close_listener()
        with self._lock:
            self._doomed.update(self._sockets)
            self.device.power_lost()
            self._after_change()

    def unplug_after(self, nbytes: int) -> None:
        """Pull the plug once ``nbytes`` more bytes of print data have arrived."""
        with self._lock:
            self._unplug_after = nbytes

    def plug_in(self) -> None:
        if not self._plugged:
            self._listen()

    def close_drawer(self) -> None:
        with self._lock:
            self.device.close_drawer()

    # -- the log -----------------------------------------------------------------------
    @property
    def pages(self) -> list[Page]:
        with self._lock:
            return list(self.device.pages)

    def receipts(self) -> list[Page]:
        with self._lock:
            return self.device.receipts()

    @property
    def pulses(self) -> list[Pulse]:
        with self._lock:
            return list(self.device.pulses)

    @property
    def problems(self) -> list[Problem]:
        with self._lock:
            return list(self.device.problems)

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return list(self.device.jobs)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait until ``condition()`` holds (checked whenever the printer's log changes)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, _POLL))
            return True

    # -- internals ---------------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port or self._requested_port))
        listener.listen(8)
        listener.settimeout(_POLL)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._plugged = True
        thread = threading.Thread(target=self._accept_loop, args=(listener,),
                                  name=f"virtual-printer-{self.port}", daemon=True)
        self._accept_thread = thread
        thread.start()

    def _close_listener(self) -> None:
        self._plugged = False
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() stops the kernel accepting at once (close() alone waits for the
            # accept thread's poll to let go of the socket); then wait for that thread.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                listener.close()
        thread, self._accept_thread = self._accept_thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stop.is_set() and self._listener is listener:
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._plugged:
                _reset(sock)
                return
            sock.settimeout(_POLL)
            with self._lock:
                conn = self.device.connect()
                self._sockets[conn] = sock
            thread = threading.Thread(target=self._serve, args=(conn, sock),
                                      name=f"virtual-printer-conn-{conn}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: int, sock: socket.socket) -> None:
        try:
            while not self._stop.is_set() and conn not in self._doomed:
                if self._is_stalled():
                    time.sleep(_POLL)
                    continue
                try:
                    data = sock.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                while self._is_stalled() and not self._stop.is_set():
                    time.sleep(_POLL)  # a stall that began while this arrived holds it too
                if not self._feed(conn, sock, data):
                    break
        finally:
            with self._lock:
                doomed = conn in self._doomed or self._stop.is_set()
                self._doomed.discard(conn)
                if self._sockets.pop(conn, None) is not None:
                    self.device.disconnect(conn)
                self._after_change()
            if doomed:
                _reset(sock)
            else:
                with contextlib.suppress(OSError):
                    sock.close()

    def _feed(self, conn: int, sock: socket.socket, data: bytes) -> bool:
        with self._lock:
            cut_at = self._unplug_after
            if cut_at is not None and len(data) >= cut_at:
                self._unplug_after = None
                if cut_at:
                    self.device.receive(conn, data[:cut_at])
        if cut_at is not None and len(data) >= cut_at:
            self.unplug()
            return False
        with self._lock:
            if cut_at is not None:
                self._unplug_after = cut_at - len(data)
            reply = self.device.receive(conn, data)
            self._after_change()
        if reply:
            try:
                sock.sendall(reply)
            except OSError:
                return False
        return True

    def _after_change(self) -> None:
        pages = self.device.pages
        if self._on_page is not None:
            for page in pages[self._pages_seen:]:
                self._on_page(page)
        self._pages_seen = len(pages)
        self._changed.notify_all()


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a printer that loses power or its cable does."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
