"""The built-in scheduler: which tier is due, and one backup cycle (copy → record →
verify → prune). ``bisama-sync backup schedule`` runs it in the foreground (a service
on a machine without systemd timers, e.g. a Windows shop server); ``--once`` runs what
is due and returns (for cron or a test).

A tier is due when its last *successful* backup is older than its latest scheduled slot
(UTC, which is Ghana's time): a server that was off at 23:00 takes the daily copy when
it comes back, once — as systemd's ``Persistent=true`` does. The slots are the seed's:

* system: every hour at :05
* tenants: daily at 23:00
* full: Sundays at 00:00
* compliance: the 1st of the month at 01:00
* the restore drill: the second Tuesday of the month at 23:30
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from shared.errors import BisamaError
from sync_server.context import ServerContext
from sync_server.messaging.mail import Mailer
from sync_server.operations.backup import locate, private_folder, prune, run_backup
from sync_server.operations.drill import restore_drill
from sync_server.operations.models import BackupRun
from sync_server.operations.targets import BackupTarget
from sync_server.operations.verify import alert, record, record_report, verify_backup

TIERS_IN_ORDER = ("compliance", "full", "tenants", "system")
RETRY_AFTER = timedelta(minutes=30)


def latest_slot(what: str, now: datetime) -> datetime:
    """The most recent scheduled time of ``what`` (a tier or ``drill``) at or before now."""
    now = now.astimezone(UTC)
    if what == "system":
        slot = now.replace(minute=5, second=0, microsecond=0)
        return slot if slot <= now else slot - timedelta(hours=1)
    if what == "tenants":
        slot = now.replace(hour=23, minute=0, second=0, microsecond=0)
        return slot if slot <= now else slot - timedelta(days=1)
    if what == "full":
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=(midnight.weekday() + 1) % 7)  # back to Sunday
    if what == "compliance":
        slot = now.replace(day=1, hour=1, minute=0, second=0, microsecond=0)
        if slot <= now:
            return slot
        previous = (slot - timedelta(days=1)).replace(day=1)
        return previous
    if what == "drill":
        for months_back in range(2):
            first = now.replace(day=1, hour=23, minute=30, second=0, microsecond=0)
            for _ in range(months_back):
                first = (first - timedelta(days=1)).replace(day=1)
            first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
            slot = first_tuesday + timedelta(days=7)
            if slot <= now:
                return slot
        raise AssertionError("a drill slot is always within two months")
    raise BisamaError(f"“{what}” has no schedule")


def _last(ctx: ServerContext, kind: str, tier: str | None, *, ok_only: bool) -> datetime | None:
    with ctx.system() as session:
        stmt = select(func.max(BackupRun.started_at)).where(BackupRun.kind == kind)
        if ok_only:
            stmt = stmt.where(BackupRun.status == "ok")
        if tier is not None:
            stmt = stmt.where(BackupRun.tier == tier)
        last = session.scalar(stmt)
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return last


def _last_ok(ctx: ServerContext, kind: str, tier: str | None) -> datetime | None:
    return _last(ctx, kind, tier, ok_only=True)


def due(ctx: ServerContext, now: datetime) -> list[str]:
    """The tiers (and ``drill``) whose latest slot has no successful run since.

    A run that failed has alerted already: a tier is tried again ``RETRY_AFTER`` after
    its failed attempt (not every minute, which would mail the operator every minute),
    and a failed drill waits for its next monthly slot — or ``backup drill`` by hand once
    the cause is fixed (``RestoreDrillFailed`` keeps firing until a drill passes)."""
    found = []
    for tier in TIERS_IN_ORDER:
        slot = latest_slot(tier, now)
        last = _last_ok(ctx, "backup", tier)
        if last is None or last < slot:
            tried = _last(ctx, "backup", tier, ok_only=False)
            if tried is not None and tried >= slot and now - tried < RETRY_AFTER:
                continue
            found.append(tier)
    slot = latest_slot("drill", now)
    last_drill = _last(ctx, "drill", None, ok_only=False)
    if last_drill is None or last_drill < slot:
        found.append("drill")
    return found


@dataclass
class Cycle:
    data: dict[str, Any]
    ok: bool


def backup_cycle(ctx: ServerContext, key: bytes, tier: str, targets: list[BackupTarget], *,
                 verify: bool = True, prune_after: bool = False) -> Cycle:
    """One backup: copied, recorded, verified (recorded), pruned; failures alert. Every
    tier but ``system`` also copies each tenant database of the directory (``data``'s
    ``databases``); the cycle is ok when every copy is."""
    url = ctx.engine.url.render_as_string(hide_password=False)
    first = _one_backup(ctx, key, tier, targets, url=url, server=None, database=None,
                        verify=verify)
    if tier != "system":
        extra = [_one_backup(ctx, key, tier, targets, url=ctx.directory.url_of(server, database),
                             server=server, database=database, verify=verify)
                 for server, database in tenant_databases(ctx)]
        if extra:
            first.data["databases"] = [c.data for c in extra]
            first.ok = first.ok and all(c.ok for c in extra)
    if prune_after and first.ok:
        first.data["pruned"] = prune(targets, [tier])
    return first


def tenant_databases(ctx: ServerContext) -> list[tuple[str, str | None]]:
    """The (server, database) pairs tenants of the directory live in, other than the
    system database."""
    return sorted({(p.server, p.database) for p in ctx.directory.placements()
                   if not p.on_system_database}, key=lambda k: (k[0], k[1] or ""))


def _one_backup(ctx: ServerContext, key: bytes, tier: str, targets: list[BackupTarget], *,
                url: str, server: str | None, database: str | None, verify: bool) -> Cycle:
    where = "" if server is None else f" of {server}{'' if database is None else '/' + database}"
    started = datetime.now(UTC)
    try:
        result = run_backup(url, key, tier, targets, server=server, database=database)
    except (BisamaError, OSError) as exc:
        record(ctx, "backup", started=started, status="failed", tier=tier,
               detail=f"{where.strip()}: {exc}" if where else str(exc))
        alert(ctx, "backup_failed", f"The {tier} backup{where} failed: {exc}")
        return Cycle({"tier": tier, "error": str(exc)}, False)
    m = result.manifest
    record(ctx, "backup", started=started, status="ok", tier=tier, file=m["file"],
           size=m["size"], sha256=m["sha256"], detail=json.dumps(result.to_json()))
    data = result.to_json()
    if server is not None:
        data["database_server"], data["database"] = server, database
    ok = True
    if verify:
        verified_at = datetime.now(UTC)
        with private_folder() as work:
            file, manifest = locate(result.name, targets, work)
            report = verify_backup(key, file, manifest, server_url=url)
        record_report(ctx, "verify", report, verified_at)
        data["verified"] = report.to_json()
        ok = report.ok
    return Cycle(data, ok)


def tick(ctx: ServerContext, key: bytes, targets: list[BackupTarget],
         now: datetime | None = None, *, reports: bool = False,
         mailer: Mailer | None = None) -> list[dict[str, Any]]:
    """Run whatever is due now; returns what was done. ``reports``: also write and
    e-mail the sales reports the schedule owes (``report_mail.services.send_due``;
    ``mailer`` None writes the files only)."""
    done: list[dict[str, Any]] = []
    if reports:
        from sync_server.report_mail.services import send_due

        done.extend({"report": o.to_json(), "ok": not o.failed}
                    for o in send_due(ctx, mailer, now))
    for what in due(ctx, now or datetime.now(UTC)):
        if what == "drill":
            report = restore_drill(ctx, key, targets,
                                   server_url=ctx.engine.url.render_as_string(hide_password=False))
            done.append({"drill": report.to_json()})
        else:
            cycle = backup_cycle(ctx, key, what, targets, prune_after=True)
            done.append(cycle.data | {"ok": cycle.ok})
    return done
