"""Who is told of an alert, from the environment:

``BISAMA_ALERT_OPERATOR``   the operator's addresses (comma-separated): every alert
``BISAMA_ALERT_RECIPIENTS`` the people each tenant names: ``domain=a@x.com,b@x.com;
                            other.example=c@y.com``. A tenant not named here is told
                            through its active directors' e-mail addresses.
``BISAMA_ALERT_OPERATOR_PHONES``  Ghana mobile numbers to text every alert to
                            (comma-separated, ``024…`` or ``+233…``), through the SMS
                            gateway (``sync_server.messaging.sms``, ``BISAMA_SMS_*``)

``notifier_from_environment`` builds the server's notifier: ``MailNotifier`` when an
SMTP server is set (``sync_server.messaging.mail``), or an SMS gateway and operator
phones are (then it texts only), else the log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select

from shared.phone import PhoneError, normalise
from sync_server.messaging.mail import (
    MailError,
    NullMailer,
    SmtpMailer,
    SmtpSettings,
    check_address,
)
from sync_server.messaging.sms import SmsNotSetUp, SmsSender, sender_from_environment
from sync_server.notify import AlertNotifier, LogNotifier, MailNotifier
from sync_server.tenants.models import Tenant, User

if TYPE_CHECKING:
    from sync_server.context import ServerContext

ENV_OPERATOR = "BISAMA_ALERT_OPERATOR"
ENV_RECIPIENTS = "BISAMA_ALERT_RECIPIENTS"
ENV_OPERATOR_PHONES = "BISAMA_ALERT_OPERATOR_PHONES"


def addresses(text: str | None, what: str) -> tuple[str, ...]:
    found = []
    for part in (text or "").split(","):
        if part.strip():
            try:
                found.append(check_address(part))
            except MailError as exc:
                raise MailError(f"{what}: {exc}") from None
    return tuple(found)


def named_recipients(text: str | None) -> dict[str, tuple[str, ...]]:
    """``domain=a@x,b@x;other=c@y`` → {domain: addresses}."""
    named: dict[str, tuple[str, ...]] = {}
    for entry in (text or "").split(";"):
        if not entry.strip():
            continue
        domain, eq, people = entry.partition("=")
        if not eq or not domain.strip():
            raise MailError(f"{ENV_RECIPIENTS}: {entry.strip()!r} is not domain=address,address.")
        named[domain.strip().lower()] = addresses(people, f"{ENV_RECIPIENTS} for {domain.strip()}")
    return named


class TenantRecipients:
    """Tenant id → the addresses its alerts go to: those named for its domain, else its
    active directors."""

    def __init__(self, ctx: ServerContext, named: Mapping[str, tuple[str, ...]]) -> None:
        self.ctx = ctx
        self.named = dict(named)

    def __call__(self, tenant_id: int) -> list[str]:
        with self.ctx.system() as session:
            domain = session.scalar(select(Tenant.domain).where(Tenant.id == tenant_id))
        if domain is not None and domain.lower() in self.named:
            return list(self.named[domain.lower()])
        with self.ctx.scope(tenant_id) as scope:
            return list(scope.scalars(select(User.email).where(
                User.role == "director", User.status == "active").order_by(User.email)))


def operator_phones(text: str | None) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for part in (text or "").split(","):
        if part.strip():
            try:
                found.setdefault(normalise(part), None)
            except PhoneError as exc:
                raise SmsNotSetUp(f"{ENV_OPERATOR_PHONES}: {exc.message}") from None
    return tuple(found)


def notifier_from_environment(ctx: ServerContext, environ: Mapping[str, str],
                              sms: SmsSender | None = None) -> AlertNotifier:
    settings = SmtpSettings.from_environment(environ)
    phones = operator_phones(environ.get(ENV_OPERATOR_PHONES))
    texter = sms if sms is not None else (sender_from_environment(environ) if phones
                                          else None)
    texts = texter is not None and texter.name != "none" and bool(phones)
    if settings is None and not texts:
        return LogNotifier()
    if settings is None:  # an SMS gateway and the operator's phones, no mail server
        return MailNotifier(NullMailer(), lambda tenant_id: (), sms=texter,
                            operator_phones=phones)
    return MailNotifier(SmtpMailer(settings),
                        TenantRecipients(ctx, named_recipients(environ.get(ENV_RECIPIENTS))),
                        operator=addresses(environ.get(ENV_OPERATOR), ENV_OPERATOR),
                        sms=texter if texts else None, operator_phones=phones)
