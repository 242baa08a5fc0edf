"""The fence of a tenant move (``directory/fence.py``, migration 0033) on the three
databases: on PostgreSQL a tenant transaction waits out a move's freeze and is turned
away from a database the tenant has moved out of; SQLite and MariaDB have no fence (a
live move is PostgreSQL only). The move itself is tested between two PostgreSQL servers
in tests/cluster/test_tenant_move.py."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, inspect, select

from sync_server.context import ServerContext
from sync_server.db.migrate import alembic_config, upgrade
from sync_server.directory import fence
from sync_server.directory.services import PlacementUnavailable
from sync_server.terminals.models import Terminal
from tests.server.conftest import World


def test_migration_0033_goes_down_and_up(database_url: str) -> None:
    from alembic import command

    engine = create_engine(database_url)
    try:
        upgrade(engine)
        assert "tenant_fences" in inspect(engine).get_table_names()
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0032")
        assert "tenant_fences" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert "tenant_fences" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _count_tills(ctx: ServerContext, tenant_id: int) -> int:
    with ctx.scope(tenant_id) as scope:
        return len(scope.scalars(select(Terminal.id)))


def test_a_tenant_fenced_as_moved_is_turned_away_on_postgresql_only(ctx: ServerContext,
                                                                     world: World) -> None:
    with ctx.engine.begin() as conn:
        fence.mark_moved(conn, world.tenant_id, moved_to="pg-b/acme", epoch=2,
                         at=ctx.clock.now())
    if ctx.engine.dialect.name == "postgresql":
        with pytest.raises(PlacementUnavailable):
            _count_tills(ctx, world.tenant_id)
    else:
        assert _count_tills(ctx, world.tenant_id) == 0
    with ctx.engine.begin() as conn:
        fence.lift(conn, world.tenant_id)
    assert _count_tills(ctx, world.tenant_id) == 0


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", id="pg",
                                                       marks=pytest.mark.pg)], indirect=True)
def test_a_transaction_waits_out_the_freeze_then_finds_the_tenant_moved(
        ctx: ServerContext, world: World) -> None:
    outcome: list[object] = []
    with ctx.engine.connect() as mover, mover.begin():
        assert fence.freeze(mover, world.tenant_id, timeout_ms=2000)
        writer = threading.Thread(target=lambda: outcome.append(_try(ctx, world.tenant_id)))
        writer.start()
        writer.join(0.5)
        assert writer.is_alive() and outcome == []  # waiting on the fence lock
        fence.mark_moved(mover, world.tenant_id, moved_to="pg-b/acme", epoch=2,
                         at=ctx.clock.now())
    writer.join(30)
    assert [type(o) for o in outcome] == [PlacementUnavailable]
    # A second freeze cannot start while a transaction of the tenant is open.
    with ctx.engine.begin() as conn:
        fence.lift(conn, world.tenant_id)
    with ctx.scope(world.tenant_id), ctx.engine.connect() as mover, mover.begin():
        assert not fence.freeze(mover, world.tenant_id, timeout_ms=100)


def _try(ctx: ServerContext, tenant_id: int) -> object:
    try:
        return _count_tills(ctx, tenant_id)
    except PlacementUnavailable as exc:
        return exc
