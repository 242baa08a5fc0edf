"""``bisama-sync server …`` and ``bisama-sync tenant where``: the tenant directory's
commands (which database servers there are, where each tenant lives). Placing a new
tenant is ``tenant create --database-server NAME [--own-database]``."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import cli_actor, database_options, emit, table
from sync_server.cli_server import _open


def cmd_server_add(args: argparse.Namespace) -> int:
    from sync_server.directory.admin import add_server

    ctx = _open(args)
    try:
        data = add_server(ctx, cli_actor(), name=args.name, url=args.url, default=args.default,
                          new_tenants=not args.no_new_tenants)
    finally:
        ctx.close()
    emit(args, data, f"Added database server {data['name']} ({data['url']})"
         f"{', the default for new tenants' if data['default'] else ''}"
         f"{', taking no new tenants' if not data['new_tenants'] else ''}. Its password, if "
         f"it needs one: {data['password_from']} or /etc/bisama/servers/{data['name']}.secret.")
    return 0


def cmd_server_list(args: argparse.Namespace) -> int:
    from sync_server.directory.admin import list_servers

    ctx = _open(args)
    try:
        rows = list_servers(ctx)
    finally:
        ctx.close()
    emit(args, rows, lambda r: table(r, ("name", "engine", "url", "default", "new_tenants",
                                         "tenants")))
    return 0


def cmd_server_check(args: argparse.Namespace) -> int:
    from sync_server.directory.admin import check_servers

    ctx = _open(args)
    try:
        rows = check_servers(ctx)
    finally:
        ctx.close()
    emit(args, rows, lambda r: table(r, ("server", "database", "tenants", "revision", "ok",
                                         "problem")))
    return 0 if all(r["ok"] for r in rows) else 1


def cmd_server_upgrade(args: argparse.Namespace) -> int:
    from sync_server.directory.admin import upgrade_servers

    ctx = _open(args)
    try:
        rows = upgrade_servers(ctx)
    finally:
        ctx.close()
    emit(args, rows, lambda r: table(r, ("server", "database", "before", "after", "ok",
                                         "problem")))
    return 0 if all(r["ok"] for r in rows) else 1


def cmd_tenant_where(args: argparse.Namespace) -> int:
    from sync_server.directory.admin import where

    ctx = _open(args)
    try:
        data = where(ctx, args.domain)
    finally:
        ctx.close()
    database = "its server's database" if data["database"] is None else data["database"]
    emit(args, data, f"{data['domain']} (tenant {data['tenant_id']}) lives on server "
         f"{data['server']}, {database} ({data['url']}); {data['state']}, epoch {data['epoch']}.")
    return 0


def add_placement_options(parser: argparse.ArgumentParser, *,
                          default: str = "the server marked default, else the system "
                                         "database") -> None:
    """``tenant create``'s (and ``tenant import``'s) options of the directory."""
    parser.add_argument("--database-server", metavar="NAME",
                        help="the database server to place the tenant on (`bisama-sync server "
                             f"list`; default: {default})")
    parser.add_argument("--own-database", action="store_true",
                        help="give the tenant a database of its own on that server "
                             "(bisama_<domain>, created and upgraded now)")


def add_tenant_directory_commands(tenant: Any, common: argparse.ArgumentParser) -> None:
    p = tenant.add_parser("where", parents=[common],
                          help="which database server and database a tenant lives in")
    p.add_argument("domain", metavar="DOMAIN")
    p.set_defaults(handler=cmd_tenant_where)


def add_directory_commands(commands: Any) -> None:
    common = database_options()
    server = commands.add_parser("server", help="database servers tenants are placed on")
    servers = server.add_subparsers(dest="server_command", metavar="SERVER_COMMAND")
    p = servers.add_parser("add", parents=[common], help="add a database server")
    p.add_argument("name", metavar="NAME", help="its name, e.g. pg-accra-1")
    p.add_argument("--url", required=True,
                   help="its URL without the password, naming its shared database, e.g. "
                        "postgresql://bisama@db2.example/bisama")
    p.add_argument("--default", action="store_true",
                   help="place new tenants here unless `tenant create` says otherwise")
    p.add_argument("--no-new-tenants", action="store_true",
                   help="place no new tenants here (the tenants already here stay)")
    p.set_defaults(handler=cmd_server_add)
    p = servers.add_parser("list", parents=[common],
                           help="the database servers and how many tenants each holds")
    p.set_defaults(handler=cmd_server_list)
    p = servers.add_parser("check", parents=[common],
                           help="does each tenant database answer, at this server's schema?")
    p.set_defaults(handler=cmd_server_check)
    p = servers.add_parser("upgrade", parents=[common],
                           help="bring every tenant database to this server's schema "
                                "(back them up first)")
    p.set_defaults(handler=cmd_server_upgrade)
