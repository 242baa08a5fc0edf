"""Errors the server's services raise on purpose. Each has a stable ``code`` and a
message that says what happened and what to do; the CLI prints the message (exit 2) and
the web API returns it as ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from shared.errors import BisamaError


class NotFound(BisamaError, LookupError):
    code = "not_found"


class AlreadyExists(BisamaError, ValueError):
    code = "already_exists"


class Invalid(BisamaError, ValueError):
    code = "invalid"


class Refused(BisamaError):
    """An action that is understood but not allowed in the current state."""

    code = "refused"
