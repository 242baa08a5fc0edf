"""Fixtures of the E-VAT suite: the server suite's databases, tenant and live server
(imported, not copied — every test runs on SQLite, PostgreSQL and MariaDB) and a fake
GRA E-VAT server on a real socket (tools/fake_gra)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_server.fiscal.settings import enable
from tests.server import conftest as server_suite
from tests.server.conftest import ADMIN, World
from tools.fake_gra import FakeGra

database_url = server_suite.database_url
ctx = server_suite.ctx
world = server_suite.world
live = server_suite.live
till = server_suite.till

KEY = "TEST-SECURITY-KEY-0001"
TIN = "C0001234567"


@pytest.fixture
def gra() -> Iterator[FakeGra]:
    fake = FakeGra({KEY: TIN}, late_seconds=0.3).start()
    try:
        yield fake
    finally:
        fake.stop()


def turn_on(world: World, gra: FakeGra) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        enable(world.ctx, scope, ADMIN, company_tin=TIN, security_key=KEY, endpoint_url=gra.url)
