"""The E-VAT page (docs/evat.md): whether GRA E-VAT is on, the day's reconciliation per
till (sales and refunds = cleared + pending, none missing, none twice) and the
submissions still pending or refused, with a retry for the refused ones once their
cause is fixed. A manager sees their own branch only."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from sync_server.clock import today
from sync_server.dashboard.auth import RESOLVE_HELD
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, back, field_text
from sync_server.fiscal.outbox import retry_failed
from sync_server.fiscal.reconcile import queue_summary, reconcile
from sync_server.fiscal.settings import load, status_json

router = APIRouter(include_in_schema=False)


def _day(text: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return fallback


@router.get(f"{PREFIX}/evat")
def evat_page(current: Current, day: str | None = None) -> HTMLResponse:
    ctx = current.ctx
    chosen = _day(day, today(ctx.clock))
    mine = current.principal.branch_filter(None)
    with ctx.scope(current.tenant_id) as scope:
        setting = status_json(load(scope))
        report = reconcile(scope, chosen.isoformat())
        queue = queue_summary(scope)
    tills = [t for t in report["tills"] if mine is None or t.get("branch") == mine]
    queue = [q for q in queue if mine is None or q["branch"] == mine]
    return current.render("evat.html", setting=setting, day=chosen.isoformat(), tills=tills,
                          balanced=all(t["balanced"] for t in tills),
                          pending=[q for q in queue if q["status"] == "pending"],
                          failed=[q for q in queue if q["status"] == "failed"],
                          may_retry=current.principal.may(RESOLVE_HELD))


@router.post(f"{PREFIX}/evat/retry")
def evat_retry(current: Current, form: CheckedForm) -> Response:
    current.require(RESOLVE_HELD)
    envelope = field_text(form, "envelope")[:36]
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        refused = [q for q in queue_summary(scope) if q["status"] == "failed"
                   and (mine is None or q["branch"] == mine)
                   and (not envelope or q["envelope_id"] == envelope)]
        n = retry_failed(current.ctx, scope, [q["envelope_id"] for q in refused]) if refused else 0
    if not n:
        return back(f"{PREFIX}/evat", "Nothing to retry: no refused submission matched.", True)
    return back(f"{PREFIX}/evat", f"{n} refused submission(s) queued again: GRA is asked "
                                  "first, then they are sent.")
