"""The one path to tenant-owned rows: ``TenantScope``.

Every service that reads or writes a tenant's data is handed a ``TenantScope`` for that
tenant, never a bare session. The scope

* adds ``tenant_id = :tenant`` to every ORM SELECT, UPDATE and DELETE it runs, for every
  tenant-owned entity in the statement (``with_loader_criteria``, applied in the
  session's ``do_orm_execute`` hook, so a forgotten filter cannot leak another tenant's
  rows);
* stamps ``tenant_id`` on every row it inserts, and refuses an object or row that
  carries another tenant's id;
* offers the few bulk operations the merge needs (multi-row insert, insert-if-absent,
  atomic ``column = column + :delta``), each built with the tenant in its WHERE clause.

A *system* session (``system_session``) serves the system tables (``tenants``,
``system_users``); it refuses any statement that touches a tenant-owned table, so
cross-tenant access is impossible by construction. System-wide audit entries are written
through the scope of tenant 0.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ARRAY,
    Connection,
    Engine,
    Result,
    Table,
    any_,
    bindparam,
    event,
    insert,
    tuple_,
    update,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria
from sqlalchemy.sql import Executable

from sync_server.db.base import Base, TenantOwned
from sync_server.db.multirow import execute_multirow

T = TypeVar("T")
M = TypeVar("M", bound=Base)

_TENANT_KEY = "bisama_tenant_id"


class TenantLeak(RuntimeError):
    """A statement tried to cross a tenant boundary: always a bug, never user error."""


class ScopedSession(Session):
    """The session class of the central database (see the module docstring)."""


@event.listens_for(ScopedSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    tenant_id = state.session.info.get(_TENANT_KEY)
    touches_tenant_rows = any(issubclass(m.class_, TenantOwned) for m in state.all_mappers)
    if tenant_id is None:
        if touches_tenant_rows:
            raise TenantLeak("a tenant-owned table was queried outside a TenantScope")
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tenant_id,
                                 include_aliases=True))


@event.listens_for(ScopedSession, "before_flush")
def _check_new_objects(session: Session, _context: Any, _instances: Any) -> None:
    tenant_id = session.info.get(_TENANT_KEY)
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, TenantOwned):
            if tenant_id is None:
                raise TenantLeak(f"{type(obj).__name__} written outside a TenantScope")
            if getattr(obj, "tenant_id", None) is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise TenantLeak(f"{type(obj).__name__} of tenant {obj.tenant_id} written in "
                                 f"the scope of tenant {tenant_id}")


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


COPY_FROM = 64  # rows; below this a multi-row INSERT is as quick
# Parameters in one multi-row statement at most (PostgreSQL allows 65,535).
_MULTI_ROW_PARAMETERS = 30_000


# PostgreSQL types COPY can send in binary, by how SQLAlchemy spells a column's type.
_BINARY_COPY = {"BIGINT": "int8", "INTEGER": "int4", "SMALLINT": "int2", "BOOLEAN": "bool",
                "TEXT": "text", "TIMESTAMP WITH TIME ZONE": "timestamptz", "DATE": "date"}
_COPY_TYPES: dict[Table, list[str] | None] = {}


def _binary_copy_types(table: Table) -> list[str] | None:
    """The binary COPY type of each column (``tenant_id`` first), or None when a column
    has a type not in ``_BINARY_COPY`` (the table is then copied as text)."""
    if table in _COPY_TYPES:
        return _COPY_TYPES[table]
    dialect = postgresql.dialect()
    types: list[str] | None = []
    for column in [table.c.tenant_id, *[c for c in table.columns if c.name != "tenant_id"]]:
        name = column.type.compile(dialect=dialect)
        kind = "text" if name.startswith("VARCHAR") else _BINARY_COPY.get(name)
        if kind is None or types is None:
            types = None
            continue
        types.append(kind)
    _COPY_TYPES[table] = types
    return types


def _binary_fits(types: list[str], values: list[Any]) -> bool:
    """Whether a row's values are what binary COPY writes for ``types`` (text COPY lets
    PostgreSQL convert, say, a date given as text; binary does not). A batch's rows are
    built alike, so its first row tells for all of them. A time without a zone is
    refused here, as every other write path refuses it."""
    for kind, value in zip(types, values, strict=True):
        if value is None:
            continue
        if kind == "text":
            ok = type(value) is str
        elif kind == "bool":
            ok = type(value) is bool
        elif kind == "timestamptz":
            ok = isinstance(value, datetime)
            if ok and value.tzinfo is None:  # as ``db.types.UTCDateTime`` refuses it
                raise ValueError("timestamps must be timezone-aware (UTC)")
        elif kind == "date":
            ok = type(value) is date
        else:
            ok = type(value) is int
        if not ok:
            return False
    return True


try:  # psycopg's own row encoder (C), called without its two Python layers per row
    from psycopg._copy_base import _binary_signature, _binary_trailer
    from psycopg._copy_base import format_row_binary as _FORMAT_ROW_BINARY
except ImportError:  # pragma: no cover - another psycopg: rows go through write_row
    _FORMAT_ROW_BINARY = None
_COPY_CHUNK = 1 << 16  # bytes sent at a time, so PostgreSQL works while rows are encoded


def _copy_binary(copy: Any, rows: Sequence[Mapping[str, Any]], tenant_id: int,
                 get: Callable[[Mapping[str, Any]], Any],
                 spelled: Callable[[Mapping[str, Any]], list[Any]]) -> None:
    """Binary COPY of rows that have every column, encoded by psycopg's C encoder
    straight into the buffer (``copy.write_row`` adds two Python calls a row: a
    tenth of a push's COPY time). The buffer carries the format's own signature and
    trailer, as ``write`` of whole binary data must."""
    encode, types = _FORMAT_ROW_BINARY, copy.formatter.transformer
    assert encode is not None
    buffer = bytearray(_binary_signature)
    for row in rows:
        try:
            encode((tenant_id, *get(row)), types, buffer)
        except KeyError:  # a row without some column: its default, as write_row is given
            encode(spelled(row), types, buffer)
        if len(buffer) > _COPY_CHUNK:
            copy.write(buffer)
            buffer = bytearray()
    buffer += _binary_trailer
    copy.write(buffer)


def _copy_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]],
               tenant_id: int) -> None:
    """COPY rows in, each stamped with ``tenant_id`` (already checked by the caller).
    The usual batch has every column in every row: then one ``itemgetter`` per row
    replaces a Python loop over its columns. Tables whose column types all have a
    binary form (all of the merge's) go in binary with their types set once: half the
    client's CPU per row of text COPY, which looks up how to write each value, and less
    for PostgreSQL to parse."""
    from psycopg import sql

    columns = [c for c in table.columns if c.name != "tenant_id"]
    defaults = {c.name: getattr(c.default, "arg", None) for c in columns
                if c.default is not None and getattr(c.default, "is_scalar", False)}
    names = [c.name for c in columns]
    types = _binary_copy_types(table)
    if types is not None and not _binary_fits(types[1:], [rows[0].get(n) for n in names]):
        types = None
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(table.name), sql.SQL(", ").join(
            sql.Identifier(c.name) for c in [table.c.tenant_id, *columns]),
        sql.SQL(" (FORMAT BINARY)" if types is not None else ""))
    whole = len(names) > 1 and all(all(n in row for n in names) for row in rows[:1])
    get = operator.itemgetter(*names)

    def spelled(row: Mapping[str, Any]) -> list[Any]:
        return [tenant_id, *[row[n] if n in row else defaults.get(n) for n in names]]

    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        if types is not None:
            copy.set_types(types)
            if whole and _FORMAT_ROW_BINARY is not None:
                _copy_binary(copy, rows, tenant_id, get, spelled)
                return
        write = copy.write_row
        for row in rows:
            try:
                if whole:
                    write((tenant_id, *get(row)))
                    continue
            except KeyError:
                whole = False
            write(spelled(row))


def session_factory(engine: Engine) -> sessionmaker[ScopedSession]:
    return sessionmaker(engine, class_=ScopedSession, expire_on_commit=False, autoflush=True)


class TenantScope:
    """A unit of work on one tenant's rows (see the module docstring)."""

    def __init__(self, session: ScopedSession, tenant_id: int) -> None:
        if session.info.get(_TENANT_KEY, tenant_id) != tenant_id:
            raise TenantLeak("a session cannot serve two tenants")
        session.info[_TENANT_KEY] = tenant_id
        self._session = session
        self.tenant_id = tenant_id

    # -- reading and ORM writes ---------------------------------------------------------
    def execute(self, statement: Executable,
                params: Mapping[str, Any] | None = None) -> Result[Any]:
        return self._session.execute(statement, params)

    def scalar(self, statement: Executable) -> Any:
        return self._session.scalar(statement)

    def scalars(self, statement: Executable) -> list[Any]:
        return list(self._session.scalars(statement))

    def get(self, model: type[M], *key: Any) -> M | None:
        """A row by its primary key without the leading tenant id."""
        return self._session.get(model, (self.tenant_id, *key))

    def add(self, obj: Base) -> None:
        if isinstance(obj, TenantOwned):
            if getattr(obj, "tenant_id", None) is None:
                obj.tenant_id = self.tenant_id
            if obj.tenant_id != self.tenant_id:
                raise TenantLeak("an object of another tenant was added to this scope")
        self._session.add(obj)

    def flush(self) -> None:
        self._session.flush()

    @property
    def info(self) -> dict[Any, Any]:
        """The session's info (the tenant directory notes there the placement the scope
        runs on: ``directory.services.placement_of``)."""
        return self._session.info

    @property
    def dialect(self) -> str:
        return self._session.get_bind().dialect.name

    # -- bulk operations (merge) -----------------------------------------------------
    def _stamped(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        stamped = []
        for row in rows:
            if row.get("tenant_id", self.tenant_id) != self.tenant_id:
                raise TenantLeak("a row of another tenant was inserted in this scope")
            stamped.append({**row, "tenant_id": self.tenant_id})
        return stamped

    def one_of(self, column: Any, values: Sequence[Any]) -> Any:
        """``column IN (values)``; on PostgreSQL ``column = ANY(:array)``, one parameter
        rather than hundreds (a push looks up its 500 envelope ids and receipt numbers
        this way: half the time of the ``IN`` list, measured)."""
        if self.dialect == "postgresql":
            return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
        return column.in_(values)

    def insert_rows(self, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many rows in one statement batch; a duplicate key fails the whole
        unit of work (that is how a second merge of an envelope is stopped). On
        PostgreSQL a large batch goes through COPY, several times faster than INSERT and
        with the same constraints checked."""
        if not rows:
            return
        connection = self._session.connection()
        if self.dialect == "postgresql" and len(rows) >= COPY_FROM:
            tenant = self.tenant_id
            if any(row.get("tenant_id", tenant) != tenant for row in rows):
                raise TenantLeak("a row of another tenant was inserted in this scope")
            _copy_rows(connection, _table(model), rows, tenant)
        else:
            connection.execute(insert(_table(model)), self._stamped(rows))

    def upsert_many(self, table: Table, stmt: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run ``stmt``, an ``INSERT … ON CONFLICT`` (or ``ON DUPLICATE KEY``) of
        ``table``, for every row, in order. On PostgreSQL rows with distinct keys go as
        multi-row ``VALUES`` statements: psycopg's executemany sends one statement per row,
        each parsed and planned (prepared statements are off), while one statement of
        many rows is parsed once. Rows are inserted in the order given either way, so the
        lock order callers rely on holds. Repeated keys (a multi-row ``ON CONFLICT DO
        UPDATE`` may not touch a row twice) and rows of different columns keep
        executemany, as do the other databases. The statement's text is built by
        ``db.multirow`` from one compiled row, not compiled again for every batch."""
        connection = self._session.connection()
        first = rows[0] if rows else None
        if (first is None or len(rows) < 2 or self.dialect != "postgresql"
                or any(row.keys() != first.keys() for row in rows)):
            connection.execute(stmt, list(rows))
            return
        keys = [c.name for c in table.primary_key.columns]
        if len({tuple(row.get(k) for k in keys) for row in rows}) != len(rows):
            connection.execute(stmt, list(rows))
            return
        size = max(1, _MULTI_ROW_PARAMETERS // len(first))
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            if not execute_multirow(connection, table, stmt, chunk):
                connection.execute(stmt.values(list(chunk)))

    def insert_missing(self, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows whose primary key is not there yet; leave existing rows alone
        (safe when another transaction inserts the same key at the same moment)."""
        if not rows:
            return
        table = _table(model)
        dialect = self.dialect
        stmt: Any
        if dialect == "postgresql":
            stmt = postgresql.insert(table).on_conflict_do_nothing()
        elif dialect in ("mysql", "mariadb"):
            first_key = next(iter(table.primary_key.columns)).name
            stmt = mysql.insert(table)
            stmt = stmt.on_duplicate_key_update({first_key: stmt.inserted[first_key]})
        else:
            stmt = sqlite.insert(table).on_conflict_do_nothing()
        self._session.connection().execute(stmt, self._stamped(rows))

    def upsert_rows(self, model: type[Base], rows: Sequence[Mapping[str, Any]],
                    update_columns: Sequence[str]) -> None:
        """Insert rows, or update ``update_columns`` of the rows whose key exists."""
        if not rows:
            return
        table = _table(model)
        dialect = self.dialect
        stmt: Any
        if dialect == "postgresql":
            stmt = postgresql.insert(table)
            stmt = stmt.on_conflict_do_update(index_elements=list(table.primary_key.columns),
                                              set_={c: stmt.excluded[c] for c in update_columns})
        elif dialect in ("mysql", "mariadb"):
            stmt = mysql.insert(table)
            stmt = stmt.on_duplicate_key_update({c: stmt.inserted[c] for c in update_columns})
        else:
            stmt = sqlite.insert(table)
            stmt = stmt.on_conflict_do_update(index_elements=list(table.primary_key.columns),
                                              set_={c: stmt.excluded[c] for c in update_columns})
        self.upsert_many(table, stmt, self._stamped(rows))

    def add_to(self, model: type[Base], column: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """``column = column + delta`` for each row, keyed by the rest of the primary key;
        rows are applied in key order so concurrent writers lock rows in the same
        order and never deadlock. Each row: the key columns and ``delta``."""
        if not rows:
            return
        table = _table(model)
        keys = [c.name for c in table.primary_key.columns if c.name != "tenant_id"]
        ordered = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
        stmt = (update(table)
                .where(table.c.tenant_id == self.tenant_id,
                       *[table.c[k] == bindparam(f"k_{k}") for k in keys])
                .values({column: table.c[column] + bindparam("delta")}))
        params = [{**{f"k_{k}": r[k] for k in keys}, "delta": r["delta"]} for r in ordered]
        self._session.connection().execute(stmt, params)

    def increment(self, model: type[Base], column: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add each row's ``column`` value to the row with its key, creating the row when
        it is missing — one atomic upsert per key, in key order, so concurrent writers lock
        rows in the same order and never deadlock or lose an increment."""
        if not rows:
            return
        table = _table(model)
        keys = [c.name for c in table.primary_key.columns if c.name != "tenant_id"]
        ordered = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
        stmt: Any
        if self.dialect in ("mysql", "mariadb"):
            stmt = mysql.insert(table)
            stmt = stmt.on_duplicate_key_update({column: table.c[column] + stmt.inserted[column]})
        else:
            dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
            stmt = dialect_insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=list(table.primary_key.columns),
                set_={column: table.c[column] + stmt.excluded[column]})
        self.upsert_many(table, stmt, self._stamped(ordered))

    def existing_keys(self, model: type[Base], columns: Sequence[str],
                      keys: Sequence[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        """Which of ``keys`` (values of ``columns``) exist for this tenant."""
        if not keys:
            return set()
        table = _table(model)
        found: set[tuple[Any, ...]] = set()
        cols = [table.c[c] for c in columns]
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            where = (cols[0].in_([k[0] for k in chunk]) if len(cols) == 1
                     else tuple_(*cols).in_(chunk))
            stmt = (table.select().with_only_columns(*cols)
                    .where(table.c.tenant_id == self.tenant_id, where))
            found.update(tuple(row) for row in self._session.connection().execute(stmt))
        return found


@contextmanager
def tenant_scope(factory: sessionmaker[ScopedSession], tenant_id: int) -> Iterator[TenantScope]:
    """A transaction on one tenant's rows: committed when the block ends normally,
    rolled back when it raises."""
    with factory() as session, session.begin():
        yield TenantScope(session, tenant_id)


@contextmanager
def system_session(factory: sessionmaker[ScopedSession]) -> Iterator[ScopedSession]:
    """A transaction on the system tables only (tenants, system users)."""
    with factory() as session, session.begin():
        yield session
