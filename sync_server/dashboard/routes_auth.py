"""Signing in and out, and a system administrator choosing which business to look at."""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from sync_server.dashboard.auth import (
    SignInRefused,
    read_only,
    read_only_text,
    sign_in,
    suspended_text,
)
from sync_server.dashboard.models import EndedSession
from sync_server.dashboard.routes_totp import after_password
from sync_server.dashboard.throttle import BUSY, TOO_MANY, SignInBusy
from sync_server.dashboard.tokens import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SessionClaims,
    password_fingerprint,
    sign_session,
)
from sync_server.dashboard.web import (
    PREFIX,
    Address,
    CheckedForm,
    Current,
    DashboardState,
    PageError,
    client_ip,
    field_text,
    has_nul,
    resolve_address,
    state_of,
    tenants_for_admin,
)

router = APIRouter(include_in_schema=False)
log = logging.getLogger("bisama.dashboard")


def _safe_next(target: str | None) -> str:
    # Only paths of the dashboard itself: never an open redirect to another site.
    if target and target.startswith(f"{PREFIX}/") and not target.startswith("//"):
        return target
    return f"{PREFIX}/"


def _login_page(request: Request, state: DashboardState, address: Address, *,
                error: str | None = None, email: str = "", status: int = 200,
                headers: dict[str, str] | None = None) -> HTMLResponse:
    token = secrets.token_hex(16)
    suspended = (suspended_text(address.tenant) if address.tenant is not None
                 and address.tenant.status != "active" else None)
    if address.tenant is not None and read_only(address.tenant, state.ctx.clock.now()):
        suspended = read_only_text(address.tenant) + " Directors may still sign in to read."
    response = state.templates.TemplateResponse(request, "login.html", {
        "tenant": address.tenant, "principal": None, "error": error, "email": email,
        "suspended": suspended, "login_token": token, "csrf_field": CSRF_FIELD,
        "next": _safe_next(request.query_params.get("next"))}, status_code=status,
        headers=headers)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=state.settings.secure_cookies, path=f"{PREFIX}/login")
    return response


_REFUSED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Bisama POS</title>
<link rel="stylesheet" href="{prefix}/static/dashboard.css"></head>
<body><main class="login"><div class="flash error" role="alert">{message}</div>
<p><a href="{prefix}/login">Back to the sign-in page</a></p></main></body></html>"""


def _refused_page(message: str, status: int, retry_after: int | None) -> HTMLResponse:
    """A refusal of the rate limit or the gate: answered without the database or a
    template, so that what a flood receives costs the server next to nothing."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return HTMLResponse(_REFUSED.format(prefix=PREFIX, message=message), status_code=status,
                        headers=headers)


@router.get("/", include_in_schema=False)
async def root() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/", status_code=307)


@router.get(f"{PREFIX}/login")
async def login_form(request: Request) -> HTMLResponse:
    state = state_of(request)
    if not state.gate.admit(client_ip(request), "sign-in-form"):
        return _refused_page(TOO_MANY, 429, 60)
    return _login_page(request, state, await _login_address(state, request))


# While the sign-in gate is refusing (a flood is on), the sign-in page's tenant is kept a
# few seconds by host name: a flood of form fetches from many addresses (which no
# per-address limit stops) would otherwise cost a database trip each. Only then may a
# suspension show on the sign-in page up to this late; signing in itself always checks
# the account and its tenant in the database (``dashboard.auth``).
_ADDRESS_SECONDS = 5.0


async def _login_address(state: DashboardState, request: Request) -> Address:
    host = request.headers.get("host")
    now = time.monotonic()
    kept = state.login_addresses.get(host)
    if kept is not None and kept[0] > now and state.gate.busy():
        return kept[1]
    address = await run_in_threadpool(resolve_address, state, host)
    if len(state.login_addresses) >= 256:  # host names are the client's to choose
        state.login_addresses.clear()
    state.login_addresses[host] = (now + _ADDRESS_SECONDS, address)
    return address


@router.post(f"{PREFIX}/login")
async def login(request: Request) -> Response:
    state = state_of(request)
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(LOGIN_COOKIE) or ""
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent, cookie):
        # What a flood whose form fetches are rate-limited gets: cheap, like a refusal.
        return _refused_page("The sign-in form expired or was not sent from this page. "
                             "Reload the page and sign in again.", 403, None)
    email = str(form.get("email") or "")
    password = str(form.get("password") or "")
    if has_nul(email) or has_nul(password) or len(email) > 254 or len(password) > 1024:
        email, password = "", ""  # refused below as an empty form, before any hashing
    ip = client_ip(request)
    if not state.gate.admit(ip):
        log.warning("sign-in attempts from %s over the limit (%s)", ip,
                    state.settings.sign_in_per_address)
        return _refused_page(TOO_MANY, 429, 60)
    if state.gate.busy():
        return _refused_page(BUSY, 503, 5)
    address = await _login_address(state, request)
    try:
        # In the gate's own threads (dashboard.throttle): a password check never takes
        # a thread a till's request needs, and a flood is refused, not queued.
        person = await state.gate.run(sign_in, state.ctx, state.settings, address.tenant,
                                      email=email, password=password, ip=ip)
    except SignInBusy:
        return _refused_page(BUSY, 503, 5)
    except SignInRefused as refused:
        return _login_page(request, state, address, error=str(refused), email=email,
                           status=401)
    target = _safe_next(str(form.get("next") or ""))
    # Straight in, or on to the authenticator's code (dashboard.totp, routes_totp).
    response = await run_in_threadpool(after_password, state, person, target)
    response.delete_cookie(LOGIN_COOKIE, path=f"{PREFIX}/login")
    return response


@router.post(f"{PREFIX}/logout")
async def logout(current: Current, _form: CheckedForm) -> Response:
    from sync_server.audit.services import record

    state = current.state

    def end_session() -> None:
        now = state.ctx.clock.now()
        try:
            with state.ctx.system() as session:
                # The cookie stays signed; the server now refuses it (web.page). Kept
                # until it would have expired anyway, then forgotten.
                session.execute(delete(EndedSession).where(EndedSession.expires_at < now))
                if session.get(EndedSession, current.session_id) is None:
                    session.add(EndedSession(
                        session_id=current.session_id,
                        expires_at=now + timedelta(hours=state.settings.session_hours)))
        except IntegrityError:
            pass  # the same session signed out twice at once: the other one ended it
        tenant_id = current.tenant.id if current.tenant is not None else 0
        with state.ctx.scope(tenant_id) as scope:
            record(state.ctx, scope, current.actor(), "logout", subject=current.principal.email)

    await run_in_threadpool(end_session)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get(f"{PREFIX}/tenants")
def tenant_list(current: Current) -> HTMLResponse:
    if not current.principal.is_admin:
        raise PageError(403, "Not for your role", "Only system administrators see every business.")
    return current.render("tenants.html", tenants=tenants_for_admin(current.state))


@router.post(f"{PREFIX}/tenants/choose")
def choose_tenant(current: Current, form: CheckedForm) -> Response:
    if not current.principal.is_admin:
        raise PageError(403, "Not for your role", "Only system administrators choose a business.")
    wanted = field_text(form, "tenant_id")
    chosen = next((t for t in tenants_for_admin(current.state) if str(t.id) == wanted), None)
    if chosen is None:
        raise PageError(404, "No such business", "That business is not on this server.")
    state = current.state
    person = current.principal
    claims = SessionClaims("admin", person.id, chosen.id, current.session_id, int(time.time()),
                           password_fingerprint(person.password_hash))
    response = RedirectResponse(f"{PREFIX}/", status_code=303)
    response.set_cookie(SESSION_COOKIE, sign_session(state.settings.secret, claims),
                        max_age=state.settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=state.settings.secure_cookies, path="/")
    return response
