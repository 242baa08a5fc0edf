"""Text messages. Issue [14] brings the sender (a Ghanaian SMS gateway); until then a
deployment has the null sender, which sends nothing, and alerts go by e-mail."""

from __future__ import annotations

from typing import Protocol


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None:
        """Send ``text`` to the phone number ``to`` (E.164, ``+233…``); raise
        ``shared.errors.BisamaError`` with the reason when it cannot."""
        ...


class NullSms:
    """Sends nothing (no SMS gateway set up)."""

    def send(self, to: str, text: str) -> None:
        return None
