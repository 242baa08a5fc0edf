"""Queuing text messages (docs/messaging.md): a bulk message to the tenant's customers
or staff, one message to one number, a receipt asked for at the till; the opt-out list;
the staff's numbers; the tenant's send window.

Every number is checked against Ghana's mobile plan (``shared.phone``) when it is
queued: a number that is not one is skipped and named in the answer, never queued. A
bulk message skips numbers that opted out (and the sender checks again when it sends,
for an opt-out that arrives later). A receipt is sent to the number the customer gave
at the till for it: asking is the consent, so the opt-out list does not stop it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from shared.errors import BisamaError
from shared.money import Money
from shared.phone import PhoneError, normalise
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.messaging.models import SmsMessage, SmsOptOut, SmsSetting, SmsStaffPhone
from sync_server.tenants.models import Branch, User

MAX_TEXT = 459  # three SMS parts of 153 characters
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
STOP_WORDS = ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT")


class SmsQueueError(BisamaError):
    code = "sms_bad_request"


@dataclass(frozen=True, slots=True)
class Skipped:
    name: str
    phone: str
    reason: str


@dataclass
class Queued:
    batch_id: str | None
    queued: int = 0
    opted_out: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"batch": self.batch_id, "queued": self.queued, "opted_out": self.opted_out,
                "skipped": [{"name": s.name, "phone": s.phone, "reason": s.reason}
                            for s in self.skipped]}


def check_text(text: str) -> str:
    body = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not body:
        raise SmsQueueError("The message is empty.")
    if len(body) > MAX_TEXT:
        raise SmsQueueError(f"The message is {len(body)} characters; at most {MAX_TEXT} "
                            "(three text messages).")
    return body


def settings(scope: TenantScope) -> SmsSetting | None:
    return scope.get(SmsSetting)


def window_of(scope: TenantScope) -> tuple[str, str]:
    row = settings(scope)
    return (row.window_start, row.window_end) if row else ("18:30", "21:00")


def set_window(ctx: ServerContext, scope: TenantScope, actor: Actor, start: str,
               end: str) -> tuple[str, str]:
    start, end = start.strip(), end.strip()
    for value in (start, end):
        if not TIME_RE.match(value):
            raise SmsQueueError(f"“{value[:20]}” is not a time of day (HH:MM, 24-hour, "
                                "Accra time).")
    if start == end:
        raise SmsQueueError("The window opens and closes at the same time: give two times.")
    row = _settings_row(ctx, scope, actor)
    row.window_start, row.window_end = start, end
    record(ctx, scope, actor, "sms.window", detail={"start": start, "end": end})
    return start, end


def _settings_row(ctx: ServerContext, scope: TenantScope, actor: Actor) -> SmsSetting:
    row = settings(scope)
    now = ctx.clock.now()
    if row is None:
        row = SmsSetting(tenant_id=scope.tenant_id, window_start="18:30", window_end="21:00",
                         updated_at=now, updated_by=actor.name[:254])
        scope.add(row)
    row.updated_at, row.updated_by = now, actor.name[:254]
    return row


def resume(ctx: ServerContext, scope: TenantScope, actor: Actor) -> bool:
    """Lift a throttle pause; the failure count starts again from now."""
    row = settings(scope)
    if row is None or row.paused_at is None:
        return False
    row.paused_at, row.paused_reason = None, None
    row.resumed_at = ctx.clock.now()
    row.updated_at, row.updated_by = row.resumed_at, actor.name[:254]
    record(ctx, scope, actor, "sms.resume")
    return True


def opted_out(scope: TenantScope) -> set[str]:
    return set(scope.scalars(select(SmsOptOut.phone)))


def opt_out(ctx: ServerContext, scope: TenantScope, actor: Actor, phone: str, *,
            source: str = "cli", undo: bool = False) -> str:
    number = normalise(phone)
    found = scope.get(SmsOptOut, number)
    if undo:
        if found is not None:
            scope.execute(delete(SmsOptOut).where(SmsOptOut.phone == number))
            record(ctx, scope, actor, "sms.opt_in", subject=number)
        return number
    if found is None:
        scope.add(SmsOptOut(tenant_id=scope.tenant_id, phone=number, source=source,
                            at=ctx.clock.now(), by=actor.name[:254]))
        record(ctx, scope, actor, "sms.opt_out", subject=number, detail={"source": source})
    return number


def inbound(ctx: ServerContext, scope: TenantScope, phone: str, text: str) -> bool:
    """A message a customer sent back: STOP (or the like) opts the number out."""
    word = re.sub(r"[^A-Z]", "", (text or "").strip().upper()[:20])
    if word not in STOP_WORDS:
        return False
    opt_out(ctx, scope, Actor("system", "inbound SMS"), phone, source="stop")
    return True


def set_staff_phone(ctx: ServerContext, scope: TenantScope, actor: Actor, email: str,
                    phone: str | None) -> tuple[str, str | None]:
    user = scope.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise SmsQueueError(f"No person with the e-mail {email.strip()[:80]} in this business.")
    number = normalise(phone) if phone else None
    row = scope.get(SmsStaffPhone, user.id)
    if number is None:
        if row is not None:
            scope.execute(delete(SmsStaffPhone).where(SmsStaffPhone.user_id == user.id))
    elif row is None:
        scope.add(SmsStaffPhone(tenant_id=scope.tenant_id, user_id=user.id, phone=number,
                                updated_at=ctx.clock.now()))
    else:
        row.phone, row.updated_at = number, ctx.clock.now()
    record(ctx, scope, actor, "sms.staff_phone", subject=user.email, detail={"phone": number})
    return user.name, number


def audience_of(scope: TenantScope, audience: str,
                branch: str | None = None) -> list[tuple[str, str | None]]:
    """(name, phone as stored) of the active customers or staff (of a branch)."""
    if audience == "customers":
        rows = scope.execute(select(Customer.name, Customer.phone)
                             .where(Customer.status == "active")
                             .order_by(Customer.name, Customer.id)).all()
        return [(r.name, r.phone) for r in rows]
    if audience == "staff":
        query = (select(User.name, SmsStaffPhone.phone)
                 .join(SmsStaffPhone, SmsStaffPhone.user_id == User.id, isouter=True)
                 .where(User.status == "active"))
        if branch:
            query = query.where(User.branch_code == branch)
        return [(r.name, r.phone)
                for r in scope.execute(query.order_by(User.name, User.id)).all()]
    raise SmsQueueError(f"“{audience[:20]}” is not an audience: customers or staff.")


def _message(ctx: ServerContext, scope: TenantScope, actor: Actor, *, purpose: str,
             audience: str, name: str | None, phone: str, text: str, now: datetime,
             batch_id: str | None = None, reference: str | None = None) -> SmsMessage:
    row = SmsMessage(tenant_id=scope.tenant_id, id=ctx.new_id(), purpose=purpose,
                     batch_id=batch_id, audience=audience,
                     recipient_name=(name or "")[:200] or None, phone=phone, text=text,
                     status="queued", attempts=0, next_attempt_at=now, reference=reference,
                     created_at=now, created_by=actor.name[:254])
    scope.add(row)
    return row


def queue_bulk(ctx: ServerContext, scope: TenantScope, actor: Actor, audience: str,
               text: str, *, branch: str | None = None) -> Queued:
    """One message to every active customer (or staff member) with a mobile number;
    it goes out in the tenant's off-hours window."""
    body = check_text(text)
    people = audience_of(scope, audience, branch)
    stopped = opted_out(scope)
    outcome = Queued(batch_id=ctx.new_id())
    seen: set[str] = set()
    now = ctx.clock.now()
    for name, raw in people:
        if not raw:
            outcome.skipped.append(Skipped(name, "", "no phone number"))
            continue
        try:
            number = normalise(raw)
        except PhoneError as exc:
            outcome.skipped.append(Skipped(name, raw, exc.message))
            continue
        if number in seen:
            outcome.skipped.append(Skipped(name, raw, "the same number as someone before"))
            continue
        seen.add(number)
        if number in stopped:
            outcome.opted_out += 1
            continue
        _message(ctx, scope, actor, purpose="bulk", audience=audience.rstrip("s"), name=name,
                 phone=number, text=body, now=now, batch_id=outcome.batch_id)
        outcome.queued += 1
    record(ctx, scope, actor, "sms.bulk", subject=outcome.batch_id,
           detail={"audience": audience, "branch": branch, "queued": outcome.queued,
                   "opted_out": outcome.opted_out, "skipped": len(outcome.skipped)})
    return outcome


def queue_one(ctx: ServerContext, scope: TenantScope, actor: Actor, phone: str, text: str,
              *, name: str | None = None) -> SmsMessage:
    """One message to one number, sent at the next run whatever the hour."""
    body, number = check_text(text), normalise(phone)
    if number in opted_out(scope):
        raise SmsQueueError(f"{number} asked for no more messages (opted out); "
                            "`bisama-sync sms optout --undo` if they ask again.")
    row = _message(ctx, scope, actor, purpose="single", audience="number", name=name,
                   phone=number, text=body, now=ctx.clock.now())
    record(ctx, scope, actor, "sms.send", subject=number)
    return row


def receipt_text(scope: TenantScope, sale: Any) -> str:
    """The short receipt: the branch, receipt number, date, total and tax, a thank-you."""
    branch = scope.get(Branch, sale.branch_code)
    shop = branch.name if branch is not None else sale.branch_code
    tax = sale.vat + sale.nhil + sale.getfund + sale.covid
    return check_text(f"{shop[:60]}\nReceipt {sale.receipt_no} of {sale.business_date}\n"
                      f"Total GHS {Money(sale.gross)} (tax GHS {Money(tax)})\n"
                      "Thank you for shopping with us.")


def queue_receipt(ctx: ServerContext, scope: TenantScope, actor: Actor, sale_id: str,
                  phone: str) -> SmsMessage | None:
    """The receipt of a stored sale to the number the customer gave at the till; once
    per sale and number (a till that sends the request twice gets one text)."""
    from sync_server.sales.models import Sale

    number = normalise(phone)
    sale = scope.get(Sale, sale_id)
    if sale is None:
        raise SmsQueueError(f"No sale {sale_id[:40]} is stored.")
    already = scope.scalar(select(SmsMessage.id).where(
        SmsMessage.purpose == "receipt", SmsMessage.reference == sale_id,
        SmsMessage.phone == number))
    if already is not None:
        return None
    return _message(ctx, scope, actor, purpose="receipt", audience="number", name=None,
                    phone=number, text=receipt_text(scope, sale), now=ctx.clock.now(),
                    reference=sale_id)


def queue_receipt_texts(scope: TenantScope, requests: list[tuple[str, str, str]],
                        now: datetime, terminal_id: str) -> int:
    """The push's side of ``receipt_sms`` envelopes: one queued receipt text per
    envelope (its id is the message's, so it can never be queued twice), written in the
    push's transaction after the sales it names."""
    from sync_server.sales.models import Sale

    queued = 0
    for envelope_id, sale_id, phone in requests:
        sale = scope.get(Sale, sale_id)
        if sale is None:  # cannot happen: the merge holds a receipt of an unknown sale
            continue
        scope.add(SmsMessage(tenant_id=scope.tenant_id, id=envelope_id, purpose="receipt",
                             batch_id=None, audience="number", recipient_name=None,
                             phone=normalise(phone), text=receipt_text(scope, sale),
                             status="queued", attempts=0, next_attempt_at=now,
                             reference=sale_id, created_at=now,
                             created_by=f"till {terminal_id}"[:254]))
        queued += 1
    return queued
