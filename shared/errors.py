"""Errors raised at every boundary of the domain core.

Each error has a stable ``code`` (used in the sync protocol and in logs) and a message
written for the person who meets it: what happened and what to do. Errors are values the
caller can show; none of them is ever swallowed inside ``shared``.
"""

from __future__ import annotations


class BisamaError(Exception):
    """Base of every error the domain core raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidAmount(BisamaError, ValueError):
    """An amount of money or a quantity that cannot be read or is out of range."""

    code = "invalid_amount"


class TaxError(BisamaError, ValueError):
    """A tax computation that cannot be done (unknown code, no regime on that date)."""

    code = "tax_error"


class UnbalancedJournal(BisamaError):
    """A journal whose debits and credits differ. Always a bug: never posted."""

    code = "unbalanced_journal"


class PostingError(BisamaError, ValueError):
    """A business event that cannot be turned into a journal (bad payload values)."""

    code = "posting_error"


class ReturnError(BisamaError, ValueError):
    """A return asking for more than was sold, or for a line that was not sold."""

    code = "return_error"


class Malformed(BisamaError, ValueError):
    """A field of an envelope or payload that is missing, of the wrong type or out of
    range. ``field`` is its path, e.g. ``payload.lines[2].qty``."""

    code = "malformed"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
