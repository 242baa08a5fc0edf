"""Multi-row ``INSERT … ON CONFLICT`` on PostgreSQL without compiling it each time.

``TenantScope.upsert_many`` sends rows with distinct keys as one statement. Built with
SQLAlchemy (``stmt.values([...])``) that statement is compiled afresh on every push —
its cache key changes with the number of rows and the compiler visits every one of the
thousands of bind parameters (11 % of a push's transaction CPU, bench sync_push), and
then psycopg and PostgreSQL parse a statement of thousands of placeholders. Here the
statement is compiled once per shape *with one row* and its ``VALUES (…)`` group is
replaced by ``SELECT * FROM unnest(%s::type[], …)``: one array per column, so the text
is the same whatever the number of rows (psycopg and PostgreSQL parse a short
statement) and the values go as one list per column, each value through the bind
processor SQLAlchemy would have applied. ``unnest`` yields the rows in the order given,
so the lock order callers rely on holds. A statement this cannot take apart
(parameters outside the group, an expression inside it, a Python-side default it would
have to call, a column type without an array form) returns False and the caller keeps
SQLAlchemy's way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

_PARAM = re.compile(r"%\((\w+)\)s")
_TYPE = r"[A-Z][A-Z0-9 (),]*"  # a type as the dialect spells it: INTEGER, VARCHAR(32) …
_ITEM = re.compile(rf"%\((\w+)\)s(?:::{_TYPE})?")


@dataclass(frozen=True)
class _Shape:
    sql: str  # INSERT INTO t (a, b) SELECT * FROM unnest(%s::T[], %s::U[]) ON CONFLICT …
    # Per column, in order: the row key it reads, the value used when the row lacks
    # that key (a scalar column default), and SQLAlchemy's bind processor.
    keys: tuple[str, ...]
    defaults: tuple[Any, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]


_MISSING = object()
_SHAPES: dict[Any, _Shape | None] = {}
_KEEP = 256  # shapes kept at most (one per upsert statement and column set: a handful)


def _group_end(text: str, start: int) -> int:
    """Index just past the parenthesis that closes the one at ``start``."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _shape(connection: Connection, table: Table, stmt: Any,
           keys: tuple[str, ...]) -> _Shape | None:
    dialect = connection.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    text: str = compiled.string
    at = text.find(" VALUES (")
    if at < 0 or compiled.positional:
        return None
    start = at + len(" VALUES ")
    end = _group_end(text, start)
    if end < 0:
        return None
    head, group, tail = text[:at + 1], text[start + 1:end - 1], text[end:]
    if _PARAM.search(head) or _PARAM.search(tail):
        return None  # parameters outside the VALUES group: not ours to repeat
    items = [item.strip() for item in group.split(", ")]
    if not all(_ITEM.fullmatch(item) for item in items):
        return None  # an expression in the group, not a plain value
    names = [_PARAM.findall(item)[0] for item in items]
    by_name = {name: bind.key for bind, name in compiled.bind_names.items()}
    processors = compiled._bind_processors
    row_keys: list[str] = []
    defaults: list[Any] = []
    casts: list[str] = []
    for name in names:
        key = by_name.get(name)
        column = table.c.get(key) if key is not None else None
        if key is None or column is None:
            return None
        default: Any = _MISSING
        if key not in keys:
            column_default = column.default
            if column_default is None or not column_default.is_scalar:
                return None
            default = getattr(column_default, "arg", None)
        kind = column.type.dialect_impl(dialect).compile(dialect=dialect)
        if not re.fullmatch(_TYPE, kind):
            return None
        row_keys.append(key)
        defaults.append(default)
        casts.append(f"%s::{kind}[]")
    sql = f"{head}SELECT * FROM unnest({', '.join(casts)}){tail}"
    return _Shape(sql, tuple(row_keys), tuple(defaults),
                  tuple(processors.get(name) for name in names))


def execute_multirow(connection: Connection, table: Table, stmt: Any,
                     rows: Sequence[Mapping[str, Any]]) -> bool:
    """Run ``stmt`` for every row (all with the same keys, distinct conflict keys) as
    one statement; False when the statement's shape is not one this can take (nothing
    was sent then)."""
    keys = tuple(rows[0].keys())
    cache_key = stmt._generate_cache_key()
    if cache_key is None:
        return False
    lookup = (cache_key.key, keys, connection.dialect.name)
    if lookup in _SHAPES:
        shape = _SHAPES[lookup]
    else:
        if len(_SHAPES) >= _KEEP:
            _SHAPES.clear()
        shape = _SHAPES[lookup] = _shape(connection, table, stmt, keys)
    if shape is None:
        return False
    arrays: list[list[Any]] = []
    for key, default, processor in zip(shape.keys, shape.defaults, shape.processors,
                                       strict=True):
        if default is _MISSING:
            column = [row[key] for row in rows]
        else:
            column = [row.get(key, default) for row in rows]
        arrays.append(column if processor is None else [processor(v) for v in column])
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(shape.sql, arrays)
    return True
