"""Moving a tenant to another PostgreSQL database while its tills push
(``bisama-sync tenant move DOMAIN --to SERVER``; docs/architecture.md, "Moving a tenant").

The phases, each recorded in the tenant's ``tenant_placements`` row (``move_phase``) so a
move interrupted anywhere is resumed by running the command again, or undone by
``--abort``:

1. **prepare** — the target database is created if missing and upgraded to this
   server's schema head; it must hold no row of the tenant; the ``tenants`` row is copied;
   on the source a publication ``bisama_move_N`` over every tenant-owned table with
   ``WHERE (tenant_id = N)``, on the target a subscription with ``copy_data = true``
   (its slot on the source has the same name). Placement state ``moving``; the tills keep
   pushing to the source.
2. **catch up** — wait until every table's initial copy is done and the slot's
   confirmed position is within ``CATCH_UP_BYTES`` of the source's WAL end.
3. **freeze** — the fence's exclusive lock on the source (``directory/fence.py``): the
   tenant's in-flight transactions finish, new ones wait. Then the source's WAL position
   is read and the slot must confirm it; then
4. **verify** (``directory/verify.py``) inside the freeze: counts, trial balance per
   period, chain heads. Sequences are carried to the target (logical replication does
   not carry them). The fence is written ``moved`` and the source transaction commits,
   which ends the freeze. A freeze that would pass ``FREEZE_LIMIT`` is rolled back
   instead (nothing changed; the tills waited, then carry on at the source) and the move
   goes back to 2, at most ``FREEZE_TRIES`` times.
5. **switch** — the placement names the target with ``epoch + 1``, state ``active``,
   phase ``switched``; ``moving_to_server``/``moving_to_database`` now name the *source*,
   kept until ``--finish``. Transactions that waited in the freeze found the fence,
   read the placement again and ran on the target.
6. **finish** (``--finish``) — drop the subscription and publication, delete the
   tenant's rows at the source inside a recorded deletion (the audit trail's triggers
   allow that and nothing else). The fence row stays at the source: a process that
   still had the old placement cached is sent to the target.

``--abort`` before the switch drops the subscription and publication, deletes what was
copied to the target and puts the placement back as it was; the source never stopped
being the tenant's. After the switch the tills have sold on the target, so going back is
a move in the other direction (after ``--finish``), not an abort.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text

from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from sync_server.db.migrate import upgrade
from sync_server.directory import fence
from sync_server.directory.models import SYSTEM_SERVER, DbServer, TenantPlacement
from sync_server.directory.services import Placement
from sync_server.directory.tenant_row import refresh_copy
from sync_server.directory.verify import Verification, compare, tenant_tables
from sync_server.errors import NotFound, Refused
from sync_server.tenants.models import Tenant

CATCH_UP_BYTES = 256 * 1024  # the slot this close to the source's WAL end: freeze
CATCH_UP_WAIT = 300.0  # seconds the catch-up may take before the move gives up
FREEZE_LIMIT = 2.0  # seconds a freeze may last (lock to release)
FREEZE_TRIES = 5
POLL = 0.005

PREPARED, FROZEN, SWITCHED = "prepared", "frozen", "switched"


class MoveError(Refused):
    code = "move_refused"


@dataclass
class MoveReport:
    tenant_id: int
    source: str
    target: str
    phase: str
    freezes: list[float] = field(default_factory=list)  # seconds, each freeze tried
    # The last freeze in parts (seconds): lock (in-flight writes finishing), confirm (the
    # slot confirming the source's position), verify, sequences and fence with commit.
    parts: dict[str, float] = field(default_factory=dict)
    catch_ups: list[float] = field(default_factory=list)  # seconds, each catch-up
    verification: Verification | None = None
    epoch: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"tenant_id": self.tenant_id, "source": self.source, "target": self.target,
                "phase": self.phase, "freezes_s": [round(f, 4) for f in self.freezes],
                "freeze_s": round(self.freezes[-1], 4) if self.freezes else None,
                "freeze_parts_s": {k: round(v, 4) for k, v in self.parts.items()},
                "catch_ups_s": [round(c, 3) for c in self.catch_ups],
                "verification": self.verification.summary() if self.verification else None,
                "epoch": self.epoch, "notes": self.notes}


def names(tenant_id: int) -> str:
    """The publication, subscription and slot of a tenant's move."""
    return f"bisama_move_{tenant_id}"


def _where(server: str, database: str | None) -> str:
    return server if database is None else f"{server}/{database}"


def _tenant(ctx: ServerContext, domain: str) -> Tenant:
    with ctx.system() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.domain == domain.strip().lower()))
        if tenant is None:
            raise NotFound(f"No tenant has the domain {domain}. `bisama-sync tenant list` "
                           "shows them.")
        session.expunge(tenant)
        return tenant


def _row(ctx: ServerContext, tenant_id: int) -> TenantPlacement | None:
    with ctx.system() as session:
        row = session.get(TenantPlacement, tenant_id)
        if row is not None:
            session.expunge(row)
        return row


def _record(ctx: ServerContext, tenant_id: int, **values: Any) -> None:
    """Write the placement row (made if the tenant had none: it was on ``system``)."""
    now = ctx.clock.now()
    with ctx.system() as session:
        row = session.get(TenantPlacement, tenant_id, with_for_update=True)
        if row is None:
            row = TenantPlacement(tenant_id=tenant_id, server=SYSTEM_SERVER, database=None,
                                  state="active", epoch=1, updated_at=now)
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now
    ctx.directory.forget(tenant_id)


def _postgres(ctx: ServerContext, server: str, what: str) -> None:
    if server == SYSTEM_SERVER:
        backend = ctx.engine.dialect.name
    else:
        with ctx.system() as session:
            row = session.get(DbServer, server)
            if row is None:
                raise NotFound(f"No database server is called {server}. `bisama-sync server "
                               "list` shows them.")
            backend = row.engine
    if backend != "postgresql":
        raise MoveError(
            f"The {what} server {server} runs {backend}: a tenant moves live only between "
            "PostgreSQL servers (logical replication with row filters). On MariaDB move it "
            "with `tenant export` and `tenant import` while it is frozen (docs/deploy.md).")


def _libpq(engine: Engine) -> str:
    """The source as a libpq connection string, for the target's subscription."""
    from psycopg.conninfo import make_conninfo

    url = engine.url
    parts = {"host": url.host or "127.0.0.1", "port": str(url.port or 5432),
             "user": url.username or "postgres", "dbname": url.database or "postgres"}
    if url.password:
        parts["password"] = str(url.password)
    return make_conninfo(**parts)


def _ensure_database(ctx: ServerContext, server: str, database: str | None) -> None:
    if database is None:
        return
    admin = make_engine(ctx.directory.url_of(server, None), pool_size=1)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                           {"d": database}) is None:
                conn.execute(text(f'CREATE DATABASE "{database}"'))
    finally:
        admin.dispose()


@dataclass
class _Ends:
    """The two databases of a move and their engines (disposed by ``close``)."""

    placement: Placement
    source: Engine
    target: Engine
    source_where: str
    target_where: str

    def close(self) -> None:
        self.target.dispose()


def _ends(ctx: ServerContext, tenant_id: int) -> _Ends:
    row = _row(ctx, tenant_id)
    if row is None or row.moving_to_server is None:
        raise MoveError(f"Tenant {tenant_id} is not being moved.")
    placement = Placement.of(row)
    if row.move_phase in (SWITCHED,):
        # After the switch the placement names the target, moving_to_* the source.
        target = ctx.directory.engine_of(placement)
        source = make_engine(ctx.directory.url_of(row.moving_to_server, row.moving_to_database),
                             pool_size=2)
        return _Ends(placement, source, target,
                     _where(row.moving_to_server, row.moving_to_database), placement.where)
    source = ctx.directory.engine_of(placement)
    target = make_engine(ctx.directory.url_of(row.moving_to_server, row.moving_to_database),
                         pool_size=2)
    return _Ends(placement, source, target, placement.where,
                 _where(row.moving_to_server, row.moving_to_database))


# -- 1. prepare -----------------------------------------------------------------------


def prepare(ctx: ServerContext, domain: str, to_server: str,
            database: str | None = None) -> MoveReport:
    tenant = _tenant(ctx, domain)
    placement = ctx.directory.placement(tenant.id, fresh=True)
    if placement.move_phase is not None:
        raise MoveError(f"{domain} is already being moved (phase {placement.move_phase}); "
                        f"see `bisama-sync tenant move {domain} --status`.")
    if (to_server, database) == (placement.server, placement.database):
        raise MoveError(f"{domain} is already on {placement.where}.")
    _postgres(ctx, placement.server, "source")
    _postgres(ctx, to_server, "target")
    _ensure_database(ctx, to_server, database)
    source = ctx.directory.engine_of(placement)
    target = make_engine(ctx.directory.url_of(to_server, database), pool_size=2)
    name = names(tenant.id)
    try:
        if source.url.render_as_string(hide_password=False) == \
                target.url.render_as_string(hide_password=False):
            raise MoveError(f"{_where(to_server, database)} is the database {domain} is in.")
        if source.dialect.server_version_info and source.dialect.server_version_info < (15,):
            raise MoveError("The source runs PostgreSQL older than 15 (no row filters).")
        with source.connect() as conn:
            level = conn.scalar(text("SHOW wal_level"))
        if level != "logical":
            raise MoveError(f"The source server has wal_level = {level}; set wal_level = "
                            "logical in postgresql.conf and restart it (docs/deploy.md).")
        upgrade(target)
        with target.begin() as conn:
            left = {t.name: n for t in tenant_tables() if (n := int(conn.scalar(
                select(func.count()).select_from(t).where(t.c.tenant_id == tenant.id)) or 0))}
            if left:
                raise MoveError(f"The target already holds rows of {domain} ({left}); "
                                "finish or clean the earlier move first.")
            _copy_tenant_row(ctx, conn, tenant.id)
            fence.lift(conn, tenant.id)
        tables = ", ".join(f'"{t.name}" WHERE (tenant_id = {int(tenant.id)})'
                           for t in tenant_tables())
        with source.connect() as conn:
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.execute(text(f"DROP PUBLICATION IF EXISTS {name}"))
            auto.execute(text(f"CREATE PUBLICATION {name} FOR TABLE {tables}"))
        _record(ctx, tenant.id, state="moving", moving_to_server=to_server,
                moving_to_database=database, move_phase=PREPARED,
                move_started_at=ctx.clock.now())
        _subscribe(source, target, tenant.id)
    finally:
        target.dispose()
    return MoveReport(tenant.id, placement.where, _where(to_server, database), PREPARED)


def _subscribe(source: Engine, target: Engine, tenant_id: int) -> None:
    """The target's subscription (made again by a move resumed after it failed to be)."""
    name = names(tenant_id)
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.scalar(text("SELECT 1 FROM pg_subscription WHERE subname = :n"), {"n": name}):
            return
        conn.execute(text(
            f"CREATE SUBSCRIPTION {name} CONNECTION '{_libpq(source)}' PUBLICATION {name} "
            "WITH (copy_data = true, synchronous_commit = 'local')"))


def _copy_tenant_row(ctx: ServerContext, target: Connection, tenant_id: int) -> None:
    tenants = cast(Table, Tenant.__table__)
    if target.scalar(select(tenants.c.id).where(tenants.c.id == tenant_id)) is not None:
        return
    with ctx.engine.connect() as conn:
        row = conn.execute(select(tenants).where(tenants.c.id == tenant_id)).mappings().one()
    target.execute(insert(tenants).values(**dict(row)))


# -- 2. catch up ----------------------------------------------------------------------


def lag(source: Connection, target: Connection, tenant_id: int) -> tuple[int, int | None]:
    """(tables whose initial copy is not done, bytes the slot is behind; None when the
    slot has not confirmed anything yet)."""
    name = names(tenant_id)
    copying = int(target.scalar(text(
        "SELECT count(*) FROM pg_subscription_rel r JOIN pg_subscription s "
        "ON s.oid = r.srsubid WHERE s.subname = :n AND r.srsubstate <> 'r'"), {"n": name}) or 0)
    behind = source.scalar(text(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
        "FROM pg_replication_slots WHERE slot_name = :n"), {"n": name})
    return copying, None if behind is None else int(behind)


def catch_up(ends: _Ends, tenant_id: int, *, limit: float = CATCH_UP_WAIT) -> float:
    """Wait until the target is close behind; the seconds it took."""
    started = time.monotonic()
    with ends.source.connect() as source, ends.target.connect() as target:
        s = source.execution_options(isolation_level="AUTOCOMMIT")
        t = target.execution_options(isolation_level="AUTOCOMMIT")
        while True:
            copying, behind = lag(s, t, tenant_id)
            if copying == 0 and behind is not None and behind <= CATCH_UP_BYTES:
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                raise MoveError(f"The target did not catch up in {limit:.0f} s ({copying} "
                                f"tables still copying, {behind} bytes behind); the move "
                                "stays prepared: run it again, or --abort.")
            time.sleep(0.05)


# -- 3-5. freeze, verify, switch --------------------------------------------------------


def _sequences(source: Connection, target: Connection) -> int:
    """Carry every sequence owned by a tenant-owned table to the target (never down: a
    shared target database's sequence may be ahead already)."""
    owned = {t.name for t in tenant_tables()}
    rows = source.execute(text(
        "SELECT s.relname, t.relname, ps.last_value FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_sequences ps "
        "ON ps.sequencename = s.relname AND ps.schemaname = current_schema() "
        "WHERE s.relkind = 'S'")).all()
    carried = 0
    for sequence, table, value in rows:
        if table in owned and value is not None:
            target.execute(text("SELECT setval(:s, greatest(:v, (SELECT last_value FROM "
                                f'"{sequence}")))'), {"s": sequence, "v": int(value)})
            carried += 1
    return carried


def _wait_confirmed(probe: Connection, tenant_id: int, lsn: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        done = probe.scalar(text(
            "SELECT confirmed_flush_lsn >= CAST(:l AS pg_lsn) FROM pg_replication_slots "
            "WHERE slot_name = :n"), {"l": lsn, "n": names(tenant_id)})
        if done:
            return True
        time.sleep(POLL)
    return False


def freeze_and_switch(ctx: ServerContext, ends: _Ends, tenant_id: int, report: MoveReport,
                      *, limit: float = FREEZE_LIMIT) -> bool:
    """One freeze: True when the tenant switched, False when the freeze was given up
    (rolled back: nothing changed)."""
    _record(ctx, tenant_id, state="frozen", move_phase=FROZEN)
    placement = ctx.directory.placement(tenant_id, fresh=True)
    target_server, target_database = placement.moving_to_server, placement.moving_to_database
    assert target_server is not None
    with ends.source.connect() as src, ends.source.connect() as watcher, \
            ends.target.connect() as dst:
        probe = watcher.execution_options(isolation_level="AUTOCOMMIT")
        started = time.monotonic()
        deadline = started + limit
        with src.begin() as frozen:
            if not fence.freeze(src, tenant_id, timeout_ms=int(limit * 1000)):
                frozen.rollback()
                report.freezes.append(time.monotonic() - started)
                report.notes.append("in-flight writes did not finish within the freeze limit")
                _record(ctx, tenant_id, state="moving", move_phase=PREPARED)
                return False
            locked = time.monotonic()
            report.parts = {"lock": locked - started}
            lsn = str(src.scalar(text("SELECT pg_current_wal_lsn()")))
            verification: Verification | None = None
            if _wait_confirmed(probe, tenant_id, lsn, deadline):
                confirmed = time.monotonic()
                report.parts["confirm"] = confirmed - locked
                while True:
                    with dst.begin():
                        verification = compare(src, dst, tenant_id)
                    if verification.equal or time.monotonic() > deadline:
                        break
                    time.sleep(POLL)
            report.verification = verification
            if verification is None or not verification.equal or time.monotonic() > deadline:
                frozen.rollback()
                report.freezes.append(time.monotonic() - started)
                report.notes.append("the target was not equal within the freeze limit: "
                                    + (verification.summary() if verification else
                                       "the slot did not confirm the source's position"))
                _record(ctx, tenant_id, state="moving", move_phase=PREPARED)
                return False
            verified = time.monotonic()
            report.parts["verify"] = verified - confirmed
            with dst.begin():
                _sequences(src, dst)
            epoch = placement.epoch + 1
            fence.mark_moved(src, tenant_id, moved_to=_where(target_server, target_database),
                             epoch=epoch, at=ctx.clock.now())
        report.freezes.append(time.monotonic() - started)
        report.parts["sequences_fence_commit"] = time.monotonic() - verified
    # The fence is committed: the source takes no more writes of the tenant. Now the
    # placement; a move that dies here resumes from phase "frozen" (``run`` finds the fence).
    _switch(ctx, tenant_id, placement)
    report.epoch = placement.epoch + 1
    return True


def _switch(ctx: ServerContext, tenant_id: int, placement: Placement) -> None:
    _record(ctx, tenant_id, server=placement.moving_to_server,
            database=placement.moving_to_database, epoch=placement.epoch + 1, state="active",
            move_phase=SWITCHED, moving_to_server=placement.server,
            moving_to_database=placement.database)
    # The target's copy of the tenants row was taken at prepare: a change to the row
    # since then went to the system database and the source's copy.
    refresh_copy(ctx, tenant_id)


def _fenced(engine: Engine, tenant_id: int) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text("SELECT state FROM tenant_fences WHERE tenant_id = :t"),
                                {"t": tenant_id}) == fence.MOVED)


def run(ctx: ServerContext, domain: str, to_server: str | None = None,
        database: str | None = None, *, freeze_limit: float = FREEZE_LIMIT,
        tries: int = FREEZE_TRIES) -> MoveReport:
    """The whole move up to the switch (or the rest of an interrupted one)."""
    tenant = _tenant(ctx, domain)
    placement = ctx.directory.placement(tenant.id, fresh=True)
    if placement.move_phase is None:
        if to_server is None:
            raise MoveError(f"Say where {domain} goes: --to SERVER.")
        prepare(ctx, domain, to_server, database)
    elif to_server is not None and (to_server, database) != (
            placement.moving_to_server, placement.moving_to_database) \
            and placement.move_phase != SWITCHED:
        raise MoveError(f"{domain} is being moved to "
                        f"{_where(placement.moving_to_server or '', placement.moving_to_database)}"
                        "; --abort that move first.")
    ends = _ends(ctx, tenant.id)
    report = MoveReport(tenant.id, ends.source_where, ends.target_where,
                        ends.placement.move_phase or PREPARED)
    try:
        if ends.placement.move_phase == SWITCHED:
            report.notes.append("already switched; `--finish` drops the replication and the "
                                "source's copy")
            return report
        if ends.placement.move_phase == FROZEN and _fenced(ends.source, tenant.id):
            _switch(ctx, tenant.id, ends.placement)  # died between fence and switch
            report.phase, report.epoch = SWITCHED, ends.placement.epoch + 1
            return report
        _subscribe(ends.source, ends.target, tenant.id)
        for _attempt in range(tries):
            report.catch_ups.append(catch_up(ends, tenant.id))
            if freeze_and_switch(ctx, ends, tenant.id, report, limit=freeze_limit):
                report.phase = SWITCHED
                return report
        raise MoveError(f"{domain} could not be frozen within {freeze_limit} s in {tries} tries "
                        f"(freezes {', '.join(f'{f:.2f}' for f in report.freezes)} s; "
                        f"{'; '.join(report.notes)}). It stays on the source, still "
                        "replicating: run the move again at a quieter time, or --abort.")
    finally:
        ends.close()
        ctx.directory.forget(tenant.id)


# -- status, finish, abort ----------------------------------------------------------------


def status(ctx: ServerContext, domain: str) -> dict[str, Any]:
    tenant = _tenant(ctx, domain)
    placement = ctx.directory.placement(tenant.id, fresh=True)
    out: dict[str, Any] = {"domain": domain, **placement.to_json()}
    if placement.move_phase is None:
        return out
    ends = _ends(ctx, tenant.id)
    try:
        with ends.source.connect() as s, ends.target.connect() as t:
            copying, behind = lag(s, t, tenant.id)
        out.update(source=ends.source_where, target=ends.target_where, tables_copying=copying,
                   bytes_behind=behind)
    except Exception as exc:  # a status must answer even with a server down
        out["replication"] = f"unreadable: {exc}"
    finally:
        ends.close()
    return out


def _drop_replication(ends: _Ends, tenant_id: int) -> None:
    name = names(tenant_id)
    with ends.target.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        if auto.scalar(text("SELECT 1 FROM pg_subscription WHERE subname = :n"), {"n": name}):
            auto.execute(text(f"DROP SUBSCRIPTION {name}"))  # drops its slot at the source
    with ends.source.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        auto.execute(text(f"DROP PUBLICATION IF EXISTS {name}"))
        if auto.scalar(text("SELECT 1 FROM pg_replication_slots WHERE slot_name = :n"),
                       {"n": name}):
            auto.execute(text("SELECT pg_drop_replication_slot(:n)"), {"n": name})


def _purge(ctx: ServerContext, engine: Engine, tenant_id: int, *, keep_tenant_row: bool,
           why: str) -> dict[str, int]:
    """Delete the tenant's rows in one database, inside a recorded deletion (the audit
    trail's triggers allow exactly that); the record is removed in the same transaction:
    the tenant still exists, elsewhere."""
    from sync_server.db.models import metadata

    records, tenants = metadata.tables["tenant_deletions"], metadata.tables["tenants"]
    record_id = ctx.new_id()
    now = ctx.clock.now()
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        conn.execute(records.insert(), [{
            "id": record_id, "former_tenant_id": tenant_id, "domain": why[:253],
            "name": why[:200], "actor": "tenant move", "offboarded_until": None,
            "early": False, "started_at": now, "finished_at": None, "archive_file": "",
            "archive_sha256": "", "archive_bytes": 0, "keep_until": now,
            "rows_deleted": 0, "counts": "{}"}])
        for table in reversed(tenant_tables()):
            gone = conn.execute(delete(table).where(table.c.tenant_id == tenant_id)).rowcount
            if gone:
                counts[table.name] = int(gone)
        if not keep_tenant_row:
            conn.execute(delete(tenants).where(tenants.c.id == tenant_id))
        conn.execute(delete(records).where(records.c.id == record_id))
    return counts


def _is_system(ctx: ServerContext, engine: Engine) -> bool:
    return bool(engine.url.render_as_string(hide_password=False)
                == ctx.engine.url.render_as_string(hide_password=False))


def finish(ctx: ServerContext, domain: str) -> dict[str, Any]:
    tenant = _tenant(ctx, domain)
    placement = ctx.directory.placement(tenant.id, fresh=True)
    if placement.move_phase != SWITCHED:
        raise MoveError(f"{domain} has not switched yet (phase {placement.move_phase}); "
                        "nothing to finish.")
    ends = _ends(ctx, tenant.id)
    try:
        _drop_replication(ends, tenant.id)
        counts = _purge(ctx, ends.source, tenant.id, keep_tenant_row=_is_system(ctx, ends.source),
                        why=f"moved to {ends.target_where}")
    finally:
        ends.close()
    _record(ctx, tenant.id, moving_to_server=None, moving_to_database=None, move_phase=None,
            move_started_at=None)
    return {"domain": domain, "on": ends.target_where, "source": ends.source_where,
            "rows_deleted_at_source": sum(counts.values()), "counts": counts}


def abort(ctx: ServerContext, domain: str) -> dict[str, Any]:
    tenant = _tenant(ctx, domain)
    placement = ctx.directory.placement(tenant.id, fresh=True)
    if placement.move_phase is None:
        raise MoveError(f"{domain} is not being moved.")
    if placement.move_phase == SWITCHED:
        raise MoveError(f"{domain} has switched to {placement.where} and its tills have sold "
                        "there since: it cannot be aborted. Finish the move, then move it back "
                        "with `tenant move --to` the old server.")
    ends = _ends(ctx, tenant.id)
    try:
        if _fenced(ends.source, tenant.id):  # died between its fence and its switch
            with ends.source.begin() as conn:
                fence.lift(conn, tenant.id)
        _drop_replication(ends, tenant.id)
        counts = _purge(ctx, ends.target, tenant.id, keep_tenant_row=_is_system(ctx, ends.target),
                        why=f"move to {ends.target_where} aborted")
    finally:
        ends.close()
    _record(ctx, tenant.id, state="active", moving_to_server=None, moving_to_database=None,
            move_phase=None, move_started_at=None)
    return {"domain": domain, "on": ends.source_where,
            "rows_deleted_at_target": sum(counts.values())}


__all__ = ["MoveError", "MoveReport", "abort", "catch_up", "finish", "freeze_and_switch",
           "names", "prepare", "run", "status"]
