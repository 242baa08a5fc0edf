"""The activity log as people read it (the dashboard's Activity log page and its
exports): a sentence per entry, the detail as label: value pairs, and names instead of
e-mail addresses, till ids and customer ids. Filters by date range, person and action,
paged; nothing here writes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from shared.ids import is_uuid
from sync_server.audit.models import ActivityLog
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.tenants.models import Branch, SystemUser, User
from sync_server.terminals.models import Terminal

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000

# What each action says, with {subject} where the thing acted on goes. An action not
# listed reads as its name in words ("purchases.bill_added" → "purchases: bill added").
SENTENCES: dict[str, str] = {
    "login": "signed in",
    "login.failed": "failed to sign in as {subject}",
    "login.locked": "was locked out after wrong passwords ({subject})",
    "login.refused": "was refused sign-in ({subject})",
    "tenant.create": "created the business {subject}",
    "tenant.activate": "reactivated the business {subject}",
    "tenant.deactivate": "suspended the business {subject}",
    "tenant.till_limits": "changed the till limits of {subject}",
    "branch.add": "added branch {subject}",
    "branch.edit": "edited branch {subject}",
    "branch.close": "closed branch {subject}",
    "branch.reopen": "reopened branch {subject}",
    "location.add": "added stock location {subject}",
    "user.add": "added user {subject}",
    "user.edit": "changed user {subject}",
    "admin.add": "added system administrator {subject}",
    "terminal.code": "issued an enrollment code for branch {subject}",
    "terminal.code_cancel": "cancelled an enrollment code of branch {subject}",
    "terminal.enroll": "enrolled till {subject}",
    "terminal.revoke": "revoked till {subject}",
    "customer.add": "registered customer {subject}",
    "customer.credit_limit": "set the credit limit of {subject}",
    "customer.terms": "set the payment terms of {subject}",
    "product.add": "added product {subject}",
    "product.edit": "edited product {subject}",
    "product.import": "imported products from {subject}",
    "price.set": "set a price of {subject}",
    "price_list.add": "added price list {subject}",
    "tax.registration": "recorded a VAT registration change (entry {subject})",
    "period.prepare": "prepared the close of {subject}",
    "period.close": "closed the month {subject}",
    "period.open": "reopened the month {subject}",
    "period.reject": "sent back the close of {subject}",
    "period.waive": "waived a check of {subject}",
    "year.close": "closed the year ending {subject}",
    "year.reopen": "reopened the year ending {subject}",
    "journal.draft": "drafted journal {subject}",
    "journal.approve": "approved journal {subject}",
    "journal.reject": "rejected journal {subject}",
    "journal.edit": "edited journal {subject}",
    "journal.delete": "deleted draft journal {subject}",
    "envelope.retry": "retried held envelopes of {subject}",
    "envelope.reject": "rejected held envelope {subject}",
    "ledger.post_unposted": "posted what was unposted in {subject}",
    "export": "exported {subject}",
    "report.export": "exported a report",
    "logout": "signed out",
}

LABELS: dict[str, str] = {
    "expires_at": "Valid until", "reason": "Reason", "why": "Why", "name": "Name",
    "branch": "Branch", "role": "Role", "period": "Period", "kind": "Kind", "tills": "Tills",
    "codes": "Open codes cancelled", "code": "Code", "credit_limit": "Credit limit",
    "address": "Address", "phone": "Phone", "status": "Status", "by": "By", "from": "From",
    "to": "To", "days": "Days", "unit": "Unit", "barcode": "Barcode", "plu": "Scale PLU",
    "inclusive": "Prices include tax", "month": "Month", "tin": "TIN",
    "vat_registered": "VAT-registered", "effective_from": "From", "note": "Note",
}


@dataclass(frozen=True)
class ActivityFilter:
    first: date | None = None
    last: date | None = None
    actor: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    who_kind: str
    action: str
    sentence: str
    details: tuple[tuple[str, str], ...]
    ip: str | None

    def detail_text(self) -> str:
        return "; ".join(f"{label}: {value}" for label, value in self.details)


def _where(stmt: Any, wanted: ActivityFilter) -> Any:
    if wanted.first is not None:
        stmt = stmt.where(ActivityLog.at >= datetime.combine(wanted.first, time.min, tzinfo=UTC))
    if wanted.last is not None:
        stmt = stmt.where(ActivityLog.at < datetime.combine(wanted.last + timedelta(days=1),
                                                            time.min, tzinfo=UTC))
    if wanted.actor:
        stmt = stmt.where(ActivityLog.actor == wanted.actor)
    if wanted.action:
        if wanted.action.endswith("."):
            stmt = stmt.where(ActivityLog.action.like(f"{wanted.action}%"))
        else:
            stmt = stmt.where(ActivityLog.action == wanted.action)
    return stmt


def count_entries(scope: TenantScope, wanted: ActivityFilter) -> int:
    return int(scope.scalar(_where(select(func.count()).select_from(ActivityLog), wanted)) or 0)


def actions_and_people(scope: TenantScope) -> tuple[list[str], list[tuple[str, str]]]:
    """The actions the log holds, and the people in it as (value, name) for the filters."""
    actions = sorted(scope.scalars(select(ActivityLog.action).distinct()))
    actors = sorted(scope.scalars(select(ActivityLog.actor).distinct()))
    names = _Names(scope)
    return actions, sorted(((a, names.any_id(a)) for a in actors), key=lambda p: p[1].lower())


def read_entries(scope: TenantScope, wanted: ActivityFilter, *, offset: int = 0,
                 limit: int = PAGE_SIZE) -> list[Entry]:
    # The UTC timestamp is the key, with the id after it so pages never overlap.
    stmt = _where(select(ActivityLog), wanted).order_by(ActivityLog.at.desc(),
                                                        ActivityLog.id.desc())
    rows = scope.scalars(stmt.offset(offset).limit(limit))
    names = _Names(scope)
    return [_entry(row, names) for row in rows]


def person_names(scope: TenantScope) -> dict[str, str]:
    """E-mail → name of the tenant's people and the system administrators."""
    people = {u.email: u.name for u in scope.scalars(select(User))}
    people.update({a.email: a.name for a in scope.scalars(select(SystemUser))})
    return people


class _Names:
    """Names of people, tills, customers and branches, read once per page."""

    def __init__(self, scope: TenantScope) -> None:
        self.scope = scope
        self._people: dict[str, str] | None = None
        self._tills: dict[str, str] | None = None
        self._branches: dict[str, str] | None = None

    def person(self, email: str) -> str:
        if email.startswith("unknown:"):  # a sign-in with an address that is no account
            return f"an address with no account ({email[8:14]}…)"
        if self._people is None:
            self._people = person_names(self.scope)
        return self._people.get(email, email)

    def till(self, terminal_id: str) -> str:
        if self._tills is None:
            self._tills = {t.id: f"{t.name} ({t.branch_code})"
                           for t in self.scope.scalars(select(Terminal))}
        return self._tills.get(terminal_id, "a till")

    def branch(self, code: str) -> str:
        if self._branches is None:
            self._branches = {b.code: b.name for b in self.scope.scalars(select(Branch))}
        name = self._branches.get(code)
        return f"{name} ({code})" if name else code

    def customer(self, customer_id: str) -> str:
        row = self.scope.get(Customer, customer_id)
        return row.name if row is not None else "a customer"

    def any_id(self, text: str) -> str:
        if is_uuid(text):
            if self._tills is None:
                self.till(text)
            assert self._tills is not None
            if text in self._tills:
                return self._tills[text]
            return self.customer(text)
        if "@" in text or text.startswith("unknown:"):
            return self.person(text)
        return text


def _subject(row: ActivityLog, names: _Names) -> str:
    subject = row.subject or ""
    if not subject:
        return ""
    if row.action.startswith(("branch.", "terminal.code")):
        return names.branch(subject)
    if row.action.startswith("envelope.") and "/" in subject:
        till, _, seq = subject.partition("/")
        return f"{names.any_id(till)} #{seq}"
    return names.any_id(subject)


def _value(key: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)} {_value(k, v, names)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(key, v, names) for v in value)
    text = str(value)
    if key == "branch":
        return names.branch(text)
    if _MOMENT.fullmatch(text):
        try:
            return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            return text
    return names.any_id(text)


# A moment as the audit trail stores it (ISO, with a T or a space, seconds and zone).
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")


def _label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _details(row: ActivityLog, names: _Names) -> tuple[tuple[str, str], ...]:
    if not row.detail:
        return ()
    try:
        data = json.loads(row.detail)
    except ValueError:
        return (("Note", row.detail),)
    if not isinstance(data, dict):
        return (("Note", str(data)),)
    return tuple((_label(k), _value(k, v, names)) for k, v in data.items()
                 if v is not None and k != "ip")


def _entry(row: ActivityLog, names: _Names) -> Entry:
    template = SENTENCES.get(row.action)
    subject = _subject(row, names)
    if template is None:
        words = row.action.replace("_", " ").replace(".", ": ", 1)
        sentence = f"{words} {subject}".strip()
    else:
        sentence = template.format(subject=subject or "").strip()
    if row.actor_kind == "terminal":
        who = names.till(row.actor)
    elif row.actor_kind == "cli":
        who = f"{row.actor} (command line)"
    else:
        who = names.person(row.actor)
    return Entry(row.at, who, row.actor_kind, row.action, sentence, _details(row, names), row.ip)
