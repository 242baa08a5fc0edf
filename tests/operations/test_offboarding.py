"""Offboarding as the seed describes it, on SQLite, PostgreSQL and MariaDB: the export
package (reports, customers, the full archive), suspension with a read-only grace period,
then ``tenant delete``: a final archive, every row of the tenant purged from every table
(walked from the metadata), a deletion record that outlives it, the domain free again —
and the other tenant's books unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from sync_server.cli import main
from sync_server.context import ServerContext
from sync_server.db.models import metadata
from sync_server.operations.models import TenantDeletion
from sync_server.operations.tenant_archive import check_archive
from sync_server.reports.ledger import trial_balance
from sync_server.reports.sales_detail import overview
from sync_server.tenants.models import Tenant
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World, make_world
from tests.server.toy_terminal import ProtocolError


def _reports(ctx: ServerContext, tenant: int) -> dict:
    today = datetime.now(UTC).date().isoformat()
    with ctx.scope(tenant) as scope:
        return {"tb": trial_balance(scope).to_json(),
                "sales": overview(scope, "2020-01-01", today)}


def _rows_of(ctx: ServerContext, tenant: int) -> dict[str, int]:
    """Every row of ``tenant`` in any table with a tenant_id column (and ``tenants``)."""
    found = {}
    with ctx.engine.connect() as conn:
        for table in metadata.sorted_tables:
            column = (table.c.id if table.name == "tenants" else
                      table.c.get("tenant_id"))
            if column is None:
                continue
            n = conn.execute(select(func.count()).select_from(table)
                             .where(column == tenant)).scalar_one()
            if n:
                found[table.name] = int(n)
    return found


def test_offboard_then_delete_leaves_no_row_and_the_other_tenant_unchanged(
        world: World, till: TillFactory, database_url: str, testdata: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    ctx = world.ctx
    other = make_world(ctx, testdata, domain="other.test", name="Other Shop")
    mine, theirs = till(), till(target=other)
    for n in range(3):
        mine.sell([("GH-0001", 1 + n), ("GH-0006", 1)])
        theirs.sell([("GH-0020", 1 + n)])
    mine.push()
    theirs.push()
    other_reports = _reports(ctx, other.tenant_id)
    other_books = check_books(ctx, other.tenant_id, [theirs])
    rows_before = _rows_of(ctx, world.tenant_id)
    assert rows_before["sales"] == 3 and rows_before["activity_logs"] > 0

    # Step 1-3: the export package, then the suspension with a read-only grace period.
    package = tmp_path / "package"
    assert main(["tenant", "offboard", "--db", database_url, "--tenant", world.domain,
                 "--out", str(package), "--json"]) == 0
    off = json.loads(capsys.readouterr().out)
    assert off["grace_days"] == 30
    names = set(off["files"])
    for report in ("trial-balance-all", "balance-sheet-all", "tax-by-month", "customers"):
        assert {f"{report}.csv", f"{report}.xlsx", f"{report}.pdf"} <= names
    assert any(n.startswith("profit-loss-") and n.endswith(".pdf") for n in names)
    for line in (package / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest
    customers = list(csv.reader(io.StringIO((package / "customers.csv").read_text("utf-8-sig"))))
    assert any("Kofi Traders" in row for row in customers)
    assert check_archive(package / "acme.test-archive.zip")["files"]["sales"]["rows"] == 3
    with ctx.system() as session:
        tenant = session.get(Tenant, world.tenant_id)
        assert tenant is not None and tenant.status == "inactive"
        assert tenant.read_only_until is not None
        left = tenant.read_only_until - datetime.now(UTC)
        assert timedelta(days=29) < left <= timedelta(days=30)
    mine.sell([("GH-0001", 1)])
    with pytest.raises(ProtocolError) as refused:  # the tills: the usual suspension
        mine.push()
    assert refused.value.status == 403 and "suspended" in json.dumps(refused.value.body)

    # Not before the grace period ends, unless --now with the business's name.
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain]) == 2
    assert "grace period ends" in capsys.readouterr().err
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain,
                 "--now"]) == 2  # no terminal to type the name at
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain,
                 "--now", "--confirm", "Acme"]) == 2
    assert "Acme Trading" in capsys.readouterr().err
    assert _rows_of(ctx, world.tenant_id) == rows_before | {
        "activity_logs": _rows_of(ctx, world.tenant_id)["activity_logs"]}

    # Steps 4-5: the final archive, then every row purged.
    kept = tmp_path / "kept"
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain,
                 "--now", "--confirm", "Acme Trading", "--archive-dir", str(kept),
                 "--json"]) == 0
    gone = json.loads(capsys.readouterr().out)
    assert gone["remaining"] == {} and gone["early"] is True
    assert _rows_of(ctx, world.tenant_id) == {}
    assert gone["counts"]["sales"] == 3 and gone["counts"]["tenants"] == 1
    final = Path(gone["archive"])
    assert final.parent == kept and final.stat().st_mode & 0o077 == 0
    assert hashlib.sha256(final.read_bytes()).hexdigest() == gone["archive_sha256"]
    assert check_archive(final)["files"]["sales"]["rows"] == 3
    with ctx.system() as session:
        record = session.scalar(select(TenantDeletion))
        assert record is not None and record.former_tenant_id == world.tenant_id
        assert record.domain == world.domain and record.finished_at is not None
        assert json.loads(record.counts) == gone["counts"]
        assert record.rows_deleted == sum(gone["counts"].values())
        assert record.archive_sha256 == gone["archive_sha256"]
        assert record.keep_until.year == datetime.now(UTC).year + 7
    assert main(["tenant", "deletions", "--db", database_url, "--json"]) == 0
    assert [d["domain"] for d in json.loads(capsys.readouterr().out)] == [world.domain]

    # The other tenant: its reports and books as they were, its till still selling.
    assert _reports(ctx, other.tenant_id) == other_reports
    assert check_books(ctx, other.tenant_id, [theirs]) == other_books
    theirs.sell([("GH-0006", 1)])
    theirs.push()
    # The audit trail stays append-only outside a recorded deletion.
    with pytest.raises(DBAPIError), ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM activity_logs WHERE tenant_id = :t"),
                     {"t": other.tenant_id})
    # The domain is free again.
    assert main(["tenant", "create", "--db", database_url, "--name", "New Acme",
                 "--domain", world.domain]) == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_delete_waits_for_the_grace_period_and_needs_an_offboarding(
        world: World, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    ctx = world.ctx
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain]) == 2
    assert "has not been offboarded" in capsys.readouterr().err
    assert main(["tenant", "offboard", "--db", database_url, "--tenant", world.domain,
                 "--out", str(tmp_path / "p"), "--grace-days", "10"]) == 0
    assert "read until" in capsys.readouterr().out
    assert main(["tenant", "offboard", "--db", database_url, "--tenant", world.domain,
                 "--out", str(tmp_path / "p")]) == 2  # never over an earlier package
    capsys.readouterr()
    # Called off: reactivated, it is no longer offboarded.
    assert main(["tenant", "activate", "--db", database_url, "--domain", world.domain]) == 0
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain]) == 2
    assert "has not been offboarded" in capsys.readouterr().err
    assert main(["tenant", "offboard", "--db", database_url, "--tenant", world.domain,
                 "--out", str(tmp_path / "p2"), "--grace-days", "10"]) == 0
    capsys.readouterr()
    with ctx.engine.begin() as conn:  # ten days later
        conn.execute(update(Tenant.__table__).values(
            read_only_until=datetime.now(UTC) - timedelta(minutes=1)))
    assert main(["tenant", "delete", "--db", database_url, "--tenant", world.domain,
                 "--archive-dir", str(tmp_path / "kept"), "--retention-years", "10",
                 "--json"]) == 0
    gone = json.loads(capsys.readouterr().out)
    assert gone["early"] is False and gone["remaining"] == {}
    assert gone["keep_until"].startswith(str(datetime.now(UTC).year + 10))
    assert _rows_of(ctx, world.tenant_id) == {}
