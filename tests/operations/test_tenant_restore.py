"""``tenant restore`` on SQLite, PostgreSQL and MariaDB, as the seed's "Restore Specific
Tenant": two tenants sell, one tenant is copied (a tenant archive or a server backup),
sells on, then loses data; the copy is loaded into a temporary database, checked and
swapped in while the server keeps running; the tills resend what the copy lacks, the
books are whole, and the other tenant has not changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from sync_server.audit.models import ActivityLog
from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.reports.ledger import trial_balance
from sync_server.reports.sales_detail import overview
from sync_server.sales.models import SaleItem
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World, make_world


def _reports(ctx: ServerContext, tenant: int) -> dict:
    with ctx.scope(tenant) as scope:
        return {"tb": trial_balance(scope).to_json(),
                "sales": overview(scope, "2020-01-01", date.today().isoformat())}


def _lines(ctx: ServerContext, tenant: int) -> int:
    with ctx.scope(tenant) as scope:
        return int(scope.scalar(select(func.count()).select_from(SaleItem)))


@pytest.mark.parametrize("source", ["archive", "backup"])
def test_one_tenant_restored_while_the_server_runs_tills_resend_other_tenant_untouched(
        source: str, world: World, till: TillFactory, database_url: str, key_file: Path,
        testdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = world.ctx
    other = make_world(ctx, testdata, domain="other.test", name="Other Shop")
    tills = [till(), till(name="Till 2")]
    theirs = till(target=other)
    for n in range(3):
        for t in tills:
            t.sell([("GH-0001", 1 + n), ("GH-0006", 1)])
        theirs.sell([("GH-0020", 1 + n)])
    for t in [*tills, theirs]:
        t.push()
    # The copy.
    if source == "archive":
        copy = tmp_path / "acme.zip"
        assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                     "--out", str(copy)]) == 0
        extra: list[str] = []
    else:
        folder = tmp_path / "backups"
        assert main(["backup", "run", "--db", database_url, "--key-file", str(key_file),
                     "--target", str(folder), "--no-verify", "--json"]) == 0
        name = json.loads(capsys.readouterr().out)["name"]
        copy = folder / "tenants" / f"{name}.bkp"
        extra = ["--key-file", str(key_file), "--target", str(folder)]
    before = check_books(ctx, world.tenant_id, tills)
    for t in tills:  # sold after the copy: the restore lacks these
        t.sell([("GH-0020", 3)])
        t.push()
    theirs.sell([("GH-0001", 2)])
    theirs.push()
    whole = check_books(ctx, world.tenant_id, tills)
    assert whole.sales == before.sales + 2
    other_reports = _reports(ctx, other.tenant_id)
    other_books = check_books(ctx, other.tenant_id, [theirs])
    # The tenant's sale lines are lost.
    with ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM sale_items WHERE tenant_id = :t"), {"t": world.tenant_id})
    capsys.readouterr()

    # A dry run checks and changes nothing.
    assert main(["tenant", "restore", "--db", database_url, "--tenant", world.domain,
                 "--from", str(copy), "--dry-run", "--json", *extra]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] and any("consistency checks" in s for s in dry["steps"])
    assert {"table": "sale_items", "live": 0, "restored": 2 * 3 * 2} in dry["tables"]
    assert _lines(ctx, world.tenant_id) == 0
    if source == "archive":  # an archive of one tenant is not another's
        assert main(["tenant", "restore", "--db", database_url, "--tenant", other.domain,
                     "--from", str(copy)]) == 2
        assert "is the archive of acme.test" in capsys.readouterr().err

    assert main(["tenant", "restore", "--db", database_url, "--tenant", world.domain,
                 "--from", str(copy), "--json", *extra]) == 0
    done = json.loads(capsys.readouterr().out)
    assert not done["dry_run"] and done["inserted"]["sale_items"] == 12
    assert check_books(ctx, world.tenant_id).sales == before.sales
    # The server kept running; the tills carry on, with their nonces and keys.
    for t in tills:
        t.pull()  # the feed moved above every cursor: the restored master data again
        t.sell([("GH-0006", 2)])
        reply = t.push_batch(t.pending())
        assert reply.status_code == 409 and reply.json()["refused"]["code"] == "seq_gap"
        t.acked = int(reply.json()["refused"]["expected_seq"]) - 1
        t.push()
    books = check_books(ctx, world.tenant_id, tills)
    assert books.sales == whole.sales + 2
    assert books.envelopes == sum(len(t.outbox) for t in tills)
    assert _lines(ctx, world.tenant_id) == 2 * (3 * 2 + 1 + 1)
    # The other tenant is exactly as it was.
    assert _reports(ctx, other.tenant_id) == other_reports
    assert check_books(ctx, other.tenant_id, [theirs]) == other_books
    theirs.sell([("GH-0006", 1)])
    theirs.push()
    with ctx.scope(world.tenant_id) as scope:
        actions = list(scope.scalars(select(ActivityLog.action)))
    assert "tenant.restored" in actions and "login" not in actions


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_damaged_copy_or_another_tenants_copy_changes_nothing(
        world: World, database_url: str, testdata: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    other = make_world(world.ctx, testdata, domain="other.test", name="Other Shop")
    copy = tmp_path / "acme.zip"
    assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                 "--out", str(copy)]) == 0
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(damaged, "w") as out:
        for item in src.namelist():
            body = src.read(item)
            if item == "tables/inv_products.jsonl":
                body = body.replace(b"GH-0001", b"GH-0009", 1)
            out.writestr(item, body)
    before = _reports(world.ctx, world.tenant_id)
    capsys.readouterr()
    assert main(["tenant", "restore", "--db", database_url, "--tenant", world.domain,
                 "--from", str(damaged)]) == 2
    assert "does not match its checksum" in capsys.readouterr().err
    assert main(["tenant", "restore", "--db", database_url, "--tenant", other.domain,
                 "--from", str(copy)]) == 2
    assert "is the archive of acme.test" in capsys.readouterr().err
    assert main(["tenant", "restore", "--db", database_url, "--tenant", world.domain,
                 "--from", str(tmp_path / "none.bkp")]) == 2
    capsys.readouterr()
    assert _reports(world.ctx, world.tenant_id) == before


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_tills_enrolled_or_revoked_since_the_copy_keep_their_standing(
        world: World, till: TillFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sync_server.terminals.services import revoke_terminal
    from tests.server.conftest import ADMIN
    from tests.server.toy_terminal import ProtocolError

    ctx = world.ctx
    first, second = till(), till(name="Till 2")
    for t in (first, second):
        t.sell([("GH-0001", 1)])
        t.push()
    copy = tmp_path / "acme.zip"
    assert main(["tenant", "export", "--db", database_url, "--tenant", world.domain,
                 "--out", str(copy)]) == 0
    late = till(name="Till 3")  # enrolled after the copy
    late.sell([("GH-0006", 2)])
    late.push()
    with ctx.scope(world.tenant_id) as scope:  # revoked after the copy
        revoke_terminal(ctx, scope, ADMIN, second.terminal_id, reason="stolen")
    capsys.readouterr()
    assert main(["tenant", "restore", "--db", database_url, "--tenant", world.domain,
                 "--from", str(copy), "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert any("Till 3" in n and "enrolled after" in n for n in done["notes"])
    # The late till resends its whole chain; the revoked one stays revoked.
    late.sell([("GH-0006", 1)])
    reply = late.push_batch(late.pending())
    assert reply.status_code == 409 and reply.json()["refused"]["expected_seq"] == 1
    late.acked = 0
    late.push()
    second.sell([("GH-0001", 1)])
    with pytest.raises(ProtocolError) as refused:
        second.push()
    assert refused.value.code == "terminal_revoked"
    books = check_books(ctx, world.tenant_id, [first, late])
    assert books.sales == 1 + 1 + 2
    # Every till hears of the revocation again, though the copy did not have it.
    changes = first.pull()
    assert any(c["entity"] == "revocation" and second.terminal_id in json.dumps(c)
               for c in changes)
