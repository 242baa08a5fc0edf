"""Telling a person that something needs them (a fork, a tampered envelope, a revoked
till still pushing). The alert itself is always stored in ``sync_alerts`` in the same
transaction; a notifier is the side effect on top — an e-mail or SMS in a deployment,
the log by default, nothing in tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

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
