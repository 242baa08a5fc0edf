"""The tax-registration commands of ``bisama-sync``: a tenant's VAT registration and TIN
after onboarding, effective from a date (``tax register``), and their history
(``tax registrations``). The same service as the dashboard's tax profile form."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import _parse_day, cli_actor, database_options, emit, table
from sync_server.cli_server import _open


def cmd_tax_register(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import require_tenant
    from sync_server.tenants.tax_profile import record_registration

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            done = record_registration(ctx, scope, cli_actor(), effective_from=args.effective_from,
                                       vat_registered=args.vat_registered, tin=args.tin,
                                       note=args.note)
    finally:
        ctx.close()
    emit(args, done, f"{tenant.domain}: from {done['effective_from']} {done['status']}"
         f"{' (TIN ' + done['tin'] + ')' if done['tin'] else ''}. The tills charge accordingly "
         "from their next sync.")
    return 0


def cmd_tax_registrations(args: argparse.Namespace) -> int:
    from sync_server.tenants.services import require_tenant
    from sync_server.tenants.tax_profile import registration_entries

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            rows = [{"entry": e.entry, "from": e.effective_from,
                     "vat_registered": e.vat_registered, "tin": e.tin, "note": e.note,
                     "recorded_at": e.recorded_at.isoformat(), "recorded_by": e.recorded_by}
                    for e in registration_entries(scope)]
    finally:
        ctx.close()
    emit(args, rows, lambda r: table(r, ("entry", "from", "vat_registered", "tin", "note",
                                         "recorded_by")))
    return 0


def add_tax_commands(tax_commands: Any) -> None:
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    p = tax_commands.add_parser(
        "register", parents=[common, tenant_opt],
        help="record a change of VAT registration or TIN, from a date on",
        description="Add an entry to the tenant's VAT registration history. Sales from "
                    "the date on are taxed by it (no VAT, NHIL or GETFund when not "
                    "registered); earlier sales keep theirs. Today or a later date.")
    p.add_argument("--from", dest="effective_from", type=_parse_day, required=True,
                   metavar="YYYY-MM-DD", help="the first day the change applies")
    status = p.add_mutually_exclusive_group(required=True)
    status.add_argument("--vat-registered", dest="vat_registered", action="store_true",
                        help="VAT-registered from that day (needs a TIN)")
    status.add_argument("--not-vat-registered", dest="vat_registered", action="store_false",
                        help="not VAT-registered from that day: no VAT, NHIL or GETFund")
    p.add_argument("--tin", help="the GRA taxpayer identification number (default: the current)")
    p.add_argument("--note", help="why, e.g. the certificate's reference")
    p.set_defaults(handler=cmd_tax_register)
    p = tax_commands.add_parser("registrations", parents=[common, tenant_opt],
                                help="list the tenant's VAT registration history")
    p.set_defaults(handler=cmd_tax_registrations)
