"""Who this till is: its terminal id (UUID), branch and terminal codes, tenant (once
enrolled) and public key. A till that is not enrolled makes its identity and signing
key on first start and works standalone; enrollment ([3]) registers the same key."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from terminal.store.db import Database


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    terminal_id: str
    branch_code: str
    terminal_code: str
    tenant_id: str | None
    public_key: str
    created_at: str
    enrolled_at: str | None

    @property
    def enrolled(self) -> bool:
        return self.tenant_id is not None


def load_identity(db: Database) -> TerminalIdentity | None:
    row = db.one("SELECT * FROM terminal_identity WHERE id = 1")
    if row is None:
        return None
    return TerminalIdentity(
        row["terminal_id"],
        row["branch_code"],
        row["terminal_code"],
        row["tenant_id"],
        row["public_key"],
        row["created_at"],
        row["enrolled_at"],
    )


def create_identity(conn: sqlite3.Connection, identity: TerminalIdentity) -> None:
    conn.execute(
        "INSERT INTO terminal_identity (id, terminal_id, branch_code, terminal_code, "
        "tenant_id, public_key, created_at, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        (
            identity.terminal_id,
            identity.branch_code,
            identity.terminal_code,
            identity.tenant_id,
            identity.public_key,
            identity.created_at,
            identity.enrolled_at,
        ),
    )


def set_codes(conn: sqlite3.Connection, branch_code: str, terminal_code: str) -> None:
    conn.execute(
        "UPDATE terminal_identity SET branch_code = ?, terminal_code = ? WHERE id = 1",
        (branch_code, terminal_code),
    )


def record_enrollment(
    db: Database, *, tenant_id: str, branch_code: str, terminal_code: str, enrolled_at: str
) -> TerminalIdentity:
    """For the sync client: the server accepted this till's key for a tenant and branch."""
    with db.transaction() as conn:
        conn.execute(
            "UPDATE terminal_identity SET tenant_id = ?, branch_code = ?, terminal_code = ?, "
            "enrolled_at = ? WHERE id = 1",
            (tenant_id, branch_code, terminal_code, enrolled_at),
        )
    identity = load_identity(db)
    assert identity is not None  # the row exists from first start
    return identity
