"""``bisama-sync user totp enrol|reset``: two-factor sign-in (``dashboard.totp``) from the
command line — enrol someone whose phone the operator sets up in person (the secret,
the address for the app and the recovery codes are printed once), or forget a lost
phone's secret so the person enrols again at their next sign-in."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import UsageError, cli_actor, emit


def _row_of(args: argparse.Namespace, work: Any) -> dict[str, Any]:
    """Run ``work(ctx, row, scope, business)`` on the user (``--tenant``) or the system
    administrator (no ``--tenant``) with this e-mail."""
    from sqlalchemy import select

    from sync_server.audit.models import SYSTEM_TENANT
    from sync_server.cli_server import _open
    from sync_server.db.scope import TenantScope
    from sync_server.errors import NotFound
    from sync_server.tenants.models import SystemUser, User
    from sync_server.tenants.services import require_tenant

    email = (args.email or "").strip().lower()
    ctx = _open(args)
    try:
        if args.tenant:
            tenant = require_tenant(ctx, args.tenant)
            with ctx.scope(tenant.id) as scope:
                user = scope.scalar(select(User).where(User.email == email).with_for_update())
                if user is None:
                    raise NotFound(f"{email} is not a user of {tenant.domain}.")
                result: dict[str, Any] = work(ctx, user, scope, tenant.name)
                return result
        with ctx.system() as session:
            admin = session.scalar(select(SystemUser).where(SystemUser.email == email)
                                   .with_for_update())
            if admin is None:
                raise NotFound(f"{email} is not a system administrator (give --tenant DOMAIN "
                               "for a user of a business).")
            result = work(ctx, admin, TenantScope(session, SYSTEM_TENANT), None)
            return result
    finally:
        ctx.close()


def cmd_totp_enrol(args: argparse.Namespace) -> int:
    from sync_server.dashboard import totp

    def work(ctx: Any, row: Any, scope: Any, business: str | None) -> dict[str, Any]:
        if row.totp_secret is not None and not args.replace:
            raise UsageError(f"{row.email} already signs in with two-factor; give --replace "
                             "to make a new secret (the old app entry stops working)")
        secret, codes = totp.enrol_now(ctx, row, scope, cli_actor())
        return {"email": row.email, "secret": secret, "uri": totp.uri(secret, row.email, business),
                "recovery_codes": codes}

    data = _row_of(args, work)
    emit(args, data, "\n".join([
        f"Two-factor sign-in is on for {data['email']}.",
        f"Key for the authenticator app (time-based, 6 digits): {data['secret']}",
        f"Or the app's setup address: {data['uri']}",
        "Recovery codes (each works once; shown only now):",
        *(f"  {c}" for c in data["recovery_codes"])]))
    return 0


def cmd_totp_reset(args: argparse.Namespace) -> int:
    from sync_server.dashboard import totp

    data = _row_of(args, lambda ctx, row, scope, _b: totp.reset(ctx, row, scope, cli_actor()))
    emit(args, data, f"Two-factor sign-in of {data['email']} is reset: "
         + ("they set it up again at their next sign-in (or from their account page)."
            if data["was_enrolled"] else "it was not set up."))
    return 0


def add_totp_commands(user: Any, common: argparse.ArgumentParser) -> None:
    """``user totp enrol|reset`` under the ``user`` group of ``cli_admin``."""
    group = user.add_parser("totp", help="two-factor sign-in (authenticator app codes)")
    commands = group.add_subparsers(dest="totp_command", metavar="TOTP_COMMAND")
    for name, handler, text in (
            ("enrol", cmd_totp_enrol, "switch two-factor sign-in on: print the key and "
                                      "recovery codes once"),
            ("reset", cmd_totp_reset, "forget the secret and recovery codes (a lost phone)")):
        p = commands.add_parser(name, parents=[common], help=text)
        p.add_argument("--email", required=True)
        p.add_argument("--tenant", metavar="DOMAIN",
                       help="the user's business (none: a system administrator)")
        if name == "enrol":
            p.add_argument("--replace", action="store_true",
                           help="make a new secret even if one is set up")
        p.set_defaults(handler=handler)
