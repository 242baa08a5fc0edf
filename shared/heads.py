"""A till's signed statement of its chain head (issue [13] scope 2; docs/sync-protocol.md
§8.2): "I, till T, hold envelopes up to seq S, whose hash is H, with these running totals,
at this time" — signed with the till's own Ed25519 key, so head office (and an auditor,
from the export's manifest) can hold the till to it.

Every heartbeat and push request carries one (``head``); the server keeps the highest it
has witnessed per till and answers with it. The signature covers
``bisama-head-v1``, terminal, seq, hash, the running totals (canonical JSON, or ``-``)
and the time, one per line. ``trail`` — the hashes of the till's envelopes after the
head it last saw acknowledged (at most ``MAX_TRAIL``) — is not signed (the request
signature covers it in transit): it lets the server tell, at the first contact, that a
till's chain departs from what it witnessed (a copied or restored till folder).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from shared.errors import BisamaError, Malformed
from shared.keys import PublicKey
from shared.running import Running
from shared.signer import Signer
from shared.wire import Reader

HEAD_PREFIX = "bisama-head-v1"
MAX_TRAIL = 64
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class HeadError(BisamaError):
    code = "bad_head"


@dataclass(frozen=True, slots=True)
class HeadStatement:
    terminal: str
    seq: int
    hash: str
    running: Running | None
    at: str  # the till's clock, ISO 8601 with offset
    signature: str  # hex
    trail: tuple[tuple[int, str], ...] = ()

    def to_json(self, *, trail: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"terminal": self.terminal, "seq": self.seq, "hash": self.hash,
                                "running": self.running.to_json() if self.running else None,
                                "at": self.at, "signature": self.signature}
        if trail:
            data["trail"] = [[s, h] for s, h in self.trail]
        return data


def head_message(terminal: str, seq: int, hash_: str, running: Running | None,
                 at: str) -> bytes:
    totals = json.dumps(running.to_json(), sort_keys=True, separators=(",", ":")) if running \
        else "-"
    return "\n".join((HEAD_PREFIX, terminal, str(seq), hash_, totals, at)).encode()


def sign_statement(key: Signer, *, terminal: str, seq: int, hash_: str,
                   running: Running | None, at: datetime,
                   trail: tuple[tuple[int, str], ...] = ()) -> HeadStatement:
    stamp = at.isoformat(timespec="milliseconds")
    signature = key.sign(head_message(terminal, seq, hash_, running, stamp)).hex()
    return HeadStatement(terminal, seq, hash_, running, stamp, signature, trail[-MAX_TRAIL:])


def parse_statement(data: object) -> HeadStatement:
    """A statement's JSON → ``HeadStatement`` (its form only; ``verify_statement`` checks
    the signature). Raises ``HeadError``."""
    try:
        r = Reader(data, "head")
        terminal = r.text("terminal", max_len=36)
        seq = r.integer("seq", minimum=0)
        hash_ = r.text("hash", max_len=64)
        running_r = r.opt_obj("running")
        running = Running.from_json(running_r) if running_r else None
        at = r.timestamp("at")
        signature = r.text("signature", max_len=128)
        trail_raw = r.raw("trail") if r.has("trail") else []
        r.done()
    except Malformed as exc:
        raise HeadError(f"the head statement is not readable ({exc})") from None
    if not _UUID.fullmatch(terminal) or not _HEX64.fullmatch(hash_) \
            or not _HEX128.fullmatch(signature):
        raise HeadError("the head statement's terminal, hash or signature is not well formed")
    trail = _trail(trail_raw, seq)
    stamp = data["at"] if isinstance(data, dict) else at.isoformat()
    return HeadStatement(terminal, seq, hash_, running, str(stamp), signature, trail)


def _trail(raw: object, seq: int) -> tuple[tuple[int, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_TRAIL:
        raise HeadError(f"head.trail is a list of at most {MAX_TRAIL} [seq, hash] pairs")
    out: list[tuple[int, str]] = []
    for item in raw:
        if (not isinstance(item, list) or len(item) != 2 or type(item[0]) is not int
                or not isinstance(item[1], str) or not _HEX64.fullmatch(item[1])
                or not 0 < item[0] <= seq):
            raise HeadError("head.trail holds [seq, hash] pairs up to the head's seq")
        out.append((item[0], item[1]))
    return tuple(out)


def verify_statement(statement: HeadStatement, key: PublicKey) -> None:
    """Raises ``HeadError`` unless the till's key signed the statement."""
    message = head_message(statement.terminal, statement.seq, statement.hash,
                           statement.running, statement.at)
    try:
        key.verify(bytes.fromhex(statement.signature), message)
    except (InvalidSignature, ValueError):
        raise HeadError("the head statement is not signed by this till's key") from None
