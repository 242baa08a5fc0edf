"""Naming the people who get the sales reports, and sending each report once.

``send_report`` writes one tenant's report of one period to the data folder
(``<data>/reports/<domain>/<yyyy>/daily-sales-<day>.pdf`` and ``.xlsx``; the weekly
``weekly-sales-<monday>-to-<sunday>``) — once: a report already written (and still on
disk, unchanged) is sent as it was — and e-mails it to each person named for it who has
not had it yet. A message that went is recorded ``sent`` and never sent again; one that
failed is recorded ``failed`` with the reason and tried again by the next run. So a
rerun after a crash, or after the mail server was down, sends exactly what was not sent.

``due`` says which periods the schedule owes: the daily report of each of the last
``CATCH_UP_DAYS`` business days once the day is over (from 01:00 the next morning,
tenant's time — Africa/Accra, which is UTC all year — so the tills' last pushes of the
night are in), and the weekly report of the last week (Monday to Sunday) from Monday
01:00. ``send_due`` runs them for every active tenant.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from shared.errors import BisamaError
from shared.money import Money
from shared.tax import GHANA_TIME
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.messaging.mail import Attachment, Mailer, MailError, MailMessage, check_address
from sync_server.report_mail.build import (
    SalesReport,
    daily_report,
    to_pdf,
    to_xlsx,
    week_of,
    weekly_report,
)
from sync_server.report_mail.models import KINDS, ReportRecipient, SalesReportFile, SalesReportMail
from sync_server.reports.export import FORMATS
from sync_server.system_status import data_folder
from sync_server.tenants.models import Tenant

ENV_REPORTS_DIR = "BISAMA_REPORTS_DIR"
CATCH_UP_DAYS = 3
SEND_FROM_HOUR = 1  # the tenant's time: the day's report goes from 01:00 the next morning
MAX_RECIPIENTS = 50


class ReportMailError(BisamaError):
    code = "report_mail"


# -- who gets what ------------------------------------------------------------------------


def list_recipients(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"email": r.email, "daily": r.daily, "weekly": r.weekly,
             "updated_at": r.updated_at, "updated_by": r.updated_by}
            for r in scope.scalars(select(ReportRecipient).order_by(ReportRecipient.email))]


def _addresses(text: str | Iterable[str] | None, what: str) -> list[str]:
    if text is None:
        parts: list[str] = []
    elif isinstance(text, str):
        parts = re.split(r"[,;\s]+", text)  # commas, semicolons, spaces or lines
    else:
        parts = list(text)
    found: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        try:
            address = check_address(part).lower()
        except MailError as exc:
            raise ReportMailError(f"{what}: {exc}") from None
        if address not in found:
            found.append(address)
    return found


def set_recipients(ctx: ServerContext, scope: TenantScope, actor: Actor, *,
                   daily: str | Iterable[str] | None,
                   weekly: str | Iterable[str] | None) -> dict[str, Any]:
    """Replace the tenant's list: each address gets the reports it is named under
    (an empty list: nobody gets them by e-mail; they are still written to the folder)."""
    wants_daily = _addresses(daily, "Daily report")
    wants_weekly = _addresses(weekly, "Weekly report")
    everyone = sorted(set(wants_daily) | set(wants_weekly))
    if len(everyone) > MAX_RECIPIENTS:
        raise ReportMailError(f"At most {MAX_RECIPIENTS} people can be named; "
                              f"{len(everyone)} were given.")
    now = ctx.clock.now()
    before = {r["email"]: r for r in list_recipients(scope)}
    gone = sorted(set(before) - set(everyone))
    if gone:
        scope.execute(delete(ReportRecipient).where(ReportRecipient.email.in_(gone)))
    for email in everyone:
        row = scope.get(ReportRecipient, email)
        flags = {"daily": email in wants_daily, "weekly": email in wants_weekly}
        if row is None:
            scope.add(ReportRecipient(email=email, updated_at=now, updated_by=actor.name[:254],
                                      **flags))
        elif (row.daily, row.weekly) != (flags["daily"], flags["weekly"]):
            row.daily, row.weekly = flags["daily"], flags["weekly"]
            row.updated_at, row.updated_by = now, actor.name[:254]
    scope.flush()
    record(ctx, scope, actor, "report_recipients.set", subject="sales reports",
           detail={"daily": wants_daily, "weekly": wants_weekly,
                   "removed": gone})
    return {"daily": wants_daily, "weekly": wants_weekly, "count": len(everyone)}


def recipients_of(scope: TenantScope, kind: str) -> list[str]:
    column = ReportRecipient.daily if kind == "daily" else ReportRecipient.weekly
    return list(scope.scalars(select(ReportRecipient.email).where(column.is_(True))
                              .order_by(ReportRecipient.email)))


# -- the files ----------------------------------------------------------------------------


def reports_root(ctx: ServerContext) -> Path:
    """``BISAMA_REPORTS_DIR``, else ``reports/`` in the server's data folder."""
    given = os.environ.get(ENV_REPORTS_DIR)
    return Path(given) if given else data_folder(ctx) / "reports"


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(body)
    os.replace(partial, path)


def period_of(kind: str, day: date) -> tuple[date, date]:
    if kind not in KINDS:
        raise ReportMailError(f"“{kind}” is not a report; use daily or weekly.")
    return (day, day) if kind == "daily" else week_of(day)


def build(scope: TenantScope, tenant: Tenant, kind: str, day: date) -> SalesReport:
    return (daily_report if kind == "daily" else weekly_report)(scope, tenant.name, day)


def written_files(ctx: ServerContext, scope: TenantScope, tenant: Tenant, kind: str,
                  day: date) -> tuple[SalesReportFile, SalesReport | None]:
    """The report's files, written now unless they were before and are still as written."""
    first, last = period_of(kind, day)
    root = reports_root(ctx)
    row = scope.get(SalesReportFile, kind, first.isoformat())
    if row is not None and _sha256(root / row.pdf_path) == row.pdf_sha256 \
            and _sha256(root / row.xlsx_path) == row.xlsx_sha256:
        return row, None
    report = build(scope, tenant, kind, first)
    folder = Path(tenant.domain) / f"{first:%Y}"
    pdf, xlsx = to_pdf(report), to_xlsx(report)
    pdf_path, xlsx_path = folder / f"{report.stem}.pdf", folder / f"{report.stem}.xlsx"
    _write(root / pdf_path, pdf)
    _write(root / xlsx_path, xlsx)
    values = {"period_end": last.isoformat(), "pdf_path": pdf_path.as_posix(),
              "xlsx_path": xlsx_path.as_posix(), "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
              "xlsx_sha256": hashlib.sha256(xlsx).hexdigest(), "summary": totals_line(report),
              "written_at": ctx.clock.now()}
    if row is None:
        row = SalesReportFile(kind=kind, period_start=first.isoformat(), **values)
        scope.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    scope.flush()
    return row, report


# -- sending ------------------------------------------------------------------------------


@dataclass
class Outcome:
    tenant: str
    kind: str
    first: str
    last: str
    files: list[str]
    written: bool
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    already: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"tenant": self.tenant, "kind": self.kind, "first": self.first,
                "last": self.last, "files": self.files, "written": self.written,
                "sent": self.sent, "failed": self.failed, "already_sent": self.already}


def _message(tenant: Tenant, row: SalesReportFile, to: str, root: Path) -> MailMessage:
    kind = row.kind
    period = (row.period_start if kind == "daily"
              else f"the week of {row.period_start} to {row.period_end}")
    body = (f"The {kind} sales report of {tenant.name} for {period} is attached as PDF (to "
            f"read and print) and XLSX (to work with).\n\n{row.summary}\n\n"
            "The same figures are on the dashboard (Daily & weekly). "
            "A copy is kept on the server.\n\n"
            "You get this because your business named you for its sales reports; a director "
            "changes the list on the dashboard's Backups & reports page.\n-- \nBisama POS\n")
    return MailMessage(
        (to,), f"[{tenant.name}] {kind.capitalize()} sales report, {period}", body,
        (Attachment(Path(row.pdf_path).name, (root / row.pdf_path).read_bytes(), FORMATS["pdf"]),
         Attachment(Path(row.xlsx_path).name, (root / row.xlsx_path).read_bytes(),
                    FORMATS["xlsx"])))


def totals_line(report: SalesReport) -> str:
    t = report.totals
    return (f"Takings GH₵ {Money(t.takings).format('', grouping=True).strip()} from {t.sales} "
            f"sale(s); refunds GH₵ {Money(t.refunds).format('', grouping=True).strip()}; "
            f"{t.voids} voided.")


def send_report(ctx: ServerContext, mailer: Mailer | None, tenant_id: int, kind: str,
                day: date, *, resend: bool = False) -> Outcome:
    """Write (once) and send (once per person) one tenant's report of one period.
    ``mailer`` None writes the files only. ``resend`` sends again to everyone."""
    root = reports_root(ctx)
    tenant = tenant_row(ctx, tenant_id)
    with ctx.scope(tenant_id) as scope:
        row, report = written_files(ctx, scope, tenant, kind, day)
        outcome = Outcome(tenant.domain, kind, row.period_start, row.period_end,
                          [str(root / row.pdf_path), str(root / row.xlsx_path)],
                          report is not None)
        people = recipients_of(scope, kind) if mailer is not None else []
        done = {m.email: m for m in scope.scalars(select(SalesReportMail).where(
            SalesReportMail.kind == kind, SalesReportMail.period_start == row.period_start))}
        todo = [p for p in people if resend or done.get(p) is None or done[p].status != "sent"]
        outcome.already = [p for p in people if p not in todo]
        messages = [(p, _message(tenant, row, p, root)) for p in todo]
        domain = tenant.domain
    # The mail server is talked to outside any transaction; each outcome is kept at once,
    # so a crash half-way leaves the people already sent recorded as sent.
    for person, message in messages:
        try:
            assert mailer is not None
            mailer.send(message)
        except (MailError, OSError) as exc:
            outcome.failed[person] = str(exc)
            _note(ctx, tenant_id, row.kind, row.period_start, person, error=str(exc))
        else:
            outcome.sent.append(person)
            _note(ctx, tenant_id, row.kind, row.period_start, person, error=None)
    if outcome.failed:
        from sync_server.notify import AlertMessage

        ctx.notifier.notify(AlertMessage(
            tenant_id, "report_mail_failed",
            f"The {kind} sales report of {domain} for {row.period_start} could not be sent "
            f"to {', '.join(sorted(outcome.failed))}: {next(iter(outcome.failed.values()))} "
            "It is tried again at the next run."))
    return outcome


def _note(ctx: ServerContext, tenant_id: int, kind: str, first: str, email: str, *,
          error: str | None) -> None:
    now = ctx.clock.now()
    with ctx.scope(tenant_id) as scope:
        row = scope.get(SalesReportMail, kind, first, email)
        if row is None:
            row = SalesReportMail(kind=kind, period_start=first, email=email, attempts=0,
                                  status="failed", updated_at=now)
            scope.add(row)
        row.attempts = (row.attempts or 0) + 1
        row.status = "failed" if error else "sent"
        row.error = error[:500] if error else None
        row.sent_at = now if error is None else row.sent_at
        row.updated_at = now


# -- the schedule -------------------------------------------------------------------------


def due_periods(now: datetime) -> list[tuple[str, date]]:
    """The (kind, first day) the schedule owes at ``now``: the last ``CATCH_UP_DAYS``
    ended days and the last ended week, each from 01:00 the morning after."""
    local = now.astimezone(GHANA_TIME)
    ready = (local - timedelta(hours=SEND_FROM_HOUR)).date()  # the last day that is over
    latest = ready - timedelta(days=1)
    found: list[tuple[str, date]] = [("daily", latest - timedelta(days=n))
                                     for n in range(CATCH_UP_DAYS)]
    monday, sunday = week_of(latest)
    found.append(("weekly", monday if sunday == latest else monday - timedelta(days=7)))
    return found


def _owed(ctx: ServerContext, tenant_id: int, kind: str, first: date, mail: bool) -> bool:
    root = reports_root(ctx)
    with ctx.scope(tenant_id) as scope:
        row = scope.get(SalesReportFile, kind, first.isoformat())
        if row is None or not (root / row.pdf_path).is_file() \
                or not (root / row.xlsx_path).is_file():
            return True
        if not mail:
            return False
        sent = set(scope.scalars(select(SalesReportMail.email).where(
            SalesReportMail.kind == kind, SalesReportMail.period_start == first.isoformat(),
            SalesReportMail.status == "sent")))
        return bool(set(recipients_of(scope, kind)) - sent)


def tenant_row(ctx: ServerContext, tenant_id: int) -> Tenant:
    with ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise ReportMailError(f"There is no tenant {tenant_id}.")
    return tenant


def active_tenants(ctx: ServerContext, domain: str | None = None) -> list[tuple[int, str]]:
    with ctx.system() as session:
        stmt = select(Tenant.id, Tenant.domain).order_by(Tenant.id)
        if domain is not None:
            stmt = stmt.where(Tenant.domain == domain.strip().lower())
        else:
            stmt = stmt.where(Tenant.status == "active")
        found = [(int(r.id), str(r.domain)) for r in session.execute(stmt)]
    if domain is not None and not found:
        raise ReportMailError(f"There is no tenant {domain}.")
    return found


def send_due(ctx: ServerContext, mailer: Mailer | None,
             now: datetime | None = None) -> list[Outcome]:
    """Everything the schedule owes, for every active tenant; what was done."""
    done = []
    for tenant_id, _ in active_tenants(ctx):
        for kind, first in due_periods(now or ctx.clock.now()):
            if _owed(ctx, tenant_id, kind, first, mailer is not None):
                done.append(send_report(ctx, mailer, tenant_id, kind, first))
    return done


__all__ = ["CATCH_UP_DAYS", "ENV_REPORTS_DIR", "Outcome", "ReportMailError", "active_tenants",
           "due_periods", "list_recipients", "recipients_of", "reports_root", "send_due",
           "send_report", "set_recipients"]
