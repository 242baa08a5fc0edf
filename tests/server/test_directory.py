"""The tenant directory (issue [15] scope 1): a tenant placed on a second database server
sells, reports, exports and shows on the dashboard from there — its rows are in the
second database and none in the system one — while a tenant of the system database
carries on as before; a stale placement is read again. On SQLite (two files),
PostgreSQL and MariaDB (two databases each)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from sync_server.db.migrate import current_revision, head_revision
from sync_server.directory.admin import add_server, check_servers, list_servers, where
from sync_server.directory.models import TenantPlacement
from sync_server.directory.servers import ServerSecrets, database_url, password_variable
from sync_server.directory.services import Directory, Placement
from sync_server.errors import AlreadyExists, Invalid, Refused
from sync_server.sales.models import Sale
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import (
    add_system_admin,
    add_user,
    create_tenant,
    set_tenant_status,
)
from sync_server.web.app import create_app
from tests.conftest import MY_HOST, MY_PORT, PG_HOST, PG_PORT
from tests.dashboard.conftest import PASSWORD, settings, sign_in
from tests.server.conftest import ADMIN, LiveServer, World, make_world
from tests.server.toy_terminal import ToyTerminal


def _new_database(kind: str) -> tuple[str, str]:
    """A fresh empty database on the test server of ``kind``: (URL, name)."""
    name = f"bisama_t_{uuid.uuid4().hex[:16]}"
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}", name
    import pymysql

    conn = pymysql.connect(host=MY_HOST, port=MY_PORT, user="root", password="", autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 "
                        "COLLATE utf8mb4_unicode_ci")
    finally:
        conn.close()
    return f"mysql+pymysql://root@{MY_HOST}:{MY_PORT}/{name}?charset=utf8mb4", name


def _drop_database(kind: str, name: str) -> None:
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    import pymysql

    conn = pymysql.connect(host=MY_HOST, port=MY_PORT, user="root", password="", autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        conn.close()


@pytest.fixture
def second_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as the system one (the "second
    server": on the test machine, another database of the same server)."""
    kind = make_url(database_url).get_backend_name()
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'second.sqlite3'}"
        return
    url, name = _new_database(kind)
    try:
        yield url
    finally:
        _drop_database(kind, name)


def _sales(engine: Engine, tenant_id: int) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Sale)
                                .where(Sale.tenant_id == tenant_id)).scalar_one())


def _tenant_row(engine: Engine, tenant_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(Tenant.status, Tenant.status_reason, Tenant.name)
                           .where(Tenant.id == tenant_id)).mappings().first()
    return None if row is None else dict(row)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith(("{", "[")) else out + err


def _till(live: LiveServer, world: World) -> ToyTerminal:
    import httpx

    terminal = ToyTerminal(httpx.Client(base_url=live.url, timeout=60))
    terminal.enroll(world.code())
    terminal.pull()
    return terminal


def test_a_tenant_on_a_second_server_lives_there_and_the_system_tenant_does_not_notice(
        ctx: ServerContext, world: World, second_url: str, testdata: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    system_url = ctx.engine.url.render_as_string(hide_password=False)
    added = add_server(ctx, ADMIN, name="second", url=second_url, default=True)
    assert added["default"] and added["password_from"] == "BISAMA_SERVER_SECOND_PASSWORD"
    far = make_world(ctx, testdata, domain="far.test", name="Far Traders")  # the default: second
    with ctx.scope(far.tenant_id) as scope:
        add_user(ctx, scope, ADMIN, email="director@far.test", name="Esi Far", role="director",
                 branch=None, pin=None, password=PASSWORD)
    second = make_engine(second_url, pool_size=1)
    try:
        assert current_revision(second) == head_revision()  # the empty database was upgraded
        assert where(ctx, "far.test")["server"] == "second"
        assert where(ctx, "acme.test")["server"] == "system"

        live = LiveServer(ctx).start()
        try:
            far_till, acme_till = _till(live, far), _till(live, world)
            for _ in range(3):
                far_till.sell([("GH-0001", 1), ("GH-0002", 2)])
            acme_till.sell([("GH-0005", 1)])
            assert far_till.push()[-1]["stored_through"] == 3
            assert acme_till.push()[-1]["stored_through"] == 1
        finally:
            live.stop()

        # The far tenant's rows are in the second database, none in the system one; the
        # system tenant's are where they were.
        assert _sales(second, far.tenant_id) == 3 and _sales(ctx.engine, far.tenant_id) == 0
        assert _sales(ctx.engine, world.tenant_id) == 1 and _sales(second, world.tenant_id) == 0
        with ctx.scope(world.tenant_id) as scope:
            assert scope.scalar(select(func.count()).select_from(Sale)) == 1

        # A report and an export, through the CLI as the operator runs them.
        db = ("--db", system_url, "--json")
        today = ctx.clock.now().date().isoformat()
        code, rows = _cli(capsys, "report", "sales", *db, "--tenant", "far.test",
                          "--first", today)
        assert code == 0 and sum(int(r["sales"]) for r in rows) == 3
        code, rows = _cli(capsys, "report", "sales", *db, "--tenant", "acme.test",
                          "--first", today)
        assert code == 0 and sum(int(r["sales"]) for r in rows) == 1
        archive = tmp_path / "far.zip"
        code, data = _cli(capsys, "tenant", "export", *db, "--tenant", "far.test",
                          "--out", str(archive))
        assert code == 0 and data["tenant"]["domain"] == "far.test"
        import zipfile

        with zipfile.ZipFile(archive) as opened:
            manifest = json.loads(opened.read("manifest.json"))
        assert manifest["files"]["sales"]["rows"] == 3
        assert manifest["files"]["tenants"]["rows"] == 1

        # The dashboard of the far tenant reads its sales from the second database.
        app = create_app(ctx, dashboard=settings(base_domain="test"))
        with TestClient(app, base_url="http://far.test") as director:
            assert sign_in(director, "director@far.test", PASSWORD).status_code == 303
            page = director.get("/dashboard/receipts")
            assert page.status_code == 200, page.text
            with ctx.scope(far.tenant_id) as scope:
                receipts = scope.scalars(select(Sale.receipt_no))
            assert len(receipts) == 3 and all(r in page.text for r in receipts)
        add_system_admin(ctx, ADMIN, email="root@bisama.test", name="Root", password=PASSWORD)
        with TestClient(app, base_url="http://127.0.0.1") as admin:
            assert sign_in(admin, "root@bisama.test", PASSWORD).status_code == 303
            page = admin.get("/dashboard/system")
            assert page.status_code == 200, page.text
            servers = page.text.split("<h2>Database servers</h2>")[1].split("<h2>")[0]
            assert "second" in servers and "far.test" in servers and "acme.test" in servers

        # A change of the tenant row reaches the second database's copy.
        set_tenant_status(ctx, ADMIN, "far.test", active=False, reason="unpaid")
        assert _tenant_row(second, far.tenant_id) == _tenant_row(ctx.engine, far.tenant_id)
        assert _tenant_row(second, far.tenant_id)["status"] == "inactive"  # type: ignore[index]
        assert _tenant_row(second, world.tenant_id) is None

        code, servers = _cli(capsys, "server", "list", *db)
        assert code == 0, servers
        assert {s["name"]: s["tenants"] for s in servers} == {"system": 1, "second": 1}
        code, checks = _cli(capsys, "server", "check", *db)
        assert code == 0 and all(c["ok"] for c in checks), checks
        code, placed = _cli(capsys, "tenant", "where", *db, "far.test")
        assert code == 0 and placed["server"] == "second" and placed["database"] is None
    finally:
        second.dispose()


def test_a_tenant_with_its_own_database_gets_it_created_and_upgraded(
        ctx: ServerContext, second_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    add_server(ctx, ADMIN, name="own", url=second_url)
    domain = f"own-{uuid.uuid4().hex[:8]}.test"
    info = create_tenant(ctx, ADMIN, name="Own Shop", domain=domain, database_server="own",
                         own_database=True)
    placed = where(ctx, domain)
    assert placed["server"] == "own" and placed["database"] == "bisama_" + domain.replace(
        "-", "_").replace(".", "_")
    own_url = ctx.directory.url_of("own", placed["database"])
    own = make_engine(own_url, pool_size=1)
    kind = make_url(second_url).get_backend_name()
    try:
        assert current_revision(own) == head_revision()
        assert _tenant_row(own, info.id) == _tenant_row(ctx.engine, info.id)
        with ctx.scope(info.id) as scope:
            assert scope.dialect == own.dialect.name
        assert {c["database"] for c in check_servers(ctx) if c["server"] == "own"} == {
            None, placed["database"]}
        assert all(c["ok"] for c in check_servers(ctx))
        with pytest.raises(AlreadyExists, match=r"already exists"):
            # the same domain again: refused before a database is made
            create_tenant(ctx, ADMIN, name="Own Shop", domain=domain, database_server="own",
                          own_database=True)
    finally:
        own.dispose()
        ctx.directory.close()
        if kind != "sqlite":
            _drop_database(kind, placed["database"])


def test_servers_that_take_no_new_tenants_and_urls_with_passwords_are_refused(
        ctx: ServerContext, second_url: str) -> None:
    with pytest.raises(Invalid, match="password"):
        add_server(ctx, ADMIN, name="leaky", url="postgresql://bisama:secret@db2.example/bisama")
    add_server(ctx, ADMIN, name="full", url=second_url, new_tenants=False)
    with pytest.raises(Refused, match="no new tenants"):
        create_tenant(ctx, ADMIN, name="Late", domain="late.test", database_server="full")
    with ctx.system() as session:
        assert session.scalar(select(Tenant.id).where(Tenant.domain == "late.test")) is None
    # Without --database-server and no default: the system database, as before.
    info = create_tenant(ctx, ADMIN, name="Home", domain="home.test")
    assert ctx.directory.placement(info.id).on_system_database
    assert [s["name"] for s in list_servers(ctx)] == ["system", "full"]


def test_a_stale_placement_is_read_again(ctx: ServerContext, world: World,
                                         second_url: str) -> None:
    """A placement is trusted for ``ttl`` seconds; a newer epoch found by ``is_current``
    (what a move's fence does under its lock) or the ttl running out reads it again,
    and the engine follows."""
    add_server(ctx, ADMIN, name="second", url=second_url)
    clock = [0.0]
    directory = Directory(ctx.engine, ctx.sessions, ttl=60, monotonic=lambda: clock[0])
    try:
        first = directory.placement(world.tenant_id)
        assert first.on_system_database and directory.engine_for(world.tenant_id) is ctx.engine
        with ctx.system() as session:  # a switch, as a move's last step writes it
            session.add(TenantPlacement(tenant_id=world.tenant_id, server="second",
                                        database=None, state="active", epoch=2,
                                        updated_at=ctx.clock.now()))
        assert directory.engine_for(world.tenant_id) is ctx.engine  # cached, within ttl
        assert not directory.is_current(first)
        moved = directory.placement(world.tenant_id)
        assert (moved.server, moved.epoch) == ("second", 2)
        engine = directory.engine_for(world.tenant_id)
        assert engine is not ctx.engine
        assert str(engine.url.database) == str(make_url(second_url).database)

        with ctx.system() as session:  # and back again, seen once the ttl has run out
            row = session.get(TenantPlacement, world.tenant_id)
            assert row is not None
            row.server, row.epoch = "system", 3
        assert directory.engine_for(world.tenant_id) is engine
        clock[0] += 61
        assert directory.engine_for(world.tenant_id) is ctx.engine
        assert directory.placement(world.tenant_id) == Placement(world.tenant_id, epoch=3)
    finally:
        directory.close()


def test_server_passwords_come_from_the_environment_or_a_secret_file(tmp_path: Path) -> None:
    (tmp_path / "pg-accra-1.secret").write_text("from the file\n", encoding="utf-8")
    from_file = ServerSecrets(tmp_path, {})
    from_env = ServerSecrets(tmp_path, {password_variable("pg-accra-1"): "from env"})
    assert password_variable("pg-accra-1") == "BISAMA_SERVER_PG_ACCRA_1_PASSWORD"
    assert from_file.password("pg-accra-1") == "from the file"
    assert from_env.password("pg-accra-1") == "from env"
    assert from_file.password("other") is None
    url = database_url("pg-accra-1", "postgresql+psycopg://bisama@db2/bisama", "bisama_acme",
                       from_file)
    assert make_url(url).password == "from the file"
    assert make_url(url).database == "bisama_acme"
    sqlite = database_url("files", "sqlite:////srv/bisama/shared.sqlite3", "bisama_acme",
                          from_file)
    assert make_url(sqlite).database == "/srv/bisama/bisama_acme.sqlite3"


def test_the_system_database_needs_no_directory_rows(ctx: ServerContext, world: World) -> None:
    """A single-server install: no server, no placement, everything where it was."""
    with ctx.system() as session:
        assert session.scalar(select(func.count()).select_from(TenantPlacement)) == 0
    assert [p.where for p in ctx.directory.placements()] == ["system"]
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM db_servers")).scalar_one() == 0


def test_backups_copy_each_tenant_database_and_a_deletion_purges_it_there(
        ctx: ServerContext, world: World, second_url: str, testdata: Path,
        tmp_path: Path) -> None:
    from sync_server.operations.crypto import load_key, new_key_file
    from sync_server.operations.offboarding import delete_tenant, remaining_rows
    from sync_server.operations.schedule import backup_cycle
    from sync_server.operations.targets import LocalTarget

    add_server(ctx, ADMIN, name="second-1", url=second_url)
    info = create_tenant(ctx, ADMIN, name="Far Traders", domain="far.test",
                         database_server="second-1")
    new_key_file(tmp_path / "backup.key")
    key, target = load_key(tmp_path / "backup.key"), LocalTarget(tmp_path / "backups")

    cycle = backup_cycle(ctx, key, "tenants", [target])
    assert cycle.ok, cycle.data
    [copy] = cycle.data["databases"]
    assert copy["database_server"] == "second-1" and copy["verified"]["ok"]
    assert copy["name"].startswith("tenants@second_1-")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        "tenants", "tenants@second_1"]
    system_only = backup_cycle(ctx, key, "system", [target])
    assert system_only.ok and "databases" not in system_only.data

    second = make_engine(second_url, pool_size=1)
    try:
        gone = delete_tenant(ctx, ADMIN, "far.test", now_flag=True, confirm="Far Traders",
                             archive_dir=tmp_path / "final")
        assert gone["rows_deleted"] > 0 and gone["remaining"] == {}
        assert _tenant_row(second, info.id) is None and _tenant_row(ctx.engine, info.id) is None
        with second.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM acc_accounts WHERE tenant_id = "
                                     f"{info.id}")).scalar_one() == 0
        assert remaining_rows(ctx, world.tenant_id)  # the system tenant keeps its rows
        assert ctx.directory.placement(info.id).on_system_database  # no placement left
    finally:
        second.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_push_helper_process_merges_into_the_tenants_database(
        ctx: ServerContext, world: World, second_url: str, testdata: Path,
        till: Any) -> None:
    """``serve --push-processes``: a helper process has its own directory and engines;
    it finds the tenant's database by itself."""
    import asyncio

    from sync_server.sync.pipeline import ProcessRunner, Pushes

    add_server(ctx, ADMIN, name="second", url=second_url, default=True)
    far = make_world(ctx, testdata, domain="far.test", name="Far Traders")
    t = till(target=far)
    raws = [t.sell([("GH-0001", 1)]).to_json() for _ in range(3)]
    with ctx.system() as session:
        tenant = session.get(Tenant, far.tenant_id)
    assert tenant is not None
    url = ctx.engine.url.render_as_string(hide_password=False)
    pushes = Pushes(ctx, None, ProcessRunner(url, 1, wait=True))
    try:
        result = asyncio.run(pushes.push(tenant, t.terminal_id, raws, t.public_key))
    finally:
        pushes.close()
    assert result.refused is None and result.stored_through == 3
    second = make_engine(second_url, pool_size=1)
    try:
        assert _sales(second, far.tenant_id) == 3 and _sales(ctx.engine, far.tenant_id) == 0
    finally:
        second.dispose()


def test_an_archive_imports_onto_the_server_the_directory_names(
        ctx: ServerContext, world: World, second_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``tenant export`` from the system database, ``tenant delete``, then ``tenant
    import --database-server``: the tenant comes back on the second server, whole."""
    from sync_server.operations.offboarding import delete_tenant

    db = ("--db", ctx.engine.url.render_as_string(hide_password=False), "--json")
    archive = tmp_path / "acme.zip"
    assert _cli(capsys, "tenant", "export", *db, "--tenant", "acme.test",
                "--out", str(archive))[0] == 0
    delete_tenant(ctx, ADMIN, "acme.test", now_flag=True, confirm="Acme Trading",
                  archive_dir=tmp_path / "final")
    add_server(ctx, ADMIN, name="second", url=second_url)
    code, data = _cli(capsys, "tenant", "import", *db, str(archive), "--database-server",
                      "second")
    assert code == 0, data
    assert data["server"] == "second" and data["ok"]
    assert where(ctx, "acme.test")["server"] == "second"
    with ctx.scope(world.tenant_id) as scope:
        assert scope.scalar(text("SELECT COUNT(*) FROM acc_accounts")) >= 17
    second = make_engine(second_url, pool_size=1)
    try:
        assert _tenant_row(second, world.tenant_id) == _tenant_row(ctx.engine, world.tenant_id)
    finally:
        second.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_server_upgrade_brings_every_tenant_database_to_the_head(
        ctx: ServerContext, second_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command

    from sync_server.db.migrate import alembic_config

    add_server(ctx, ADMIN, name="second", url=second_url)
    create_tenant(ctx, ADMIN, name="Own", domain="own.test", database_server="second",
                  own_database=True)
    own = make_engine(ctx.directory.url_of("second", "bisama_own_test"), pool_size=1)
    try:
        config = alembic_config()
        with own.begin() as conn:  # as if the database had been left behind an upgrade
            config.attributes["connection"] = conn
            command.downgrade(config, "0030")
        db = ("--db", ctx.engine.url.render_as_string(hide_password=False), "--json")
        code, checks = _cli(capsys, "server", "check", *db)
        assert code == 1 and [c["revision"] for c in checks if not c["ok"]] == ["0030"]
        code, steps = _cli(capsys, "server", "upgrade", *db)
        assert code == 0, steps
        assert [(s["database"], s["before"], s["after"]) for s in steps] == [
            ("bisama_own_test", "0030", head_revision())]
        assert _cli(capsys, "server", "check", *db)[0] == 0
    finally:
        own.dispose()
