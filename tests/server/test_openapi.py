"""schemathesis against the server's own OpenAPI schema: whatever it sends — with or
without a valid terminal signature — the server never answers with a 5xx."""

from __future__ import annotations

import hashlib

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.server.conftest import LiveServer, TillFactory, World
from tests.server.toy_terminal import REQUEST_PREFIX, ToyTerminal


class SignedByTill(requests.auth.AuthBase):
    """Signs each generated request as an enrolled till would (fresh nonce each time),
    so the fuzzing reaches past authentication into the handlers."""

    def __init__(self, till: ToyTerminal, base_url: str) -> None:
        self.till = till
        self.base_url = base_url

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        nonce = requests.post(f"{self.base_url}/api/v1/nonce", headers=self.till.headers(),
                              timeout=30).json()["nonce"]
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


@pytest.fixture
def signer(till: TillFactory, live: LiveServer) -> SignedByTill:
    return SignedByTill(till(), live.url)


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_server_errors(case: schemathesis.Case, world: World, signer: SignedByTill,
                          live: LiveServer) -> None:
    response = case.call(base_url=live.url, auth=signer)
    case.validate_response(response, checks=[not_a_server_error])
    unsigned = case.call(base_url=live.url)
    case.validate_response(unsigned, checks=[not_a_server_error])
