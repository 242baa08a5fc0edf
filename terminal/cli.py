"""``bisama-terminal``: the till's command line (thin layer over terminal services).

Every command opens the till the way the screen does (``Till.open`` + ``start``), calls
one service and prints the result; errors print their shop-words message and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from shared.errors import BisamaError
from shared.money import Money
from terminal import __version__
from terminal.backup import latest_verified, list_backups, restore
from terminal.clock import SystemClock
from terminal.paths import DB_NAME, resolve_backup_dir, resolve_data_dir
from terminal.store.settings import save_settings
from terminal.till import StartupReport, Till

if TYPE_CHECKING:
    import httpx

    from terminal.sync.session import CycleReport
    from terminal.sync.state import SyncState

EXIT_OFFLINE = 3  # `sync --once`: head office could not be reached; try again later


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def _backup_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.backup_dir) if args.backup_dir else None


def _open(args: argparse.Namespace) -> tuple[Till, StartupReport]:
    till = Till.open(_data_dir(args), backup_dir=_backup_dir(args))
    return till, till.start()


def _say_startup(report: StartupReport) -> None:
    for message in report.messages:
        print(message, file=sys.stderr)


def cmd_start(args: argparse.Namespace) -> int:
    till, report = _open(args)
    with till:
        print(f"Database check: {report.quick_check}")
        print(f"Cart: {report.cart.message}")
        print(f"Outbox: {report.outbox_pending} envelope(s) waiting to sync")
        print(f"Print queue: {report.print_waiting} job(s) waiting")
        print(f"Signing key: {report.key_store.kind} ({report.key_store.location})")
        if report.backup:
            print(f"Daily backup taken: {report.backup.path}")
        for message in report.messages:
            print(message)
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    till, report = _open(args)
    with till:
        _say_startup(report)
        signer = _set_signer(till, args) if args.signer else None
        if signer == 2:
            return 2
        if args.branch or args.terminal_code:
            till.set_codes(
                args.branch or till.identity.branch_code,
                args.terminal_code or till.identity.terminal_code,
            )
        values: dict[str, object] = {}
        for name in ("shop_name", "shop_address", "shop_phone", "branch_name", "location"):
            if getattr(args, name) is not None:
                values[name] = getattr(args, name)
        if args.blind_close is not None:
            values["blind_close"] = args.blind_close == "on"
        if args.prune_after_days is not None:
            if args.prune_after_days < 1:
                print("--prune-after-days must be a number of days, 1 or more.", file=sys.stderr)
                return 2
            values["prune_after_days"] = args.prune_after_days
        if args.tin is not None:
            profile = till.settings.tax_profile or {}
            values["tax_profile"] = {**profile, "tin": args.tin} if profile else {"tin": args.tin}
        if args.vat_registered is not None:
            if till.identity.enrolled:
                print("This till is enrolled: its VAT registration comes from head office "
                      "(`bisama-sync tax register`).", file=sys.stderr)
                return 2
            try:
                values["tax_profile"] = _registered(till, args)
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return 2
        if values:
            with till.db.transaction() as conn:
                save_settings(conn, **values)
        print(
            json.dumps(
                {
                    "terminal": till.identity.terminal_id,
                    "branch": args.branch or till.identity.branch_code,
                    "terminal_code": args.terminal_code or till.identity.terminal_code,
                    "changed": sorted([*values, *(["signer"] if args.signer else [])]),
                    **({"public_key": signer} if isinstance(signer, str) else {}),
                }
            )
        )
    return 0


def _set_signer(till: Till, args: argparse.Namespace) -> str | int:
    """``--signer software|pkcs11``: where the till's signing key is (before its first
    transaction and enrollment only; terminal/pkcs11_signer.py). The new public key, or 2."""
    from terminal.pkcs11_signer import DEFAULT_KEY_LABEL, Pkcs11Config, switch_signer

    config = None
    if args.signer == "pkcs11":
        if not (args.module and args.token_label and args.pin_file):
            print("--signer pkcs11 needs --module, --token-label and --pin-file.", file=sys.stderr)
            return 2
        config = Pkcs11Config(args.module, args.token_label,
                              str(Path(args.pin_file).expanduser().resolve()),
                              args.key_label or DEFAULT_KEY_LABEL)
    return switch_signer(till, _data_dir(args), config)


def _registered(till: Till, args: argparse.Namespace) -> dict[str, object]:
    """The standalone till's tax profile with a VAT registration change from a date on
    (the same effective-dated history head office keeps for an enrolled till)."""
    from dataclasses import replace
    from datetime import date

    from shared.tax import Registration

    try:
        day = date.fromisoformat(args.vat_from) if args.vat_from else till.clock.now().date()
    except ValueError:
        raise ValueError(f"“{args.vat_from}” is not a date; use YYYY-MM-DD.") from None
    profile = till.settings.profile()
    tin = args.tin or profile.tin
    registered = args.vat_registered == "on"
    if registered and not tin:
        raise ValueError("A VAT-registered shop prints its TIN: give --tin as well.")
    kept = tuple(r for r in profile.registrations if r.effective_from != day)
    entry = Registration(day, registered, tin if registered else None)
    changed = replace(profile, registrations=tuple(
        sorted((*kept, entry), key=lambda r: r.effective_from)))
    return dict(changed.to_json())


def cmd_quick_keys(args: argparse.Namespace) -> int:
    from terminal.store.quick_keys import StoredPage, delete_pages, read_pages, write_pages

    till, report = _open(args)
    with till:
        _say_startup(report)
        if till.identity.enrolled and args.action != "list":
            print("This till is enrolled: its quick keys come from head office "
                  "(`bisama-sync quick-keys set`).", file=sys.stderr)
            return 2
        pages = {p.code: p for p in read_pages(till.db)}
        if args.action == "set":
            known = {r["sku"] for r in till.db.query("SELECT sku FROM products WHERE active = 1")}
            unknown = [sku for sku in args.skus if sku not in known]
            if unknown or not 1 <= len(args.skus) <= 24:
                print(f"Not on this till's catalogue: {', '.join(unknown)}." if unknown else
                      "A page has 1 to 24 keys.", file=sys.stderr)
                return 2
            old = pages.get(args.page)
            position = (args.position if args.position is not None else
                        old.position if old else max((p.position for p in pages.values()),
                                                     default=0) + 1)
            with till.db.transaction() as conn:
                write_pages(conn, [StoredPage(args.page, args.name or args.page, position,
                                              tuple(args.skus))])
        elif args.action == "remove":
            if args.page not in pages:
                print(f"There is no quick-key page {args.page}.", file=sys.stderr)
                return 2
            with till.db.transaction() as conn:
                delete_pages(conn, [args.page])
        print(json.dumps([{"page": p.code, "name": p.name, "position": p.position,
                           "skus": list(p.skus)} for p in read_pages(till.db)]))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    till, report = _open(args)
    with till:
        _say_startup(report)
        path = Path(args.file)
        if not path.is_file():
            print(f"There is no file {path}.", file=sys.stderr)
            return 1
        if args.what == "catalogue":
            result = till.catalogue.import_csv(path)
            print(f"Imported {result.products} products, {result.barcodes} barcodes, {result.prices} prices.")
            summary, rejected = result.summary, result.rejected
        else:
            users = till.auth.import_users(path)
            print(f"Imported {users.count} users (PINs stored as argon2id hashes).")
            summary, rejected = users.summary, users.rejected
        print(summary, file=sys.stderr if rejected else sys.stdout)
    # Some rows left out: the good ones are in, and the exit status says not everything was.
    return 1 if rejected else 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from terminal.simulate import SimulationOptions, run, training_till

    if args.sales < 0:
        print("--sales must be 0 or more.", file=sys.stderr)
        return 2
    till, report = _open(args)
    with till:
        _say_startup(report)
        # On stderr: stdout is one JSON line per committed sale.
        print(training_till(till, real_sales=args.real_sales), file=sys.stderr, flush=True)
        options = SimulationOptions(
            sales=args.sales,
            seed=args.seed,
            user=args.user,
            returns_percent=args.returns,
            checkpoint_every=args.checkpoint_every,
            opening_float=Money.parse(args.float),
            close_shift=args.close_shift,
        )
        run(till, options, lambda line: print(line, flush=True))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from terminal.sync.status import status_json

    till, report = _open(args)
    with till:
        status = till.status()
        status["sync"] = status_json(till.db, till.clock)
        if args.json:
            print(json.dumps(status, indent=2))
            return 0
        _say_startup(report)
        shift = status["open_shift"]
        print(
            f"Till {till.identity.branch_code}/{till.identity.terminal_code} "
            f"({till.identity.terminal_id})"
            f"{'' if till.identity.enrolled else ', not enrolled (standalone)'}"
            f"{', a training till (practice sales only)' if till.settings.training else ''}"
        )
        print(
            "Shift: "
            + (
                f"#{shift['number']} open since {shift['opened_at']} by {shift['user']}"  # type: ignore[index]
                if shift
                else "none open"
            )
        )
        sales = status["sales_today"]
        print(f"Sales today: {sales['count']} for GH₵ {sales['gross']}")  # type: ignore[index]
        print(
            f"Outbox: {status['outbox_depth']} waiting; last seq {status['last_seq']}; "
            f"head {str(status['head_hash'])[:16]}…"
        )
        print(f"Print queue: {status['print_queue_depth']} waiting")
        print(_sync_line(status["sync"]))  # type: ignore[arg-type]
        key = status["key_store"]
        print(f"Signing key: {key['kind']}")  # type: ignore[index]
        if key["warning"]:  # type: ignore[index]
            print(key["warning"])  # type: ignore[index]
    return 0


def _sync_line(sync: dict[str, object]) -> str:
    if not sync["enrolled"]:
        return "Sync: not enrolled (standalone till); `bisama-terminal enroll` connects it to head office"
    line = f"Sync: {sync['connection']} with {sync['server']}; {sync['backlog']} waiting, {sync['held']} held"
    if sync["last_success_at"]:
        line += f"; last success {sync['last_success_at']}"
    if sync["last_error"]:
        line += f"\n  {sync['last_error']}"
    if sync["clock_warning"]:
        offset = sync["clock_offset_seconds"]
        line += f"\n  The till's clock is {offset} s off head office's: set the date and time."
    return line


def _http_client() -> httpx.Client:
    from terminal.sync.transport import new_http_client

    return new_http_client()


def _sync_cycle(till: Till, http: httpx.Client, batch_size: int) -> CycleReport:
    from terminal.sync.lock import SyncLock
    from terminal.sync.protocol import SyncError
    from terminal.sync.session import SyncSession

    with SyncLock(till.db.path.parent) as lock:
        if not lock.acquire():
            raise SyncError(
                "This till is already syncing (its screen or another `bisama-terminal sync` is "
                "running); it sends everything by itself."
            )
        session = SyncSession(
            till.db, key=till.recorder.key, clock=till.clock, http=http, batch_size=batch_size
        )
        return session.cycle()


def _cycle_words(cycle: CycleReport) -> str:
    sent = cycle.pushed.acked if cycle.pushed else 0
    words = f"Synced: {sent} transaction(s) sent"
    if cycle.pushed and cycle.pushed.held:
        words += f", {len(cycle.pushed.held)} held at head office"
    words += f"; {cycle.pulled.changes if cycle.pulled else 0} master-data change(s) received"
    if cycle.recovery and cycle.recovery.recovered:
        words += f"; {cycle.recovery.recovered} recovered from head office"
    return words + f". {cycle.backlog} waiting, {cycle.held} held."


def cmd_enroll(args: argparse.Namespace) -> int:
    from terminal.sync.enroll import enroll_till

    till, report = _open(args)
    with till, _http_client() as http:
        _say_startup(report)
        result = enroll_till(
            till.db,
            till.recorder.key,
            till.clock,
            args.server,
            args.code,
            http=http,
            name=args.name,
            terminal_code=args.terminal_code,
        )
        summary: dict[str, object] = result.to_json()
        if not args.json:
            print(result.message)
        if not args.no_sync:
            # The till's services read its identity at start; a fresh Till signs with it.
            till.close()
            with Till.open(_data_dir(args), backup_dir=_backup_dir(args)) as enrolled:
                cycle = _sync_cycle(enrolled, http, 200)
            summary["first_sync"] = cycle.to_json()
            if not args.json:
                print(
                    "First sync done: "
                    f"{cycle.pulled.changes if cycle.pulled else 0} master-data change(s) received, "
                    f"{cycle.pushed.acked if cycle.pushed else 0} transaction(s) sent."
                    if cycle.ok
                    else f"Enrolled, but the first sync did not finish: {cycle.message} "
                    "It will retry by itself."
                )
        if args.json:
            print(json.dumps(summary, indent=2))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    if args.batch_size < 1 or args.batch_size > 500:
        print("--batch-size must be 1 to 500.", file=sys.stderr)
        return 2
    if not args.once:
        return _sync_forever(args)
    till, report = _open(args)
    with till, _http_client() as http:
        _say_startup(report)
        cycle = _sync_cycle(till, http, args.batch_size)
        if args.json:
            print(json.dumps(cycle.to_json(), indent=2))
        elif cycle.ok:
            print(_cycle_words(cycle))
        else:
            print(cycle.message, file=sys.stderr)
        if cycle.ok:
            return 0
        return EXIT_OFFLINE if cycle.outcome == "offline" else 1


def _sync_forever(args: argparse.Namespace) -> int:
    """Run the background worker in the foreground (a till without screens, a van
    laptop at night): one line per change of the sync state, until Ctrl+C."""
    import threading

    from terminal.sync.status import state_json
    from terminal.sync.worker import SyncWorker

    till, report = _open(args)
    done = threading.Event()

    def show(state: SyncState) -> None:
        if args.json:
            print(json.dumps(state_json(state)), flush=True)
        else:
            words = state.last_error or ("all sent" if state.backlog == 0 else f"{state.backlog} waiting")
            print(f"{state.connection.value}: {words}", flush=True)

    with till:
        _say_startup(report)
        worker = SyncWorker.for_till(till, batch_size=args.batch_size)
        worker.start(show)
        try:
            done.wait()
        except KeyboardInterrupt:
            pass
        finally:
            worker.stop()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    till, report = _open(args)
    with till:
        _say_startup(report)
        result = till.check()
        print(f"Envelopes verified: {result.envelopes}; journals: {result.journals}")
        for problem in result.problems:
            print(f"PROBLEM: {problem}")
        for warning in result.warnings:
            print(f"warning: {warning}")
        print("Check passed." if result.ok else "Check FAILED: see the problems above and call support.")
        return 0 if result.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    till, report = _open(args)
    with till:
        _say_startup(report)
        info = till.backups.take("manual")
        print(f"Backup verified and saved: {info.path} (up to seq {info.seq}, sha256 {info.sha256[:16]}…)")
        if till.backups.same_drive():
            print(
                "warning: the backup is on the same drive as the database; set BISAMA_BACKUP_DIR "
                "or "
                "--backup-dir to a second drive."
            )
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    if args.older_than is not None and args.older_than < 1:
        print("--older-than must be a number of days, 1 or more.", file=sys.stderr)
        return 2
    # Not ``till.start()``: it prunes by itself with the setting's age, before a dry run.
    till = Till.open(_data_dir(args), backup_dir=_backup_dir(args))
    with till:
        result = till.prune(days=args.older_than, dry_run=args.dry_run)
        if args.json:
            print(json.dumps(result.to_json()))
        else:
            verb = ("Would prune " if result.dry_run else "Pruned ") if result.envelopes else ""
            print(verb + result.why)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    backup_dir = resolve_backup_dir(data_dir, args.backup_dir)
    if args.file:
        chosen = next((b for b in list_backups(Path(args.file).parent) if b.path == Path(args.file)), None)
        if chosen is None:
            print(f"{args.file} is not a verified backup (no manifest beside it).", file=sys.stderr)
            return 1
    else:
        chosen = latest_verified(backup_dir)
        if chosen is None:
            print(f"No verified backup in {backup_dir}.", file=sys.stderr)
            return 1
    aside = restore(chosen, data_dir / DB_NAME, SystemClock().now())
    print(f"Restored {chosen.path.name} (up to seq {chosen.seq}). The damaged file is kept as {aside}.")
    return _recover_after_restore(args)


def _recover_after_restore(args: argparse.Namespace) -> int:
    """Ask head office at once for what this till recorded after the backup, before
    anyone sells on it (a sale sealed first would fork the till's chain)."""
    till, _report = _open(args)
    with till:
        if not till.identity.enrolled:
            print("This till is not enrolled: nothing to bring back from head office.")
            return 0
        print("Checking with head office for transactions recorded after this backup…")
        cycle: CycleReport | None = None
        try:
            with _http_client() as http:
                cycle = _sync_cycle(till, http, 200)
            problem = cycle.message or ""
        except BisamaError as exc:
            problem = str(exc)
        if cycle is not None and cycle.ok:
            recovered = cycle.recovery.recovered if cycle.recovery else 0
            print(
                f"Head office sent back {recovered} transaction(s) recorded after the backup; the till "
                f"continues at seq {till.outbox.head().seq + 1}."
            )
            return 0
        print(
            f"Head office could not be asked ({problem}). Before selling on this till, run "
            "`bisama-terminal sync --once` once the connection is back, so the transactions made "
            "after this backup come back first (selling before that splits the till's records from "
            "head office's).",
            file=sys.stderr,
        )
        return EXIT_OFFLINE


def cmd_run(args: argparse.Namespace) -> int:
    if args.offscreen:
        import os

        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    else:
        from terminal.display import window_problem

        problem = window_problem("run")
        if problem:
            print(problem, file=sys.stderr)
            return 1
    from terminal.ui.app import AppOptions, run

    fullscreen = True if args.fullscreen else False if args.windowed else None
    options = AppOptions(
        _data_dir(args),
        _backup_dir(args),
        fullscreen=fullscreen,
        language=args.language,
        check_start=args.check_start,
        training_printer=args.training_printer,
    )
    return run(options)


def cmd_selftest(args: argparse.Namespace) -> int:
    from terminal.ui.selftest import main as selftest

    return selftest(offscreen=args.offscreen)


def cmd_demo(args: argparse.Namespace) -> int:
    """The whole system on this computer: head office, the virtual printer and an
    enrolled till signed in on the sale screen (or, ``--offscreen``, the scripted story)."""
    from terminal.demo import DemoHome, default_demo_home, run_offscreen
    from terminal.lifetime import DemoInterrupted, stop_on_signals

    if args.port is not None and not 1024 <= args.port <= 65535:
        print("--port must be 1024 to 65535.", file=sys.stderr)
        return 2
    if not args.offscreen:
        from terminal.display import window_problem

        # Before head office starts: Qt aborts the process when it cannot open a window,
        # and nothing started before it could be stopped.
        problem = window_problem("demo")
        if problem:
            print(problem, file=sys.stderr)
            return 1
    root = Path(args.demo_home or args.data_dir or default_demo_home())

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        with stop_on_signals():
            if args.offscreen:
                # The story gets its own folder inside the demo's, set up from scratch every time.
                return run_offscreen(DemoHome(root / "offscreen"), port=args.port, say=say)
            from terminal.ui.demo import run_demo

            return run_demo(
                DemoHome(root), fresh=args.fresh, port=args.port, browser=not args.no_browser, say=say
            )
    except DemoInterrupted as exc:  # everything started was stopped on the way out
        print(f"Stopped ({exc}).", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:  # during the set-up: everything started is stopped already
        print("Stopped.", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bisama-terminal", description="Bisama POS till: sell, print, sync."
    )
    parser.add_argument("--version", action="version", version=f"bisama-terminal {__version__}")
    parser.add_argument(
        "--data-dir",
        help="the till's data folder (default: BISAMA_TERMINAL_HOME or the per-user application data folder)",
    )
    parser.add_argument("--backup-dir", help="where backups go (default: BISAMA_BACKUP_DIR or DATA/backups)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("run", help="open the till's screens (the cashier's program)")
    screen = p.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", action="store_true", help="fill the screen (the till's usual way)")
    screen.add_argument("--windowed", action="store_true", help="a normal window (set-up, training)")
    p.add_argument("--language", help="language of the screens, e.g. en_GH (default: the PC's)")
    p.add_argument("--offscreen", action="store_true", help="no display (QT_QPA_PLATFORM=offscreen)")
    p.add_argument(
        "--check-start",
        action="store_true",
        help="open up to the first screen, print which and how long it took, then exit",
    )
    p.add_argument(
        "--training-printer",
        action="store_true",
        help="print to an on-screen receipt roll instead of the printer (training, demos)",
    )
    p.set_defaults(handler=cmd_run)

    p = commands.add_parser(
        "selftest", help="sell one item on a throw-away training till through the real screens"
    )
    p.add_argument("--offscreen", action="store_true", help="without a display")
    p.set_defaults(handler=cmd_selftest)

    p = commands.add_parser(
        "demo",
        help="try it: head office, a virtual printer and a till signed in on the sale screen",
        description="Start head office (SQLite) and a virtual receipt printer, enroll a demo till "
        "and open its sale screen signed in; the head-office dashboard opens in the browser. "
        "Close the till's window (or press Ctrl+C) to stop everything.",
    )
    p.add_argument(
        "--offscreen",
        action="store_true",
        help="no window: a scripted story (sales offline, head office back, sync, trial balance)",
    )
    p.add_argument(
        "--data-dir",
        dest="demo_home",
        metavar="DIR",
        help="the demo's folder (default: bisama-pos-demo beside the till's usual data folder)",
    )
    p.add_argument("--fresh", action="store_true", help="delete the demo's folder and set it up again")
    p.add_argument("--port", type=int, help="head office's port (default 8470, or a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open the dashboard in the browser")
    p.set_defaults(handler=cmd_demo)

    p = commands.add_parser("start", help="run the start-up checks and say what was found")
    p.set_defaults(handler=cmd_start)

    p = commands.add_parser("setup", help="set the till's branch and terminal codes and the shop's details")
    p.add_argument("--branch", help="branch code (only before the first transaction)")
    p.add_argument("--terminal-code", help="terminal code used in receipt numbers, e.g. T01")
    p.add_argument("--shop-name")
    p.add_argument("--shop-address")
    p.add_argument("--shop-phone")
    p.add_argument(
        "--branch-name", help="the branch's name on receipts, e.g. Accra Central (default: its code)"
    )
    p.add_argument("--tin", help="the shop's GRA TIN, printed on receipts")
    p.add_argument("--location", help="stock location code of this till (default SHOP)")
    p.add_argument(
        "--blind-close", choices=("on", "off"), help="count the drawer without seeing expected cash"
    )
    p.add_argument("--prune-after-days", type=int, metavar="DAYS",
                   help="keep synced transactions and receipts this many days (default 90)")
    p.add_argument("--vat-registered", choices=("on", "off"),
                   help="standalone till: VAT-registered (on) or not (off) from --vat-from on")
    p.add_argument("--vat-from", metavar="YYYY-MM-DD",
                   help="the first day the VAT registration change applies (default today)")
    p.add_argument("--signer", choices=("software", "pkcs11"),
                   help="where the signing key is: software (default) or a PKCS#11 token "
                        "(before the first transaction and enrollment only)")
    p.add_argument("--module", metavar="LIB", help="the token's PKCS#11 library, e.g. "
                                                   "/usr/lib/softhsm/libsofthsm2.so")
    p.add_argument("--token-label", metavar="LABEL", help="the token's label")
    p.add_argument("--pin-file", metavar="FILE", help="a file holding the token's user PIN "
                                                      "(owner-only)")
    p.add_argument("--key-label", metavar="LABEL", help="the key's label on the token "
                                                        "(default bisama-till)")
    p.set_defaults(handler=cmd_setup)

    qk = commands.add_parser("quick-keys", help="a standalone till's quick-key grid (goods "
                             "without a barcode); an enrolled till gets head office's")
    keys = qk.add_subparsers(dest="action", metavar="ACTION")
    p = keys.add_parser("list", help="the pages and their keys")
    p.set_defaults(handler=cmd_quick_keys)
    p = keys.add_parser("set", help="create or replace a page of quick keys")
    p.add_argument("--page", required=True, metavar="CODE", help="the page's code, e.g. BREAD")
    p.add_argument("--name", help="the name on the page's tab (default: the code)")
    p.add_argument("--position", type=int, metavar="N", help="the page's place, lowest first")
    p.add_argument("skus", nargs="+", metavar="SKU", help="the products on the keys, in order")
    p.set_defaults(handler=cmd_quick_keys)
    p = keys.add_parser("remove", help="remove a page of quick keys")
    p.add_argument("--page", required=True, metavar="CODE")
    p.set_defaults(handler=cmd_quick_keys)

    p = commands.add_parser("import", help="load master data from a CSV file")
    p.add_argument("what", choices=("catalogue", "users"))
    p.add_argument("file")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser(
        "simulate",
        help="ring up random practice sales on a training till (never synced, never printed)",
    )
    p.add_argument("--sales", type=int, required=True, help="how many sales")
    p.add_argument("--seed", type=int, help="random seed, for a repeatable run")
    p.add_argument("--user", help="cashier e-mail (default: the first active cashier)")
    p.add_argument("--returns", type=int, default=0, help="percent chance of a return before each sale")
    p.add_argument("--checkpoint-every", type=int, default=0, help="WAL checkpoint after every N sales")
    p.add_argument("--float", default="200.00", help="opening float if a shift must be opened")
    p.add_argument("--close-shift", action="store_true", help="close the shift at the end (exact count)")
    p.add_argument(
        "--real-sales",
        action="store_true",
        help="load tests only: ring up real sales on this (possibly enrolled) till; they reach the books",
    )
    p.set_defaults(handler=cmd_simulate)

    p = commands.add_parser("status", help="open shift, sales today, outbox, chain head, print queue")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_status)

    p = commands.add_parser("enroll", help="connect this till to head office with a one-time code")
    p.add_argument("--server", required=True, help="head office's address, e.g. https://acme.bisamapos.com")
    p.add_argument("--code", required=True, help="the one-time enrollment code, e.g. 15-K7QX-9MPL-2RTD")
    p.add_argument("--name", help="what people call this till at head office (default: Till T01)")
    p.add_argument("--terminal-code", help="this till's code in receipt numbers from now on, e.g. T02")
    p.add_argument("--no-sync", action="store_true", help="do not run the first sync right away")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_enroll)

    p = commands.add_parser("sync", help="send the outbox to head office and bring down master data")
    p.add_argument(
        "--once", action="store_true", help="one round (push all, pull all, one heartbeat), then exit"
    )
    p.add_argument("--batch-size", type=int, default=200, help="envelopes per push (1-500, default 200)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_sync)

    p = commands.add_parser("check", help="verify the database, envelope chain, journals and audit log")
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("backup", help="take a verified backup now")
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser(
        "prune", help="remove old synced transactions and receipts head office has backed up"
    )
    p.add_argument("--older-than", type=int, metavar="DAYS",
                   help="age in days (default: the prune_after_days setting, 90)")
    p.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_prune)

    p = commands.add_parser("restore", help="replace a damaged database with a verified backup")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--latest", action="store_true", help="the newest verified backup")
    group.add_argument("--file", help="a particular backup file")
    p.set_defaults(handler=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        result: int = handler(args)
    except BisamaError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return result
