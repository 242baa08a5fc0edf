"""Retrying a unit of work that lost a race: a deadlock, a serialization failure, a lock
wait timeout, SQLite's "database is locked", or a duplicate key another transaction
inserted a moment earlier. The unit of work is rolled back first, so a retry starts
from scratch and can never apply anything twice.

On MariaDB Galera a transaction that loses certification against another node's comes
back as the same deadlock (1213) and is retried here whole, like any deadlock.

``is_unavailable`` names the other kind of failure: the database went away (a primary
killed, a Galera node that left the cluster or is not yet synced, a standby reached
after a failover). Those are not retried in the request — a failover takes seconds —
but answered ``503 unavailable`` with ``Retry-After`` (``web/errors.py``), so the till
sends again on its own. A push whose connection died *at* commit has an unknown outcome;
its resend is safe because a batch already stored is acknowledged again, not stored
twice (``sync/push.py``, check 3)."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

T = TypeVar("T")
log = logging.getLogger("bisama.db")

_PG_STATES = {"40P01", "40001", "55P03"}
_MYSQL_CODES = {1213, 1205}

# SQLSTATE classes 08 (connection exception) and 57P (admin/crash shutdown, cannot
# connect now), and 25006: a read-only transaction — the node reached is a standby.
_PG_GONE_PREFIXES = ("08", "57P")
_PG_GONE_STATES = {"25006"}
# 1047 WSREP has not yet prepared node for application use; 1053 server shutdown in
# progress; 1927 connection killed; 2002/2003 cannot connect; 2006 server has gone away;
# 2013 lost connection during query; 2055 lost connection (system error); 4031 idle
# client disconnected.
_MYSQL_GONE = {1047, 1053, 1927, 2002, 2003, 2006, 2013, 2055, 4031}
_GONE_WORDS = ("server closed the connection", "connection is lost", "the connection is closed",
               "terminating connection", "consuming input failed", "connection refused",
               "connection failed", "lost synchronization with server")


def is_transient(error: BaseException) -> bool:
    if isinstance(error, IntegrityError):
        return True
    if not isinstance(error, OperationalError | DBAPIError):
        return False
    orig = error.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_STATES:
        return True
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        return True
    return "database is locked" in str(orig)


def is_unavailable(error: BaseException) -> bool:
    """The database is gone or not ready (see the module docstring): answer 503, not 500."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and (state.startswith(_PG_GONE_PREFIXES) or state in _PG_GONE_STATES):
        return True
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_GONE:
        return True
    text = str(orig).lower()
    return any(words in text for words in _GONE_WORDS)


def with_retry(work: Callable[[], T], *, attempts: int = 10, what: str = "unit of work") -> T:
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (OperationalError, DBAPIError) as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            log.info("%s lost a race (%s) in %.80s; retry %d", what, exc.orig, exc.statement,
                     attempt)
            time.sleep(random.uniform(0.005, 0.02) * 2 ** min(attempt, 6))
    raise AssertionError("unreachable")
