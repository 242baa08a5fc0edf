"""The backup runs ``bisama-sync backup run|drill`` recorded in ``backup_runs`` (often
from a timer, in another process), as the System page and ``/metrics`` read them
(``system_status.BackupStatus.source``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from sync_server.context import ServerContext
from sync_server.operations.models import BackupRun
from sync_server.system_status import BackupRecord


def recorded_runs(ctx: ServerContext) -> Callable[[], Iterable[BackupRecord]]:
    def read() -> list[BackupRecord]:
        """The newest run of each (kind, tier, status): backups and drills."""
        try:
            with ctx.system() as session:
                newest = (select(BackupRun.kind, BackupRun.tier, BackupRun.status,
                                 func.max(BackupRun.finished_at).label("at"))
                          .where(BackupRun.kind.in_(("backup", "drill")),
                                 BackupRun.finished_at.is_not(None))
                          .group_by(BackupRun.kind, BackupRun.tier, BackupRun.status))
                rows = list(session.execute(newest))
        except SQLAlchemyError:
            return []  # a database not upgraded yet: no runs recorded
        return [BackupRecord("drill" if r.kind == "drill" else (r.tier or "full"),
                             _aware(r.at), r.status == "ok", None,
                             "drill" if r.kind == "drill" else "backup") for r in rows]

    return read


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


__all__ = ["recorded_runs"]
