"""Offboarding a tenant, as the seed describes it (docs/operations.md "Offboarding").

``offboard`` (the seed's steps 1–3): the export package — the financial reports (trial
balance, profit and loss, balance sheet, the tax reconciliation by month) and the
customer list, each as CSV, XLSX and PDF through ``reports.export``, and the full
archive (``tenant export``), with a ``SHA256SUMS`` file — then the tenant is suspended
with a read-only grace period: its tills are refused as for any suspension, its
directors may still sign in to the dashboard and read (never change) until
``tenants.read_only_until``.

``delete_tenant`` (steps 4–5, after the grace period): a final archive, checked, kept
for the retention period; then, in one transaction, every row of the tenant in every
table that has a ``tenant_id`` (found from the metadata) and the tenant itself are
deleted, the counts compared with the archive's, and a ``tenant_deletions`` record
written that outlives the tenant. The domain is free again for a new tenant.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from sync_server.audit.models import SYSTEM_TENANT
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.engine import server_home
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.operations.tenant_archive import _tables, check_archive, export_tenant
from sync_server.reports.export import Col, Report, render
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import normalise_domain, require_tenant

ENV_GRACE_DAYS = "BISAMA_OFFBOARD_GRACE_DAYS"
ENV_RETENTION_YEARS = "BISAMA_DELETED_RETENTION_YEARS"
ENV_ARCHIVE_DIR = "BISAMA_DELETED_ARCHIVE_DIR"
FORMATS = ("csv", "xlsx", "pdf")
MERGED_AUDIT = "activity_logs"  # entries of refused sign-ins may arrive after the archive


def _setting(name: str, default: int, what: str) -> int:
    text = os.environ.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) < 1:
        raise Invalid(f"{name} must be a whole number of {what}, at least 1.")
    return int(text)


def grace_days(given: int | None = None) -> int:
    """The read-only grace period: ``--grace-days``, ``BISAMA_OFFBOARD_GRACE_DAYS`` or 30."""
    if given is not None:
        if given < 0:
            raise Invalid("The grace period is a number of days, 0 or more.")
        return given
    return _setting(ENV_GRACE_DAYS, 30, "days")


def retention_years(given: int | None = None) -> int:
    """How long a deleted tenant's final archive is kept: 7 years unless set."""
    if given is not None:
        if given < 1:
            raise Invalid("The retention is a number of years, at least 1.")
        return given
    return _setting(ENV_RETENTION_YEARS, 7, "years")


def archive_folder(given: str | None = None) -> Path:
    return Path(given or os.environ.get(ENV_ARCHIVE_DIR) or server_home() / "archives" / "deleted")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- the export package --------------------------------------------------------------------


def _periods(scope: TenantScope) -> list[str]:
    from sync_server.ledger.models import Posting

    return [p for p in scope.scalars(select(Posting.fiscal_period).distinct()
                                     .order_by(Posting.fiscal_period)) if p]


def _tax_report(scope: TenantScope, periods: list[str], business: str) -> Report:
    from sync_server.reports.tax import reconciliation

    rows = []
    for period in periods:
        for r in reconciliation(scope, period)["rows"]:
            rows.append({"period": period, **r})
    return Report("Tax by month (VAT, NHIL, GETFund)",
                  [Col("period", "Month", width=10), Col("tax", "Tax", width=14),
                   Col("account", "Account", width=8), Col("collected", "Collected", "money"),
                   Col("refunded", "Refunded", "money"), Col("net", "Net", "money"),
                   Col("posted", "Posted", "money"), Col("difference", "Difference", "money")],
                  rows, heading=[business, "Collected on sales less refunds, against the "
                                           "tax accounts' postings"], name="tax-by-month")


def _customer_report(scope: TenantScope, business: str) -> Report:
    from sync_server.customers.services import list_customers

    return Report("Customers", [Col("name", "Name", width=25), Col("phone", "Phone", width=14),
                                Col("email", "E-mail", width=22), Col("tin", "TIN", width=14),
                                Col("credit_limit", "Credit limit", "money"),
                                Col("balance", "Balance", "money"),
                                Col("status", "Status", width=8)],
                  [{k: v for k, v in c.items() if k != "id"} for c in list_customers(scope)],
                  heading=[business], name="customers")


def package_reports(ctx: ServerContext, tenant: Tenant, folder: Path) -> list[Path]:
    """Write the tenant's financial reports and customer list into ``folder``."""
    from sync_server.reports.ledger import balance_sheet, profit_and_loss, trial_balance
    from sync_server.reports.tables import (
        balance_sheet_report,
        profit_and_loss_report,
        trial_balance_report,
    )

    business = tenant.name
    with ctx.scope(tenant.id) as scope:
        periods = _periods(scope) or [ctx.clock.now().strftime("%Y-%m")]
        reports = [
            trial_balance_report(trial_balance(scope), period=None, branch=None,
                                 business=business),
            profit_and_loss_report(profit_and_loss(scope, first=periods[0], last=periods[-1]),
                                   business=business),
            balance_sheet_report(balance_sheet(scope), business=business),
            _tax_report(scope, periods, business),
            _customer_report(scope, business),
        ]
    written = []
    for report in reports:
        for fmt in FORMATS:
            data, _, name = render(report, fmt)
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    return written


def offboard(ctx: ServerContext, actor: Actor, domain: str, out: Path, *,
             days: int | None = None) -> dict[str, Any]:
    """The export package into ``out`` (a new folder), then the suspension with a
    read-only grace period (see the module text)."""
    tenant = require_tenant(ctx, domain)
    if out.exists() and any(out.iterdir()):
        raise Invalid(f"{out} is not empty; give a new folder for the export package.")
    grace = grace_days(days)
    out.mkdir(parents=True, exist_ok=True)
    files = package_reports(ctx, tenant, out)
    archive = out / f"{tenant.domain}-archive.zip"
    manifest = export_tenant(ctx.directory.engine_for(tenant.id), tenant.domain, archive)
    files.append(archive)
    sums = "".join(f"{sha256_of(p)}  {p.name}\n" for p in files)
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    now = ctx.clock.now()
    until = now + timedelta(days=grace)
    with ctx.sessions() as session, session.begin():
        row = session.scalar(select(Tenant).where(Tenant.id == tenant.id).with_for_update())
        assert row is not None
        if row.read_only_until is not None and row.status != "active":
            until = row.read_only_until  # offboarded before: the grace end stands
        row.status = "inactive"
        row.status_reason = f"account closing: read-only until {until:%Y-%m-%d}"
        row.read_only_until = until
        row.updated_at = now
        session.flush()
        from sync_server.directory.tenant_row import tenant_side
        from sync_server.sync.changes import Change, record_changes

        with tenant_side(ctx, session, row) as scope:
            record(ctx, scope, actor, "tenant.offboarded", subject=tenant.domain,
                   detail={"read_only_until": until.isoformat(), "package": str(out),
                           "archive_sha256": sha256_of(archive),
                           "rows": sum(f["rows"] for f in manifest["files"].values())})
            record_changes(scope, [Change("tenant", "tenant")])
    return {"tenant": {"id": tenant.id, "domain": tenant.domain, "name": tenant.name},
            "package": str(out), "files": [p.name for p in files] + ["SHA256SUMS"],
            "rows": sum(f["rows"] for f in manifest["files"].values()),
            "read_only_until": until.isoformat(), "grace_days": grace}


# -- deletion ------------------------------------------------------------------------------


def delete_tenant(ctx: ServerContext, actor: Actor, domain: str, *, now_flag: bool = False,
                  confirm: str | None = None, archive_dir: Path | None = None,
                  years: int | None = None) -> dict[str, Any]:
    """Steps 4–5 of the seed (see the module text)."""
    domain = normalise_domain(domain)
    tenant = require_tenant(ctx, domain)
    now = ctx.clock.now()
    grace_end = tenant.read_only_until if tenant.status != "active" else None
    early = grace_end is None or grace_end > now
    if early and not now_flag:
        if grace_end is None:
            raise Refused(f"{domain} has not been offboarded: run `bisama-sync tenant offboard "
                          f"--tenant {domain}` first (it writes the export package and starts "
                          "the grace period).")
        raise Refused(f"{domain}'s read-only grace period ends {grace_end:%Y-%m-%d %H:%M} UTC; "
                      "it cannot be deleted before then (or give --now with --confirm and the "
                      "business's name).")
    if now_flag and (confirm or "").strip() != tenant.name:
        raise Refused(f"To delete {domain} now, confirm with the business's name exactly as "
                      f"registered: --confirm \"{tenant.name}\". Nothing was deleted.")
    keep = retention_years(years)
    folder = archive_dir or archive_folder()
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"{domain}-{tenant.id}-{now:%Y%m%dT%H%M%SZ}-final.zip"
    placement = ctx.directory.placement(tenant.id, fresh=True)
    home = ctx.directory.engine_of(placement)
    manifest = export_tenant(home, domain, archive)
    os.chmod(archive, 0o600)
    check_archive(archive)  # the seed's "Verify completeness"
    sha = sha256_of(archive)
    keep_until = _years_later(now, keep)
    record_id = ctx.new_id()
    tables = _tables()
    from sync_server.db.models import metadata

    tenants, records = metadata.tables["tenants"], metadata.tables["tenant_deletions"]
    # A tenant placed outside the system database is purged there (with the copy of its
    # tenants row and a deletion record, which the audit trail's triggers ask for), then
    # its row, placement and the record go in the system database.
    with home.begin() as conn:
        if conn.execute(select(tenants.c.id).where(tenants.c.id == tenant.id)
                        .with_for_update()).first() is None:
            raise Refused(f"{domain} was deleted meanwhile.")
        conn.execute(records.insert(), [{
            "id": record_id, "former_tenant_id": tenant.id, "domain": domain,
            "name": tenant.name, "actor": actor.name[:254], "offboarded_until": grace_end,
            "early": early, "started_at": now, "finished_at": None,
            "archive_file": str(archive.resolve())[:1000], "archive_sha256": sha,
            "archive_bytes": archive.stat().st_size, "keep_until": keep_until,
            "rows_deleted": 0, "counts": "{}"}])
        counts: dict[str, int] = {}
        for table in reversed(tables):  # children first
            gone = conn.execute(delete(table).where(table.c.tenant_id == tenant.id)).rowcount
            if gone:
                counts[table.name] = int(gone)
        placements = metadata.tables["tenant_placements"]
        conn.execute(delete(placements).where(placements.c.tenant_id == tenant.id))
        counts["tenants"] = int(conn.execute(delete(tenants).where(
            tenants.c.id == tenant.id)).rowcount)
        changed = [f"{name}: {counts.get(name, 0)} rows, the archive has {f['rows']}"
                   for name, f in manifest["files"].items()
                   if name != MERGED_AUDIT and counts.get(name, 0) != f["rows"]]
        changed += [f"{name}: {n} rows not in the archive" for name, n in counts.items()
                    if name not in manifest["files"]]
        if changed:  # raising rolls the deletion back
            raise Refused("The tenant changed after its final archive was written; nothing was "
                          "deleted. Run the command again. (" + "; ".join(changed) + ")")
        total = sum(counts.values())
        finished = {"finished_at": ctx.clock.now(), "rows_deleted": total,
                    "counts": json.dumps(counts, sort_keys=True)}
        conn.execute(update(records).where(records.c.id == record_id).values(**finished))
    if not placement.on_system_database:
        _forget_placed(ctx, tenant.id, {
            "id": record_id, "former_tenant_id": tenant.id, "domain": domain,
            "name": tenant.name, "actor": actor.name[:254], "offboarded_until": grace_end,
            "early": early, "started_at": now, "archive_file": str(archive.resolve())[:1000],
            "archive_sha256": sha, "archive_bytes": archive.stat().st_size,
            "keep_until": keep_until, **finished})
    with ctx.scope(SYSTEM_TENANT) as audit:
        record(ctx, audit, actor, "tenant.deleted", subject=domain,
               detail={"tenant_id": tenant.id, "rows": total, "early": early,
                       "archive": archive.name, "archive_sha256": sha,
                       "keep_until": keep_until.isoformat()})
    return {"tenant": {"id": tenant.id, "domain": domain, "name": tenant.name},
            "rows_deleted": total, "counts": counts, "early": early,
            "archive": str(archive), "archive_sha256": sha,
            "keep_until": keep_until.isoformat(), "remaining": remaining_rows(ctx, tenant.id),
            "record": record_id}


def _forget_placed(ctx: ServerContext, tenant_id: int, record_row: dict[str, Any]) -> None:
    """The system database's side of deleting a tenant placed elsewhere: its deletion
    record, its placement and its row."""
    from sync_server.db.models import metadata

    tenants, records = metadata.tables["tenants"], metadata.tables["tenant_deletions"]
    placements = metadata.tables["tenant_placements"]
    with ctx.engine.begin() as conn:
        conn.execute(records.insert(), [record_row])
        conn.execute(delete(placements).where(placements.c.tenant_id == tenant_id))
        conn.execute(delete(tenants).where(tenants.c.id == tenant_id))
    ctx.directory.forget(tenant_id)


def _years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def remaining_rows(ctx: ServerContext, tenant_id: int) -> dict[str, int]:
    """Rows of ``tenant_id`` left in any table with a ``tenant_id`` column (none after a
    deletion), walked from the metadata."""
    from sync_server.db.models import metadata

    left = {}
    with ctx.engine.connect() as conn:
        for table in [metadata.tables["tenants"], *_tables()]:
            key = table.c.id if table.name == "tenants" else table.c.tenant_id
            n = int(conn.execute(select(func.count()).select_from(table)
                                 .where(key == tenant_id)).scalar_one())
            if n:
                left[table.name] = n
    return left


def deletions(ctx: ServerContext) -> list[dict[str, Any]]:
    from sync_server.operations.models import TenantDeletion

    with ctx.system() as session:
        return [{"domain": d.domain, "name": d.name, "tenant_id": d.former_tenant_id,
                 "deleted_at": d.finished_at.isoformat(timespec="seconds") if d.finished_at
                 else None, "early": d.early, "rows": d.rows_deleted,
                 "archive": d.archive_file, "sha256": d.archive_sha256,
                 "keep_until": d.keep_until.date().isoformat()}
                for d in session.scalars(select(TenantDeletion)
                                         .order_by(TenantDeletion.started_at))]


__all__ = ["delete_tenant", "deletions", "offboard", "package_reports", "remaining_rows"]
