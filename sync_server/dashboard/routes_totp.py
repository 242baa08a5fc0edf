"""The second step of signing in (the authenticator's code, ``dashboard.totp``), enrolling
at sign-in when one's role must have it, and one's own account page (set up, new
recovery codes, switch off where allowed).

Between the password and the code the browser holds a short-lived "second step" cookie,
signed with a key derived from the dashboard's secret for that purpose only: it can
never pass for a session cookie, and it names the person, not a session."""

from __future__ import annotations

import hashlib
import time
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from shared.errors import BisamaError
from sync_server.dashboard import totp
from sync_server.dashboard.auth import Principal
from sync_server.dashboard.throttle import TOO_MANY
from sync_server.dashboard.tokens import (
    CSRF_FIELD,
    SESSION_COOKIE,
    SessionClaims,
    csrf_ok,
    csrf_token,
    new_session_id,
    password_fingerprint,
    read_session,
    sign_session,
)
from sync_server.dashboard.web import (
    PREFIX,
    CheckedForm,
    Current,
    DashboardState,
    PageError,
    back,
    client_ip,
    field_text,
    has_nul,
    state_of,
)

router = APIRouter(include_in_schema=False)
SECOND_COOKIE = "bisama_second_step"
SECOND_STEP_SECONDS = 300


def _second_secret(state: DashboardState) -> bytes:
    return hashlib.sha256(state.settings.secret + b"\nsecond-step").digest()


def _safe_next(target: str | None) -> str:
    if target and target.startswith(f"{PREFIX}/") and not target.startswith("//"):
        return target
    return f"{PREFIX}/"


def landing(person: Principal, target: str) -> str:
    return f"{PREFIX}/tenants" if person.is_admin and person.tenant_id is None else target


def set_session(response: Response, state: DashboardState, person: Principal) -> Response:
    """The signed-in session on ``response``: the cookie ``web.page`` reads."""
    claims = SessionClaims(person.kind, person.id, person.tenant_id, new_session_id(),
                           int(time.time()), password_fingerprint(person.password_hash))
    response.set_cookie(SESSION_COOKIE, sign_session(state.settings.secret, claims),
                        max_age=state.settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=state.settings.secure_cookies, path="/")
    response.delete_cookie(SECOND_COOKIE, path=f"{PREFIX}/login")
    return response


def session_response(state: DashboardState, person: Principal, target: str) -> Response:
    return set_session(RedirectResponse(landing(person, target), status_code=303), state, person)


def _enrolment(state: DashboardState, person: Principal) -> totp.Status:
    with totp.person_row(state.ctx, person.kind, person.id, person.tenant_id) as (row, _scope):
        return totp.status(row)


def after_password(state: DashboardState, person: Principal, target: str) -> Response:
    """The password was right: straight in, or on to the code (enrolled), or to enrolling
    (not enrolled, and the server requires it of this role)."""
    found = _enrolment(state, person)
    if not found.enrolled and not totp.required(state.settings.totp_roles, person.role):
        return session_response(state, person, target)
    step = "code" if found.enrolled else "enrol"
    claims = SessionClaims(person.kind, person.id, person.tenant_id, new_session_id(),
                           int(time.time()), password_fingerprint(person.password_hash))
    response = RedirectResponse(f"{PREFIX}/login/{step}?next={quote(target)}", status_code=303)
    response.set_cookie(SECOND_COOKIE, sign_session(_second_secret(state), claims),
                        max_age=SECOND_STEP_SECONDS, httponly=True, samesite="strict",
                        secure=state.settings.secure_cookies, path=f"{PREFIX}/login")
    return response


def _pending(request: Request, state: DashboardState) -> SessionClaims:
    claims = read_session(_second_secret(state), request.cookies.get(SECOND_COOKIE),
                          now=int(time.time()), max_age_seconds=SECOND_STEP_SECONDS)
    if claims is None:
        raise PageError(401, "Sign in again",
                        "The second step of signing in has expired (5 minutes) or was not "
                        "started here. Sign in again with your e-mail and password.")
    return claims


def _person(state: DashboardState, claims: SessionClaims) -> Principal:
    with totp.person_row(state.ctx, claims.kind, claims.person_id, claims.tenant_id) as (row,
                                                                                       _s):
        role = "admin" if claims.kind == "admin" else str(getattr(row, "role", ""))
        branch = getattr(row, "branch_code", None)
        person = Principal(claims.kind, row.id, row.email, row.name, role, branch,
                           claims.tenant_id, row.password_hash or "")
    if password_fingerprint(person.password_hash) != claims.fingerprint:
        raise PageError(401, "Sign in again", "The password changed meanwhile: sign in again.")
    return person


def _page(request: Request, state: DashboardState, template: str, claims: SessionClaims, *,
          status: int = 200, **values: Any) -> HTMLResponse:
    values.update(principal=None, tenant=None, csrf_field=CSRF_FIELD,
                  csrf=csrf_token(_second_secret(state), claims.session_id),
                  next=_safe_next(request.query_params.get("next")))
    return state.templates.TemplateResponse(request, template, values, status_code=status)


async def _form(request: Request, state: DashboardState, claims: SessionClaims) -> dict[str, str]:
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    if any(has_nul(v) or len(v) > 200 for v in values.values()):
        raise PageError(400, "Not a value", "Type the code again.")
    if not csrf_ok(_second_secret(state), claims.session_id, values.get(CSRF_FIELD)):
        raise PageError(403, "Form expired", "Reload the page and try again.")
    return values


@router.get(f"{PREFIX}/login/code")
def code_form(request: Request) -> HTMLResponse:
    state = state_of(request)
    claims = _pending(request, state)
    return _page(request, state, "login_code.html", claims)


@router.post(f"{PREFIX}/login/code")
async def code_check(request: Request) -> Response:
    state = state_of(request)
    claims = _pending(request, state)
    values = await _form(request, state, claims)
    ip = client_ip(request)
    if not state.gate.admit(ip):  # the same per-address ration as passwords
        return HTMLResponse(TOO_MANY, status_code=429, headers={"Retry-After": "60"})
    settings = state.settings

    def check() -> tuple[Principal | None, str | None]:
        try:
            with totp.person_row(state.ctx, claims.kind, claims.person_id,
                                 claims.tenant_id) as (row, scope):
                try:
                    totp.check_code(state.ctx, row, scope, values.get("code", ""), ip=ip,
                                    lockout_after=settings.lockout_after,
                                    lockout_minutes=settings.lockout_minutes)
                except totp.CodeRefused as refused:
                    return None, str(refused)  # the count is committed with the block
        except BisamaError as exc:
            return None, str(exc)
        return _person(state, claims), None

    person, error = await run_in_threadpool(check)
    if person is None:
        return _page(request, state, "login_code.html", claims, status=401, error=error)
    return session_response(state, person, _safe_next(values.get("next")))


@router.get(f"{PREFIX}/login/enrol")
def enrol_form(request: Request) -> HTMLResponse:
    state = state_of(request)
    claims = _pending(request, state)
    return _enrol_page(request, state, claims)


def _enrol_page(request: Request, state: DashboardState, claims: SessionClaims, *,
                status: int = 200, error: str | None = None) -> HTMLResponse:
    with totp.person_row(state.ctx, claims.kind, claims.person_id, claims.tenant_id) as (row,
                                                                                       _s):
        if row.totp_secret is not None:
            raise PageError(409, "Already set up", "Two-factor sign-in is set up for this "
                            "account: sign in again and give the code.")
        secret = totp.start(row)
        email = row.email
    business = _business(state, claims.tenant_id)
    link = totp.uri(secret, email, business)
    return _page(request, state, "login_enrol.html", claims, status=status, error=error,
                 secret=secret, link=link, qr=totp.qr_svg(link))


def _business(state: DashboardState, tenant_id: int | None) -> str | None:
    if tenant_id is None:
        return None
    from sync_server.tenants.models import Tenant

    with state.ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
        return tenant.name if tenant is not None else None


@router.post(f"{PREFIX}/login/enrol")
async def enrol_confirm(request: Request) -> Response:
    state = state_of(request)
    claims = _pending(request, state)
    values = await _form(request, state, claims)
    ip = client_ip(request)
    if not state.gate.admit(ip):
        return HTMLResponse(TOO_MANY, status_code=429, headers={"Retry-After": "60"})

    def confirm() -> tuple[list[str] | None, str | None]:
        try:
            with totp.person_row(state.ctx, claims.kind, claims.person_id,
                                 claims.tenant_id) as (row, scope):
                return totp.confirm(state.ctx, row, scope, values.get("code", ""), ip=ip), None
        except BisamaError as exc:
            return None, str(exc)

    codes, error = await run_in_threadpool(confirm)
    if codes is None:
        return await run_in_threadpool(lambda: _enrol_page(request, state, claims, status=400,
                                                           error=error))
    person = await run_in_threadpool(_person, state, claims)
    target = _safe_next(values.get("next"))
    page = state.templates.TemplateResponse(request, "login_recovery.html", {
        "principal": None, "tenant": None, "codes": codes, "next": landing(person, target)})
    return set_session(page, state, person)


# -- one's own account --------------------------------------------------------------------


@router.get(f"{PREFIX}/account")
def account_page(current: Current, request: Request) -> HTMLResponse:
    person = current.principal
    with totp.person_row(current.ctx, person.kind, person.id, person.tenant_id) as (row, _s):
        found = totp.status(row)
        secret = row.totp_pending if request.query_params.get("setup") == "1" else None
    link = totp.uri(secret, person.email, current.tenant.name if current.tenant else None) \
        if secret else None
    return current.render("account.html", twofactor=found, secret=secret, link=link,
                          qr=totp.qr_svg(link) if link else None,
                          required=totp.required(current.state.settings.totp_roles, person.role))


@router.post(f"{PREFIX}/account/totp")
def account_totp(current: Current, form: CheckedForm) -> Response:
    """``start`` offers a secret, ``confirm`` takes the app's first code, ``recovery``
    makes new recovery codes, ``off`` switches two-factor off (not where required)."""
    person = current.principal
    action = field_text(form, "action")
    url = f"{PREFIX}/account"
    ip = client_ip(current.request)
    codes: list[str] | None = None
    try:
        with totp.person_row(current.ctx, person.kind, person.id, person.tenant_id) as (row,
                                                                                      scope):
            if action == "start":
                totp.start(row)
                return back(f"{url}?setup=1")
            if action == "confirm":
                codes = totp.confirm(current.ctx, row, scope, field_text(form, "code"), ip=ip)
            elif action == "recovery":
                codes = totp.new_recovery(current.ctx, row, scope, current.actor())
            elif action == "off":
                if totp.required(current.state.settings.totp_roles, person.role):
                    return back(url, "Your role must sign in with a code: two-factor stays on. "
                                "A lost phone: an administrator resets it "
                                "(bisama-sync user totp reset).", True)
                totp.reset(current.ctx, row, scope, current.actor())
                return back(url, "Two-factor sign-in is off for your account.")
            else:
                return back(url, "Choose what to do.", True)
    except BisamaError as exc:
        return back(f"{url}?setup=1" if action == "confirm" else url, str(exc), True)
    return current.render("login_recovery.html", codes=codes, next=url)
