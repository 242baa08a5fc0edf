"""Every error the HTTP API returns has one shape:
``{"error": {"code", "message", "retry", "detail"}}`` with the status and retry rule of
its code in ``sync.protocol.ERRORS``. A 503 carries ``Retry-After``: the database is
failing over or busy, and the till sends again on its own (``db/retry.py``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync_server.db.retry import is_unavailable
from sync_server.directory.services import PlacementUnavailable
from sync_server.sync.auth import AuthError
from sync_server.sync.protocol import ERRORS
from sync_server.sync.push import TerminalRevoked
from sync_server.terminals.services import EnrollmentError

log = logging.getLogger("bisama.web")

RETRY_AFTER = "2"  # seconds: a Patroni or Galera failover takes a few


class ApiError(Exception):
    def __init__(self, code: str, message: str, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail
        self.headers = headers


def error_response(code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    kind = ERRORS[code]
    if kind.status == 503 and "Retry-After" not in (headers or {}):
        headers = {**(headers or {}), "Retry-After": RETRY_AFTER}
    body: dict[str, Any] = {"code": code, "message": message, "retry": kind.retry}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=kind.status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.code, exc.message, exc.detail, exc.headers)

    @app.exception_handler(AuthError)
    async def _auth(_request: Request, exc: AuthError) -> JSONResponse:
        return error_response(exc.code, exc.message)

    @app.exception_handler(EnrollmentError)
    async def _enroll(_request: Request, exc: EnrollmentError) -> JSONResponse:
        return error_response(exc.code, exc.message)

    @app.exception_handler(TerminalRevoked)
    async def _revoked(_request: Request, _exc: TerminalRevoked) -> JSONResponse:
        return error_response("terminal_revoked", "An administrator revoked this till.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()][:20]
        first = problems[0] if problems else {"where": "body", "problem": "invalid"}
        return error_response("malformed_request", f"{first['where']}: {first['problem']}",
                              problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response("not_found", "There is nothing at this address.")
        if exc.status_code == 413:
            return error_response("too_large", str(exc.detail))
        if exc.status_code == 405:
            return JSONResponse({"error": {"code": "method_not_allowed", "retry": "never",
                                           "message": "This address does not take that method."}},
                                status_code=405)
        return JSONResponse({"error": {"code": "http_error", "retry": "never",
                                       "message": str(exc.detail)}}, status_code=exc.status_code)

    @app.exception_handler(PlacementUnavailable)
    async def _moving(_request: Request, exc: PlacementUnavailable) -> JSONResponse:
        # A tenant move's switch (directory/move.py): the till sends again in a moment.
        return error_response("unavailable", str(exc), headers={"Retry-After": "1"})

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return error_response("unavailable", "The server's database is not answering. Nothing "
                              "was changed; try again in a minute.")

    @app.exception_handler(DBAPIError)
    async def _dbapi(_request: Request, exc: DBAPIError) -> JSONResponse:
        if is_unavailable(exc):
            log.error("database unavailable: %s", exc)
            return error_response("unavailable", "The server's database is not answering. "
                                  "Nothing was changed; try again in a minute.")
        log.exception("database error", exc_info=exc)
        return error_response("internal", "The server failed and changed nothing. Try again; if "
                              "it keeps failing, tell the administrator.")

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response("internal", "The server failed and changed nothing. Try again; if "
                              "it keeps failing, tell the administrator.")
