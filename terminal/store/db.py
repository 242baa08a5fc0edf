"""Opening the till's SQLite database and running transactions on it.

Every write goes through ``Database.transaction()``: ``BEGIN IMMEDIATE`` (so the write
lock is taken up front and a sale never fails half-way on a busy lock), ``COMMIT`` or
``ROLLBACK``; a nested call becomes a savepoint, so an exchange can run a return and a
sale inside one transaction. SQLite's "disk full" becomes ``StorageFull`` and a file
that is not a database becomes ``DatabaseDamaged``, both in words a cashier can act on.

One ``Database`` object belongs to one thread at a time (the lock guards the rare case
of a print worker sharing it); a second thread should open its own ``Database``.

Checkpoints (copying committed pages from the WAL back into the database file) are not
part of any commit's durability — a commit is durable once its WAL frames are fsynced —
but SQLite runs them inside whichever commit crosses ``wal_autocheckpoint`` pages, and
a sale writes ~30 pages, so every ~30th sale used to pay for one. The till's own
connection (``background_checkpoint=True``) hands them to a ``Checkpointer`` thread with
its own connection instead; SQLite's automatic checkpoint stays on at a higher mark as a
safety net should that thread ever fall behind.
"""

from __future__ import annotations

import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from terminal.errors import DatabaseDamaged, StorageFull
from terminal.owner_only import private_file, tighten

SQLITE_FULL = 13
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SQLITE_IOERR = 10

FULL_MESSAGE = (
    "The till's disk is full, so this was NOT saved (nothing was half-saved, and "
    "the cart is kept). Free some disk space or call support, then try again."
)


def translate(exc: sqlite3.Error) -> Exception:
    """SQLite's low-level errors → the till's errors, or the original."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return StorageFull(FULL_MESSAGE)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DatabaseDamaged(
            "The till's database file is damaged. Do not switch the till off; run "
            "`bisama-terminal check` to see the latest verified backup and restore it."
        )
    return exc


CHECKPOINT_FRAMES = 500  # the background checkpoint runs once the WAL holds this many new pages
SAFETY_NET_FRAMES = 4000  # SQLite's own (in-commit) checkpoint, should the thread fall behind


def wal_backlog(shm: Path) -> int | None:
    """Pages in the WAL not yet copied into the database file, read from the wal-index
    header in the ``-shm`` file (https://www.sqlite.org/walformat.html: ``mxFrame`` at
    byte 16, ``nBackfill`` at byte 96, native byte order); ``None`` if it cannot be read."""
    try:
        with open(shm, "rb") as f:
            head = f.read(100)
    except OSError:
        return None
    if len(head) < 100:
        return None
    mx_frame = int(struct.unpack_from("=I", head, 16)[0])
    backfilled = int(struct.unpack_from("=I", head, 96)[0])
    return max(0, mx_frame - backfilled)


class Checkpointer:
    """A thread with its own connection that runs ``PRAGMA wal_checkpoint(PASSIVE)``
    when poked after commits and the WAL has grown by ``frames`` pages. A passive
    checkpoint takes no write lock: sales keep committing while it copies."""

    def __init__(self, path: Path, frames: int = CHECKPOINT_FRAMES) -> None:
        self.path = path
        self.shm = Path(str(path) + "-shm")
        self.frames = frames
        self.runs = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                backlog = wal_backlog(self.shm)
                if backlog is not None and backlog < self.frames:
                    continue
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.runs += 1
                except sqlite3.Error:
                    pass  # tried again at the next poke; SQLite's own checkpoint is the net
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout=30)


class Database:
    """A connection to the till's database file with the pragmas we rely on."""

    def __init__(
        self, path: Path | str, *, timeout: float = 10.0, background_checkpoint: bool = False
    ) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._depth = 0
        self.checkpointer: Checkpointer | None = None
        if str(self.path) != ":memory:" and not str(self.path).startswith("file:"):
            # Owner-only before SQLite writes a byte (its -wal and -shm files follow suit).
            # A folder that is not there is for SQLite to report, in its words.
            with suppress(FileNotFoundError, NotADirectoryError):
                private_file(self.path)
                for suffix in ("-wal", "-shm"):
                    tighten(Path(str(self.path) + suffix))
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=timeout, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal" and str(self.path) != ":memory:":
                raise DatabaseDamaged(f"The till's database could not switch to WAL mode ({mode}).")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            if background_checkpoint and str(self.path) != ":memory:":
                self.conn.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_FRAMES}")
                self.checkpointer = Checkpointer(self.path)
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; nested calls are savepoints inside it."""
        with self._lock:
            depth = self._depth
            name = f"sp{depth}"
            try:
                self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {name}")
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            self._depth += 1
            try:
                yield self.conn
            except BaseException as exc:
                self._depth -= 1
                self._undo(depth, name)
                if isinstance(exc, sqlite3.Error):
                    mapped = translate(exc)
                    if mapped is not exc:
                        raise mapped from exc
                raise
            self._depth -= 1
            try:
                self.conn.execute("COMMIT" if depth == 0 else f"RELEASE {name}")
            except sqlite3.Error as exc:
                self._undo(depth, name)
                raise translate(exc) from exc
            if depth == 0 and self.checkpointer is not None:
                self.checkpointer.poke()

    def _undo(self, depth: int, name: str) -> None:
        if not self.conn.in_transaction:
            return  # SQLite already rolled back (e.g. after SQLITE_FULL)
        try:
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
        except sqlite3.Error:
            # The original error is the one worth showing; a failed rollback leaves
            # SQLite to roll back the journal when the connection closes.
            pass

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        try:
            with self._lock:
                return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        try:
            with self._lock:
                row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
                return row
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]
