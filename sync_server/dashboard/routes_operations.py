"""The admin System page (issue [11], monitoring): the server's versions, the database's
size, the disk free for the data folder, the newest backup of each tier and the last
restore drill, how far behind each till is, open sync alerts — and a list of what needs
attention now, by the same thresholds as the Prometheus rules (resources/monitoring/
alerts.yml), so a server without Prometheus still shows what would page someone.

System administrators only: it names every tenant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from sync_server.dashboard.web import PREFIX, Current, PageError
from sync_server.notify import LogNotifier, MailNotifier, NullNotifier
from sync_server.operations.drill import drills
from sync_server.system_status import (
    TIERS,
    BackupStatus,
    BackupSummary,
    Disk,
    TillLag,
    age_seconds,
    data_folder,
    database_size,
    disk,
    open_alerts,
    till_lags,
    versions,
)

router = APIRouter(include_in_schema=False)

# The same limits as alerts.yml (seconds).
BACKUP_LIMITS = {"system": 3 * 3600, "tenants": 30 * 3600, "full": 8 * 86400,
                 "compliance": 32 * 86400}
LAG_WARN, LAG_BAD = 3600, 86400
DRILL_OVERDUE = 35 * 86400
DISK_LOW_PERMILLE = 200  # 20 % free


@dataclass(frozen=True, slots=True)
class Attention:
    level: str  # bad | warn
    text: str


def attention(now: datetime, d: Disk, backups: BackupSummary, lags: list[TillLag],
              alerts: int) -> list[Attention]:
    """What would page someone now, worst first."""
    found: list[Attention] = []
    if d.size_bytes and d.free_permille < DISK_LOW_PERMILLE:
        found.append(Attention("warn", f"Less than 20% disk free for {d.folder} "
                                       f"({d.free_bytes // 2**20:,} MB free)."))
    if backups.empty:
        found.append(Attention("bad", "No backups recorded: set up the backup schedule "
                                      "(docs/operations.md)."))
    for tier, record in backups.last_try.items():
        if not record.ok:
            found.append(Attention("bad", f"The last {tier} backup failed"
                                          f"{': ' + record.detail if record.detail else ''}."))
    for tier, limit in BACKUP_LIMITS.items():
        good = backups.last_ok.get(tier)
        if not backups.empty and tier not in backups.last_try:
            found.append(Attention("warn", f"No {tier} backup recorded yet."))
        if good is not None and age_seconds(now, good.finished_at) > limit:
            found.append(Attention("bad", f"The newest {tier} backup is from "
                                          f"{good.finished_at:%Y-%m-%d %H:%M}."))
    drill = backups.drill
    if drill is not None and not drill.ok:
        found.append(Attention("bad", "The last restore drill failed"
                                      f"{': ' + drill.detail if drill.detail else ''}."))
    elif drill is not None and age_seconds(now, drill.finished_at) > DRILL_OVERDUE:
        found.append(Attention("warn", "No restore drill for over a month."))
    for till in lags:
        if till.lag_seconds > LAG_WARN:
            level = "bad" if till.lag_seconds > LAG_BAD else "warn"
            found.append(Attention(level, f"Till {till.terminal} of {till.tenant} has sales "
                                          f"waiting {till.lag_seconds // 3600} h to sync."))
    for till in lags:
        if till.battery_percent is not None:
            found.append(Attention("warn", f"Till {till.terminal} of {till.tenant} is on battery "
                                           f"({till.battery_percent} %): is the mains off?"))
    if alerts:
        found.append(Attention("bad", f"{alerts} sync alert(s) open (below)."))
    found.sort(key=lambda a: a.level != "bad")
    return found


def delivery(notifier: Any) -> str:
    if isinstance(notifier, MailNotifier):
        return ("e-mailed to each business's named recipients (else its directors)"
                + (" and to " + ", ".join(notifier.operator) if notifier.operator else ""))
    if isinstance(notifier, LogNotifier):
        return "written to the server's log only: set BISAMA_SMTP_HOST to e-mail them"
    if isinstance(notifier, NullNotifier):
        return "not delivered (null notifier)"
    return type(notifier).__name__


@router.get(f"{PREFIX}/system")
def system_page(current: Current) -> HTMLResponse:
    if not current.principal.is_admin:
        raise PageError(403, "Not for your role",
                        "Only system administrators see the server's System page.")
    ctx = current.ctx
    now = ctx.clock.now()
    status: BackupStatus = getattr(current.request.app.state, "backups", None) or BackupStatus()
    summary = status.summary()
    d = disk(data_folder(ctx))
    lags = sorted(till_lags(ctx), key=lambda t: -t.lag_seconds)
    alerts = open_alerts(ctx)
    def row(tier: str) -> dict[str, Any]:
        good = summary.last_ok.get(tier)
        limit = BACKUP_LIMITS.get(tier)
        return {"tier": tier, "good": good, "last": summary.last_try.get(tier),
                "age": None if good is None else age_seconds(now, good.finished_at),
                "limit": None if limit is None else (f"{limit // 86400} days" if limit >= 2 * 86400
                                                     else f"{limit // 3600} hours")}

    tiers = [row(tier) for tier in (*TIERS, *(t for t in summary.last_try if t not in TIERS))]
    from sync_server.directory.admin import servers_and_tenants

    return current.render(
        "system.html", now=now, versions=versions(ctx), db_size=database_size(ctx), disk=d,
        backups=summary, tiers=tiers, lags=lags, alerts=alerts, drills=drills(ctx),
        attention=attention(now, d, summary, lags, len(alerts)),
        delivery=delivery(ctx.notifier), lag_warn=LAG_WARN, lag_bad=LAG_BAD,
        servers=servers_and_tenants(ctx))
