"""Telling a person that something needs them (a fork, a tampered envelope, a revoked
till still pushing). The alert itself is always stored in ``sync_alerts`` in the same
transaction; a notifier is the side effect on top — an e-mail or SMS in a deployment,
the log by default, nothing in tests; ``MailNotifier`` e-mails it (``sync_server.messaging``)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sync_server.messaging.mail import Mailer, MailMessage
from sync_server.messaging.sms import SmsSender

log = logging.getLogger("bisama.alerts")


@dataclass(frozen=True)
class AlertMessage:
    tenant_id: int
    kind: str
    message: str
    terminal_id: str | None = None
    seq: int | None = None


class AlertNotifier(Protocol):
    def notify(self, alert: AlertMessage) -> None: ...


class LogNotifier:
    """Writes each alert to the ``bisama.alerts`` log (the default)."""

    def notify(self, alert: AlertMessage) -> None:
        log.warning("tenant %s: %s: %s (terminal %s, seq %s)", alert.tenant_id, alert.kind,
                    alert.message, alert.terminal_id, alert.seq)


class NullNotifier:
    """Does nothing (tests that do not look at notifications)."""

    def notify(self, alert: AlertMessage) -> None:
        return None


class RecordingNotifier:
    """Keeps alerts in memory (tests that check who was told what)."""

    def __init__(self) -> None:
        self.alerts: list[AlertMessage] = []

    def notify(self, alert: AlertMessage) -> None:
        self.alerts.append(alert)


class MailNotifier:
    """E-mails each alert to the people of its tenant who are told (``recipients``:
    tenant id → addresses; tenant id 0 is the server's own alert, for the operator
    only) and to the operator, and — when an SMS sender and numbers are
    given — texts it to the operator's phones. Sending happens on a thread of its own:
    a push never waits for a mail server, and a mail server that is down never fails a
    push (the alert is stored already). A failed e-mail is written to the log with the
    alert, so nothing is lost silently. ``also`` is told every alert too (the log by
    default)."""

    def __init__(self, mailer: Mailer, recipients: Callable[[int], Sequence[str]], *,
                 operator: Sequence[str] = (), sms: SmsSender | None = None,
                 operator_phones: Sequence[str] = (),
                 also: AlertNotifier | None = None, subject_prefix: str = "[Bisama POS]") -> None:
        self.mailer = mailer
        self.recipients = recipients
        self.operator = tuple(operator)
        self.sms = sms
        self.operator_phones = tuple(operator_phones)
        self.also: AlertNotifier = also if also is not None else LogNotifier()
        self.subject_prefix = subject_prefix
        self.failures: list[str] = []
        self._queue: queue.Queue[AlertMessage | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="bisama-alert-mail", daemon=True)
        self._thread.start()

    def notify(self, alert: AlertMessage) -> None:
        self.also.notify(alert)
        self._queue.put(alert)

    def message_for(self, alert: AlertMessage) -> MailMessage:
        who = self._addresses(alert.tenant_id)
        where = f" (till {alert.terminal_id}, envelope {alert.seq})" if alert.terminal_id else ""
        if alert.tenant_id:
            about = (f"Business (tenant id): {alert.tenant_id}\n\nOpen the dashboard's Sync "
                     "page to read and resolve it.")
        else:  # the server's own (a backup, a drill): no business of its own
            about = "The server itself.\n\nSee the dashboard's System page (administrators)."
        body = (f"{alert.message}{where}\n\nKind: {alert.kind}\n{about}\n"
                "-- \nBisama POS sync server\n")
        return MailMessage(tuple(who), f"{self.subject_prefix} {alert.kind}: "
                                       f"{alert.message[:120]}", body)

    def _addresses(self, tenant_id: int) -> list[str]:
        seen: dict[str, None] = {}
        for address in (*self.recipients(tenant_id), *self.operator):
            seen.setdefault(address.strip().lower(), None)
        return [a for a in seen if a]

    def _run(self) -> None:
        while True:
            alert = self._queue.get()
            try:
                if alert is None:
                    return
                self._deliver(alert)
            finally:
                self._queue.task_done()

    def _deliver(self, alert: AlertMessage) -> None:
        try:
            message = self.message_for(alert)
            if message.to:
                self.mailer.send(message)
        except Exception as exc:  # a notifier must never stop the alerts
            self.failures.append(str(exc))
            log.error("the alert e-mail was not sent (%s): tenant %s: %s: %s", exc,
                      alert.tenant_id, alert.kind, alert.message)
        if self.sms is not None:
            for phone in self.operator_phones:
                try:
                    self.sms.send(phone, f"Bisama POS {alert.kind}: {alert.message}"[:300])
                except Exception as exc:  # as above
                    self.failures.append(str(exc))
                    log.error("the alert SMS to %s was not sent (%s)", phone, exc)

    def flush(self) -> None:
        """Wait until every alert told so far has been sent (or failed)."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=60)
