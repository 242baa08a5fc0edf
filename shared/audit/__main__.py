"""``python -m shared.audit verify DIR``: check an auditor's export without our server.
Prints each finding and a summary; exit status 0 when the export is good, 1 when it is
not, 2 on bad arguments.

``python -m shared.audit receipt TEXT --key HEX``: check one receipt's verifiable QR
with the till's public key (``shared.audit.receipt``), offline; same exit statuses."""

from __future__ import annotations

import argparse
import json
import sys

from shared.audit.verify import verify_export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.audit",
                                     description="Check a Bisama POS auditor's export.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check an export folder")
    verify.add_argument("folder")
    verify.add_argument("--json", action="store_true", help="print the findings as JSON")
    receipt = commands.add_parser("receipt", help="check a receipt's QR text with the till's key")
    receipt.add_argument("text", help="the QR code's text, BSM1|…")
    which = receipt.add_mutually_exclusive_group(required=True)
    which.add_argument("--key", help="the till's public key, 64 hex characters")
    which.add_argument("--export", metavar="DIR",
                       help="an auditor's export: the key from its manifest, and the receipt "
                            "compared with the till's record in it")
    args = parser.parse_args(argv)
    if args.command == "receipt":
        return _receipt(args.text, args.key, args.export)
    report = verify_export(args.folder)
    if args.json:
        print(json.dumps({"ok": report.ok, "tills": report.tills, "envelopes": report.envelopes,
                          "findings": [{"code": f.code, "message": f.message,
                                        "terminal": f.terminal, "seq": f.seq}
                                       for f in report.findings]}))
    else:
        for finding in report.findings:
            print(finding)
        verdict = "GOOD" if report.ok else f"NOT GOOD: {len(report.findings)} finding(s)"
        print(f"{verdict} — {report.tills} till(s), {report.envelopes} envelope(s)")
    return 0 if report.ok else 1


def _receipt(text: str, key: str | None, export: str | None) -> int:
    from shared.audit.receipt import ReceiptError, check_in_export, describe, verify_receipt
    from shared.keys import KeyError_, public_key_from_text

    if export is not None:
        try:
            qr = check_in_export(text, export)
        except ReceiptError as exc:
            print(f"NOT GOOD ({exc.code}): {exc}")
            return 1
        print(f"GOOD — signed by this till and as its record in the export: {describe(qr)}")
        return 0
    assert key is not None
    try:
        public_key = public_key_from_text(key.strip().lower())
    except KeyError_ as exc:
        print(f"--key: {exc}", file=sys.stderr)
        return 2
    try:
        qr = verify_receipt(text, public_key)
    except ReceiptError as exc:
        print(f"NOT GOOD ({exc.code}): {exc}")
        return 1
    print(f"GOOD — signed by this till: {describe(qr)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
