"""Changing a user after they were added (the dashboard's back office): name, role,
branch, switching them off or on, a new PIN or password, unlocking after too many
wrong passwords. Audited and sent to the tills through the pull feed (a till must stop
accepting the PIN of someone switched off)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.sync.changes import Change, record_changes
from sync_server.tenants.models import ROLES, Branch, User


def update_user(ctx: ServerContext, scope: TenantScope, actor: Actor, *, email: str,
                name: str | None = None, role: str | None = None,
                branch: str | None = None, active: bool | None = None,
                pin: str | None = None, password: str | None = None,
                unlock: bool = False) -> dict[str, Any]:
    user = scope.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise NotFound(f"{email} is not a user of this business.")
    changed: dict[str, Any] = {}
    if name is not None and name.strip() and name.strip() != user.name:
        user.name = name.strip()[:200]
        changed["name"] = user.name
    new_role = role or user.role
    new_branch = branch if branch is not None else user.branch_code
    if new_role not in ROLES:
        raise Invalid(f"“{new_role}” is not a role: director, accountant, manager or user "
                      "(cashier).")
    if new_branch == "":
        new_branch = None
    if new_branch is not None and scope.get(Branch, new_branch) is None:
        raise NotFound(f"Branch {new_branch} does not exist.")
    if new_branch is None and new_role not in ("director", "accountant"):
        raise Invalid("Managers and cashiers belong to a branch: choose one.")
    if new_role != user.role:
        changed["role"] = new_role
        user.role = new_role
    if new_branch != user.branch_code:
        changed["branch"] = new_branch
        user.branch_code = new_branch
    if active is not None and (user.status == "active") != active:
        user.status = "active" if active else "inactive"
        changed["status"] = user.status
    if pin:
        user.pin_hash = ctx.hasher.hash_pin(pin)
        changed["pin"] = "changed"
    if password:
        user.password_hash = ctx.hasher.hash_password(password)
        changed["password"] = "changed"  # noqa: S105 - the audit says it changed, never what to
    if unlock and (user.locked_until is not None or user.failed_logins):
        user.locked_until = None
        user.failed_logins = 0
        changed["unlocked"] = True
    if not changed:
        return {"email": user.email, "changed": {}}
    user.updated_at = ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "user.edit", subject=user.email, detail=changed)
    record_changes(scope, [Change("user", user.email)])
    return {"email": user.email, "changed": changed}


def check_manager_may(scope: TenantScope, own_branch: str | None, *, email: str | None,
                      role: str | None, branch: str | None) -> None:
    """A branch manager manages the cashiers (role ``user``) of their own branch: adds
    them, renames them, switches them off or on, gives a new PIN or password, unlocks
    them; never someone of another branch, never another role (nor raising a cashier's).
    ``email`` None: adding. Raises ``Refused`` in the shop's words."""
    if own_branch is None:
        raise Refused("A manager without a branch manages no one; ask a director.")
    if role not in (None, "", "user"):
        raise Refused(f"A branch manager adds and changes cashiers only; making someone a "
                      f"{role} is for a director.")
    if branch not in (None, own_branch):
        raise Refused(f"A branch manager manages the cashiers of {own_branch} only; "
                      f"{branch or 'no branch'} is for a director.")
    if email is None:
        return
    user = scope.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or user.branch_code != own_branch:
        raise NotFound(f"{email} is not a cashier of {own_branch}.")
    if user.role != "user":
        raise Refused(f"{user.name} is a {user.role}: only a director changes them.")
