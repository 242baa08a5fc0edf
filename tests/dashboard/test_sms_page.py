"""The dashboard's SMS page (docs/messaging.md): a director queues a bulk message to the
customers, sets the window, records an opt-out and lifts a throttle pause (every post
CSRF-checked); a manager sees the page with nothing to send; bad numbers and odd
parameters are refused in words, never with a server error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.customers.services import add_customer
from sync_server.messaging.models import SmsMessage, SmsSetting
from sync_server.messaging.queue import queue_bulk
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, flash_of, sign_in
from tests.server.conftest import ADMIN


def _customers(shop: Shop) -> None:
    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope:
        add_customer(ctx, scope, ADMIN, name="Akosua Bread", phone="024 412 3456")
        add_customer(ctx, scope, ADMIN, name="Landline Ltd", phone="0302 111 222")


def test_a_director_queues_a_bulk_message_and_records_an_opt_out(
        shop: Shop, director: TestClient) -> None:
    _customers(shop)
    page = director.get("/dashboard/sms")
    assert page.status_code == 200 and "New bulk message" in page.text
    assert director.post("/dashboard/sms/bulk", data={"audience": "customers",
                                                      "text": "x"}).status_code == 403
    token = csrf_of(director, "/dashboard/sms")
    done = director.post("/dashboard/sms/bulk", data={
        "csrf_token": token, "audience": "customers", "text": "Fresh bread at 6 am"},
        follow_redirects=False)
    assert done.status_code == 303
    assert flash_of(done) == ("done", "1 messages queued for the customers; 0 opted out; "
                                      "2 without a usable mobile number. They go in the "
                                      "evening window.")
    html = director.get("/dashboard/sms").text
    assert "Akosua Bread" in html and "Fresh bread at 6 am" in html
    bad = director.post("/dashboard/sms/optout", data={"csrf_token": token,
                                                       "phone": "0302 111 222"},
                        follow_redirects=False)
    assert flash_of(bad) is not None and "fixed line" in flash_of(bad)[1]  # type: ignore[index]
    good = director.post("/dashboard/sms/optout", data={"csrf_token": token,
                                                        "phone": "+233 24 412 3456"},
                         follow_redirects=False)
    assert flash_of(good) == ("done", "+233244123456 gets no more bulk messages.")
    assert "dashboard" in director.get("/dashboard/sms").text
    window = director.post("/dashboard/sms/window", data={"csrf_token": token,
                                                          "start": "19:00", "end": "20:30"},
                           follow_redirects=False)
    assert flash_of(window) == ("done", "Bulk messages now go between 19:00 and 20:30 "
                                        "(Accra time).")
    with shop.world.ctx.scope(shop.world.tenant_id) as scope:
        [message] = scope.scalars(select(SmsMessage))
        setting = scope.get(SmsSetting)
    assert message.created_by == "director@acme.test" and message.phone == "+233244123456"
    assert setting is not None and (setting.window_start, setting.window_end) == ("19:00",
                                                                                  "20:30")


def test_a_pause_is_shown_and_lifted(shop: Shop, director: TestClient) -> None:
    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope:
        scope.add(SmsSetting(tenant_id=shop.world.tenant_id, window_start="18:30",
                             window_end="21:00", paused_at=ctx.clock.now(),
                             paused_reason="3 of the last 20 text messages failed",
                             updated_at=ctx.clock.now(), updated_by="throttle"))
    html = director.get("/dashboard/sms").text
    assert "data-sms-paused" in html and "3 of the last 20" in html
    lifted = director.post("/dashboard/sms/resume",
                           data={"csrf_token": csrf_of(director, "/dashboard/sms")},
                           follow_redirects=False)
    assert flash_of(lifted) == ("done", "Sending resumed; the failure count starts again.")
    assert "data-sms-paused" not in director.get("/dashboard/sms").text


def test_a_manager_sees_the_page_and_sends_nothing(shop: Shop, app: object) -> None:
    _customers(shop)
    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope:
        queue_bulk(ctx, scope, ADMIN, "customers", "For everyone")
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = client.get("/dashboard/sms")
        assert page.status_code == 200 and "New bulk message" not in page.text
        assert "Akosua Bread" not in page.text  # the business's bulk message: not theirs
        refused = client.post("/dashboard/sms/bulk", data={
            "csrf_token": csrf_of(client, "/dashboard/sms"), "audience": "customers",
            "text": "hello"})
        assert refused.status_code == 403


@pytest.mark.parametrize("odd", ["a\x00b", "9" * 60, "-" + "9" * 60, "25:99", "%", "x" * 600])
def test_odd_parameters_make_no_server_error(shop: Shop, director: TestClient,
                                             odd: str) -> None:
    assert director.get("/dashboard/sms", params={"status": odd}).status_code < 500
    token = csrf_of(director, "/dashboard/sms")
    for path, fields in (("bulk", ("audience", "text")), ("window", ("start", "end")),
                         ("optout", ("phone", "undo")), ("resume", ())):
        reply = director.post(f"/dashboard/sms/{path}",
                              data={"csrf_token": token, **{f: odd for f in fields}},
                              follow_redirects=False)
        assert reply.status_code < 500, (path, reply.text[:300])
