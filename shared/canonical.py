"""Canonical encoding for hashing and signing: RFC 8785 (JSON Canonicalization Scheme).

Keys sorted, no whitespace, UTF-8, and numbers only as integers — a float anywhere in
a signed structure is refused, because money is integer pesewas and quantities are
decimal strings. ``freeze``/``thaw`` turn JSON data into read-only structures and back so
that an envelope's payload cannot be changed after it is hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import orjson
import rfc8785

from shared.errors import BisamaError


class EncodingError(BisamaError, ValueError):
    code = "malformed"


_SAFE_INT = 2**53 - 1


class _NotJson(Exception):
    """Raised by the fast walk; the slow walk then finds the path for the message."""


def _plain(value: Any, keys_ascii: list[bool]) -> Any:
    """``value`` as plain dicts and lists if it is encodable JSON data (no floats,
    safe integers, text keys), in one pass. ``keys_ascii[0]`` is cleared when an object
    key is not ASCII (the fast encoder is exact only for ASCII keys)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        if -_SAFE_INT <= value <= _SAFE_INT:
            return value
        raise _NotJson
    if kind is dict or isinstance(value, Mapping):
        plain = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _NotJson
            if not key.isascii():
                keys_ascii[0] = False
            plain[key] = _plain(item, keys_ascii)
        return plain
    if kind is list or kind is tuple:
        return [_plain(item, keys_ascii) for item in value]
    raise _NotJson


def _problem(value: Any, path: str) -> EncodingError | None:
    """The first thing that cannot be encoded, named by its path."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return None if abs(value) <= _SAFE_INT else EncodingError(
            f"{path}: integer {value} is too large to encode")
    if isinstance(value, float):
        return EncodingError(f"{path}: floats are not allowed; use integer pesewas or a decimal string")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return EncodingError(f"{path}: object keys must be text")
            found = _problem(item, f"{path}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _problem(item, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    return EncodingError(f"{path}: {type(value).__name__} cannot be encoded")


def to_plain(value: Any) -> tuple[Any, bool]:
    """Checked plain JSON data and whether all its keys are ASCII."""
    keys_ascii = [True]
    try:
        return _plain(value, keys_ascii), keys_ascii[0]
    except _NotJson:
        problem = _problem(value, "$")
        raise problem or EncodingError("$: cannot be encoded") from None


def canonical_bytes(value: Any) -> bytes:
    """The RFC 8785 encoding of JSON data (floats refused).

    For data whose object keys are all ASCII — every envelope and payload we define —
    RFC 8785 output is exactly what ``orjson`` writes with sorted keys (no whitespace,
    UTF-8, the same string escapes, integers only), many times faster than the reference
    implementation; property tests pin the two together. Anything else goes through the
    ``rfc8785`` package itself."""
    plain, keys_ascii = to_plain(value)
    try:
        if keys_ascii:
            return orjson.dumps(plain, option=orjson.OPT_SORT_KEYS)
        return rfc8785.dumps(plain)
    except (orjson.JSONEncodeError, rfc8785.CanonicalizationError) as exc:
        raise EncodingError(f"$: text cannot be encoded as UTF-8 ({exc})") from None


def _unwrap(value: Any) -> Any:
    if type(value) is MappingProxyType:
        return dict(value)
    raise TypeError(f"{type(value).__name__} cannot be encoded")


def canonical_bytes_of_checked(value: Any) -> bytes:
    """The RFC 8785 encoding of data that our strict parsers (or ``seal``) already
    checked: only ASCII field names, integers, text, booleans and nulls, in dicts, lists,
    tuples and read-only mappings. Skips the Python-level walk of ``canonical_bytes`` —
    the C encoder does everything. Given anything else it can only produce different
    bytes (a float prints as ``1.0``) or fail, so a hash check over it fails rather than
    passes."""
    try:
        return orjson.dumps(value, default=_unwrap, option=orjson.OPT_SORT_KEYS)
    except (TypeError, ValueError) as exc:
        raise EncodingError(f"$: cannot be encoded ({exc})") from None


def reference_canonical_bytes(value: Any) -> bytes:
    """The ``rfc8785`` package's encoding, always (for tests and cross-checks)."""
    return rfc8785.dumps(to_plain(value)[0])


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SCALARS = frozenset((str, int, bool, type(None)))


def freeze(value: Any) -> Any:
    """JSON data → read-only mappings and tuples (deeply)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    # Scalars are most of a payload: leave them where they are without a call each.
    scalars = _SCALARS
    if kind is dict:
        return MappingProxyType({k: v if type(v) in scalars else freeze(v)
                                 for k, v in value.items()})
    if kind is list:
        return tuple([v if type(v) in scalars else freeze(v) for v in value])
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Read-only structures → plain dicts and lists (for encoding and JSON output)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is MappingProxyType or kind is dict:
        return {k: thaw(v) for k, v in value.items()}
    if kind is tuple or kind is list:
        return [thaw(v) for v in value]
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
