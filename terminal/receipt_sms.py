"""A receipt by text message, on request at the till: the cashier types the number the
customer gives, and the till seals a ``receipt_sms`` envelope naming the sale; head
office texts a short receipt to it (docs/messaging.md, docs/sync-protocol.md). The till
itself sends nothing: it may be offline, and the envelope waits in the outbox like any
other."""

from __future__ import annotations

from shared.payloads import ReceiptSms
from shared.phone import PhoneError, parse_ghana_mobile
from terminal.auth import AuthService
from terminal.errors import NotFound, TillError
from terminal.events import EventRecorder
from terminal.shift import ShiftService
from terminal.store.db import Database


class ReceiptTexts:
    def __init__(self, db: Database, *, auth: AuthService, shifts: ShiftService,
                 recorder: EventRecorder) -> None:
        self.db = db
        self.auth = auth
        self.shifts = shifts
        self.recorder = recorder

    def last_receipt(self) -> str | None:
        """The receipt number of this till's last sale, if any."""
        row = self.db.one("SELECT receipt_no FROM sales ORDER BY seq DESC LIMIT 1")
        return None if row is None else str(row["receipt_no"])

    def request(self, receipt_no: str, phone: str) -> str:
        """Ask head office to text the receipt to ``phone``; the number as it will be
        texted (``024 412 3456``)."""
        try:
            number = parse_ghana_mobile(phone)
        except PhoneError as exc:
            raise TillError(exc.message) from None
        row = self.db.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt_no.strip(),))
        if row is None:
            raise NotFound(f"There is no receipt {receipt_no.strip()[:40]} on this till.")
        user = self.auth.session.user
        shift = self.shifts.require_open()
        with self.db.transaction() as conn:
            self.recorder.record(conn, kind="receipt_sms",
                                 payload=ReceiptSms(str(row["id"]), number.e164),
                                 user=user.email, business_date=shift.business_date)
        return number.national
