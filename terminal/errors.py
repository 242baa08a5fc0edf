"""Errors the till's services raise, each in the shop's words: what happened and what
to do. All are ``shared.errors.BisamaError`` subclasses so the UI can show any of them
with ``str(exc)`` and log ``exc.code``."""

from __future__ import annotations

from shared.errors import BisamaError


class TillError(BisamaError):
    """Base of the till's own errors."""

    code = "till_error"


class NotFound(TillError):
    code = "not_found"


class NotAllowed(TillError):
    """The signed-in user may not do this, and no approval was given."""

    code = "not_allowed"


class ApprovalNeeded(NotAllowed):
    """Allowed only with a manager's PIN approval for ``action``."""

    code = "approval_needed"

    def __init__(self, message: str, *, action: str) -> None:
        super().__init__(message)
        self.action = action


class LoginFailed(TillError):
    code = "login_failed"


class AccountLocked(LoginFailed):
    code = "account_locked"


class NotSignedIn(TillError):
    code = "not_signed_in"


class ShiftError(TillError):
    code = "shift_error"


class NoOpenShift(ShiftError):
    code = "no_open_shift"


class CartError(TillError):
    code = "cart_error"


class TenderError(TillError):
    code = "tender_error"


class CreditLimitExceeded(ApprovalNeeded):
    code = "over_credit_limit"


class ImportFailed(TillError):
    """A file to import has bad rows; nothing was imported. ``problems`` lists them."""

    code = "import_failed"

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class StorageFull(TillError):
    code = "storage_full"


class DatabaseDamaged(TillError):
    """The till's database failed its check; ``backup`` is the newest verified backup."""

    code = "database_damaged"

    def __init__(self, message: str, *, backup: str | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class KeyStoreError(TillError):
    code = "key_store"


class SetupError(TillError):
    code = "setup_error"
