"""``tenant export`` and ``tenant import`` on SQLite, PostgreSQL and MariaDB: a tenant's
every row to a checksummed archive, loaded into an empty server, and its reports equal;
a damaged archive is refused and imports nothing."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sync_server.catalogue.models import Product
from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.migrate import upgrade
from sync_server.reports.ledger import trial_balance
from sync_server.reports.sales_detail import overview
from sync_server.security import SecretHasher
from sync_server.tenants.models import Tenant
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World, make_world


def _reports(ctx: ServerContext, tenant: int) -> dict:
    today = date.today().isoformat()
    with ctx.scope(tenant) as scope:
        return {"tb": trial_balance(scope).to_json(),
                "sales": overview(scope, "2020-01-01", today)}


def test_export_import_into_an_empty_server_and_the_reports_are_equal(
        world: World, till: TillFactory, database_url: str, second_url: str, testdata: Path,
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = make_world(world.ctx, testdata, domain="other.test", name="Other Shop")
    t = till()
    for n in range(5):
        t.sell([("GH-0001", 1 + n), ("GH-0020", 2)])
    t.push()
    before = _reports(world.ctx, world.tenant_id)
    books = check_books(world.ctx, world.tenant_id, [t])
    archive = tmp_path / "acme.zip"
    assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                 "--out", str(archive), "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["tenant"]["id"] == world.tenant_id and exported["rows"] > 50
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["files"]["sales"]["rows"] == 5
        assert b"Other Shop" not in b"".join(z.read(n) for n in z.namelist())
    assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                 "--out", str(archive)]) == 2  # never overwrites
    capsys.readouterr()
    # Into an empty server.
    target = ServerContext.open(second_url, hasher=SecretHasher(cheap=True), pool_size=2)
    try:
        upgrade(target.engine)
        assert main(["tenant", "import", str(archive), "--db", second_url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["rows"] == exported["rows"]
        assert _reports(target, world.tenant_id) == before
        assert check_books(target, world.tenant_id) == books
        with target.system() as session:
            assert list(session.scalars(select(Tenant.domain))) == [world.domain]
        # Not twice, and the other tenant never came along.
        assert main(["tenant", "import", str(archive), "--db", second_url]) == 2
        assert "already has tenant" in capsys.readouterr().err
        with target.scope(other.tenant_id) as scope:
            assert scope.scalar(select(func.count()).select_from(Product)) == 0
    finally:
        target.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_damaged_archive_imports_nothing(world: World, database_url: str, second_url: str,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "acme.zip"
    assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                 "--out", str(archive)]) == 0
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.namelist():
            body = source.read(item)
            if item == "tables/inv_products.jsonl":
                body = body.replace(b"GH-0001", b"GH-0009", 1)
            out.writestr(item, body)
    target = ServerContext.open(second_url, hasher=SecretHasher(cheap=True), pool_size=2)
    try:
        upgrade(target.engine)
        capsys.readouterr()
        assert main(["tenant", "import", str(damaged), "--db", second_url]) == 2
        assert "inv_products.jsonl does not match its checksum" in capsys.readouterr().err
        with target.system() as session:
            assert list(session.scalars(select(Tenant.id))) == []
    finally:
        target.close()
