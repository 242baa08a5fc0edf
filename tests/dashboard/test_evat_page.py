"""The dashboard's E-VAT page: the day's reconciliation per till with till names,
refused submissions with a retry (CSRF-checked), a manager sees their own branch only,
and odd parameters never make a server error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sync_server.fiscal.gra import HttpGraClient
from sync_server.fiscal.outbox import OutboxWorker
from sync_server.fiscal.reconcile import queue_missing
from sync_server.fiscal.settings import Credentials, enable
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_url, sign_in
from tests.server.conftest import ADMIN
from tools.fake_gra import FakeGra

KEY, TIN = "TEST-SECURITY-KEY-0001", "C0001234567"


@pytest.fixture
def gra() -> Iterator[FakeGra]:
    fake = FakeGra({KEY: TIN}).start()
    try:
        yield fake
    finally:
        fake.stop()


def _quick(creds: Credentials) -> HttpGraClient:
    return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=2)


def _evat_on_with_one_refused(shop: Shop, gra: FakeGra) -> None:
    ctx, tenant = shop.world.ctx, shop.world.tenant_id
    with ctx.scope(tenant) as scope:
        enable(ctx, scope, ADMIN, company_tin=TIN, security_key=KEY, endpoint_url=gra.url)
        assert queue_missing(scope, shop.today, ctx.clock.now()) >= 4
    gra.refuse_next(1)
    OutboxWorker(ctx, _quick).run_until_idle(tenant)


def test_the_page_reconciles_per_till_and_retries_a_refusal(
        shop: Shop, director: TestClient, gra: FakeGra) -> None:
    _evat_on_with_one_refused(shop, gra)
    page = director.get(f"/dashboard/evat?day={shop.today}")
    assert page.status_code == 200
    html = page.text
    assert "On — TIN C0001234567" in html and "Till 1" in html and "Tema till" in html
    assert "E899" in html and "ama@acme.test" not in html  # names, not e-mail addresses
    assert 'data-evat="' in html  # the refused one is listed with a retry
    assert director.post("/dashboard/evat/retry", data={}).status_code == 403  # no CSRF
    done = director.post("/dashboard/evat/retry", data={"csrf_token": csrf_of(director)},
                         follow_redirects=False)
    assert done.status_code == 303 and "queued+again" in flash_url(done).replace("%20", "+")
    OutboxWorker(shop.world.ctx, _quick).run_until_idle(shop.world.tenant_id)
    html = director.get(f"/dashboard/evat?day={shop.today}").text
    assert "Nothing refused." in html and 'pill bad">check' not in html
    assert sorted(gra.clearances.values()) == [1] * len(gra.clearances)


def test_a_manager_sees_their_own_branch(shop: Shop, app: object, gra: FakeGra) -> None:
    _evat_on_with_one_refused(shop, gra)
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        html = client.get(f"/dashboard/evat?day={shop.today}").text
    assert "Tema till" in html and "Till 1" not in html


@pytest.mark.parametrize("day", ["a\x00b", "9" * 60, "2026-13-40", "%", "x" * 300])
def test_odd_parameters_make_no_server_error(shop: Shop, director: TestClient, day: str) -> None:
    assert director.get("/dashboard/evat", params={"day": day}).status_code < 500
    reply = director.post("/dashboard/evat/retry", data={"csrf_token": csrf_of(director),
                                                         "envelope": day},
                          follow_redirects=False)
    assert reply.status_code < 500
