"""Multi-row ``INSERT … ON CONFLICT`` on PostgreSQL without compiling it each time.

``TenantScope.upsert_many`` sends rows with distinct keys as one statement of many
``VALUES`` groups. Built with SQLAlchemy (``stmt.values([...])``) that statement is
compiled afresh on every push — its cache key changes with the number of rows and the
compiler visits every one of the thousands of bind parameters: 11 % of a push's
transaction CPU (bench sync_push profile, docs/benchmarks.md). Here the statement is
compiled once per shape *with one row*, its ``VALUES (…)`` group is repeated as text,
and the rows' values go to psycopg as one flat list, each through the bind processor
SQLAlchemy would have applied. A statement this cannot take apart (parameters outside
the group, a Python-side default it would have to call) returns None and the caller
keeps SQLAlchemy's way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

_PARAM = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class _Shape:
    head: str  # "INSERT INTO t (a, b) "
    group: str  # "(%s, %s::INTEGER)"
    tail: str  # " ON CONFLICT … DO UPDATE SET …"
    # Per parameter of the group: the row key it reads, the value used when the row
    # lacks that key (a scalar column default), and SQLAlchemy's bind processor.
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
    compiled = stmt.compile(dialect=connection.dialect, column_keys=list(keys))
    text: str = compiled.string
    at = text.find(" VALUES (")
    if at < 0 or compiled.positional:
        return None
    start = at + len(" VALUES ")
    end = _group_end(text, start)
    if end < 0:
        return None
    head, group, tail = text[:at + 1], text[start:end], text[end:]
    if _PARAM.search(head) or _PARAM.search(tail):
        return None  # parameters outside the VALUES group: not ours to repeat
    names = _PARAM.findall(group)
    by_name = {name: bind.key for bind, name in compiled.bind_names.items()}
    processors = compiled._bind_processors
    row_keys: list[str] = []
    defaults: list[Any] = []
    for name in names:
        key = by_name.get(name)
        if key is None:
            return None
        default: Any = _MISSING
        if key not in keys:
            column = table.c.get(key)
            column_default = getattr(column, "default", None)
            if column is None or column_default is None or not column_default.is_scalar:
                return None
            default = column_default.arg
        row_keys.append(key)
        defaults.append(default)
    return _Shape(head, _PARAM.sub("%s", group), tail, tuple(row_keys), tuple(defaults),
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
    values: list[Any] = []
    add = values.append
    plan = list(zip(shape.keys, shape.defaults, shape.processors, strict=True))
    for row in rows:
        for key, default, processor in plan:
            value = row[key] if default is _MISSING else row.get(key, default)
            add(value if processor is None else processor(value))
    sql = shape.head + "VALUES " + ", ".join([shape.group] * len(rows)) + shape.tail
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql, values)
    return True
