"""The quick-key commands of ``bisama-sync``: the pages of the tills' quick-key grid for
goods without a barcode (bread, kenkey, sachet water), set at head office and sent to
every till of the tenant with its next pull (``sync_server.catalogue.quick_keys``)."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import cli_actor, database_options, emit, table
from sync_server.cli_server import _open


def _with_scope(args: argparse.Namespace, work: Any) -> Any:
    from sync_server.tenants.services import require_tenant

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            return work(ctx, scope)
    finally:
        ctx.close()


def cmd_quick_keys_set(args: argparse.Namespace) -> int:
    from sync_server.catalogue.quick_keys import set_quick_keys

    done = _with_scope(args, lambda ctx, scope: set_quick_keys(
        ctx, scope, cli_actor(), code=args.page, name=args.name or args.page, skus=args.skus,
        position=args.position))
    emit(args, done, f"Quick-key page {done['name']} ({done['code']}, place {done['position']}): "
         f"{len(done['skus'])} key(s). The tills show it from their next sync.")
    return 0


def cmd_quick_keys_remove(args: argparse.Namespace) -> int:
    from sync_server.catalogue.quick_keys import remove_quick_keys

    _with_scope(args, lambda ctx, scope: remove_quick_keys(ctx, scope, cli_actor(), args.page))
    emit(args, {"code": args.page, "removed": True},
         f"Quick-key page {args.page} removed; the tills drop it from their next sync.")
    return 0


def cmd_quick_keys_list(args: argparse.Namespace) -> int:
    from sync_server.catalogue.quick_keys import quick_key_pages

    pages = _with_scope(args, lambda ctx, scope: list(quick_key_pages(scope).values()))
    rows = [{"position": p["position"], "page": p["code"], "name": p["name"],
             "keys": " ".join(p["skus"])} for p in pages]
    emit(args, pages, lambda _p: table(rows, ("position", "page", "name", "keys")))
    return 0


def add_quick_key_commands(commands: Any) -> None:
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [common, tenant_opt]
    group = commands.add_parser("quick-keys",
                                help="the tills' quick-key grid for goods without a barcode")
    sub = group.add_subparsers(dest="quick_keys_command", metavar="QUICK_KEYS_COMMAND")
    p = sub.add_parser(
        "set", parents=both, help="create or replace a page of quick keys",
        description="Set a page of the tills' quick-key grid: its products in the order "
                    "of the keys (up to 24; digits 1–9 pick the first nine on the till).")
    p.add_argument("--page", required=True, metavar="CODE", help="the page's code, e.g. BREAD")
    p.add_argument("--name", help="the name on the till's tab, e.g. Bread (default: the code)")
    p.add_argument("--position", type=int, metavar="N",
                   help="the page's place among the pages, lowest first (default: last, "
                        "or where it was)")
    p.add_argument("skus", nargs="+", metavar="SKU", help="the products on the keys, in order")
    p.set_defaults(handler=cmd_quick_keys_set)
    p = sub.add_parser("remove", parents=both, help="remove a page of quick keys")
    p.add_argument("--page", required=True, metavar="CODE")
    p.set_defaults(handler=cmd_quick_keys_remove)
    p = sub.add_parser("list", parents=both, help="list the pages of quick keys")
    p.set_defaults(handler=cmd_quick_keys_list)
