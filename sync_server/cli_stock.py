"""``bisama-sync stock receive|transfer|adjust|reorder``: stock from head office (issue [12]
scope 4), a thin layer over ``sync_server.stock.office`` and ``stock.reorder`` (the
dashboard's Stock office pages call the same services)."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import UsageError, cli_actor, table
from sync_server.cli_purchases import _run

DOC_COLUMNS = ("number", "kind", "status", "date", "branch", "to_branch", "value", "supplier",
               "document_no", "reason_name", "created_by")


def _lines(texts: list[str] | None) -> list[Any]:
    from sync_server.stock.office import parse_line

    if not texts:
        raise UsageError("give at least one --line SKU:QTY")
    return [parse_line(t) for t in texts]


def _day(ctx: Any, args: argparse.Namespace) -> str:
    from sync_server.clock import today

    return str(args.date or today(ctx.clock).isoformat())


def _doc_text(data: dict[str, Any]) -> str:
    head = f"{data['number']} ({data['kind']}, {data['status']}) {data['date']} value {data['value']}"
    rows = table(data["lines"], ("sku", "name", "qty", "unit_cost", "value", "received"))
    return f"{head}\n{rows}"


def cmd_receive(args: argparse.Namespace) -> int:
    from sync_server.stock.office import receive

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = receive(ctx, scope, cli_actor(), branch=a.branch, supplier=a.supplier,
                       document_no=a.delivery_note, lines=_lines(a.line), day=_day(ctx, a),
                       location=a.location, bill_invoice=a.bill, bill_tax_code=a.bill_tax_code)
        return data, _doc_text
    return _run(args, work)


def cmd_transfer_send(args: argparse.Namespace) -> int:
    from sync_server.stock.office import send_transfer

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = send_transfer(ctx, scope, cli_actor(), from_branch=a.from_branch,
                             to_branch=a.to_branch, lines=_lines(a.line), day=_day(ctx, a),
                             from_location=a.from_location, to_location=a.to_location,
                             note=a.note or "")
        return data, _doc_text
    return _run(args, work)


def cmd_transfer_receive(args: argparse.Namespace) -> int:
    from sync_server.stock.office import parse_line, receive_transfer

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        got = {ln.sku: ln.qty for ln in (parse_line(t) for t in (a.received or []))}
        data = receive_transfer(ctx, scope, cli_actor(), a.number, day=_day(ctx, a), received=got)
        return data, _doc_text
    return _run(args, work)


def cmd_transfer_list(args: argparse.Namespace) -> int:
    from sync_server.stock.office import in_transit, list_documents

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        if a.in_transit:
            data = in_transit(scope, a.branch)
            return data, lambda d: table(d["transfers"], DOC_COLUMNS) + (
                f"\nIn transit: {d['value']} (1210 Goods in Transit: {d['account_1210']})")
        rows = list_documents(scope, kind="transfer", branch=a.branch)
        return rows, lambda r: table(r, DOC_COLUMNS)
    return _run(args, work)


def cmd_adjust_add(args: argparse.Namespace) -> int:
    from sync_server.stock.office import adjust

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = adjust(ctx, scope, cli_actor(), branch=a.branch, reason=a.reason,
                      lines=_lines(a.line), day=_day(ctx, a), note=a.note or "", location=a.location)
        return data, _doc_text
    return _run(args, work)


def cmd_adjust_decide(args: argparse.Namespace) -> int:
    from sync_server.stock.office import decide_adjustment

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = decide_adjustment(ctx, scope, cli_actor(), a.number, approve=a.approve,
                                 reason=getattr(a, "reason", "") or "")
        return data, _doc_text
    return _run(args, work)


def cmd_adjust_list(args: argparse.Namespace) -> int:
    from sync_server.stock.office import list_documents

    return _run(args, lambda ctx, scope, a: (list_documents(
        scope, kind="adjust", status="pending" if a.pending else None, branch=a.branch),
        lambda r: table(r, DOC_COLUMNS)))


def cmd_adjust_limit(args: argparse.Namespace) -> int:
    from sync_server.stock.office import set_adjust_limit

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        limit = set_adjust_limit(ctx, scope, cli_actor(), a.amount)
        return {"adjust_limit": limit}, (f"Adjustments worth more than {limit} now wait for "
                                         "a second person's approval.")
    return _run(args, work)


def cmd_reorder_set(args: argparse.Namespace) -> int:
    from sync_server.stock.reorder import set_reorder_level

    def work(ctx: Any, scope: Any, a: argparse.Namespace) -> tuple[Any, Any]:
        data = set_reorder_level(ctx, scope, cli_actor(), branch=a.branch, sku=a.sku,
                                 level=a.level, target=a.target or "")
        return data, (f"{data['sku']} at {data['branch']}: reorder below {data['level']}, "
                      f"up to {data['target']}.")
    return _run(args, work)


def cmd_reorder_list(args: argparse.Namespace) -> int:
    from sync_server.stock.reorder import reorder_list

    return _run(args, lambda ctx, scope, a: (reorder_list(scope, a.branch), lambda r: table(
        r, ("branch", "sku", "name", "on_hand", "in_transit", "level", "target", "suggested",
            "value"))))


def add_stock_office_commands(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``receive``, ``transfer …``, ``adjust …`` and ``reorder …`` to ``stock``."""
    from sync_server.stock.office import REASONS

    line_help = "SKU:QTY (base units), repeat for each line"
    p = sub.add_parser("receive", parents=parents, help="receive goods at a branch from a supplier",
                       description="Goods received at a branch, posted as a till's receipt "
                                   "(Dr 1200 / Cr 2000 at the supplier's cost), optionally "
                                   "with the supplier's bill. The branch's tills get the new "
                                   "levels through the feed.")
    p.add_argument("--branch", required=True)
    p.add_argument("--supplier", required=True)
    p.add_argument("--delivery-note", required=True, metavar="NUMBER")
    p.add_argument("--line", action="append", metavar="SKU:QTY:UNIT_COST", required=True,
                   help="a product, quantity and unit cost per base unit; repeat")
    p.add_argument("--location", help="default: the branch's shop floor")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--bill", metavar="INVOICE", help="also enter the supplier's bill (invoice no.)")
    p.add_argument("--bill-tax-code", default="B", choices=("A", "B", "C", "D"),
                   help="the bill's tax code (default B, standard rated)")
    p.set_defaults(handler=cmd_receive)

    transfer = sub.add_parser("transfer", help="transfers between branches (goods in transit)")
    tsub = transfer.add_subparsers(dest="transfer_command", metavar="TRANSFER_COMMAND")
    p = tsub.add_parser("send", parents=parents, help="send goods to another branch",
                        description="The goods leave the sending branch at average cost and "
                                    "are in transit (1210) until received.")
    p.add_argument("--from", dest="from_branch", required=True, metavar="BRANCH")
    p.add_argument("--to", dest="to_branch", required=True, metavar="BRANCH")
    p.add_argument("--line", action="append", metavar="SKU:QTY", required=True, help=line_help)
    p.add_argument("--from-location")
    p.add_argument("--to-location")
    p.add_argument("--note")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    p.set_defaults(handler=cmd_transfer_send)
    p = tsub.add_parser("receive", parents=parents, help="receive a transfer at its branch",
                        description="Book what arrived (default: all that was sent); what "
                                    "did not arrive is a loss (Dr 5000).")
    p.add_argument("number", metavar="TRF-NUMBER")
    p.add_argument("--received", action="append", metavar="SKU:QTY",
                   help="what arrived of a line, if not all of it; repeat")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    p.set_defaults(handler=cmd_transfer_receive)
    p = tsub.add_parser("list", parents=parents, help="list transfers (or those in transit)")
    p.add_argument("--branch")
    p.add_argument("--in-transit", action="store_true",
                   help="only goods in transit, with the balance of 1210")
    p.set_defaults(handler=cmd_transfer_list)

    adj = sub.add_parser("adjust", help="stock adjustments with a reason and approval")
    asub = adj.add_subparsers(dest="adjust_command", metavar="ADJUST_COMMAND")
    p = asub.add_parser("add", parents=parents, help="adjust stock with a reason",
                        description="A signed change at average cost (Dr/Cr 1200 against "
                                    "5000); above the approval limit it waits for a second "
                                    "person.")
    p.add_argument("--branch", required=True)
    p.add_argument("--reason", required=True, choices=REASONS)
    p.add_argument("--line", action="append", metavar="SKU:QTY", required=True,
                   help="a product and the signed change (-2 takes two out); repeat")
    p.add_argument("--note")
    p.add_argument("--location")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    p.set_defaults(handler=cmd_adjust_add)
    p = asub.add_parser("approve", parents=parents, help="approve (post) a waiting adjustment")
    p.add_argument("number", metavar="ADJ-NUMBER")
    p.set_defaults(handler=cmd_adjust_decide, approve=True)
    p = asub.add_parser("reject", parents=parents, help="reject a waiting adjustment")
    p.add_argument("number", metavar="ADJ-NUMBER")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_adjust_decide, approve=False)
    p = asub.add_parser("list", parents=parents, help="list adjustments")
    p.add_argument("--branch")
    p.add_argument("--pending", action="store_true", help="only those waiting for approval")
    p.set_defaults(handler=cmd_adjust_list)
    p = asub.add_parser("limit", parents=parents,
                        help="the value above which an adjustment needs a second person")
    p.add_argument("amount", metavar="AMOUNT", help="in cedis, e.g. 500.00")
    p.set_defaults(handler=cmd_adjust_limit)

    reorder = sub.add_parser("reorder", help="reorder levels and the reorder list")
    rsub = reorder.add_subparsers(dest="reorder_command", metavar="REORDER_COMMAND")
    p = rsub.add_parser("set", parents=parents, help="set a product's reorder level at a branch")
    p.add_argument("--branch", required=True)
    p.add_argument("--sku", required=True)
    p.add_argument("--level", required=True, help="reorder below this quantity (0: never)")
    p.add_argument("--target", help="order up to this quantity (default: twice the level)")
    p.set_defaults(handler=cmd_reorder_set)
    p = rsub.add_parser("list", parents=parents,
                        help="what to reorder: below level, with a suggested quantity")
    p.add_argument("--branch")
    p.set_defaults(handler=cmd_reorder_list)


__all__ = ["add_stock_office_commands"]
