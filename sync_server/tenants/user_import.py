"""Users from a CSV file at head office (``bisama-sync user import``), read by the till's
own reader (``shared.csv_import``): the same columns (``email,name,role,branch,pin``),
``cashier`` for the role user, no two users with one PIN in a file, any spreadsheet's
encoding; head office also takes ``accountant`` (a group accountant: the PIN is kept
but no till knows them; a password for the dashboard is set afterwards). Each good row
is added as ``user add`` would add it; a row head office refuses
(an unknown branch, a user already there, the role admin) is listed with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.csv_import import ROLES as CSV_ROLES
from shared.csv_import import ImportRejected, read_users, rejected_json
from shared.errors import BisamaError
from sync_server.audit.services import Actor
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.tenants.services import add_user


@dataclass
class UserImportSummary:
    accepted: list[str] = field(default_factory=list)  # the e-mails added
    rejected: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "UTF-8"

    def to_json(self) -> dict[str, Any]:
        return {"accepted": len(self.accepted), "users": self.accepted, "rejected": self.rejected,
                "encoding": self.encoding}


def import_users(ctx: ServerContext, scope: TenantScope, actor: Actor, text: str,
                 *, encoding: str = "UTF-8") -> UserImportSummary:
    try:
        read = read_users(text, encoding=encoding, roles=(*CSV_ROLES, "accountant"))
    except ImportRejected as exc:
        raise Invalid(str(exc)) from None
    summary = UserImportSummary(rejected=rejected_json(read.rejected, key="email"), encoding=encoding)
    for row in read.rows:
        try:
            # Every check of add_user comes before its first write: a refused row adds nothing.
            add_user(ctx, scope, actor, email=row.email, name=row.name, role=row.role,
                     branch=row.branch, pin=row.pin, password=None)
        except BisamaError as exc:
            summary.rejected.append({"line": row.line, "email": row.email, "reason": str(exc)})
            continue
        summary.accepted.append(row.email)
    summary.rejected.sort(key=lambda r: int(r["line"]))
    return summary
