"""The request side of the dashboard: which tenant an address serves, who is signed in,
CSRF checks on every form, and rendering pages. Route modules depend on ``page`` (a
signed-in person, tenant resolved) and ``form_checked`` (a POST whose CSRF token is
right)."""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.datastructures import FormData

from shared.money import Money
from shared.tenders import tender_label
from sync_server.context import ServerContext
from sync_server.dashboard.access import DASHBOARD_ROLES, NEEDED, PUBLIC, VIEW, route_needs
from sync_server.dashboard.auth import Principal, read_only, read_only_text, suspended_text
from sync_server.dashboard.models import EndedSession
from sync_server.dashboard.settings import DashboardSettings
from sync_server.dashboard.throttle import SignInGate
from sync_server.dashboard.tokens import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    csrf_ok,
    csrf_token,
    password_fingerprint,
    read_session,
)
from sync_server.db.types import from_milli
from sync_server.tenants.models import SystemUser, Tenant, User
from sync_server.tenants.services import find_tenant, host_domain

HERE = Path(__file__).resolve().parent
PREFIX = "/dashboard"


class PageError(Exception):
    """Shown to the person as a page (or a fragment for htmx) with a status code."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


class SignInNeeded(Exception):
    pass


@dataclass
class DashboardState:
    ctx: ServerContext
    settings: DashboardSettings
    server_names: frozenset[str]
    templates: Jinja2Templates = field(init=False)
    gate: SignInGate = field(init=False)
    # host name → (until, its Address): the sign-in page's lookups (routes_auth)
    login_addresses: dict[str | None, tuple[float, Address]] = field(init=False,
                                                                    default_factory=dict)

    def __post_init__(self) -> None:
        self.gate = SignInGate(hashers=self.settings.sign_in_hashers,
                               waiting=self.settings.sign_in_waiting,
                               per_address=self.settings.sign_in_per_address,
                               share=self.settings.sign_in_share)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        env = self.templates.env
        # A missing value reads as a dash, never as Python's “None” (issue [12]: no
        # “None: None” boxes); templates still hide what is not there where they can.
        env.finalize = none_as_dash
        env.filters["money"] = money_text
        env.filters["qty"] = qty_text
        env.filters["ago"] = ago_text
        env.filters["when"] = when_text
        env.globals["PREFIX"] = PREFIX
        env.globals["tender_label"] = tender_label
        env.globals["flash_message"] = flash_message


def none_as_dash(value: Any) -> Any:
    return "—" if value is None else value


def money_text(pesewas: int | str | Money | None) -> str:
    if pesewas is None:
        return "—"
    if isinstance(pesewas, Money):
        return pesewas.format("")
    if isinstance(pesewas, str):
        return Money.parse(pesewas).format("")
    return Money(int(pesewas)).format("")


def qty_text(milli: int) -> str:
    """3-place quantities without the trailing zeros people do not write: 30, 1.25."""
    text = str(from_milli(int(milli)))
    return text.rstrip("0").rstrip(".") if "." in text else text


def ago_text(seconds: int | None) -> str:
    if seconds is None:
        return "never"
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 5400:
        return f"{seconds // 60} min ago"
    if seconds < 172800:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def when_text(moment: datetime | str | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def state_of(request: Request) -> DashboardState:
    state: DashboardState = request.app.state.dashboard
    return state


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _is_server_address(domain: str, server_names: frozenset[str]) -> bool:
    if domain in server_names or domain == "localhost":
        return True
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Address:
    """What the Host header names: a tenant, or the server itself (``tenant`` None)."""

    tenant: Tenant | None
    server_itself: bool


def resolve_address(state: DashboardState, host: str | None) -> Address:
    """The seed's TenantMiddleware: the tenant comes from the host name. On the server's
    own address the configured default tenant is served (single shop, demo); with a base
    domain, ``acme.localhost`` stands for ``acme.<base domain>``."""
    domain = host_domain(host)
    settings = state.settings
    if domain is None or _is_server_address(domain, state.server_names):
        if settings.default_tenant:
            with state.ctx.system() as session:
                tenant = find_tenant(session, settings.default_tenant)
            if tenant is None:
                raise PageError(404, "No business here",
                                f"The default business {settings.default_tenant} is not set up "
                                "on this server. Ask the administrator.")
            return Address(tenant, server_itself=False)
        return Address(None, server_itself=True)
    if settings.base_domain and domain.endswith(".localhost"):
        domain = f"{domain.removesuffix('.localhost')}.{settings.base_domain}"
    with state.ctx.system() as session:
        tenant = find_tenant(session, domain)
    if tenant is None:
        raise PageError(404, "No business here",
                        f"No business is set up at {domain}. Check the address, or ask the "
                        "administrator.")
    return Address(tenant, server_itself=False)


@dataclass
class Page:
    """One signed-in request: who, for which tenant, and the CSRF token of the session."""

    request: Request
    state: DashboardState
    principal: Principal
    tenant: Tenant | None
    csrf: str
    session_id: str

    @property
    def ctx(self) -> ServerContext:
        return self.state.ctx

    @property
    def tenant_id(self) -> int:
        if self.tenant is None:
            raise PageError(409, "Choose a business",
                            "You are signed in as a system administrator: choose a business "
                            "first.")
        return self.tenant.id

    def actor(self) -> Any:
        return self.principal.actor(client_ip(self.request))

    def require(self, action: str) -> None:
        if not self.principal.may(action):
            raise PageError(403, "Not for your role",
                            f"Your role ({self.principal.role}) may not do this. Ask a director.")

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        values.update(page=self, principal=self.principal, tenant=self.tenant, csrf=self.csrf,
                      csrf_field=CSRF_FIELD, refresh=self.state.settings.refresh_seconds)
        return self.state.templates.TemplateResponse(self.request, template, values,
                                                     status_code=status)


def _load_principal(state: DashboardState, claims_kind: str, person_id: str,
                    tenant_id: int | None) -> Principal | None:
    ctx = state.ctx
    if claims_kind == "admin":
        with ctx.system() as session:
            admin = session.get(SystemUser, person_id)
            if admin is None or not admin.active:
                return None
            return Principal("admin", admin.id, admin.email, admin.name, "admin", None,
                             tenant_id, admin.password_hash)
    if tenant_id is None:
        return None
    with ctx.scope(tenant_id) as scope:
        user = scope.get(User, person_id)
        if user is None or user.status != "active" or user.role not in DASHBOARD_ROLES:
            return None
        return Principal("user", user.id, user.email, user.name, user.role, user.branch_code,
                         tenant_id, user.password_hash or "")


def page(request: Request) -> Page:
    """The signed-in person and their tenant, or a redirect to the sign-in page."""
    state = state_of(request)
    settings = state.settings
    address = resolve_address(state, request.headers.get("host"))
    claims = read_session(settings.secret, request.cookies.get(SESSION_COOKIE),
                          now=int(time.time()), max_age_seconds=settings.session_hours * 3600)
    if claims is None or _ended(state, claims.session_id):
        raise SignInNeeded()
    if claims.kind == "user":
        if address.tenant is None or claims.tenant_id != address.tenant.id:
            raise PageError(403, "Another business",
                            "You are signed in to another business; this address is not yours. "
                            "Sign in at your own business's address.")
        acting: int | None = address.tenant.id
    else:
        acting = address.tenant.id if address.tenant is not None else claims.tenant_id
    principal = _load_principal(state, claims.kind, claims.person_id, acting)
    if principal is None or password_fingerprint(principal.password_hash) != claims.fingerprint:
        raise SignInNeeded()
    tenant = address.tenant
    if tenant is None and acting is not None:
        with state.ctx.system() as session:
            tenant = session.get(Tenant, acting)
    if tenant is not None and tenant.status != "active" and not principal.is_admin:
        if not (read_only(tenant, state.ctx.clock.now()) and principal.role == "director"):
            raise PageError(403, "Account Suspended", suspended_text(tenant))
        if request.method not in ("GET", "HEAD") and request.url.path != f"{PREFIX}/logout":
            raise PageError(403, "Read-only", read_only_text(tenant))
    _check_route(request, principal)
    return Page(request, state, principal, tenant, csrf_token(settings.secret, claims.session_id),
                claims.session_id)


Current = Annotated[Page, Depends(page)]


def _check_route(request: Request, principal: Principal) -> None:
    """The access table (``dashboard.access.ROUTES``) for this address: the same table
    the access-rights page prints. An address not in it needs ``view``."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    needs = route_needs(request.method, path) if isinstance(path, str) else None
    if needs == PUBLIC:
        return
    if needs is None:
        needs = VIEW
    if not principal.may(needs):
        why = NEEDED.get(needs, needs.replace("_", " "))
        raise PageError(403, "Not for your role",
                        f"Your role ({principal.role}) may not do this. {why} (See Access "
                        "rights.)")


def _ended(state: DashboardState, session_id: str) -> bool:
    """Signed out: the cookie is genuine but the server ended its session."""
    with state.ctx.system() as session:
        return session.get(EndedSession, session_id) is not None


def has_nul(text: str) -> bool:
    """A NUL character: no person types one, PostgreSQL refuses it in text, and it cuts
    strings short in C libraries — refused wherever the dashboard reads text."""
    return "\x00" in text


async def form_checked(request: Request, current: Current) -> FormData:
    """The form of a POST, after checking its CSRF token (form field or htmx header)."""
    form = await request.form()
    if any(isinstance(value, str) and has_nul(value) for _, value in form.multi_items()):
        raise PageError(400, "Not a value", "A field of this form holds a character no one "
                        "can type (a NUL). Type the values again.")
    token = form.get(CSRF_FIELD)
    presented = token if isinstance(token, str) else request.headers.get(CSRF_HEADER)
    if not csrf_ok(current.state.settings.secret, current.session_id, presented):
        raise PageError(403, "Form expired",
                        "This form was not sent from your dashboard session (its security "
                        "token is missing or old). Reload the page and try again.")
    return form


CheckedForm = Annotated[FormData, Depends(form_checked)]


def field_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    return field_text(form, name) or None


FLASH_COOKIE = "bisama_flash"


def back(url: str, message: str | None = None, error: bool = False) -> RedirectResponse:
    """Post/redirect/get, with a one-line message shown on the next page.

    The message travels in a short-lived cookie only the server sets, never in the
    address: a link someone sends cannot make the dashboard say what it never said
    ("your account is locked, call …"). The next HTML page shows it and the app's
    middleware clears it (``dashboard.app``)."""
    response = RedirectResponse(url, status_code=303)
    if message:
        response.set_cookie(FLASH_COOKIE, f"{'error' if error else 'done'}:{quote(message[:600])}",
                            max_age=120, httponly=True, samesite="strict", path=f"{PREFIX}/")
    return response


def flash_message(request: Request) -> tuple[str, str] | None:
    """(``done`` or ``error``, text) of the message ``back`` left for this page, if any."""
    raw = request.cookies.get(FLASH_COOKIE) or ""
    kind, _, text = raw.partition(":")
    if kind not in ("done", "error") or not text:
        return None
    return kind, unquote(text)


def render_error(request: Request, error: PageError) -> Response:
    state = state_of(request)
    if request.headers.get("HX-Request"):
        return HTMLResponse(f'<div class="flash error">{_escape(error.message)}</div>',
                            status_code=error.status)
    return state.templates.TemplateResponse(request, "error.html",
                                            {"title": error.title, "message": error.message,
                                             "principal": None, "tenant": None},
                                            status_code=error.status)


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    url = f"{PREFIX}/login?next={quote(target)}"
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def tenants_for_admin(state: DashboardState) -> list[Tenant]:
    with state.ctx.system() as session:
        return list(session.scalars(select(Tenant).order_by(Tenant.name)))
