"""Administration in the browser (issue [12] scope 7): businesses (create, suspend,
reactivate) for system administrators; branches (edit, close, reopen); terminals with
their enrollment codes (listed, cancellable, the server's real address printed, a
reload never issues a second code); the activity log paged, filtered, readable and
exportable. Every change goes through the services ``bisama-sync`` uses, so the
validation and the audit records are the same."""

from __future__ import annotations

import secrets
import time
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.errors import BisamaError
from shared.payloads import EMAIL_RE
from sync_server.audit import reading
from sync_server.audit.services import record
from sync_server.dashboard.auth import ADMIN_TENANTS, BACK_OFFICE, VIEW
from sync_server.dashboard.exports import XLSX_TYPE, Column, Sheet, to_csv, to_xlsx
from sync_server.dashboard.web import (
    PREFIX,
    CheckedForm,
    Current,
    Page,
    PageError,
    back,
    field_text,
    optional,
)
from sync_server.errors import Invalid
from sync_server.tenants.branch_admin import close_branch, edit_branch, reopen_branch
from sync_server.tenants.models import Branch, Tenant
from sync_server.tenants.services import add_user, create_tenant, list_branches, set_tenant_status
from sync_server.terminals.codes import cancel_code, code_for_request, list_codes
from sync_server.terminals.services import issue_code, list_terminals

router = APIRouter(include_in_schema=False)
A = f"{PREFIX}/admin"
SHOWN_SECONDS = 600  # an issued code stays on its page this long, for the one who issued it
OFFBOARD_COMMAND = "bisama-sync tenant offboard --tenant {domain}"


def _admin(current: Page) -> None:
    if not current.principal.may(ADMIN_TENANTS):
        raise PageError(403, "Not for your role", "Only system administrators manage the "
                        "businesses on this server.")


def _run(current: Page, url: str, work: Any, done: str, action: str = BACK_OFFICE) -> Response:
    current.require(action)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            result = work(scope)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, done.format(**result) if isinstance(result, dict) else done)


# -- businesses (tenants) ---------------------------------------------------------------


@router.get(f"{A}/tenants")
def tenants_page(current: Current) -> HTMLResponse:
    _admin(current)
    with current.ctx.system() as session:
        tenants = list(session.scalars(select(Tenant).order_by(Tenant.name)))
    return current.render("admin_tenants.html", tenants=tenants, offboard=OFFBOARD_COMMAND)


@router.post(f"{A}/tenants")
def tenant_create(current: Current, form: CheckedForm) -> Response:
    """A new business with its first director, who signs in at its address."""
    _admin(current)
    url = f"{A}/tenants"
    email = field_text(form, "director_email").lower()
    director = field_text(form, "director_name")
    password = field_text(form, "director_password")
    vat = field_text(form, "vat_registered")
    # The director is checked before anything is created, so a typing mistake leaves
    # no business without a person who can sign in to it.
    if not EMAIL_RE.fullmatch(email):
        return back(url, f"“{email}” is not an e-mail address for the first director.", True)
    if not director or len(director) > 200:
        return back(url, "Give the first director's name.", True)
    if len(password) < 10:
        return back(url, "Give the first director a password of at least 10 characters.",
                    True)
    if vat not in ("1", "0"):
        return back(url, "Say whether the business is VAT-registered.", True)
    try:
        info = create_tenant(current.ctx, current.actor(), name=field_text(form, "name"),
                             domain=field_text(form, "domain"), tin=optional(form, "tin"),
                             address=optional(form, "address"), phone=optional(form, "phone"),
                             branch_code=(field_text(form, "branch_code") or "MAIN").upper(),
                             branch_name=optional(form, "branch_name"),
                             vat_registered=vat == "1")
        with current.ctx.scope(info.id) as scope:
            add_user(current.ctx, scope, current.actor(), email=email, name=director,
                     role="director", branch=None, pin=None, password=password)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, f"{info.name} created at {info.domain} with branch {info.branch}; "
                f"{director} can sign in there as director.")


def _status(current: Page, form: CheckedForm, active: bool) -> Response:
    _admin(current)
    url = f"{A}/tenants"
    reason = optional(form, "reason")
    if not active and not reason:
        return back(url, "Say why the business is suspended: its people and tills are told.",
                    True)
    try:
        info = set_tenant_status(current.ctx, current.actor(), field_text(form, "domain"),
                                 active=active, reason=reason)
    except BisamaError as exc:
        return back(url, str(exc), True)
    if active:
        return back(url, f"{info.name} is active again: its tills sync from their next try.")
    return back(url, f"{info.name} is suspended: its tills and people are refused, and told "
                "why. Nothing is deleted.")


@router.post(f"{A}/tenants/suspend")
def tenant_suspend(current: Current, form: CheckedForm) -> Response:
    return _status(current, form, active=False)


@router.post(f"{A}/tenants/reactivate")
def tenant_reactivate(current: Current, form: CheckedForm) -> Response:
    return _status(current, form, active=True)


@router.post(f"{A}/tenants/offboard")
def tenant_offboard(current: Current, form: CheckedForm) -> Response:
    """The seed's offboarding from the browser ([11]): the export package written on the
    server, then the suspension with its read-only grace period. The business's name
    typed again confirms it; deleting stays a command (`tenant delete`), after the grace."""
    from datetime import UTC, datetime

    from sync_server.db.engine import server_home
    from sync_server.operations.offboarding import offboard

    _admin(current)
    url = f"{A}/tenants"
    domain = field_text(form, "domain")
    with current.ctx.system() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.domain == domain))
        name = tenant.name if tenant is not None else None
    if name is None:
        return back(url, f"There is no business at {domain}.", error=True)
    if field_text(form, "confirm").strip() != name:
        return back(url, f"Type the business's name, {name}, to offboard it. Nothing was "
                    "changed.", error=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = server_home() / "offboarding" / f"{domain}-{stamp}"
    try:
        data = offboard(current.ctx, current.actor(), domain, out)
    except BisamaError as exc:
        return back(url, f"{exc} Nothing was changed.", error=True)
    return back(url, f"{name}: the export package is in {data['package']} on the server "
                f"({len(data['files'])} files). The business is suspended; its directors may "
                f"sign in and read until {data['read_only_until'][:10]}, then run "
                f"`bisama-sync tenant delete --tenant {domain}`.")


# -- branches: edit, close, reopen ------------------------------------------------------


@router.post(f"{A}/branches/edit")
def branch_edit(current: Current, form: CheckedForm) -> Response:
    return _run(current, f"{A}/branches", lambda scope: edit_branch(
        current.ctx, scope, current.actor(), code=field_text(form, "code"),
        name=field_text(form, "name"), address=field_text(form, "address"),
        phone=field_text(form, "phone")), "Branch {code} saved.")


@router.post(f"{A}/branches/close")
def branch_close(current: Current, form: CheckedForm) -> Response:
    return _run(current, f"{A}/branches", lambda scope: close_branch(
        current.ctx, scope, current.actor(), code=field_text(form, "code"),
        reason=optional(form, "reason")), "Branch {code} closed: {tills} till(s) revoked, "
        "{codes} open code(s) cancelled. What it sold stays in the books.")


@router.post(f"{A}/branches/reopen")
def branch_reopen(current: Current, form: CheckedForm) -> Response:
    return _run(current, f"{A}/branches", lambda scope: reopen_branch(
        current.ctx, scope, current.actor(), code=field_text(form, "code")),
        "Branch {code} is open again: issue codes to enroll its tills.")


# -- terminals and enrollment codes ----------------------------------------------------


def server_address(current: Page) -> str:
    """The address tills reach this server at: the configured public URL, else the one
    this browser used (scheme, host and port as the request came in)."""
    configured = current.state.settings.public_url
    if configured:
        return configured.rstrip("/")
    return str(current.request.base_url).rstrip("/")


def _shown(current: Page) -> dict[tuple[str, str], tuple[str, float]]:
    """Codes just issued, kept in this process for the person who issued them so the
    page after the redirect (and a reload of it) can show the code; never stored."""
    app_state = current.request.app.state
    if not hasattr(app_state, "enrollment_codes_shown"):
        app_state.enrollment_codes_shown = {}
    shown: dict[tuple[str, str], tuple[str, float]] = app_state.enrollment_codes_shown
    now = time.monotonic()
    for key in [k for k, (_, until) in shown.items() if until < now]:
        del shown[key]
    return shown


@router.get(f"{A}/terminals")
def terminals_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = list_terminals(scope)
        branches = list_branches(scope)
        codes = list_codes(current.ctx, scope, branch=mine) if current.principal.may(
            BACK_OFFICE) else []
    names = {b["code"]: b["name"] for b in branches}
    if codes:
        with current.ctx.scope(current.tenant_id) as scope:
            people = reading.person_names(scope)
        codes = [{**c, "created_by": people.get(c["created_by"], c["created_by"])}
                 for c in codes]
    if mine is not None:
        rows = [t for t in rows if t["branch"] == mine]
    return current.render("admin_terminals.html", terminals=rows, codes=codes,
                          branches=[b for b in branches if b["status"] == "active"],
                          branch_names=names, server=server_address(current),
                          request_key=secrets.token_hex(16))


@router.post(f"{A}/terminals/code")
def terminal_code(current: Current, form: CheckedForm) -> Response:
    """Issue a code once per form: the form's one-time key is kept with the code, so a
    re-sent form (a reload of the POST) lands on the same code's page, not a new code."""
    current.require(BACK_OFFICE)
    url = f"{A}/terminals"
    key = field_text(form, "request_key")
    hours_text = field_text(form, "hours") or "24"
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            if code_for_request(scope, key) is None:
                issued = issue_code(current.ctx, scope, current.actor(),
                                    branch=field_text(form, "branch"),
                                    hours=int(hours_text) if hours_text.isdigit()
                                    and len(hours_text) < 6 else 0, request_key=key)
                _shown(current)[(current.session_id, key)] = (
                    issued["code"], time.monotonic() + SHOWN_SECONDS)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(f"{url}/code/{key}")


@router.get(f"{A}/terminals/code/{{key}}")
def terminal_code_page(current: Current, key: str) -> HTMLResponse:
    current.require(BACK_OFFICE)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            row = code_for_request(scope, key)
            branch = scope.get(Branch, row.branch_code) if row is not None else None
    except Invalid:
        row = None
    if row is None:
        raise PageError(404, "No such code", "No enrollment code was issued by that form. "
                        "Issue one from the Terminals page.")
    kept = _shown(current).get((current.session_id, key))
    code = kept[0] if kept is not None and row.used_at is None and row.cancelled_at is None \
        else None
    return current.render("admin_code.html", code=code, row=row,
                          branch_name=branch.name if branch else row.branch_code,
                          server=server_address(current))


@router.post(f"{A}/terminals/code/cancel")
def terminal_code_cancel(current: Current, form: CheckedForm) -> Response:
    return _run(current, f"{A}/terminals", lambda scope: cancel_code(
        current.ctx, scope, current.actor(), field_text(form, "ref")),
        "Code {hint} of branch {branch} cancelled: no till can enroll with it.")


# -- the activity log -------------------------------------------------------------------


def _day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PageError(400, "Not a date", f"The {what} date is not a date: use YYYY-MM-DD.")


def _filter(request: Request) -> reading.ActivityFilter:
    params = request.query_params
    first = _day(params.get("from"), "first")
    last = _day(params.get("to"), "last")
    if first and last and first > last:
        raise PageError(400, "Dates the wrong way round",
                        "The first date is after the last one: swap them.")
    action = (params.get("action") or "").strip()[:64] or None
    actor = (params.get("who") or "").strip()[:254] or None
    return reading.ActivityFilter(first, last, actor, action)


def _query(wanted: reading.ActivityFilter, **extra: Any) -> str:
    values = {"from": wanted.first.isoformat() if wanted.first else "",
              "to": wanted.last.isoformat() if wanted.last else "",
              "who": wanted.actor or "", "action": wanted.action or "", **extra}
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@router.get(f"{A}/activity")
def activity_page(current: Current, request: Request) -> HTMLResponse:
    current.require(BACK_OFFICE)
    wanted = _filter(request)
    page_text = request.query_params.get("page") or "1"
    number = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    with current.ctx.scope(current.tenant_id) as scope:
        total = reading.count_entries(scope, wanted)
        pages = max(1, -(-total // reading.PAGE_SIZE))
        number = min(max(number, 1), pages)
        entries = reading.read_entries(scope, wanted, offset=(number - 1) * reading.PAGE_SIZE)
        actions, people = reading.actions_and_people(scope)
    return current.render("admin_activity.html", entries=entries, wanted=wanted,
                          total=total, number=number, pages=pages, actions=actions,
                          people=people, query=_query(wanted),
                          prev_query=_query(wanted, page=number - 1) if number > 1 else None,
                          next_query=_query(wanted, page=number + 1) if number < pages else None)


ACTIVITY_COLUMNS = (Column("at", "When (UTC)"), Column("who", "Who"),
                    Column("what", "What"), Column("details", "Details"),
                    Column("action", "Action"), Column("ip", "Address"))


@router.get(f"{A}/activity.{{fmt}}")
def activity_export(current: Current, request: Request, fmt: str) -> Response:
    current.require(BACK_OFFICE)
    if fmt not in ("csv", "xlsx"):
        raise PageError(404, "Not found", "There is no such export.")
    wanted = _filter(request)
    with current.ctx.scope(current.tenant_id) as scope:
        entries = reading.read_entries(scope, wanted, limit=reading.EXPORT_LIMIT)
        record(current.ctx, scope, current.actor(), "report.export",
               detail={"report": "activity", "format": fmt, "rows": len(entries)})
    rows = [{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.who, "what": e.sentence,
             "details": e.detail_text(), "action": e.action, "ip": e.ip} for e in entries]
    sheets = [Sheet("Activity", ACTIVITY_COLUMNS, rows)]
    assert current.tenant is not None
    span = f"{wanted.first or 'start'} to {wanted.last or 'now'}"
    body = (to_csv(sheets) if fmt == "csv"
            else to_xlsx(sheets, heading=f"Activity log of {current.tenant.name}, {span}"))
    name = f"activity_{current.tenant.domain}.{fmt}"
    return Response(body, media_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

