"""Sending the queue (docs/messaging.md): what is due goes to the gateway, one message
at a time, and the delivery reports are polled back.

* **Off-hours.** A bulk message waits for the tenant's send window (Africa/Accra,
  18:30–21:00 unless the tenant sets another; a window may run past midnight). A single
  message and a receipt go at the next run whatever the hour.
* **Throttle.** The seed's rule: watch delivery errors, throttle above 5 %. After every
  message and every report the failures of the last hour (since the last resume) are
  counted; when at least ``MIN_SAMPLE`` messages were tried and more than 5 % failed —
  refused by the gateway or reported undelivered — the tenant's sending pauses, the
  operator is alerted, and nothing more goes for ``PAUSE`` (or until a person resumes).
* **Opt-out.** A bulk message to a number that opted out after it was queued is not
  sent (status ``opted_out``).
* **A gateway that is down** (no answer, 5xx, 429) fails no message: the run stops and
  the message is tried again later (``RETRY``, longer each time, ``MAX_ATTEMPTS`` in all).
* **Two runs at once** cannot send a message twice: a run claims a message (a
  conditional update that only one run wins) before it sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select, update

from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.messaging.models import SmsMessage, SmsSetting
from sync_server.messaging.queue import opted_out, window_of
from sync_server.messaging.sms import (
    SmsNotSetUp,
    SmsRefused,
    SmsSender,
    SmsUnavailable,
)
from sync_server.notify import AlertMessage

FAILURE_RATE_PERCENT = 5
MIN_SAMPLE = 20
WINDOW = timedelta(hours=1)
PAUSE = timedelta(minutes=30)
CLAIM = timedelta(minutes=10)
RETRY = timedelta(minutes=5)
MAX_ATTEMPTS = 10
REPORT_DAYS = 3

try:
    ACCRA: Any = ZoneInfo("Africa/Accra")
except ZoneInfoNotFoundError:  # no tz database: Accra is UTC all year
    from datetime import UTC as ACCRA


@dataclass
class SendOutcome:
    tenant_id: int
    sent: int = 0
    failed: int = 0
    opted_out: int = 0
    waiting: int = 0          # bulk messages outside the window
    stopped: str | None = None  # why the run stopped early
    paused: str | None = None   # the throttle's reason, when sending is paused

    def to_json(self) -> dict[str, Any]:
        return {"tenant_id": self.tenant_id, "sent": self.sent, "failed": self.failed,
                "opted_out": self.opted_out, "waiting": self.waiting,
                "stopped": self.stopped, "paused": self.paused}


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def in_window(moment: datetime, start: str, end: str) -> bool:
    """Is ``moment`` (UTC) inside the window [start, end) of Accra's clock?"""
    local = moment.astimezone(ACCRA).time().replace(tzinfo=None)
    opens, closes = _clock(start), _clock(end)
    if opens < closes:
        return opens <= local < closes
    return local >= opens or local < closes  # past midnight


def failure_rate(scope: TenantScope, now: datetime) -> tuple[int, int]:
    """(failed, tried) since the start of the throttle's window."""
    row = scope.get(SmsSetting)
    since = now - WINDOW
    if row is not None and row.resumed_at is not None and row.resumed_at > since:
        since = row.resumed_at
    rows = scope.execute(select(SmsMessage.status, func.count().label("n")).where(
        SmsMessage.sent_at >= since, SmsMessage.status.in_(("sent", "delivered", "failed")))
        .group_by(SmsMessage.status)).all()
    counts = {str(r.status): int(r.n) for r in rows}
    return counts.get("failed", 0), sum(counts.values())


def _paused(ctx: ServerContext, scope: TenantScope, now: datetime) -> str | None:
    """The pause's reason while it lasts; lifts a pause that has run its time."""
    row = scope.get(SmsSetting)
    if row is None or row.paused_at is None:
        return None
    if now - row.paused_at < PAUSE:
        return row.paused_reason or "paused"
    row.paused_at, row.paused_reason, row.resumed_at = None, None, now
    return None


def check_throttle(ctx: ServerContext, scope: TenantScope, now: datetime) -> str | None:
    """Pause the tenant's sending when the failures pass 5 %; the reason, or None."""
    failed, tried = failure_rate(scope, now)
    if tried < MIN_SAMPLE or failed * 100 <= FAILURE_RATE_PERCENT * tried:
        return None
    reason = (f"{failed} of the last {tried} text messages failed "
              f"({failed * 100 // tried} %, more than {FAILURE_RATE_PERCENT} %): sending "
              f"paused for {int(PAUSE.total_seconds() // 60)} minutes")
    row = scope.get(SmsSetting)
    if row is None:
        row = SmsSetting(tenant_id=scope.tenant_id, window_start="18:30", window_end="21:00",
                         updated_at=now, updated_by="throttle")
        scope.add(row)
    if row.paused_at is None:
        row.paused_at, row.paused_reason = now, reason[:300]
        ctx.notifier.notify(AlertMessage(scope.tenant_id, "sms_paused", reason))
    return reason


def _claim(ctx: ServerContext, tenant_id: int, message_id: str, now: datetime) -> bool:
    with ctx.scope(tenant_id) as scope:
        done = scope.execute(update(SmsMessage).where(
            SmsMessage.id == message_id, SmsMessage.status == "queued",
            SmsMessage.next_attempt_at <= now).values(
            next_attempt_at=now + CLAIM, attempts=SmsMessage.attempts + 1)
            .execution_options(synchronize_session=False))
        return int(getattr(done, "rowcount", 0) or 0) == 1


def send_due(ctx: ServerContext, tenant_id: int, sender: SmsSender, *,
             limit: int = 1000) -> SendOutcome:
    """Send what is due for one tenant, until done, paused or the gateway stops us."""
    outcome = SendOutcome(tenant_id)
    if sender.name == "none":
        outcome.stopped = ("no SMS gateway is set up (BISAMA_SMS_GATEWAY): the messages "
                           "wait in the queue")
        return outcome
    now = ctx.clock.now()
    with ctx.scope(tenant_id) as scope:
        outcome.paused = _paused(ctx, scope, now)
        if outcome.paused:
            return outcome
        start, end = window_of(scope)
        open_now = in_window(now, start, end)
        due = select(SmsMessage.id).where(SmsMessage.status == "queued",
                                          SmsMessage.next_attempt_at <= now)
        if not open_now:
            outcome.waiting = int(scope.scalar(select(func.count()).select_from(
                due.where(SmsMessage.purpose == "bulk").subquery())) or 0)
            due = due.where(SmsMessage.purpose != "bulk")
        ids = list(scope.scalars(due.order_by(SmsMessage.created_at, SmsMessage.id)
                                 .limit(limit)))
    for message_id in ids:
        now = ctx.clock.now()
        if not _claim(ctx, tenant_id, message_id, now):
            continue  # another run has it
        with ctx.scope(tenant_id) as scope:
            message = scope.get(SmsMessage, message_id)
            assert message is not None
            if message.purpose == "bulk" and message.phone in opted_out(scope):
                message.status, message.error = "opted_out", "the number opted out"
                outcome.opted_out += 1
                continue
            phone, text, attempts = message.phone, message.text, message.attempts
        try:
            sent = sender.send(phone, text)
        except SmsRefused as exc:
            _finish(ctx, tenant_id, message_id, status="failed", error=exc.message, now=now)
            outcome.failed += 1
        except SmsUnavailable as exc:
            later = now + (timedelta(minutes=1) if exc.rate_limited else RETRY * attempts)
            give_up = attempts >= MAX_ATTEMPTS and not exc.rate_limited
            _finish(ctx, tenant_id, message_id, status="failed" if give_up else "queued",
                    error=exc.message, now=now, next_attempt_at=later,
                    attempts_back=exc.rate_limited)
            outcome.stopped = exc.message
            break
        except SmsNotSetUp as exc:
            _finish(ctx, tenant_id, message_id, status="queued", error=exc.message, now=now,
                    next_attempt_at=now, attempts_back=True)
            outcome.stopped = exc.message
            break
        else:
            _finish(ctx, tenant_id, message_id, status="sent", error=None, now=now,
                    gateway_id=sent.gateway_id)
            outcome.sent += 1
        with ctx.scope(tenant_id) as scope:
            outcome.paused = check_throttle(ctx, scope, now)
        if outcome.paused:
            break
    return outcome


def _finish(ctx: ServerContext, tenant_id: int, message_id: str, *, status: str,
            error: str | None, now: datetime, gateway_id: str | None = None,
            next_attempt_at: datetime | None = None, attempts_back: bool = False) -> None:
    with ctx.scope(tenant_id) as scope:
        message = scope.get(SmsMessage, message_id)
        assert message is not None
        message.status, message.error = status, error[:300] if error else None
        if status in ("sent", "failed"):
            message.sent_at = now
        if gateway_id is not None:
            message.gateway_id = gateway_id[:64]
        if next_attempt_at is not None:
            message.next_attempt_at = next_attempt_at
        if attempts_back:
            message.attempts = max(0, message.attempts - 1)


@dataclass
class ReportOutcome:
    tenant_id: int
    delivered: int = 0
    failed: int = 0
    pending: int = 0
    stopped: str | None = None
    paused: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"tenant_id": self.tenant_id, "delivered": self.delivered,
                "failed": self.failed, "pending": self.pending, "stopped": self.stopped,
                "paused": self.paused}


def poll_reports(ctx: ServerContext, tenant_id: int, sender: SmsSender, *,
                 limit: int = 1000) -> ReportOutcome:
    """Ask the gateway how far each sent message got (the last three days')."""
    outcome = ReportOutcome(tenant_id)
    now = ctx.clock.now()
    with ctx.scope(tenant_id) as scope:
        rows = scope.execute(select(SmsMessage.id, SmsMessage.gateway_id).where(
            SmsMessage.status == "sent", SmsMessage.gateway_id.is_not(None),
            SmsMessage.sent_at >= now - timedelta(days=REPORT_DAYS))
            .order_by(SmsMessage.sent_at, SmsMessage.id).limit(limit)).all()
    for row in rows:
        message_id, gateway_id = str(row.id), str(row.gateway_id)
        try:
            status = sender.delivery(gateway_id)
        except (SmsUnavailable, SmsNotSetUp, SmsRefused) as exc:
            outcome.stopped = exc.message
            break
        if status == "pending":
            outcome.pending += 1
            continue
        with ctx.scope(tenant_id) as scope:
            message = scope.get(SmsMessage, message_id)
            if message is None or message.status != "sent":
                continue
            message.status, message.reported_at = status, now
            if status == "failed":
                message.error = "the network reported it undelivered"
            setattr(outcome, status, getattr(outcome, status) + 1)
    if outcome.failed:
        with ctx.scope(tenant_id) as scope:
            outcome.paused = check_throttle(ctx, scope, now)
    return outcome


def status_summary(scope: TenantScope, now: datetime) -> dict[str, Any]:
    counts = {str(r.status): int(r.n) for r in scope.execute(
        select(SmsMessage.status, func.count().label("n")).group_by(SmsMessage.status)).all()}
    failed, tried = failure_rate(scope, now)
    row = scope.get(SmsSetting)
    start, end = window_of(scope)
    return {"counts": {s: counts.get(s, 0) for s in
                       ("queued", "sent", "delivered", "failed", "opted_out")},
            "window": {"start": start, "end": end, "open": in_window(now, start, end)},
            "last_hour": {"failed": failed, "tried": tried},
            "paused": (None if row is None or row.paused_at is None else
                       {"since": row.paused_at.isoformat(timespec="seconds"),
                        "reason": row.paused_reason})}
