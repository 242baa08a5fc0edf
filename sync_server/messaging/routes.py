"""The SMS page of the dashboard (docs/messaging.md): the queue by status, the bulk
window and a throttle pause, the last messages with their delivery reports, the numbers
that opted out; a director (or administrator) writes a bulk message to the customers or
the staff, sets the window, records an opt-out and lifts a pause. A manager sees the page
and nothing to send — a bulk message speaks for the whole business and spends its
credits — and of the messages only the receipts of their own branch's sales. Nothing
here talks to the gateway: the page queues, ``sms send --due`` sends."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.errors import BisamaError
from sync_server.dashboard.auth import BACK_OFFICE
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, back, field_text
from sync_server.messaging.dispatch import status_summary
from sync_server.messaging.models import SmsMessage, SmsOptOut
from sync_server.messaging.queue import MAX_TEXT, opt_out, queue_bulk, resume, set_window

router = APIRouter(include_in_schema=False)
PAGE = f"{PREFIX}/sms"
STATUS_WORDS = {"queued": "waiting", "sent": "sent", "delivered": "delivered",
                "failed": "failed", "opted_out": "opted out"}


def _recent(scope: Any, status: str | None, branch: str | None) -> list[dict[str, Any]]:
    """The last 50 messages; for a manager (``branch``) only the receipts of their
    branch's sales — a bulk message belongs to the whole business."""
    query = select(SmsMessage).order_by(SmsMessage.created_at.desc(), SmsMessage.id).limit(50)
    if branch is not None:
        from sync_server.sales.models import Sale

        query = query.join(Sale, Sale.id == SmsMessage.reference).where(
            SmsMessage.purpose == "receipt", Sale.branch_code == branch)
    if status in STATUS_WORDS:
        query = query.where(SmsMessage.status == status)
    return [{"name": m.recipient_name or "", "phone": m.phone, "purpose": m.purpose,
             "text": m.text[:80], "status": m.status, "word": STATUS_WORDS[m.status],
             "error": m.error or "",
             "at": (m.sent_at or m.created_at).isoformat(timespec="minutes")[:16]
             .replace("T", " ")}
            for m in scope.scalars(query)]


@router.get(PAGE)
def sms_page(current: Current, status: str | None = None) -> HTMLResponse:
    ctx = current.ctx
    chosen = status if status in STATUS_WORDS else None
    with ctx.scope(current.tenant_id) as scope:
        summary = status_summary(scope, ctx.clock.now())
        mine = current.principal.branch_filter(None)
        recent = _recent(scope, chosen, mine)
        optouts = [] if mine is not None else [{"phone": o.phone, "source": o.source,
                    "at": o.at.isoformat(timespec="minutes")[:16].replace("T", " ")}
                   for o in scope.scalars(select(SmsOptOut).order_by(SmsOptOut.at.desc())
                                          .limit(200))]
    return current.render("sms.html", summary=summary, recent=recent, optouts=optouts,
                          chosen=chosen, words=STATUS_WORDS, max_text=MAX_TEXT,
                          may_send=current.principal.may(BACK_OFFICE))


@router.post(f"{PAGE}/bulk")
def sms_bulk(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    audience = field_text(form, "audience")
    text = field_text(form, "text")
    if audience not in ("customers", "staff"):
        return back(PAGE, "Choose who gets the message: customers or staff.", True)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            done = queue_bulk(current.ctx, scope, current.actor(), audience, text)
    except BisamaError as exc:
        return back(PAGE, exc.message, True)
    skipped = f"; {len(done.skipped)} without a usable mobile number" if done.skipped else ""
    return back(PAGE, f"{done.queued} messages queued for the {audience}; "
                      f"{done.opted_out} opted out{skipped}. They go in the evening window.")


@router.post(f"{PAGE}/window")
def sms_window(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            start, end = set_window(current.ctx, scope, current.actor(),
                                    field_text(form, "start")[:5], field_text(form, "end")[:5])
    except BisamaError as exc:
        return back(PAGE, exc.message, True)
    return back(PAGE, f"Bulk messages now go between {start} and {end} (Accra time).")


@router.post(f"{PAGE}/optout")
def sms_optout(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    undo = field_text(form, "undo") == "1"
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            number = opt_out(current.ctx, scope, current.actor(),
                             field_text(form, "phone")[:40], source="dashboard", undo=undo)
    except BisamaError as exc:
        return back(PAGE, exc.message, True)
    return back(PAGE, f"{number} gets messages again." if undo
                else f"{number} gets no more bulk messages.")


@router.post(f"{PAGE}/resume")
def sms_resume(current: Current, form: CheckedForm) -> Response:
    current.require(BACK_OFFICE)
    with current.ctx.scope(current.tenant_id) as scope:
        lifted = resume(current.ctx, scope, current.actor())
    return back(PAGE, "Sending resumed; the failure count starts again." if lifted
                else "Sending was not paused.")
