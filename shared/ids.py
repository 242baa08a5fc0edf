"""Identifiers: UUIDv7 (RFC 9562) from a caller-supplied time and random bytes.

Time-ordered ids keep database indexes compact; ordering of business events never relies
on them (that is ``seq``), so a wrong terminal clock only makes an id less sortable.
"""

from __future__ import annotations

import re
import uuid

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def uuid7(unix_ms: int, random_bytes: bytes) -> str:
    """A UUIDv7 string from milliseconds since the epoch and 10 random bytes."""
    if len(random_bytes) < 10:
        raise ValueError("uuid7 needs 10 random bytes")
    if not 0 <= unix_ms < 2**48:
        raise ValueError("uuid7 time out of range")
    rand = int.from_bytes(random_bytes[:10], "big")
    rand_a = (rand >> 62) & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (unix_ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and UUID_RE.fullmatch(text) is not None
