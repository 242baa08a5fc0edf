"""Ending a program that started other processes (the demo's head office) without
leaving them behind, however it ends.

- Ctrl+C, SIGTERM (``kill``, a service manager) and SIGHUP (the terminal window closed,
  an SSH session dropped) become ``DemoInterrupted`` (a ``KeyboardInterrupt``) inside
  ``stop_on_signals``, so every ``finally`` that stops a child runs. Python's default
  for SIGTERM and SIGHUP is to die on the spot, running none of them.
- A death no Python code sees (``kill -9``; Qt's abort when it cannot open a window) is
  covered on Linux by ``dies_with_parent``: the kernel sends the child SIGTERM when the
  process that started it dies. Elsewhere the next demo stops a head office left
  running (``HeadOffice.stop_leftover``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class DemoInterrupted(KeyboardInterrupt):
    """The program was asked to stop by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    def __str__(self) -> str:
        return signal.Signals(self.signum).name


STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise DemoInterrupted(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``DemoInterrupted`` here (SIGINT already raises
    ``KeyboardInterrupt``); the handlers before are put back on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and only it gets signals)
        return
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def signals_call(stop: Callable[[int], None]) -> Iterator[None]:
    """While an event loop runs in C++ (Qt's), SIGINT, SIGTERM and SIGHUP call ``stop``
    (which asks the loop to end) instead of raising inside a Qt callback, where the
    exception would be printed and lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = (signal.SIGINT, *STOP_SIGNALS)
    previous = {sig: signal.getsignal(sig) for sig in wanted}
    for sig in wanted:
        signal.signal(sig, lambda signum, _frame: stop(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# Run as ``python -c`` before the child's own module: asks the kernel for SIGTERM when
# the parent dies, then checks the parent did not die already (the race before the ask).
_WATCHED = (
    "import ctypes, os, runpy, signal, sys\n"
    "module, parent = sys.argv[1], int(sys.argv[2])\n"
    "if sys.platform.startswith('linux'):\n"
    f"    ctypes.CDLL(None).prctl({_PR_SET_PDEATHSIG}, int(signal.SIGTERM), 0, 0, 0)\n"
    "if os.getppid() != parent:\n"
    "    sys.exit(0)\n"
    "sys.argv = [module, *sys.argv[3:]]\n"
    "runpy.run_module(module, run_name='__main__', alter_sys=True)\n"
)


def dies_with_parent(module: str, *args: str) -> list[str]:
    """The command line of ``python -m MODULE ARGS`` in a child that gets SIGTERM when
    this process dies, however it died (Linux; elsewhere an ordinary child). The
    command line keeps ``MODULE`` as a word of its own, so the process can be found."""
    return [sys.executable, "-c", _WATCHED, module, str(os.getpid()), *args]
