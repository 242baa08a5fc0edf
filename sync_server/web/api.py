"""Sync protocol v1 over HTTP (``/api/v1``): enrollment, nonces, push, the pull feed,
heartbeats and chain recovery. Each route is a thin layer over ``sync_server.sync`` and
``sync_server.terminals``; see docs/sync-protocol.md for the contract (and ``GET /schema``
for its JSON Schema)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from shared.heads import HeadStatement
from shared.schema import schema
from sync_server.context import ServerContext
from sync_server.db.retry import with_retry
from sync_server.metrics import ServerMetrics
from sync_server.notify import AlertMessage
from sync_server.operations.month_archive import last_verified_backup
from sync_server.sync.auth import TerminalIdentity, authenticate, issue_nonce
from sync_server.sync.feed import pull_page
from sync_server.sync.pipeline import Pushes, PushUnavailable
from sync_server.sync.protocol import (
    FEED_PAGE_DEFAULT,
    FEED_PAGE_MAX,
    HEADER_NEXT_NONCE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TENANT,
    HEADER_TERMINAL,
    MAX_BODY_BYTES,
    RECOVERY_PAGE_MAX,
)
from sync_server.sync.recovery import EnvelopesArchived, chain_state, envelopes_after
from sync_server.sync.witness import HeadError, read_statement, witness
from sync_server.terminals.heartbeat import record_heartbeat
from sync_server.terminals.models import Terminal
from sync_server.terminals.services import enroll
from sync_server.web.errors import ApiError
from sync_server.web.schemas import (
    ChainEnvelopesReply,
    ChainReply,
    EnrollReply,
    EnrollRequest,
    ErrorReply,
    FeedReply,
    HeartbeatReply,
    HeartbeatRequest,
    NonceReply,
    PushReply,
    PushRequest,
)

ERROR_REPLIES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorReply} for status in (400, 401, 403, 404, 409, 410, 413, 422, 503)}


def context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


def _signed_path(request: Request) -> str:
    path: str = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
    query: bytes = request.scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path


async def terminal(request: Request) -> TerminalIdentity:
    """Authenticate the request as one terminal (see ``sync.auth``)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise ApiError("too_large", f"The body is over {MAX_BODY_BYTES // 1_048_576} MB; send "
                       "smaller batches.")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ApiError("too_large", "The body is too large; send smaller batches.")
    ctx = context(request)
    identity: TerminalIdentity = await run_in_threadpool(
        authenticate, ctx, method=request.method, path=_signed_path(request), body=body,
        tenant_header=request.headers.get(HEADER_TENANT),
        terminal_header=request.headers.get(HEADER_TERMINAL),
        nonce=request.headers.get(HEADER_NONCE), signature=request.headers.get(HEADER_SIGNATURE),
        touch=not request.url.path.endswith("/push"))
    return identity


Identity = Annotated[TerminalIdentity, Depends(terminal)]
Context = Annotated[ServerContext, Depends(context)]


class _FastJsonRequest(Request):
    """A request whose JSON body is parsed by orjson: a push carries up to 500 sales,
    and ``json.loads`` of it was a third of the server process's own work. orjson's
    ``JSONDecodeError`` is ``json``'s, so FastAPI reports bad JSON as before; it also
    refuses what JSON itself does not allow (NaN, lone surrogates), which only ever
    reached our parsers to be refused there."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = orjson.loads(await self.body())
        return self._json


class _FastJsonRoute(APIRoute):
    """The ``/api/v1`` routes, reading their bodies as ``_FastJsonRequest``
    (FastAPI's documented way to change how a route reads its request)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            return await handler(_FastJsonRequest(request.scope, request.receive))

        return route_handler


def _statement(raw: dict[str, Any] | None, who: TerminalIdentity) -> HeadStatement | None:
    """The request's signed head statement (§8.2), or None for a till that sends none."""
    if raw is None:
        return None
    try:
        return read_statement(raw, who.terminal_id, who.public_key)
    except HeadError as exc:
        raise ApiError("malformed_request", f"The head statement is not valid: {exc}") from None


def _witness(ctx: ServerContext, who: TerminalIdentity,
             head: HeadStatement | None) -> dict[str, Any] | None:
    """Witness the head in a transaction of its own, after the push or heartbeat, and
    send the alerts it raised once it has committed (``sync.witness``)."""
    alerts: list[AlertMessage] = []

    def work() -> dict[str, Any] | None:
        alerts.clear()
        with ctx.scope(who.tenant.id) as scope:
            return witness(ctx, scope, who.terminal_id, statement=head, now=ctx.clock.now(),
                           alerts=alerts)

    try:
        reply = with_retry(work, what="witness")
    except IntegrityError:  # two requests of a new till witnessed its first head at once
        reply = with_retry(work, what="witness")
    for alert in alerts:
        ctx.notifier.notify(alert)
    return reply


def build_router(metrics: ServerMetrics | None, pushes: Pushes) -> APIRouter:
    """``pushes`` runs each push (``sync.pipeline``): in seq order per till, in this
    process's threads or in helper processes."""
    router = APIRouter(prefix="/api/v1", tags=["sync v1"], responses=ERROR_REPLIES,
                       route_class=_FastJsonRoute)

    @router.post("/enroll", response_model=EnrollReply,
                 summary="Enroll a till with a one-time code")
    async def enroll_terminal(body: EnrollRequest, request: Request,
                              ctx: Context) -> dict[str, Any]:
        client = request.client.host if request.client else None
        enrolled = await run_in_threadpool(
            enroll, ctx, code=body.code, terminal_id=body.terminal_id, public_key=body.public_key,
            proof=body.proof, name=body.name, app_version=body.app_version, ip=client)
        return enrolled.to_json(ctx.clock.now().isoformat())

    @router.post("/nonce", response_model=NonceReply,
                 summary="A single-use nonce for the next signed request")
    async def nonce(request: Request, ctx: Context) -> dict[str, Any]:
        value, expires = await run_in_threadpool(
            issue_nonce, ctx, request.headers.get(HEADER_TENANT),
            request.headers.get(HEADER_TERMINAL))
        return {"nonce": value, "expires_at": expires.isoformat(),
                "server_time": ctx.clock.now().isoformat()}

    @router.post("/push", response_model=PushReply, summary="Push a batch of envelopes",
                 responses={409: {"model": PushReply,
                                  "description": "the batch was cut short by a refused envelope"}})
    async def push_envelopes(body: PushRequest, who: Identity, ctx: Context,
                             request: Request) -> JSONResponse:
        head = _statement(body.head, who)
        try:
            # The request's bytes too: a helper process parses them again rather than
            # be sent the parsed batch (pickling it cost the server process more).
            result = await pushes.push(who.tenant, who.terminal_id, body.envelopes,
                                       who.public_key, head=who.head_seq,
                                       raw=await request.body())
        except PushUnavailable as exc:
            raise ApiError("unavailable", "The server could not take this batch just now "
                           f"({exc}). Nothing is lost: send it again in a moment.") from None
        reply = result.to_json()
        reply["witnessed"] = await run_in_threadpool(_witness, ctx, who, head)
        return JSONResponse(reply, status_code=result.http_status,
                            headers={HEADER_NEXT_NONCE: who.next_nonce})

    @router.get("/feed", response_model=FeedReply, summary="Master data changed after a cursor")
    async def feed(who: Identity, ctx: Context, response: Response,
                   cursor: Annotated[str, Query(pattern=r"^\d{1,18}$")] = "0",
                   limit: Annotated[int, Query(ge=1, le=FEED_PAGE_MAX)] = FEED_PAGE_DEFAULT,
                   ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with ctx.scope(who.tenant.id) as scope:
                page = pull_page(scope, who.tenant, who.branch_code, int(cursor), limit)
                row = scope.get(Terminal, who.terminal_id)
                assert row is not None
                row.last_pull_at = ctx.clock.now()
                return page

        page = await run_in_threadpool(work)
        if metrics is not None:
            metrics.pulls.inc(len(page["changes"]))
        response.headers[HEADER_NEXT_NONCE] = who.next_nonce
        return page

    @router.post("/heartbeat", response_model=HeartbeatReply, summary="The till's state")
    async def heartbeat(body: HeartbeatRequest, who: Identity, ctx: Context,
                        response: Response) -> dict[str, Any]:
        beat = body.model_dump(mode="json")
        head = _statement(beat.pop("head", None), who)

        def work() -> dict[str, Any]:
            backup_at = last_verified_backup(ctx)
            with ctx.scope(who.tenant.id) as scope:
                reply = record_heartbeat(scope, who.terminal_id, beat, ctx.clock.now(),
                                         backup_at=backup_at)
            reply["witnessed"] = _witness(ctx, who, head)
            return reply

        response.headers[HEADER_NEXT_NONCE] = who.next_nonce
        return await run_in_threadpool(work)

    @router.get("/chain", response_model=ChainReply, summary="Where this till's chain ends")
    async def chain(who: Identity, ctx: Context, response: Response) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with ctx.scope(who.tenant.id) as scope:
                return chain_state(scope, who.terminal_id)

        response.headers[HEADER_NEXT_NONCE] = who.next_nonce
        return await run_in_threadpool(work)

    @router.get("/chain/envelopes", response_model=ChainEnvelopesReply,
                summary="The stored envelopes of this till after a seq (recovery)")
    async def chain_envelopes(who: Identity, ctx: Context, response: Response,
                              after: Annotated[int, Query(ge=0, le=2**53 - 1)] = 0,
                              limit: Annotated[int, Query(ge=1, le=RECOVERY_PAGE_MAX)] = 100,
                              ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with ctx.scope(who.tenant.id) as scope:
                try:
                    return envelopes_after(scope, who.terminal_id, after, limit)
                except EnvelopesArchived as exc:
                    raise ApiError("archived", exc.message) from None

        response.headers[HEADER_NEXT_NONCE] = who.next_nonce
        return await run_in_threadpool(work)

    @router.get("/schema", summary="The JSON Schema of envelopes and every payload kind (public)",
                response_description="JSON Schema draft 2020-12, as docs/sync-schema.json")
    async def sync_schema() -> JSONResponse:
        # Public protocol, the same for every tenant: no authentication, nothing read from
        # the database. Built from the parsers on first use (shared.schema), then cached.
        return JSONResponse(await run_in_threadpool(schema))

    return router
