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


def _return_text(data: dict[str, Any]) -> str:
    from shared.money import Money

    def m(value: int) -> str:
        return f"{Money(value)!s:>14}"

    lines = [f"VAT return for {data['period']} ({data['from']} to {data['to']}); "
             f"due {data['due']}", ""]
    lines += [f"  {s['label']:<28}{m(s['value'])}" for s in data["supplies"]]
    lines += ["", f"  {'':<12}{'output':>14}{'input':>14}{'payable':>14}"]
    lines += [f"  {t['tax']:<12}{m(t['output'])}{m(t['input'])}{m(t['payable'])}"
              for t in data["taxes"]]
    lines += [f"  {'Total payable':<40}{m(data['total_payable'])}"]
    if data["other_ledger_items"]:
        lines += ["", "Posted in the month but not the month's own trade (in the ledger, not "
                  "in this return):"]
        lines += [f"  {i['date']} {i['reference']}: {i['why']} ({Money(i['total'])})"
                  for i in data["other_ledger_items"]]
    return "\n".join(lines)


def cmd_tax_return(args: argparse.Namespace) -> int:
    from sync_server.closing.vat_return import vat_return
    from sync_server.tenants.services import require_tenant

    ctx = _open(args)
    try:
        tenant = require_tenant(ctx, args.tenant)
        with ctx.scope(tenant.id) as scope:
            data = vat_return(scope, args.period)
    finally:
        ctx.close()
    emit(args, data, _return_text)
    return 0


def add_tax_commands(tax_commands: Any) -> None:
    from sync_server.cli import _parse_period

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
    p = tax_commands.add_parser(
        "return", parents=[common, tenant_opt],
        help="the month's VAT return: supplies, output and input tax, payable, due date",
        description="The figures of GRA's monthly VAT return: standard-rated, zero-rated, "
                    "exempt and non-taxable supplies; output VAT, NHIL and GETFund on the "
                    "month's sales less refunds; input tax on its bills and expenses; the "
                    "net payable and the due date (the last working day of the next month).")
    p.add_argument("--period", type=_parse_period, required=True, metavar="YYYY-MM")
    p.set_defaults(handler=cmd_tax_return)
