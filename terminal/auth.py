"""Users at the till, offline: PIN login with argon2id hashes, lockout after repeated
wrong PINs, the signed-in session, and manager approvals (a PIN prompt whose result is
recorded, used once, and carried in the envelope as ``shared.payloads.Approval``)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.csv_import import ImportRejected, Rejected, read_users
from shared.payloads import APPROVAL_ACTIONS, Approval
from terminal.catalogue import csv_text
from terminal.clock import Clock, shown, stamp
from terminal.errors import (
    AccountLocked,
    ApprovalNeeded,
    ImportFailed,
    LoginFailed,
    NotAllowed,
    NotFound,
    NotSignedIn,
)
from terminal.permissions import ACTION_PERMISSION, allowed, needs_approval_message
from terminal.store.audit import audit
from terminal.store.db import Database
from terminal.store.masterdata import UserRecord, write_users
from terminal.store.settings import Settings

PIN_RE = re.compile(r"^\d{4,8}$")


@dataclass(frozen=True, slots=True)
class User:
    email: str
    name: str
    role: str
    branch: str
    active: bool

    def may(self, permission: str) -> bool:
        return allowed(self.role, permission)


@dataclass(frozen=True, slots=True)
class UserImport:
    """What a users file gave: how many were imported, the rows left out, in words."""

    count: int
    rejected: tuple[Rejected, ...] = ()
    summary: str = ""


@dataclass(frozen=True, slots=True)
class GrantedApproval:
    """A manager's approval, given by PIN, not yet used. Pass it to the service call
    that needs it; it is spent when that call commits."""

    id: str
    action: str
    approver: User
    reason: str | None

    @property
    def approval(self) -> Approval:
        return Approval(self.action, self.approver.email, self.reason)


class Session:
    """Who is signed in at this till (one at a time)."""

    def __init__(self) -> None:
        self._user: User | None = None

    @property
    def user(self) -> User:
        if self._user is None:
            raise NotSignedIn("Nobody is signed in. Enter your PIN to sign in.")
        return self._user

    @property
    def signed_in(self) -> bool:
        return self._user is not None

    def set(self, user: User | None) -> None:
        self._user = user


def _user(row: sqlite3.Row) -> User:
    return User(row["email"], row["name"], row["role"], row["branch"], bool(row["active"]))


class AuthService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        session: Session,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.session = session
        self.hasher = hasher or PasswordHasher()  # argon2id with the library's defaults

    # -- users ----------------------------------------------------------------------
    def users(self, active_only: bool = True) -> tuple[User, ...]:
        sql = "SELECT * FROM users" + (" WHERE active = 1" if active_only else "") + " ORDER BY name"
        return tuple(_user(r) for r in self.db.query(sql))

    def names(self) -> dict[str, str]:
        """E-mail → name of every user the till knows (inactive ones too: an old shift's
        report still names who sold)."""
        return {r["email"]: r["name"] for r in self.db.query("SELECT email, name FROM users")}

    def user(self, email: str) -> User:
        row = self.db.one("SELECT * FROM users WHERE email = ?", (email.strip().lower(),))
        if row is None:
            raise NotFound(f"There is no user {email} on this till.")
        return _user(row)

    def hash_pin(self, pin: str) -> str:
        if not PIN_RE.fullmatch(pin):
            raise LoginFailed("A PIN is 4 to 8 digits.")
        return self.hasher.hash(pin)

    def import_users(self, source: Path | str) -> UserImport:
        """Users from a CSV shaped like ``users_sample.csv`` (email,name,role,branch,pin),
        read by head office's rules (``shared.csv_import``: any spreadsheet encoding,
        "cashier" for the role user, no two users with one PIN). The good rows are imported
        with their PINs hashed; the bad ones are listed. ``ImportFailed`` when the file is
        not a users file or no row is good."""
        text, encoding = csv_text(source)
        try:
            read = read_users(text, encoding=encoding)
        except ImportRejected as exc:
            raise ImportFailed(str(exc)) from None
        if not read.rows:
            problems = tuple(r.words() for r in read.rejected)
            said = read.summary("users") if problems else "the users file has no users."
            raise ImportFailed(f"Nothing was imported: {said}", problems)
        records = [UserRecord(r.email, r.name, r.role, r.branch, self.hasher.hash(r.pin)) for r in read.rows]
        at = stamp(self.clock.now())
        actor = self.session.user.email if self.session.signed_in else None
        with self.db.transaction() as conn:
            write_users(conn, records, at)
            audit(conn, at, actor, "import_users", None, users=[r.email for r in records],
                  rejected=len(read.rejected))
        return UserImport(len(records), tuple(read.rejected), read.summary("users"))

    # -- PIN checks -----------------------------------------------------------------
    def _check_pin(self, email: str, pin: str, purpose: str) -> User:
        """Verify a PIN, counting failures and locking the account at the limit."""
        now = self.clock.now()
        at = stamp(now)
        email = email.strip().lower()
        row = self.db.one("SELECT * FROM users WHERE email = ?", (email,))
        if row is None or not row["active"]:
            with self.db.transaction() as conn:
                audit(conn, at, email, f"{purpose}_failed", None, reason="unknown or inactive user")
            raise LoginFailed("That user and PIN do not match an active user on this till.")
        if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
            until = datetime.fromisoformat(row["locked_until"])
            raise AccountLocked(
                f"Too many wrong PINs: {row['name']}'s account is locked until "
                f"{shown(until)}. A manager can unlock it now."
            )
        try:
            self.hasher.verify(row["pin_hash"], pin)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            failures = row["failed_pins"] + 1
            limit = self.settings.max_pin_failures
            locked = failures >= limit
            lock_end = now + timedelta(minutes=self.settings.lockout_minutes) if locked else None
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE users SET failed_pins = ?, locked_until = ? WHERE email = ?",
                    (0 if locked else failures, stamp(lock_end) if lock_end else None, email),
                )
                audit(conn, at, email, f"{purpose}_failed", None, failures=failures)
                if locked:
                    audit(
                        conn,
                        at,
                        email,
                        "account_locked",
                        email,
                        until=stamp(lock_end) if lock_end else None,
                    )
            if locked and lock_end is not None:
                raise AccountLocked(
                    f"Wrong PIN {limit} times: {row['name']}'s account is locked until "
                    f"{shown(lock_end)}. A manager can unlock it now."
                ) from None
            left = limit - failures
            raise LoginFailed(
                f"Wrong PIN. {left} more wrong PIN{'s' if left != 1 else ''} will lock the account."
            ) from None
        if self.hasher.check_needs_rehash(row["pin_hash"]) or row["failed_pins"] or row["locked_until"]:
            new_hash = (
                self.hasher.hash(pin) if self.hasher.check_needs_rehash(row["pin_hash"]) else row["pin_hash"]
            )
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE users SET failed_pins = 0, locked_until = NULL, pin_hash = ? WHERE email = ?",
                    (new_hash, email),
                )
        return _user(row)

    def login(self, email: str, pin: str) -> User:
        user = self._check_pin(email, pin, "login")
        with self.db.transaction() as conn:
            audit(conn, stamp(self.clock.now()), user.email, "login", user.email)
        self.session.set(user)
        return user

    def sign_in_without_pin(self, email: str, reason: str) -> User:
        """For the simulator and training only: acts as a user without their PIN, and
        says so in the audit log."""
        user = self.user(email)
        if not user.active:
            raise LoginFailed(f"{email} is not an active user.")
        with self.db.transaction() as conn:
            audit(
                conn,
                stamp(self.clock.now()),
                user.email,
                "login_without_pin",
                user.email,
                reason=reason,
            )
        self.session.set(user)
        return user

    def logout(self) -> None:
        if self.session.signed_in:
            with self.db.transaction() as conn:
                audit(conn, stamp(self.clock.now()), self.session.user.email, "logout", None)
        self.session.set(None)

    def unlock(self, email: str, approval: GrantedApproval | None = None) -> None:
        """Clear a lockout (a manager signed in, or with a manager's approval)."""
        actor = self.session.user
        if not actor.may("manage_users") and (approval is None or not approval.approver.may("manage_users")):
            raise NotAllowed("Only a manager can unlock an account.")
        target = self.user(email)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE users SET failed_pins = 0, locked_until = NULL WHERE email = ?",
                (target.email,),
            )
            audit(
                conn,
                stamp(self.clock.now()),
                actor.email,
                "account_unlocked",
                target.email,
                approver=approval.approver.email if approval else actor.email,
            )

    # -- approvals ------------------------------------------------------------------
    def approve(
        self, action: str, approver_email: str, pin: str, reason: str | None = None
    ) -> GrantedApproval:
        """A manager's PIN at the till, for ``action`` (one of
        ``shared.payloads.APPROVAL_ACTIONS``). Recorded at once; spent by the service call
        it is given to."""
        if action not in APPROVAL_ACTIONS:
            raise ValueError(f"unknown approval action {action}")
        approver = self._check_pin(approver_email, pin, "approval")
        requester = self.session.user if self.session.signed_in else None
        if not approver.may(ACTION_PERMISSION[action]):
            with self.db.transaction() as conn:
                audit(
                    conn,
                    stamp(self.clock.now()),
                    approver.email,
                    "approval_refused",
                    action,
                    requested_by=requester.email if requester else None,
                )
            raise NotAllowed(f"{approver.name} is not allowed to approve this. Ask a manager.")
        approval_id = _new_id()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO approvals (id, action, approver, requested_by, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    approval_id,
                    action,
                    approver.email,
                    requester.email if requester else None,
                    reason,
                    stamp(self.clock.now()),
                ),
            )
            audit(
                conn,
                stamp(self.clock.now()),
                approver.email,
                "approval",
                action,
                approval=approval_id,
                requested_by=requester.email if requester else None,
                reason=reason,
            )
        return GrantedApproval(approval_id, action, approver, reason)

    def approve_without_pin(self, action: str, approver_email: str, reason: str) -> GrantedApproval:
        """For the simulator and training only: an approval recorded as given without a
        PIN, and audited as such."""
        if action not in APPROVAL_ACTIONS:
            raise ValueError(f"unknown approval action {action}")
        approver = self.user(approver_email)
        if not approver.active or not approver.may(ACTION_PERMISSION[action]):
            raise NotAllowed(f"{approver.name} is not allowed to approve this.")
        approval_id = _new_id()
        requester = self.session.user if self.session.signed_in else None
        at = stamp(self.clock.now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO approvals (id, action, approver, requested_by, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    approval_id,
                    action,
                    approver.email,
                    requester.email if requester else None,
                    reason,
                    at,
                ),
            )
            audit(
                conn,
                at,
                approver.email,
                "approval_without_pin",
                action,
                approval=approval_id,
                reason=reason,
            )
        return GrantedApproval(approval_id, action, approver, reason)

    def authority(self, action: str, approval: GrantedApproval | None) -> GrantedApproval | None:
        """None when the signed-in user may do ``action`` alone; the approval when it is
        valid for it; otherwise ``ApprovalNeeded``."""
        user = self.session.user
        if user.may(ACTION_PERMISSION[action]):
            return None
        if approval is None:
            raise ApprovalNeeded(needs_approval_message(action), action=action)
        if approval.action != action:
            raise NotAllowed(
                f"That approval was given for {approval.action.replace('_', ' ')}, "
                f"not for {action.replace('_', ' ')}."
            )
        return approval

    def discount_limit(self, user: User) -> Decimal:
        return self.settings.discount_limit(user.role)


def spend_approval(conn: sqlite3.Connection, approval: GrantedApproval, seq: int) -> None:
    """Mark an approval used by the envelope ``seq`` (in that envelope's transaction)."""
    cur = conn.execute(
        "UPDATE approvals SET used_seq = ? WHERE id = ? AND action = ? AND used_seq IS NULL",
        (seq, approval.id, approval.action),
    )
    if cur.rowcount != 1:
        raise NotAllowed("That approval was already used. Ask the manager to approve again.")


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())
