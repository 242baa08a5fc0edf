"""The sync dashboard: branches and tills (refreshed in place by htmx), held envelopes
and how to resolve them, open alerts (forks, tampering)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from shared.errors import BisamaError
from shared.money import Money
from sync_server.clock import today
from sync_server.customers.services import add_customer
from sync_server.dashboard import sync_view
from sync_server.dashboard.auth import RESOLVE_HELD, VIEW
from sync_server.dashboard.held_attach import apply_plan, attach_plan
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.sync.alerts import resolve_alert
from sync_server.sync.held import reject_held, retry_held

MAX_SEQ = 2**53 - 1  # the protocol's largest seq (docs/sync-protocol.md)
router = APIRouter(include_in_schema=False)


def _overview(current: Page) -> dict[str, Any]:
    ctx = current.ctx
    settings = current.state.settings
    branch = current.principal.branch_filter(None)
    now = ctx.clock.now()
    with ctx.scope(current.tenant_id) as scope:
        rows = sync_view.tills(scope, now, settings.offline_after_seconds, branch)
        return {"tills": rows,
                "branches": sync_view.branches(scope, rows, today(ctx.clock).isoformat(), branch),
                "held": sync_view.held_envelopes(scope, branch)[:10],
                "alerts": sync_view.alerts(scope, branch),
                "postings": sync_view.waiting_postings(scope),
                "now": now, "offline_after": settings.offline_after_seconds}


@router.get(f"{PREFIX}/")
def dashboard_home(current: Current) -> HTMLResponse:
    if current.tenant is None:
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"{PREFIX}/tenants", status_code=303)  # type: ignore[return-value]
    current.require(VIEW)
    return current.render("sync.html", **_overview(current))


@router.get(f"{PREFIX}/sync/panel")
def sync_panel(current: Current) -> HTMLResponse:
    """The part of the sync page that refreshes itself every few seconds."""
    current.require(VIEW)
    return current.render("_sync_panel.html", **_overview(current))


@router.get(f"{PREFIX}/held")
def held_list(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = sync_view.held_envelopes(scope, current.principal.branch_filter(None))
    return current.render("held.html", held=rows)


def _held(current: Page, terminal_id: str, seq: int) -> dict[str, Any]:
    if not 0 <= seq <= MAX_SEQ:  # beyond any database's integer: no such envelope
        raise PageError(404, "Not found", "There is no such envelope in your business.")
    with current.ctx.scope(current.tenant_id) as scope:
        item = sync_view.held_one(scope, terminal_id, seq)
    mine = current.principal.branch_filter(None)
    if item is None or (mine is not None and item["branch"] != mine):
        raise PageError(404, "Not found", "There is no such envelope in your business.")
    return item


@router.get(f"{PREFIX}/held/{{terminal_id}}/{{seq}}")
def held_detail(current: Current, terminal_id: str, seq: int) -> HTMLResponse:
    current.require(VIEW)
    item = _held(current, terminal_id, seq)
    return current.render("held_detail.html", item=item)


def _retry(current: Page, terminal_id: str) -> dict[str, Any]:
    with current.ctx.system() as session:
        from sync_server.tenants.models import Tenant

        tenant = session.get(Tenant, current.tenant_id)
    assert tenant is not None
    return retry_held(current.ctx, tenant, current.actor(), terminal_id)


def _outcome(result: dict[str, Any], terminal_id: str, seq: int) -> tuple[str, bool]:
    stored = [s for s in result["stored"] if s["terminal_id"] == terminal_id]
    mine = next((h for h in (*result["held"], *result.get("failed", ())) if h["seq"] == seq
                 and h["terminal_id"] == terminal_id), None)
    if mine is None:
        return (f"Merged and posted: {len(stored)} envelope(s) of this till are now stored.",
                False)
    return f"Still held: {mine['reason']}", True


@router.post(f"{PREFIX}/held/{{terminal_id}}/{{seq}}/retry")
def held_retry(current: Current, form: CheckedForm, terminal_id: str, seq: int) -> Response:
    current.require(RESOLVE_HELD)
    _held(current, terminal_id, seq)
    message, error = _outcome(_retry(current, terminal_id), terminal_id, seq)
    return back(f"{PREFIX}/held" if not error else f"{PREFIX}/held/{terminal_id}/{seq}",
                message, error)


@router.post(f"{PREFIX}/held/{{terminal_id}}/{{seq}}/reject")
def held_reject(current: Current, form: CheckedForm, terminal_id: str, seq: int) -> Response:
    current.require(RESOLVE_HELD)
    _held(current, terminal_id, seq)
    try:
        reject_held(current.ctx, current.tenant_id, current.actor(), terminal_id=terminal_id,
                    seq=seq, reason=field_text(form, "reason"))
    except BisamaError as exc:
        return back(f"{PREFIX}/held/{terminal_id}/{seq}", str(exc), True)
    return back(f"{PREFIX}/held", f"Envelope {seq} rejected: kept on record, not counted.")


@router.post(f"{PREFIX}/held/{{terminal_id}}/{{seq}}/attach")
def held_attach(current: Current, form: CheckedForm, terminal_id: str, seq: int) -> Response:
    """An unknown SKU: add it to the catalogue (as a copy of a known product, or new, with
    a price and a cost), then merge the till's held envelopes again. First a preview of
    what every till will get (``held_attach``); only its confirmation changes anything."""
    current.require(RESOLVE_HELD)
    current.require("back_office")
    item = _held(current, terminal_id, seq)
    here = f"{PREFIX}/held/{terminal_id}/{seq}"
    sku = field_text(form, "sku")
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            plan = attach_plan(scope, item, sku=sku, copy_from=field_text(form, "copy_from"),
                               name=field_text(form, "name"), unit=field_text(form, "unit"),
                               tax_code=field_text(form, "tax_code"),
                               cost_price=field_text(form, "cost_price"),
                               price=field_text(form, "price"),
                               price_list=field_text(form, "price_list"))
            if field_text(form, "confirm") != "1":
                return current.render("held_attach_preview.html", item=item, plan=plan)
            apply_plan(current.ctx, scope, current.actor(), plan, f"{terminal_id}/{seq}")
    except BisamaError as exc:
        return back(here, str(exc), True)
    message, error = _outcome(_retry(current, terminal_id), terminal_id, seq)
    told = f" {len(plan.changes)} change(s) at the tills, as confirmed." if plan.changes else ""
    return back(here if error else f"{PREFIX}/held",
                f"{sku} added to the catalogue.{told} {message}", error)


@router.post(f"{PREFIX}/held/{{terminal_id}}/{{seq}}/customer")
def held_customer(current: Current, form: CheckedForm, terminal_id: str, seq: int) -> Response:
    """An unknown customer: register them under the till's id for them, then merge again."""
    current.require(RESOLVE_HELD)
    current.require("back_office")
    item = _held(current, terminal_id, seq)
    here = f"{PREFIX}/held/{terminal_id}/{seq}"
    customer_id = item["summary"].get("customer")
    if not customer_id:
        return back(here, "This envelope names no customer.", True)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            add_customer(current.ctx, scope, current.actor(), name=field_text(form, "name"),
                         phone=field_text(form, "phone") or None,
                         tin=field_text(form, "tin") or None,
                         credit_limit=Money.parse(field_text(form, "credit_limit") or "0"),
                         customer_id=customer_id)
    except BisamaError as exc:
        return back(here, str(exc), True)
    message, error = _outcome(_retry(current, terminal_id), terminal_id, seq)
    return back(here if error else f"{PREFIX}/held", message, error)


@router.post(f"{PREFIX}/alerts/{{alert_id}}/resolve")
def alert_resolve(current: Current, form: CheckedForm, alert_id: str) -> Response:
    current.require(RESOLVE_HELD)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            resolve_alert(current.ctx, scope, current.actor(), alert_id, field_text(form, "note"),
                          branch=current.principal.branch_filter(None))
    except BisamaError as exc:
        return back(f"{PREFIX}/", str(exc), True)
    return back(f"{PREFIX}/", "Alert resolved.")
