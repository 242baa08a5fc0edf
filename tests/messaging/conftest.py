"""Fixtures of the SMS suite: the server suite's databases, tenant and live server
(imported, not copied — every test runs on SQLite, PostgreSQL and MariaDB), a fake
Arkesel SMS gateway on a real socket (tools/fake_sms) and the sender that talks to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from sync_server.clock import ManualClock
from sync_server.messaging.sms import ArkeselSms, SmsSettings
from tests.server import conftest as server_suite
from tools.fake_sms import FakeArkesel

database_url = server_suite.database_url
ctx = server_suite.ctx
world = server_suite.world
live = server_suite.live
till = server_suite.till

KEY = "test-arkesel-api-key-0001"
# Accra keeps UTC all year: 12:00 is shop hours, 19:00 inside the default window.
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
EVENING = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)


@pytest.fixture
def gateway() -> Iterator[FakeArkesel]:
    fake = FakeArkesel({KEY}, credits=5000).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def sender(gateway: FakeArkesel) -> ArkeselSms:
    return ArkeselSms(SmsSettings(url=gateway.url, api_key=KEY, sender_id="ACME", timeout=5))


@pytest.fixture
def clock(world: server_suite.World) -> ManualClock:
    manual = ManualClock(NOON)
    world.ctx.clock = manual
    return manual
