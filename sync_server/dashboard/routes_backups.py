"""A director's "Backups and reports" page (issue [11], scopes 2 and 7): the last
restore check of the server's backups as it concerns the business, the people who get
the daily and weekly sales reports by e-mail (a form), and the reports written lately.
The Sync page shows the restore check as a small box too (loaded by htmx)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from sync_server.dashboard.auth import BACK_OFFICE
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, back
from sync_server.operations.drill import DrillResult, drills
from sync_server.report_mail.models import SalesReportFile, SalesReportMail
from sync_server.report_mail.services import ReportMailError, list_recipients, set_recipients

router = APIRouter(include_in_schema=False)
PAGE = f"{PREFIX}/backups"


def restore_check(current: Page) -> dict[str, Any]:
    """The last restore check, as a business sees it: when, passed or not, how long,
    and whether this business was the one restored on its own (the operator's details
    of a failure stay on the System page)."""
    found = drills(current.ctx, limit=1)
    last: DrillResult | None = found[0] if found else None
    return {"check": last, "alone": last is not None and last.tenant_id == current.tenant_id}


def _reports(current: Page, limit: int = 14) -> list[dict[str, Any]]:
    with current.ctx.scope(current.tenant_id) as scope:
        files = list(scope.scalars(select(SalesReportFile).order_by(
            SalesReportFile.period_start.desc(), SalesReportFile.kind).limit(limit)))
        sent = {(r.kind, r.period_start): int(r.n) for r in scope.execute(
            select(SalesReportMail.kind, SalesReportMail.period_start,
                   func.count().label("n")).where(SalesReportMail.status == "sent")
            .group_by(SalesReportMail.kind, SalesReportMail.period_start))}
    return [{"kind": f.kind, "first": f.period_start, "last": f.period_end,
             "written_at": f.written_at, "sent": sent.get((f.kind, f.period_start), 0),
             "files": f"{f.pdf_path.rsplit('/', 1)[-1]}, {f.xlsx_path.rsplit('/', 1)[-1]}"}
            for f in files]


@router.get(PAGE)
def backups_page(current: Current) -> HTMLResponse:
    current.require(BACK_OFFICE)
    with current.ctx.scope(current.tenant_id) as scope:
        people = list_recipients(scope)
    return current.render(
        "backups.html", **restore_check(current), people=people, reports=_reports(current),
        daily=", ".join(p["email"] for p in people if p["daily"]),
        weekly=", ".join(p["email"] for p in people if p["weekly"]))


@router.get(f"{PAGE}/restore-check")
def restore_check_box(current: Current) -> HTMLResponse:
    """The Sync page's small box (directors only; empty for anyone else)."""
    if not current.principal.may(BACK_OFFICE):
        return HTMLResponse("")
    return current.render("_restore_check.html", **restore_check(current))


@router.post(f"{PAGE}/recipients")
def recipients_save(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    daily, weekly = str(form.get("daily") or ""), str(form.get("weekly") or "")
    if len(daily) > 20000 or len(weekly) > 20000:
        return back(PAGE, "That list is too long.", True)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            done = set_recipients(current.ctx, scope, current.actor(), daily=daily,
                                  weekly=weekly)
    except ReportMailError as exc:
        return back(PAGE, str(exc), True)
    return back(PAGE, f"Saved: the daily report goes to {len(done['daily'])} and the weekly "
                      f"report to {len(done['weekly'])} people.")
