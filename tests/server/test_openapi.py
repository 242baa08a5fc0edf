"""schemathesis against the server's own OpenAPI schema: whatever it sends — with or
without a valid terminal signature — the server never answers with a 5xx.

The server under test is ``bisama-sync serve`` as its own process, not uvicorn in a
thread of pytest: in a thread it shares this process's interpreter with schemathesis'
case generation (and whatever threads earlier tests of the same xdist worker left), and
on a busy machine a request could wait past schemathesis' 10 s default for its turn —
a test failing only because the machine was slow. A separate process is what tills talk
to in a shop, and each request gets 60 s, as every other client in the suite: only a
server that hangs, not one that is slow, fails here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.server.conftest import World
from tests.server.server_process import ServerProcess
from tests.server.toy_terminal import REQUEST_PREFIX, ToyTerminal


class SignedByTill(requests.auth.AuthBase):
    """Signs each generated request as an enrolled till would (fresh nonce each time),
    so the fuzzing reaches past authentication into the handlers."""

    def __init__(self, till: ToyTerminal, base_url: str) -> None:
        self.till = till
        self.base_url = base_url

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        nonce = requests.post(f"{self.base_url}/api/v1/nonce", headers=self.till.headers(),
                              timeout=TIMEOUT).json()["nonce"]
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        assert self.till.tenant is not None
        message = "\n".join((REQUEST_PREFIX, str(request.method), str(request.path_url),
                             hashlib.sha256(body).hexdigest(), nonce, self.till.tenant,
                             self.till.terminal_id)).encode()
        request.headers.update({**self.till.headers(), "X-Bisama-Nonce": nonce,
                                "X-Bisama-Signature": self.till.key.sign(message).hex()})
        return request


def _openapi() -> dict[str, object]:
    """The schema the server publishes at /api/openapi.json (it does not depend on the
    database, so an unopened in-memory engine is enough to build it)."""
    from sync_server.context import ServerContext
    from sync_server.db.engine import make_engine
    from sync_server.web.app import create_app

    return create_app(ServerContext(make_engine("sqlite://"))).openapi()


TIMEOUT = 60  # seconds for each request; schemathesis' default is 10


@pytest.fixture
def served(database_url: str, world: World, tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(database_url, tmp_path / "server.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def signer(world: World, served: ServerProcess) -> Iterator[SignedByTill]:
    with httpx.Client(base_url=served.url, timeout=TIMEOUT) as http:
        till = ToyTerminal(http)
        till.enroll(world.code())
        till.pull()
        yield SignedByTill(till, served.url)


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_server_errors(case: schemathesis.Case, signer: SignedByTill,
                          served: ServerProcess) -> None:
    response = case.call(base_url=served.url, auth=signer, timeout=TIMEOUT)
    case.validate_response(response, checks=[not_a_server_error])
    unsigned = case.call(base_url=served.url, timeout=TIMEOUT)
    case.validate_response(unsigned, checks=[not_a_server_error])
