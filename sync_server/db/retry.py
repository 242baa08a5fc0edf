"""Retrying a unit of work that lost a race: a deadlock, a serialization failure, a lock
wait timeout, SQLite's "database is locked", or a duplicate key another transaction
inserted a moment earlier. The unit of work is rolled back first, so a retry starts
from scratch and can never apply anything twice."""

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
