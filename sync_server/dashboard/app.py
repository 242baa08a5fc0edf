"""Mounting the dashboard on the server's application: its state, static files,
routes, error pages and the security headers of its pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from sync_server.context import ServerContext
from sync_server.dashboard import (
    routes_admin,
    routes_auth,
    routes_ledger,
    routes_sales,
    routes_stock,
    routes_sync,
)
from sync_server.dashboard.settings import DashboardSettings
from sync_server.dashboard.web import (
    HERE,
    PREFIX,
    DashboardState,
    PageError,
    SignInNeeded,
    render_error,
    sign_in_redirect,
)

# Scripts only from our own static folder (no inline script, no CDN); htmx adds a small
# inline style for its request indicator.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'none'")


def install_dashboard(app: FastAPI, ctx: ServerContext, settings: DashboardSettings,
                      server_names: frozenset[str] = frozenset()) -> None:
    app.state.dashboard = DashboardState(ctx, settings, server_names)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=str(HERE / "static")),
              name="dashboard-static")
    for module in (routes_auth, routes_sync, routes_sales, routes_stock, routes_ledger,
                   routes_admin):
        app.include_router(module.router)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, _exc: SignInNeeded) -> Response:
        return sign_in_redirect(request)

    @app.middleware("http")
    async def _headers(request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if request.url.path.startswith(PREFIX):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            if not request.url.path.startswith(f"{PREFIX}/static"):
                response.headers.setdefault("Cache-Control", "no-store")
        return response
