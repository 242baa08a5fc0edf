"""What the operator watches about the server itself (issue [11], monitoring): the disk
of the data folder, the database's size and versions, how far behind each till is,
the newest backup of each tier and the last restore drill.

Read by the ``/metrics`` collector (``SystemCollector``) and by the dashboard's admin
System page. Backups are not made here: the backup code reports each run to a
``BackupStatus`` (``backup_finished`` / ``drill_finished``) — or, when backups run in
another process (the timer unit), gives it a ``source`` that reads its own records.
"""

from __future__ import annotations

import os
import platform
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text

from sync_server import __version__
from sync_server.context import ServerContext
from sync_server.db.migrate import current_revision, head_revision
from sync_server.sync.models import Alert
from sync_server.tenants.models import Tenant
from sync_server.terminals.models import Heartbeat, Terminal

ENV_DATA_DIR = "BISAMA_DATA_DIR"
TIERS = ("system", "tenants", "full", "compliance")


# -- backups, as the backup code reports them ---------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupRecord:
    """One backup run (``kind`` "backup", with its tier) or restore drill (``kind``
    "drill", tier "drill")."""

    tier: str
    finished_at: datetime
    ok: bool
    detail: str | None = None
    kind: str = "backup"


class BackupStatus:
    """The newest good backup and the last attempt of each tier, and the last drill.

    The backup code calls ``backup_finished`` / ``drill_finished`` after each run in
    this process; ``source`` (when set) is read at every look and gives records kept
    elsewhere (a ``backup_runs`` table written by ``bisama-sync backup run`` from a
    timer). Exported as ``bisama_backup_age_seconds{tier}``, ``bisama_backup_failed{tier}``,
    ``bisama_restore_drill_age_seconds`` and ``bisama_restore_drill_failed``."""

    def __init__(self, source: Callable[[], Iterable[BackupRecord]] | None = None) -> None:
        self._lock = threading.Lock()
        self._records: list[BackupRecord] = []
        self.source = source

    def backup_finished(self, tier: str, finished_at: datetime, ok: bool,
                        detail: str | None = None) -> None:
        self._add(BackupRecord(tier, finished_at, ok, detail, "backup"))

    def drill_finished(self, finished_at: datetime, ok: bool, detail: str | None = None) -> None:
        self._add(BackupRecord("drill", finished_at, ok, detail, "drill"))

    def _add(self, record: BackupRecord) -> None:
        with self._lock:
            self._records.append(record)
            # Only the newest per (kind, tier, ok) matters: keep the list short.
            newest: dict[tuple[str, str, bool], BackupRecord] = {}
            for r in self._records:
                key = (r.kind, r.tier, r.ok)
                if key not in newest or r.finished_at >= newest[key].finished_at:
                    newest[key] = r
            self._records = list(newest.values())

    def records(self) -> list[BackupRecord]:
        with self._lock:
            records = list(self._records)
        if self.source is not None:
            records.extend(self.source())
        return records

    def summary(self) -> BackupSummary:
        last_ok: dict[str, BackupRecord] = {}
        last_try: dict[str, BackupRecord] = {}
        drill: BackupRecord | None = None
        for r in self.records():
            if r.kind == "drill":
                if drill is None or r.finished_at >= drill.finished_at:
                    drill = r
                continue
            if r.ok and (r.tier not in last_ok or r.finished_at >= last_ok[r.tier].finished_at):
                last_ok[r.tier] = r
            if r.tier not in last_try or r.finished_at >= last_try[r.tier].finished_at:
                last_try[r.tier] = r
        return BackupSummary(last_ok, last_try, drill)


@dataclass(frozen=True, slots=True)
class BackupSummary:
    last_ok: dict[str, BackupRecord]
    last_try: dict[str, BackupRecord]
    drill: BackupRecord | None

    @property
    def empty(self) -> bool:
        return not self.last_try and self.drill is None


# -- the server's own facts --------------------------------------------------------------


def data_folder(ctx: ServerContext) -> Path:
    """Where the server keeps its data: ``BISAMA_DATA_DIR``, else the SQLite file's
    folder, else the working folder (PostgreSQL and MariaDB keep theirs themselves)."""
    given = os.environ.get(ENV_DATA_DIR)
    if given:
        return Path(given)
    url = ctx.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent
    return Path.cwd()


@dataclass(frozen=True, slots=True)
class Disk:
    folder: Path
    free_bytes: int
    size_bytes: int

    @property
    def free_permille(self) -> int:
        """Free space in tenths of a percent (a display figure)."""
        return self.free_bytes * 1000 // self.size_bytes if self.size_bytes else 0


def disk(folder: Path) -> Disk:
    usage = shutil.disk_usage(folder)
    return Disk(folder, usage.free, usage.total)


def database_size(ctx: ServerContext) -> int | None:
    """Bytes the database takes (tables and indexes); None when the engine will not say."""
    backend = ctx.engine.url.get_backend_name()
    with ctx.engine.connect() as conn:
        if backend == "sqlite":
            pages = conn.execute(text("PRAGMA page_count")).scalar()
            size = conn.execute(text("PRAGMA page_size")).scalar()
            return int(pages or 0) * int(size or 0)
        if backend == "postgresql":
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
        if backend in ("mysql", "mariadb"):
            value = conn.execute(text(
                "SELECT SUM(data_length + index_length) FROM information_schema.tables "
                "WHERE table_schema = DATABASE()")).scalar()
            return int(value or 0)
    return None


def versions(ctx: ServerContext) -> dict[str, str]:
    """The server's version, its Python, the database engine's and the schema's."""
    backend = ctx.engine.url.get_backend_name()
    with ctx.engine.connect() as conn:
        if backend == "sqlite":
            engine = "SQLite " + str(conn.execute(text("SELECT sqlite_version()")).scalar())
        else:
            engine = str(conn.execute(text("SELECT version()")).scalar()).split(" on ")[0]
            if backend == "postgresql":
                engine = engine.split(",")[0]
            else:
                engine = ("MariaDB " if "mariadb" in engine.lower() else "MySQL ") + engine
    schema = current_revision(ctx.engine) or "none"
    head = head_revision()
    return {"server": __version__, "python": platform.python_version(), "database": engine,
            "schema": schema if schema == head else f"{schema} (the code expects {head})"}


@dataclass(frozen=True, slots=True)
class TillLag:
    tenant: str
    branch: str
    terminal: str  # BRANCH/NAME, as the dashboard names it
    lag_seconds: int  # how long its oldest unsynced sale has waited, as of now
    seen_seconds: int | None  # since head office last heard from it
    battery_percent: int | None = None  # on battery at its last heartbeat; None on mains


def till_lags(ctx: ServerContext) -> Iterator[TillLag]:
    """Each active till's sync lag: the age of the oldest envelope it has not yet
    delivered (from its last heartbeat, aged to now) — or, without a heartbeat, how
    long since it was last seen."""
    now = ctx.clock.now()
    with ctx.system() as session:
        tenants = list(session.execute(select(Tenant.id, Tenant.domain)))
    for tenant_id, domain in tenants:
        with ctx.scope(tenant_id) as scope:
            rows: Any = scope.execute(
                select(Terminal.branch_code, Terminal.name, Terminal.last_seen_at,
                       Terminal.enrolled_at, Heartbeat.received_at,
                       Heartbeat.oldest_unsynced_seconds, Heartbeat.power_source,
                       Heartbeat.battery_percent)
                .outerjoin(Heartbeat, (Heartbeat.terminal_id == Terminal.id)
                           & (Heartbeat.tenant_id == Terminal.tenant_id))
                .where(Terminal.status == "active"))
            rows = [tuple(row) for row in rows]
        for branch, name, seen, enrolled, beat_at, oldest, source, percent in rows:
            seen_seconds = None if seen is None else age_seconds(now, seen)
            if beat_at is not None:
                waited = 0 if oldest is None else int(oldest)
                lag = waited + age_seconds(now, beat_at) if waited else 0
            else:
                lag = seen_seconds if seen_seconds is not None else age_seconds(now, enrolled)
            battery = percent if source == "battery" and percent is not None else None
            yield TillLag(domain, branch, f"{branch}/{name}", lag, seen_seconds, battery)


@dataclass(frozen=True, slots=True)
class OpenAlert:
    tenant: str
    kind: str
    message: str
    created_at: datetime


def open_alerts(ctx: ServerContext, limit: int = 50) -> list[OpenAlert]:
    """Sync alerts not yet resolved, newest first, across tenants."""
    found: list[OpenAlert] = []
    with ctx.system() as session:
        tenants = list(session.execute(select(Tenant.id, Tenant.domain)))
    for tenant_id, domain in tenants:
        with ctx.scope(tenant_id) as scope:
            rows: Any = scope.execute(
                    select(Alert.kind, Alert.message, Alert.created_at)
                    .where(Alert.resolved_at.is_(None))
                    .order_by(Alert.created_at.desc()).limit(limit))
            for row in rows:
                found.append(OpenAlert(domain, row[0], row[1], row[2]))
    found.sort(key=lambda a: a.created_at, reverse=True)
    return found[:limit]


def count_open_alerts(ctx: ServerContext) -> int:
    total = 0
    with ctx.system() as session:
        tenants = list(session.scalars(select(Tenant.id)))
    for tenant_id in tenants:
        with ctx.scope(tenant_id) as scope:
            total += int(scope.scalar(select(func.count()).select_from(Alert)
                                      .where(Alert.resolved_at.is_(None))) or 0)
    return total


class SystemCollector(Collector):
    """Gauges of the server itself, read when Prometheus scrapes (see alerts.yml)."""

    def __init__(self, ctx: ServerContext, backups: BackupStatus) -> None:
        self.ctx = ctx
        self.backups = backups

    def collect(self) -> Any:
        folder = data_folder(self.ctx)
        d = disk(folder)
        free = GaugeMetricFamily("bisama_data_disk_free_bytes",
                                 "Free bytes on the disk of the server's data folder")
        free.add_metric([], d.free_bytes)
        size = GaugeMetricFamily("bisama_data_disk_size_bytes",
                                 "Size in bytes of the disk of the server's data folder")
        size.add_metric([], d.size_bytes)
        yield free
        yield size
        db_size = database_size(self.ctx)
        if db_size is not None:
            g = GaugeMetricFamily("bisama_database_size_bytes", "Bytes the database takes")
            g.add_metric([], db_size)
            yield g
        lag = GaugeMetricFamily(
            "bisama_till_sync_lag_seconds",
            "How long the oldest sale a till has not yet delivered has waited",
            labels=["tenant", "branch", "terminal"])
        battery = GaugeMetricFamily(
            "bisama_till_battery_percent",
            "Battery level of a till that ran on battery at its last heartbeat (a power cut "
            "at the branch); absent on mains", labels=["tenant", "branch", "terminal"])
        for till in till_lags(self.ctx):
            labels = [till.tenant, till.branch, till.terminal]
            lag.add_metric(labels, till.lag_seconds)
            if till.battery_percent is not None:
                battery.add_metric(labels, till.battery_percent)
        yield lag
        yield battery
        yield from backup_gauges(self.backups.summary(), self.ctx.clock.now())


def age_seconds(now: datetime, then: datetime) -> int:
    """Whole seconds from ``then`` to ``now`` (0 for a moment in the future)."""
    return max(0, int((now - then).total_seconds()))


def backup_gauges(summary: BackupSummary, now: datetime) -> Iterator[GaugeMetricFamily]:
    age = GaugeMetricFamily("bisama_backup_age_seconds",
                            "Age of the newest good backup of each tier", labels=["tier"])
    failed = GaugeMetricFamily("bisama_backup_failed",
                               "1 when the last backup of a tier failed", labels=["tier"])
    for tier, record in summary.last_ok.items():
        age.add_metric([tier], age_seconds(now, record.finished_at))
    for tier, record in summary.last_try.items():
        failed.add_metric([tier], 0 if record.ok else 1)
    yield age
    yield failed
    if summary.drill is not None:
        drill_age = GaugeMetricFamily("bisama_restore_drill_age_seconds",
                                      "Age of the last restore drill")
        drill_age.add_metric([], age_seconds(now, summary.drill.finished_at))
        drill_failed = GaugeMetricFamily("bisama_restore_drill_failed",
                                         "1 when the last restore drill failed")
        drill_failed.add_metric([], 0 if summary.drill.ok else 1)
        yield drill_age
        yield drill_failed
