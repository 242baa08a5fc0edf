"""``python -m shared.audit verify DIR``: check an auditor's export without our server.
Prints each finding and a summary; exit status 0 when the export is good, 1 when it is
not, 2 on bad arguments."""

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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
