"""``python -m hardware``: set up and check a till's printer from the command line.

    python -m hardware status     --config hardware.toml   # what the printer says now
    python -m hardware test-page  --config hardware.toml   # print the test page
    python -m hardware drawer-test --config hardware.toml  # open the cash drawer

To look at what bytes print as, use ``python -m hardware.virtual_printer decode FILE``.

Each command goes through the same worker as the till's receipts (status check, short
timeouts, print confirmation), so what works here works at the till.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hardware.config import HardwareConfig, HardwareConfigError, PrinterConfig, load_config
from hardware.documents import ReportDoc, ReportRow, ReportSection, Seller
from hardware.memory_store import MemoryJobStore
from hardware.print_queue import PrinterState
from hardware.worker import Outcome, PrintWorker


def _now() -> datetime:
    return datetime.now(UTC)


def _load(path: Path) -> tuple[HardwareConfig, PrinterConfig]:
    config = load_config(path)
    if config.printer is None:
        raise HardwareConfigError(f"{path} has no [printer] section")
    return config, config.printer


def test_page_doc(config: HardwareConfig, printer: PrinterConfig, when: datetime) -> ReportDoc:
    t = printer.timeouts
    rows = (ReportRow("Connection", printer.describe()),
            ReportRow("Status replies", "yes" if printer.two_way else "no (one-way connection)"),
            ReportRow("Timeouts", f"connect {t.connect_ms} ms, status {t.status_ms} ms"),
            ReportRow("Drawer", f"pin {config.drawer.pin}, {config.drawer.pulse_ms} ms pulse"
                      if config.drawer.enabled else "not used"))
    return ReportDoc(kind="test_page", title="TEST PAGE",
                     seller=Seller(name="Bisama POS", branch="Printer test page", address="",
                                   phone="", tin=None),
                     printed_for="Printer set-up check", issued_at=when.strftime("%Y-%m-%d %H:%M"),
                     sections=(ReportSection("This printer", rows),),
                     footer="If every line above is straight and complete, the printer is ready.")


def cmd_status(args: argparse.Namespace) -> int:
    config, printer = _load(args.config)
    worker = PrintWorker(MemoryJobStore(), printer, clock=_now, drawer=config.drawer)
    report = worker.check_printer()
    print(f"{printer.describe()}: {report.state.value} — {report.detail}")
    return 0 if report.state is PrinterState.READY else 1


def cmd_test_page(args: argparse.Namespace) -> int:
    config, printer = _load(args.config)
    store = MemoryJobStore()
    now = _now()
    store.add("test_page", "test page", test_page_doc(config, printer, now).to_json(), now)
    worker = PrintWorker(store, printer, clock=_now, drawer=config.drawer)
    attempt = worker.run_once()
    if attempt is None:
        print("nothing was printed", file=sys.stderr)
        return 1
    print(attempt.message)
    if attempt.outcome is Outcome.PRINTED and not printer.two_way:
        print("(this connection cannot confirm printing: check the paper)")
    return 0 if attempt.outcome is Outcome.PRINTED else 1


def cmd_drawer_test(args: argparse.Namespace) -> int:
    config, printer = _load(args.config)
    if not config.drawer.enabled:
        print("the drawer is switched off in the configuration ([drawer] enabled = false)")
        return 1
    worker = PrintWorker(MemoryJobStore(), printer, clock=_now, drawer=config.drawer)
    future = worker.open_drawer(_now() + timedelta(seconds=10))
    worker.run_once()
    opened = future.result(timeout=1)
    print(f"drawer pulse sent on pin {config.drawer.pin}" if opened else
          f"the drawer could not be opened: {worker.check_printer().detail}")
    return 0 if opened else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hardware", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (("status", cmd_status, "ask the printer for its status"),
                             ("test-page", cmd_test_page, "print the test page"),
                             ("drawer-test", cmd_drawer_test, "open the cash drawer")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--config", type=Path, default=Path("hardware.toml"),
                       help="the till's hardware configuration (TOML or JSON)")
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except HardwareConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return result
