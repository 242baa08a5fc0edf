"""``bisama-sync audit export|verify|receipt``: the auditor's export of one tenant's signed
envelopes and its check (``sync_server.auditor``, ``shared.audit``; docs/audit.md), and
the check of one receipt's verifiable QR (``sync_server.auditor.receipt``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, _parse_day, database_options, emit


def cmd_audit_export(args: argparse.Namespace) -> int:
    from sync_server.auditor.export import export_audit
    from sync_server.cli_books import _tenant

    if args.last < args.first:
        raise UsageError("--to is before --from")
    out = Path(args.out)
    if out.exists():
        raise UsageError(f"{out} already exists: name a new folder")
    with _tenant(args) as (ctx, tenant):
        manifest = export_audit(ctx, tenant.id, args.first, args.last, out)
    count = sum(t["count"] for t in manifest["tills"])
    emit(args, {"folder": str(out), "tills": len(manifest["tills"]), "envelopes": count},
         f"Wrote {count} envelopes of {len(manifest['tills'])} till(s) to {out}; check it with "
         f"python -m shared.audit verify {out}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from shared.audit import verify_export

    report = verify_export(str(args.folder))
    data = {"ok": report.ok, "tills": report.tills, "envelopes": report.envelopes,
            "findings": [{"code": f.code, "message": f.message, "terminal": f.terminal,
                          "seq": f.seq} for f in report.findings]}
    text = "\n".join(str(f) for f in report.findings) + ("\n" if report.findings else "")
    text += ("GOOD" if report.ok else f"NOT GOOD: {len(report.findings)} finding(s)") + \
        f" — {report.tills} till(s), {report.envelopes} envelope(s)"
    emit(args, data, text)
    return 0 if report.ok else 1


def cmd_audit_receipt(args: argparse.Namespace) -> int:
    from sync_server.auditor.receipt import ImageError, check_receipt, decode_image
    from sync_server.cli_books import _tenant

    if (args.text is None) == (args.image is None):
        raise UsageError("give the receipt code's TEXT or --image FILE (one of them)")
    text = args.text
    if args.image is not None:
        try:
            text = decode_image(Path(args.image).read_bytes())
        except OSError as exc:
            raise UsageError(f"cannot read {args.image}: {exc.strerror}") from None
        except ImageError as exc:
            raise UsageError(str(exc)) from None
    with _tenant(args) as (ctx, tenant), ctx.scope(tenant.id) as scope:
        verdict = check_receipt(scope, text)
    emit(args, verdict.to_json(), verdict.message)
    return 0 if verdict.ok else 1


def add_audit_commands(commands: Any) -> None:
    group = commands.add_parser("audit", help="the auditor's export of signed envelopes")
    sub = group.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    common = database_options()
    p = sub.add_parser("export", parents=[common],
                       help="write one tenant's envelopes, keys and chain heads to a folder")
    p.add_argument("--tenant", required=True, metavar="DOMAIN")
    p.add_argument("--from", dest="first", required=True, type=_parse_day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, type=_parse_day, metavar="YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="FOLDER", help="a new folder")
    p.set_defaults(handler=cmd_audit_export)
    p = sub.add_parser("verify", help="check an export folder (as python -m shared.audit verify)")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_verify)
    p = sub.add_parser("receipt", parents=[common],
                       help="check a receipt's QR code: signed by the till, as head office holds it")
    p.add_argument("--tenant", required=True, metavar="DOMAIN")
    p.add_argument("text", nargs="?", metavar="TEXT",
                   help="the QR code's text (BSM1|…), as a scanner or a photo reads it")
    p.add_argument("--image", metavar="FILE", help="a photo or scan of the QR code instead")
    p.set_defaults(handler=cmd_audit_receipt)
