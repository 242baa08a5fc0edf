"""Mounting the dashboard on the server's application: its state, static files,
routes, error pages and the security headers of its pages."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync_server.context import ServerContext
from sync_server.dashboard import (
    routes_access,
    routes_admin,
    routes_audit,
    routes_auth,
    routes_backups,
    routes_books,
    routes_closing,
    routes_costing,
    routes_drivers,
    routes_evat,
    routes_hq_admin,
    routes_ledger,
    routes_operations,
    routes_payroll,
    routes_purchases,
    routes_reports,
    routes_sales,
    routes_sales_list,
    routes_shifts,
    routes_stock,
    routes_sync,
    routes_totp,
)
from sync_server.dashboard.settings import DashboardSettings
from sync_server.dashboard.web import (
    FLASH_COOKIE,
    HERE,
    PREFIX,
    DashboardState,
    PageError,
    SignInNeeded,
    has_nul,
    render_error,
    sign_in_redirect,
)
from sync_server.web.errors import error_response, log

# Scripts only from our own static folder (no inline script, no CDN); htmx adds a small
# inline style for its request indicator.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'none'")


NOT_A_VALUE = ("The address or form holds a value the dashboard cannot use (a character no "
               "one can type, or a number far too large). Go back and type it again.")


def _nul_in_address(request: Request) -> bool:
    query = request.scope.get("query_string", b"")
    return ("\x00" in request.url.path or b"%00" in query.lower() or b"\x00" in query
            or any(has_nul(k) or has_nul(v) for k, v in request.query_params.multi_items()))


async def _api_crash(_request: Request, exc: Exception) -> Response:
    log.exception("database error", exc_info=exc)
    return error_response("internal", "The server failed and changed nothing. Try again; if "
                          "it keeps failing, tell the administrator.")


HTTP_WORDS: dict[int, tuple[str, str]] = {
    404: ("Not found", "There is no page at this address. Check it, or use the menu."),
    405: ("Not this way", "This page cannot be opened that way (a form sent to a page, or a "
                          "page asked for as a form). Go back and use the page's own buttons."),
    422: ("Not a value", "The address or form is missing a value or holds one the dashboard "
                         "cannot use. Go back and type it again."),
}


async def _answer(result: Response | Awaitable[Response]) -> Response:
    return await result if inspect.isawaitable(result) else result


def _html_errors_under_prefix(app: FastAPI) -> None:
    """Under the dashboard's prefix every HTTP error (an unknown page, a wrong method, a
    missing or unusable parameter) is the dashboard's HTML error page; the API keeps
    its JSON errors (``sync_server.web.errors``)."""
    api_http = app.exception_handlers.get(StarletteHTTPException)
    api_invalid = app.exception_handlers.get(RequestValidationError)

    def page_for(request: Request, status: int, detail: object) -> Response:
        title, message = HTTP_WORDS.get(status, ("Not possible", ""))
        if not message:
            message = detail if isinstance(detail, str) and detail else (
                "The dashboard cannot do this. Go back and try again.")
        return render_error(request, PageError(status, title, str(message)))

    async def _http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not request.url.path.startswith(PREFIX) and api_http is not None:
            return await _answer(api_http(request, exc))
        response = page_for(request, exc.status_code, exc.detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def _invalid(request: Request, exc: Exception) -> Response:
        if not request.url.path.startswith(PREFIX) and api_invalid is not None:
            return await _answer(api_invalid(request, exc))
        return page_for(request, 422, None)

    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)


def install_dashboard(app: FastAPI, ctx: ServerContext, settings: DashboardSettings,
                      server_names: frozenset[str] = frozenset()) -> None:
    app.state.dashboard = state = DashboardState(ctx, settings, server_names)
    app.router.add_event_handler("shutdown", state.gate.close)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=str(HERE / "static")),
              name="dashboard-static")
    for module in (routes_auth, routes_sync, routes_sales, routes_stock, routes_ledger,
                   routes_closing, routes_books, routes_purchases, routes_costing, routes_reports,
                   routes_hq_admin, routes_admin, routes_operations, routes_backups, routes_evat,
                   routes_totp, routes_access, routes_drivers, routes_audit, routes_payroll):
        app.include_router(module.router)
    for module in (routes_sales_list, routes_shifts):  # [12] sales list, shifts and cash-ups
        app.include_router(module.router)
    from sync_server.dashboard import routes_stock_office  # [12] stock from head office

    app.include_router(routes_stock_office.router)
    from sync_server.messaging import routes as sms_routes

    app.include_router(sms_routes.router)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, _exc: SignInNeeded) -> Response:
        return sign_in_redirect(request)

    async def _not_a_value(request: Request, exc: Exception) -> Response:
        # The database refused a value (a number out of its range, text it cannot
        # store), or arithmetic on a typed number overflowed, where no check of the
        # route caught it first: the person sent it, so it is theirs to correct — a
        # 400, never a server failure. Logged, so the missing check gets written.
        if not request.url.path.startswith(PREFIX):
            return await _api_crash(request, exc)
        log.warning("dashboard %s: a value was refused late (%s: %s)", request.url.path,
                    type(exc).__name__, str(exc)[:200])
        return render_error(request, PageError(400, "Not a value", NOT_A_VALUE))

    app.add_exception_handler(DataError, _not_a_value)
    _html_errors_under_prefix(app)
    app.add_exception_handler(ArithmeticError, _not_a_value)

    @app.middleware("http")
    async def _headers(request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.url.path.startswith(PREFIX) and _nul_in_address(request):
            return render_error(request, PageError(400, "Not a value", NOT_A_VALUE))
        response = await call_next(request)
        if request.url.path.startswith(PREFIX):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            if not request.url.path.startswith(f"{PREFIX}/static"):
                response.headers.setdefault("Cache-Control", "no-store")
            if (FLASH_COOKIE in request.cookies and response.status_code < 300
                    and response.headers.get("content-type", "").startswith("text/html")
                    and not request.headers.get("HX-Request")):
                # The page that showed the message (base.html) clears it.
                response.delete_cookie(FLASH_COOKIE, path=f"{PREFIX}/", httponly=True,
                                       samesite="strict")
        return response
