"""The GRA E-VAT commands of ``bisama-sync`` (docs/evat.md): turn E-VAT on or off for a
tenant with its credentials, see the queue, run the outbox worker, retry refused
submissions and reconcile a day per till."""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any

from sync_server.cli import UsageError, _parse_day, _secret, cli_actor, database_options, emit, table
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


def cmd_evat_enable(args: argparse.Namespace) -> int:
    from sync_server.fiscal.settings import enable

    key = _secret(args.security_key, "security key")
    if not key:
        raise UsageError("give the security key GRA issued (--security-key -, then type it)")
    done = _with_scope(args, lambda ctx, scope: enable(
        ctx, scope, cli_actor(), company_tin=args.tin, security_key=key,
        endpoint_url=args.endpoint, user_name=args.user_name))
    emit(args, done, f"E-VAT is on for TIN {done['company_tin']} at {done['endpoint_url']}. "
         "Sales and refunds stored from now on go to GRA (run `bisama-sync evat run`).")
    return 0


def cmd_evat_disable(args: argparse.Namespace) -> int:
    from sync_server.fiscal.settings import disable

    done = _with_scope(args, lambda ctx, scope: disable(ctx, scope, cli_actor()))
    emit(args, done, "E-VAT is off: new sales are not queued; what is queued is still sent.")
    return 0


def _status(ctx: Any, scope: Any) -> dict[str, Any]:
    from sqlalchemy import func, select

    from sync_server.fiscal.models import EvatSubmission
    from sync_server.fiscal.settings import load, status_json

    data = status_json(load(scope))
    counts = dict(scope.execute(select(EvatSubmission.status, func.count())
                                .group_by(EvatSubmission.status)).all())
    data["queue"] = {s: int(counts.get(s, 0)) for s in ("pending", "failed", "cleared")}
    return data


def cmd_evat_status(args: argparse.Namespace) -> int:
    data = _with_scope(args, _status)
    q = data["queue"]
    text = (f"E-VAT {'on' if data['enabled'] else 'off'}"
            + (f" — TIN {data['company_tin']}, endpoint {data['endpoint_url']}, security key "
               f"{data['security_key']}" if data["company_tin"] else "")
            + f"\nCleared {q['cleared']}, pending {q['pending']}, failed {q['failed']}.")
    emit(args, data, text)
    return 0


def cmd_evat_run(args: argparse.Namespace) -> int:
    from sync_server.fiscal.outbox import OutboxWorker, RunResult

    ctx = _open(args)
    try:
        worker = OutboxWorker(ctx)
        total = RunResult()
        while True:
            result = worker.run_once()
            total.add(result)
            if args.once or (args.until_idle and result.touched == 0):
                break
            time.sleep(args.interval)
    finally:
        ctx.close()
    emit(args, total.to_json() | {"errors": total.errors},
         f"Cleared {total.cleared}, to retry {total.retried}, refused {total.failed}, "
         f"waiting for their sale {total.waiting}."
         + "".join(f"\n  refused: {e}" for e in total.errors))
    return 0


def cmd_evat_retry(args: argparse.Namespace) -> int:
    from sync_server.fiscal.outbox import retry_failed

    if not args.all and not args.envelope:
        raise UsageError("name the submissions to retry (--envelope ID, repeatable) or --all")
    n = _with_scope(args, lambda ctx, scope: retry_failed(
        ctx, scope, None if args.all else list(args.envelope)))
    emit(args, {"requeued": n}, f"{n} refused submission(s) queued again.")
    return 0


def cmd_evat_reconcile(args: argparse.Namespace) -> int:
    from sync_server.fiscal.reconcile import queue_missing, reconcile

    day = (args.date or date.today()).isoformat()  # noqa: DTZ011

    def work(ctx: Any, scope: Any) -> dict[str, Any]:
        queued = queue_missing(scope, day, ctx.clock.now()) if args.queue_missing else 0
        report = reconcile(scope, day)
        report["queued"] = queued
        return report

    report = _with_scope(args, work)
    columns = ("till", "documents", "cleared", "pending", "failed", "missing", "duplicates",
               "balanced")
    verdict = ("Balanced: every sale and refund is cleared or pending, none twice."
               if report["balanced"] else
               "NOT balanced: see missing (queue them with --queue-missing) and duplicates.")
    emit(args, report, f"E-VAT reconciliation {day}\n{table(report['tills'], columns)}\n{verdict}"
         + (f"\nQueued {report['queued']} missing document(s)." if report["queued"] else ""))
    return 0 if report["balanced"] else 1


def add_evat_commands(commands: Any) -> None:
    common = database_options()
    tenant_opt = argparse.ArgumentParser(add_help=False)
    tenant_opt.add_argument("--tenant", required=True, metavar="DOMAIN",
                            help="the tenant's domain, e.g. acme.bisamapos.com")
    both = [common, tenant_opt]
    group = commands.add_parser("evat", help="GRA E-VAT: submit sales and refunds to GRA")
    sub = group.add_subparsers(dest="evat_command", metavar="EVAT_COMMAND")
    p = sub.add_parser("enable", parents=both, help="turn E-VAT on with GRA's credentials",
                       description="Turn GRA E-VAT on for a tenant: sales and refunds stored "
                                   "from now on are queued and submitted to GRA.")
    p.add_argument("--tin", required=True, help="the company's TIN as GRA registered it")
    p.add_argument("--security-key", required=True, metavar="KEY",
                   help="the security key GRA issued; - reads it from standard input")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the E-VAT API address GRA gave (test or live)")
    p.add_argument("--user-name", help="the name sent as the E-VAT user (default: the cashier)")
    p.set_defaults(handler=cmd_evat_enable)
    p = sub.add_parser("disable", parents=both, help="turn E-VAT off (the queue still drains)")
    p.set_defaults(handler=cmd_evat_disable)
    p = sub.add_parser("status", parents=both, help="the E-VAT setting and the queue's counts")
    p.set_defaults(handler=cmd_evat_status)
    p = sub.add_parser("run", parents=[common], help="run the E-VAT outbox worker",
                       description="Submit due sales and refunds of every tenant with E-VAT "
                                   "on, retrying with back-off; runs until stopped.")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--once", action="store_true", help="one pass, then exit")
    how.add_argument("--until-idle", action="store_true",
                     help="repeat until a pass finds nothing due, then exit")
    p.add_argument("--interval", type=float, default=10.0, metavar="SECONDS",
                   help="pause between passes (default 10)")
    p.set_defaults(handler=cmd_evat_run)
    p = sub.add_parser("retry", parents=both, help="queue refused submissions again",
                       description="Put submissions GRA refused back in the queue, once the "
                                   "cause (a customer's TIN, the credentials) is fixed.")
    p.add_argument("--envelope", action="append", metavar="ID", help="one submission's id")
    p.add_argument("--all", action="store_true", help="every refused submission")
    p.set_defaults(handler=cmd_evat_retry)
    p = sub.add_parser("reconcile", parents=both, help="a day's E-VAT reconciliation per till",
                       description="Per till: sales and refunds of the day = cleared + "
                                   "pending (+ refused), none missing, none twice. Exit 1 "
                                   "when not balanced.")
    p.add_argument("--date", type=_parse_day, metavar="YYYY-MM-DD",
                   help="the business date (default: today)")
    p.add_argument("--queue-missing", action="store_true",
                   help="queue the day's documents that are not in the outbox")
    p.set_defaults(handler=cmd_evat_reconcile)
