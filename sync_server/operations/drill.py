"""The SOP's monthly "random restore check" (the seed's disaster recovery drill: restore
from backup to a test environment, verify completeness), run by the scheduler by itself.

``restore_drill`` picks one of the newest backups at random and one of the tenants in
it at random, and:

1. restores the backup into a scratch database and runs every check verification runs
   (every journal balances; each tenant's trial balance and every table's row count, per
   tenant, equal the manifest's; the schema revision) — so every tenant's data is
   checked;
2. restores the picked tenant *on its own*, as the seed's "Restore Specific Tenant"
   does: exports it from the restored copy (``tenant export``), loads it into a second,
   empty scratch database at the same schema (``tenant import``, which checks counts and
   trial balance as it loads), and compares its row counts and trial balance with the
   backup's manifest.

Both scratch databases are dropped after. The outcome is recorded in ``backup_runs``
(kind ``drill``; the detail names the tenant and the time taken) and a failure alerts.
``drills`` reads them back for the System page and a tenant's dashboard.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from shared.errors import BisamaError
from sync_server.context import ServerContext
from sync_server.db.engine import make_engine
from sync_server.db.migrate import upgrade
from sync_server.operations.backup import SUFFIX, listing, locate, private_folder
from sync_server.operations.engines import census_of, load, scratch_database
from sync_server.operations.models import BackupRun
from sync_server.operations.targets import BackupTarget
from sync_server.operations.verify import Report, _decrypted, compare, read_manifest, record_report


def _tenants_in(scratch: str) -> list[dict[str, Any]]:
    from sync_server.tenants.models import Tenant

    engine = make_engine(scratch, pool_size=1)
    try:
        with engine.connect() as conn:
            t = Tenant.__table__
            return [dict(r._mapping) for r in conn.execute(
                select(t.c.id, t.c.domain, t.c.name).order_by(t.c.id))]
    finally:
        engine.dispose()


def _tenant_alone(kind: str, scratch: str, server_url: str | None, work: Path, *,
                  tenant: dict[str, Any], manifest: dict[str, Any], report: Report) -> None:
    """Step 2 of the module text, for ``tenant``."""
    from sync_server.operations.tenant_archive import export_tenant, import_tenant

    archive = work / "tenant.zip"
    source = make_engine(scratch, pool_size=1)
    try:
        exported = export_tenant(source, tenant["domain"], archive)
        revision = exported["schema_revision"]
    finally:
        source.dispose()
    key = str(tenant["id"])
    for table, entry in exported["files"].items():
        if table == "tenants":
            continue
        want = manifest.get("tables", {}).get(table, {}).get("tenants", {}).get(key, 0)
        if entry["rows"] != want:
            report.fail(f"{tenant['domain']} restored alone: table {table} has "
                        f"{entry['rows']} rows, the backup's manifest says {want}")
    if exported["trial_balance"] != manifest.get("trial_balance", {}).get(key):
        report.fail(f"{tenant['domain']} restored alone: the trial balance differs from the "
                    "backup's manifest")
    alone = work / "alone"
    alone.mkdir()
    with scratch_database(kind, server_url, alone) as second:
        engine = make_engine(second, pool_size=1)
        try:
            upgrade(engine, revision)
            loaded = import_tenant(engine, archive)  # checks counts and trial balance
        finally:
            engine.dispose()
    report.checked["tenant"] = {"id": tenant["id"], "domain": tenant["domain"],
                                "name": tenant["name"], "rows": loaded["rows"],
                                "tables": loaded["tables"]}


def restore_drill(ctx: ServerContext, key: bytes, targets: list[BackupTarget], *,
                  server_url: str | None, recent: int = 5,
                  chooser: random.Random | None = None) -> Report:
    """The random restore check (see the module text); recorded, and alerted if it fails."""
    started = datetime.now(UTC)
    clock = time.monotonic()
    pick_from = chooser or random.SystemRandom()
    rows = [r for r in listing(targets[0]) if r["manifest"]] if targets else []
    if not rows:
        report = Report("(none)")
        report.fail("there is no backup to drill on")
        record_report(ctx, "drill", report, started)
        return report
    pick = pick_from.choice(rows[:max(1, recent)])
    with private_folder() as work:
        file, manifest_path = locate(pick["name"] + SUFFIX, targets, work)
        report = Report(file.name)
        manifest = read_manifest(key, manifest_path, report)
        plain = _decrypted(key, file, manifest, work, report)
        if plain is not None and manifest is not None:
            kind = str(manifest.get("engine"))
            try:
                with scratch_database(kind, server_url, work) as scratch:
                    load(kind, plain, scratch)
                    compare(manifest, census_of(scratch), report)
                    tenants = [t for t in _tenants_in(scratch) if int(t["id"]) > 0]
                    if tenants:
                        _tenant_alone(kind, scratch, server_url, work,
                                      tenant=pick_from.choice(tenants), manifest=manifest,
                                      report=report)
            except (BisamaError, SQLAlchemyError, OSError) as exc:
                report.fail(f"the restore check stopped: {exc}")
    report.seconds = time.monotonic() - clock
    record_report(ctx, "drill", report, started)
    return report


@dataclass(frozen=True)
class DrillResult:
    at: datetime
    ok: bool
    seconds: float | None
    backup: str | None
    tenant_id: int | None
    tenant: str | None  # the business's name
    problems: list[str]


def drills(ctx: ServerContext, limit: int = 6) -> list[DrillResult]:
    """The newest restore checks, newest first (none on a database not upgraded yet)."""
    try:
        with ctx.system() as session:
            rows = list(session.scalars(select(BackupRun).where(BackupRun.kind == "drill")
                                        .order_by(BackupRun.started_at.desc()).limit(limit)))
    except SQLAlchemyError:
        return []
    found = []
    for r in rows:
        try:
            detail = json.loads(r.detail or "{}")
        except ValueError:
            detail = {}
        tenant = (detail.get("checked") or {}).get("tenant") or {}
        at = r.finished_at or r.started_at
        found.append(DrillResult(at if at.tzinfo else at.replace(tzinfo=UTC), r.status == "ok",
                                 detail.get("seconds"), r.file, tenant.get("id"),
                                 tenant.get("name"), list(detail.get("problems") or [])))
    return found


__all__ = ["DrillResult", "drills", "restore_drill"]
