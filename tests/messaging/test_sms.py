"""SMS messaging against a fake Arkesel gateway on a real socket, on SQLite, PostgreSQL
and MariaDB: the queue, the off-hours window, the throttle at more than 5 % failures,
delivery reports, opt-out (by a person and by STOP), receipts asked for at the till and
alerts by SMS (docs/messaging.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from sync_server.clock import ManualClock
from sync_server.customers.services import add_customer
from sync_server.messaging.dispatch import PAUSE, poll_reports, send_due, status_summary
from sync_server.messaging.models import SmsMessage
from sync_server.messaging.queue import (
    SmsQueueError,
    inbound,
    opt_out,
    queue_bulk,
    queue_one,
    queue_receipt,
    set_staff_phone,
    set_window,
)
from sync_server.messaging.recipients import notifier_from_environment
from sync_server.messaging.sms import ArkeselSms, NullSms, SmsNotSetUp, SmsSettings
from sync_server.notify import AlertMessage, MailNotifier, RecordingNotifier
from tests.messaging.conftest import EVENING, KEY
from tests.server.conftest import ADMIN, TillFactory, World, make_world
from tools.fake_sms import FakeArkesel


def customers(world: World, count: int, *, first: int = 0) -> list[str]:
    """``count`` customers with MTN numbers 024 000 00NN; their numbers as 233…."""
    numbers = []
    with world.ctx.scope(world.tenant_id) as scope:
        for i in range(first, first + count):
            add_customer(world.ctx, scope, ADMIN, name=f"Customer {i:03d}",
                         phone=f"024 000 {i:04d}")
            numbers.append(f"233240{i:06d}")
    return numbers


def statuses(world: World) -> dict[str, str]:
    with world.ctx.scope(world.tenant_id) as scope:
        return {m.phone: m.status for m in scope.scalars(select(SmsMessage))}


def test_a_bulk_message_waits_for_the_window_and_its_delivery_is_reported(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    numbers = customers(world, 3)
    with world.ctx.scope(world.tenant_id) as scope:
        add_customer(world.ctx, scope, ADMIN, name="Fixed Line Ltd", phone="0302 123 456")
        add_customer(world.ctx, scope, ADMIN, name="Same Number", phone="+233240000001")
        done = queue_bulk(world.ctx, scope, ADMIN, "customers", "Prices fall on Friday!")
    assert done.queued == 3
    reasons = {s.name: s.reason for s in done.skipped}
    assert "fixed line" in reasons["Fixed Line Ltd"]
    assert "same number" in reasons["Same Number"]
    assert reasons["Kofi Traders"] == "no phone number"

    at_noon = send_due(world.ctx, world.tenant_id, sender)
    assert (at_noon.sent, at_noon.waiting) == (0, 3) and gateway.sent == []

    clock.set(EVENING)
    in_the_evening = send_due(world.ctx, world.tenant_id, sender)
    assert in_the_evening.sent == 3
    assert sorted(m["recipient"] for m in gateway.sent) == sorted(numbers)
    assert {m["sender"] for m in gateway.sent} == {"ACME"}
    assert set(statuses(world).values()) == {"sent"}

    gateway.undeliverable.add(numbers[2])
    reports = poll_reports(world.ctx, world.tenant_id, sender)
    assert (reports.delivered, reports.failed, reports.paused) == (2, 1, None)
    assert statuses(world)["+" + numbers[2]] == "failed"
    assert send_due(world.ctx, world.tenant_id, sender).sent == 0  # nothing twice


def test_a_window_past_midnight_and_a_single_message_at_any_hour(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    customers(world, 1)
    with world.ctx.scope(world.tenant_id) as scope:
        set_window(world.ctx, scope, ADMIN, "22:00", "06:00")
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Night message")
        queue_one(world.ctx, scope, ADMIN, "050 123 4567", "Your order is ready")
        with pytest.raises(SmsQueueError, match="HH:MM"):
            set_window(world.ctx, scope, ADMIN, "25:00", "06:00")
    clock.set(EVENING)
    assert send_due(world.ctx, world.tenant_id, sender).sent == 1  # the single one
    assert [m["recipient"] for m in gateway.sent] == ["233501234567"]
    clock.set(EVENING + timedelta(hours=7))  # 02:00
    assert send_due(world.ctx, world.tenant_id, sender).sent == 1


def test_opted_out_numbers_get_no_bulk_message(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    numbers = customers(world, 4)
    with world.ctx.scope(world.tenant_id) as scope:
        opt_out(world.ctx, scope, ADMIN, "0240000000", source="dashboard")
        done = queue_bulk(world.ctx, scope, ADMIN, "customers", "Sale on Saturday")
        assert (done.queued, done.opted_out) == (3, 1)
        # a STOP that arrives after the message was queued still stops it
        assert inbound(world.ctx, scope, "+233240000001", "Stop") is True
        assert inbound(world.ctx, scope, "+233240000002", "thanks") is False
        with pytest.raises(SmsQueueError, match="opted out"):
            queue_one(world.ctx, scope, ADMIN, "0240000001", "hello")
    clock.set(EVENING)
    outcome = send_due(world.ctx, world.tenant_id, sender)
    assert (outcome.sent, outcome.opted_out) == (2, 1)
    assert sorted(m["recipient"] for m in gateway.sent) == sorted(numbers[2:])
    assert statuses(world)["+233240000001"] == "opted_out"
    with world.ctx.scope(world.tenant_id) as scope:  # and they can come back
        opt_out(world.ctx, scope, ADMIN, "0240000000", undo=True)
        assert queue_bulk(world.ctx, scope, ADMIN, "customers", "Again").opted_out == 1


def test_sending_pauses_when_more_than_5_percent_fail(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    numbers = customers(world, 40)
    gateway.refuse.update(numbers[5:8])       # 3 of 40 refused: 7.5 %
    with world.ctx.scope(world.tenant_id) as scope:
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Promo")
    clock.set(EVENING)
    outcome = send_due(world.ctx, world.tenant_id, sender)
    # paused at the first count past 5 % (at least 20 tried): the rest waits
    tried = outcome.sent + outcome.failed
    assert outcome.paused is not None and "more than 5 %" in outcome.paused
    assert 20 <= tried < 40 and outcome.failed * 100 > 5 * tried
    assert len(gateway.sent) == outcome.sent
    assert send_due(world.ctx, world.tenant_id, sender).sent == 0  # still paused
    notifier = world.ctx.notifier
    assert isinstance(notifier, RecordingNotifier)
    assert [a.kind for a in notifier.alerts] == ["sms_paused"]
    with world.ctx.scope(world.tenant_id) as scope:
        summary = status_summary(scope, clock.now())
    assert summary["paused"] is not None and summary["counts"]["queued"] == 40 - tried

    clock.advance(PAUSE)  # the pause runs out; the count starts again
    after = send_due(world.ctx, world.tenant_id, sender)
    assert after.paused is None and after.sent + after.failed == 40 - tried
    assert outcome.failed + after.failed == 3


def test_a_few_failures_under_5_percent_do_not_pause(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    numbers = customers(world, 40)
    gateway.undeliverable.update(numbers[:2])  # 2 of 40: exactly 5 % is not more
    with world.ctx.scope(world.tenant_id) as scope:
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Promo")
    clock.set(EVENING)
    assert send_due(world.ctx, world.tenant_id, sender).sent == 40
    reports = poll_reports(world.ctx, world.tenant_id, sender)
    assert (reports.delivered, reports.failed, reports.paused) == (38, 2, None)
    gateway.undeliverable.add(numbers[2])  # a report once recorded is not asked again
    again = poll_reports(world.ctx, world.tenant_id, sender)
    assert (again.delivered, again.failed) == (0, 0)


def test_a_gateway_that_is_down_or_busy_fails_no_message(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    customers(world, 3)
    with world.ctx.scope(world.tenant_id) as scope:
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Promo")
    clock.set(EVENING)
    gateway.down = True
    down = send_due(world.ctx, world.tenant_id, sender)
    assert down.sent == 0 and down.stopped is not None and "503" in down.stopped
    gateway.down = False
    assert set(statuses(world).values()) == {"queued"}
    clock.advance(timedelta(minutes=5))
    gateway.rate_limit_next(1)
    busy = send_due(world.ctx, world.tenant_id, sender)
    assert busy.stopped is not None and "429" in busy.stopped
    clock.advance(timedelta(minutes=1))
    assert send_due(world.ctx, world.tenant_id, sender).sent == 3
    assert set(statuses(world).values()) == {"sent"}


def test_a_wrong_key_stops_sending_and_the_null_sender_sends_nothing(
        world: World, clock: ManualClock, gateway: FakeArkesel) -> None:
    customers(world, 1)
    with world.ctx.scope(world.tenant_id) as scope:
        queue_one(world.ctx, scope, ADMIN, "0240000000", "hello")
    wrong = ArkeselSms(SmsSettings(url=gateway.url, api_key="wrong-key", sender_id="ACME"))
    outcome = send_due(world.ctx, world.tenant_id, wrong)
    assert outcome.stopped is not None and "API key" in outcome.stopped
    nothing = send_due(world.ctx, world.tenant_id, NullSms())
    assert nothing.stopped is not None and "no SMS gateway" in nothing.stopped
    assert statuses(world) == {"+233240000000": "queued"}


def test_staff_messages_go_to_the_numbers_set_for_them(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_staff_phone(world.ctx, scope, ADMIN, "ama@acme.test", "020 555 0101")
        done = queue_bulk(world.ctx, scope, ADMIN, "staff", "Stock count tonight at 8")
    assert done.queued == 1 and [s.name for s in done.skipped] == ["Kwame Boateng"]
    clock.set(EVENING)
    send_due(world.ctx, world.tenant_id, sender)
    assert gateway.to("233205550101") == ["Stock count tonight at 8"]


def test_one_tenants_queue_is_its_own(world: World, clock: ManualClock, testdata: Path,
                                      gateway: FakeArkesel, sender: ArkeselSms) -> None:
    other = make_world(world.ctx, testdata, domain="other.test", name="Other Ltd")
    customers(other, 2)
    with world.ctx.scope(other.tenant_id) as scope:
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Other's promo")
    clock.set(EVENING)
    assert send_due(world.ctx, world.tenant_id, sender).sent == 0
    assert statuses(world) == {}
    assert send_due(world.ctx, other.tenant_id, sender).sent == 2


def test_the_balance_is_the_gateways(gateway: FakeArkesel, sender: ArkeselSms) -> None:
    gateway.credits = 1240
    balance = sender.balance()
    assert balance is not None and balance.credits == 1240
    assert "1,240" in balance.text


def test_a_receipt_asked_for_at_the_till_is_texted(
        world: World, till: TillFactory, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    t = till()
    sale = t.sell([("GH-0006", 2)])
    t.seal("receipt_sms", {"sale_id": sale.id, "phone": "+233244123456"})
    t.seal("receipt_sms", {"sale_id": "01938a6e-9b00-7d2a-8b11-55aa66bb77cc",
                           "phone": "+233244123456"})  # not a sale of ours: held
    results = [r for body in t.push() for r in body["results"]]
    assert [r["status"] for r in results] == ["stored", "stored", "held"]
    assert results[-1]["reason_code"] == "receipt_sms_unknown_sale"
    with world.ctx.scope(world.tenant_id) as scope:
        opt_out(world.ctx, scope, ADMIN, "0244123456")  # asking at the till is consent
        [message] = scope.scalars(select(SmsMessage))
        from sync_server.sales.models import Sale

        receipt_no = scope.get(Sale, sale.id).receipt_no  # type: ignore[union-attr]
    assert (message.purpose, message.reference, message.status) == ("receipt", sale.id,
                                                                      "queued")
    world.ctx.clock = ManualClock(EVENING.replace(hour=10))  # shop hours: it goes anyway
    assert send_due(world.ctx, world.tenant_id, sender).sent == 1
    [text] = gateway.to("233244123456")
    assert receipt_no in text and "Total GHS" in text
    with world.ctx.scope(world.tenant_id) as scope:  # asked again by hand: still one
        assert queue_receipt(world.ctx, scope, ADMIN, sale.id, "0244 123 456") is None


def test_alerts_are_texted_to_the_operators_phones(
        world: World, gateway: FakeArkesel, tmp_path: Path) -> None:
    key_file = tmp_path / "sms.key"
    key_file.write_text(KEY + "\n")
    environ = {"BISAMA_SMS_GATEWAY": "arkesel", "BISAMA_SMS_URL": gateway.url,
               "BISAMA_SMS_API_KEY_FILE": str(key_file), "BISAMA_SMS_SENDER_ID": "BisamaOps",
               "BISAMA_ALERT_OPERATOR_PHONES": "024 412 3456, +233501112222"}
    notifier = notifier_from_environment(world.ctx, environ)  # no SMTP: texts only
    assert isinstance(notifier, MailNotifier)
    try:
        notifier.notify(AlertMessage(world.tenant_id, "fork", "Till 3 forked at envelope 7"))
        notifier.flush()
    finally:
        notifier.close()
    assert notifier.failures == []
    assert gateway.to("233244123456") == ["Bisama POS fork: Till 3 forked at envelope 7"]
    assert len(gateway.to("233501112222")) == 1
    with pytest.raises(SmsNotSetUp, match="fixed line"):
        notifier_from_environment(world.ctx, {**environ,
                                              "BISAMA_ALERT_OPERATOR_PHONES": "0302123456"})


def test_two_runs_at_once_send_each_message_once(
        world: World, clock: ManualClock, gateway: FakeArkesel, sender: ArkeselSms) -> None:
    import threading

    numbers = customers(world, 12)
    with world.ctx.scope(world.tenant_id) as scope:
        queue_bulk(world.ctx, scope, ADMIN, "customers", "Promo")
    clock.set(EVENING)
    outcomes = []
    runs = [threading.Thread(target=lambda: outcomes.append(
        send_due(world.ctx, world.tenant_id, sender))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=60)
    assert sum(o.sent for o in outcomes) == 12
    assert sorted(m["recipient"] for m in gateway.sent) == sorted(numbers)
