"""The append-only audit log: logins, approvals, voids, refunds, drawer opens, overrides,
imports, backups. SQLite triggers refuse UPDATE and DELETE, and each row carries the
SHA-256 of its contents and of the row before, so an edit made behind the triggers'
back (another tool, a dropped trigger) breaks the chain and ``verify_audit`` says where.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from shared.canonical import canonical_bytes, sha256_hex
from shared.envelope import GENESIS_HASH
from terminal.store.db import Database


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    user: str | None
    action: str
    subject: str | None
    detail: dict[str, Any]


def _digest(
    prev_hash: str,
    *,
    at: str,
    user: str | None,
    action: str,
    subject: str | None,
    detail: dict[str, Any],
) -> str:
    return sha256_hex(
        canonical_bytes(
            {
                "prev_hash": prev_hash,
                "at": at,
                "user": user,
                "action": action,
                "subject": subject,
                "detail": detail,
            }
        )
    )


def audit(
    conn: sqlite3.Connection,
    at: str,
    user: str | None,
    action: str,
    subject: str | None = None,
    **detail: Any,
) -> None:
    """Append one entry; call inside the transaction of what it records."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS_HASH
    digest = _digest(prev, at=at, user=user, action=action, subject=subject, detail=detail)
    conn.execute(
        "INSERT INTO audit_log (at, user, action, subject, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, user, action, subject, json.dumps(detail, sort_keys=True), prev, digest),
    )


def entries(db: Database, *, action: str | None = None, limit: int = 1000) -> tuple[AuditEntry, ...]:
    sql = "SELECT * FROM audit_log" + (" WHERE action = ?" if action else "") + " ORDER BY id DESC LIMIT ?"
    params: tuple[Any, ...] = (action, limit) if action else (limit,)
    return tuple(
        AuditEntry(r["id"], r["at"], r["user"], r["action"], r["subject"], json.loads(r["detail"]))
        for r in db.query(sql, params)
    )


def verify_audit(db: Database) -> list[str]:
    """Every break in the audit chain (empty when intact)."""
    problems = []
    prev = GENESIS_HASH
    for r in db.query("SELECT * FROM audit_log ORDER BY id"):
        if r["prev_hash"] != prev:
            problems.append(f"audit entry {r['id']} does not follow the entry before it")
        digest = _digest(
            r["prev_hash"],
            at=r["at"],
            user=r["user"],
            action=r["action"],
            subject=r["subject"],
            detail=json.loads(r["detail"]),
        )
        if digest != r["hash"]:
            problems.append(f"audit entry {r['id']} ({r['action']}) was changed after it was written")
        prev = r["hash"]
    return problems
