"""The ASGI application: sync API v1, ``/api/health``, and for operators ``/metrics``
and the OpenAPI schema (behind the operator token: they name every tenant and every
route, which is no business of a tenant's visitors)."""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from starlette.concurrency import run_in_threadpool

from sync_server import __version__
from sync_server.context import ServerContext
from sync_server.dashboard.app import install_dashboard
from sync_server.dashboard.settings import DashboardSettings
from sync_server.metrics import ServerMetrics
from sync_server.operations.runs import recorded_runs
from sync_server.sync.models import Alert, StoredEnvelope
from sync_server.sync.order import SharedOrder
from sync_server.sync.pipeline import ProcessRunner, Pushes, Runner, ThreadRunner
from sync_server.system_status import BackupStatus, SystemCollector
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import find_tenant, host_domain
from sync_server.web import errors
from sync_server.web.api import build_router
from sync_server.web.body_limit import BodyLimit
from sync_server.web.schemas import ErrorReply, HealthReply


class BacklogCollector(Collector):
    """Gauges read from the database when Prometheus scrapes: what waits for a person."""

    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx

    def collect(self) -> Any:
        pending = GaugeMetricFamily("bisama_unposted_envelopes",
                                    "Stored envelopes whose posting is pending or failed",
                                    labels=["tenant"])
        held = GaugeMetricFamily("bisama_held_envelopes", "Envelopes held for a person",
                                 labels=["tenant"])
        alerts = GaugeMetricFamily("bisama_open_alerts", "Sync alerts not yet resolved",
                                   labels=["tenant"])
        with self.ctx.system() as session:
            tenants = list(session.execute(select(Tenant.id, Tenant.domain)))
        for tenant_id, domain in tenants:
            with self.ctx.scope(tenant_id) as scope:
                pending.add_metric([domain], scope.scalar(
                    select(func.count()).select_from(StoredEnvelope)
                    .where(StoredEnvelope.posting_status.in_(("pending", "failed")))))
                held.add_metric([domain], scope.scalar(
                    select(func.count()).select_from(StoredEnvelope)
                    .where(StoredEnvelope.status == "held")))
                alerts.add_metric([domain], scope.scalar(
                    select(func.count()).select_from(Alert).where(Alert.resolved_at.is_(None))))
        yield pending
        yield held
        yield alerts


def _is_server_itself(domain: str, server_names: frozenset[str]) -> bool:
    if domain in server_names or domain == "localhost":
        return True
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


def create_app(ctx: ServerContext, metrics: ServerMetrics | None = None, *,
               server_names: frozenset[str] = frozenset(), push_workers: int = 2,
               push_processes: int = 0,
               shared_order: bool = False,
               dashboard: DashboardSettings | None = None,
               ops_token: str | None = None,
               backups: BackupStatus | None = None) -> FastAPI:
    """The application. ``server_names`` are host names that address the server itself
    rather than a tenant (besides IP addresses and localhost). ``push_workers`` is how
    many pushes merge at once in this process; more would only fight over the
    interpreter lock while holding row locks in the database, which makes every push
    slower (see docs/benchmarks.md). ``push_processes`` runs pushes in that many helper
    processes instead
    (``sync.pipeline.ProcessRunner``): a till's next batch is checked on one core while
    its last one commits on the other. ``shared_order`` keeps each till's pushes in seq
    order across every server process on the database (``sync.order``), not only this
    one's. ``ops_token`` opens ``/metrics`` and
    ``/api/openapi.json`` to requests that carry it (``Authorization: Bearer …``);
    without one they answer 404 like any unknown address. ``backups`` is where the
    backup code reports its runs (``app.state.backups``): ``/metrics`` and the admin
    System page show them."""
    metrics = metrics or ServerMetrics()
    backups = backups or BackupStatus(source=recorded_runs(ctx))
    metrics.registry.register(BacklogCollector(ctx))
    metrics.registry.register(SystemCollector(ctx, backups))
    app = FastAPI(title="Bisama POS sync server", version=__version__,
                  description="Sync protocol v1 for Bisama POS tills; see docs/sync-protocol.md.",
                  # No Swagger/ReDoc pages: FastAPI's load their scripts from a CDN at run
                  # time. The schema itself is served below, to operators only.
                  openapi_url=None, docs_url=None, redoc_url=None)
    app.state.ctx = ctx
    app.state.metrics = metrics
    app.state.backups = backups
    errors.install(app)

    @app.middleware("http")
    async def _measure(request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        label = getattr(route, "path", "unmatched")
        metrics.requests.labels(label, str(response.status_code)).inc()
        metrics.latency.labels(label).observe(time.perf_counter() - started)
        return response

    @app.get("/api/health", response_model=HealthReply, tags=["operations"],
             responses={403: {"model": HealthReply}, 404: {"model": ErrorReply}},
             summary="Is the server up, and which tenant does this host name serve?")
    async def health(request: Request) -> Any:
        domain = host_domain(request.headers.get("host"))
        itself = domain is None or _is_server_itself(domain, server_names)

        def work() -> Tenant | None:
            with ctx.system() as session:
                session.execute(text("SELECT 1"))
                return None if itself or domain is None else find_tenant(session, domain)

        tenant = await run_in_threadpool(work)
        if itself:
            # An IP address or the server's own name: the server answers for itself.
            return {"status": "ok", "tenant_id": None, "name": None, "database": "ok"}
        if tenant is None:
            return errors.error_response("unknown_tenant", f"No tenant is set up for {domain}. "
                                         "Check the address, or ask the administrator.")
        if tenant.status != "active":
            return JSONResponse({"status": "suspended", "tenant_id": tenant.id, "name": tenant.name,
                                 "database": "ok",
                                 "reason": tenant.status_reason or "account suspended"},
                                status_code=403)
        return {"status": "ok", "tenant_id": tenant.id, "name": tenant.name, "database": "ok"}

    def operator(request: Request) -> bool:
        sent = request.headers.get("authorization", "")
        scheme, _, value = sent.partition(" ")
        return (ops_token is not None and scheme.lower() == "bearer"
                and hmac.compare_digest(value.strip().encode(), ops_token.encode()))

    def hidden() -> JSONResponse:
        return errors.error_response("not_found", "There is nothing at this address.")

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics (operator token)",
             response_class=Response, responses={404: {"model": ErrorReply}})
    async def prometheus(request: Request) -> Response:
        if not operator(request):
            return hidden()
        body = await run_in_threadpool(generate_latest, metrics.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get("/api/openapi.json", include_in_schema=False)
    async def openapi_schema(request: Request) -> Response:
        if not operator(request):
            return hidden()
        return JSONResponse(app.openapi())

    runner: Runner
    if push_processes > 0:
        runner = ProcessRunner(ctx.engine.url.render_as_string(hide_password=False),
                               push_processes)
    else:
        runner = ThreadRunner(ctx, threading.BoundedSemaphore(push_workers))
    pushes = Pushes(ctx, metrics, runner, shared=SharedOrder(ctx) if shared_order else None)
    app.state.pushes = pushes
    app.router.add_event_handler("shutdown", pushes.close)
    app.include_router(build_router(metrics, pushes))
    install_dashboard(app, ctx, dashboard or DashboardSettings(), server_names)
    # Added last, so it is the outermost layer: a body is refused before anything reads it.
    app.add_middleware(BodyLimit)
    return app
