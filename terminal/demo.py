"""``bisama-terminal demo``: the whole system on one computer, for a newcomer.

One demo folder holds everything: head office (``bisama-sync serve`` on an SQLite file),
the till's data and the receipts the virtual printer received. The first run sets head
office up with the operator's own commands (``bisama-sync db upgrade``, ``tenant
create``, ``product import``, ``user add``, ``terminal code``; each is printed as it
runs), enrolls the till with the one-time code and pulls the catalogue and the users.
Later runs reuse the folder (``--fresh`` starts again).

Head office runs as a child process, never inside the till's process: the till
(``terminal``) does not import the server (``sync_server``) — the same rule the product
follows on a shop's PC — and a separate process is also what lets the offscreen story
take head office away and bring it back like a real outage. Stopping the demo stops it
(window closed, Ctrl+C, SIGTERM, SIGHUP, an error, and on Linux even kill -9 or Qt's
abort — see ``terminal.lifetime``): no process is left behind.

``DemoHome`` and ``HeadOffice`` are the pieces; ``prepare`` does the set-up and returns a
``DemoSetup``; ``terminal.ui.demo`` opens the till's screens on it; ``run_offscreen``
tells the scripted story for a machine without a screen.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from shared.errors import BisamaError
from shared.money import Money
from terminal.keystore import EncryptedFileKeyStore
from terminal.lifetime import dies_with_parent
from terminal.paths import default_data_dir
from terminal.till import Till
from terminal.ui.resources import resource

Say = Callable[[str], None]

STATE_FILE = "demo.json"
DEFAULT_PORT = 8470
DOMAIN = "demo.bisamapos.com"
SHOP_NAME = "Adom Mart (demo)"
BRANCH = "MAIN"
# Sample users from resources/testdata/users_sample.csv (their PINs are the sample's).
CASHIER = ("ama@acme.example.test", "Ama Owusu", "user", "1357")
MANAGER = ("manager@acme.example.test", "Kwame Boateng", "manager", "7310")
DIRECTOR = ("director@acme.example.test", "Abena Mensah", "director", "4821")
DASHBOARD_PASSWORD = "adom-demo-2026"  # noqa: S105 - the demo's published sign-in, not a secret
KEY_PASSPHRASE = "bisama demo till"  # noqa: S105 - a throw-away demo till's key, said in docs/demo.md
OPENING_FLOAT = Money.cedis(200)


class DemoError(BisamaError):
    """The demo could not be set up or run; the message says what to do."""


def default_demo_home() -> Path:
    """Beside the till's usual data folder, never inside it: ``~/.local/share/
    bisama-pos-demo`` on Linux, ``%LOCALAPPDATA%\\BisamaPOS-demo`` on Windows."""
    base = default_data_dir()
    return base.with_name(base.name + "-demo")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class DemoState:
    """What the set-up made, kept in ``demo.json`` so a second run reuses it."""

    ready: bool = False
    domain: str = DOMAIN
    terminal_id: str = ""
    receipt_count: int = 0

    @classmethod
    def load(cls, path: Path) -> DemoState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


class DemoHome:
    """The demo's folder: ``server/`` (head office's database, log and dashboard secret),
    ``till/`` (the till's database, key and backups), ``receipts/`` (what was printed)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.server = self.root / "server"
        self.till = self.root / "till"
        self.receipts = self.root / "receipts"
        self.state_path = self.root / STATE_FILE

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.server / 'head-office.sqlite3'}"

    @property
    def server_log(self) -> Path:
        return self.server / "server.log"

    def state(self) -> DemoState:
        return DemoState.load(self.state_path)

    def wipe(self) -> None:
        """Start again. Only a demo folder (it has ``demo.json``) or an empty one is
        removed, so a mistyped ``--data-dir`` never deletes a shop's data."""
        if self.root.exists():
            if not self.state_path.exists() and any(self.root.iterdir()):
                raise DemoError(
                    f"{self.root} is not a demo folder (it has no {STATE_FILE}); the demo will not "
                    "delete it. Choose another folder with --data-dir."
                )
            shutil.rmtree(self.root)

    def make(self) -> None:
        for folder in (self.root, self.server, self.till, self.receipts):
            folder.mkdir(parents=True, exist_ok=True)
        if not self.state_path.exists():
            DemoState().save(self.state_path)

    def key_store(self) -> EncryptedFileKeyStore:
        return EncryptedFileKeyStore(self.till / "keys", passphrase=KEY_PASSPHRASE)

    def open_till(self) -> Till:
        return Till.open(self.till, key_store=self.key_store(), backup_dir=self.till / "backups")


# Runs in the child: each command through bisama-sync's own ``main``, its output captured.
_BATCH = """
import contextlib, io, json, sys
from sync_server.cli import main
results = []
for item in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO((item["stdin"] or "") + "\\n")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(item["args"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
    if code != 0:
        break
sys.__stdout__.write(json.dumps(results))
"""


class HeadOffice:
    """``bisama-sync`` for the demo: the admin commands (each a short child process, as
    an operator would type them) and ``serve`` as a long-running child process."""

    def __init__(self, home: DemoHome, port: int, say: Say) -> None:
        self.home = home
        self.port = port
        self.say = say
        self.process: subprocess.Popen[bytes] | None = None
        # The demo's people have no authenticator app: two-factor sign-in is off
        # (docs/security.md "Two-factor sign-in").
        self.env = {**os.environ, "BISAMA_SERVER_HOME": str(home.server), "PYTHONUNBUFFERED": "1",
                    "BISAMA_DASHBOARD_TOTP_REQUIRED": "off"}
        self.env.pop("BISAMA_DATABASE_URL", None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dashboard_url(self) -> str:
        return f"{self.url}/dashboard/"

    def admin(self, *args: str, secret: str | None = None) -> Any:
        """Run ``bisama-sync ARGS --json`` and return what it printed. ``secret`` goes to
        standard input (``--password -``), never on the command line."""
        return self.admin_all([(args, secret)])[0]

    def admin_all(self, commands: Sequence[tuple[Sequence[str], str | None]]) -> list[Any]:
        """Several ``bisama-sync`` commands, each printed as an operator would type it,
        run one after the other in ONE child process (``sync_server.cli.main`` each
        time: the same code as the command, without paying Python's start-up for every
        line). Stops at the first that fails and raises ``DemoError`` with its words."""
        batch = []
        for args, secret in commands:
            self.say("  $ " + shlex.join(("bisama-sync", *args)))
            batch.append({"args": [*args, "--db", self.home.database_url, "--json"], "stdin": secret})
        done = subprocess.run(
            [sys.executable, "-c", _BATCH],
            input=json.dumps(batch),
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
            check=False,
        )
        try:
            results: list[dict[str, Any]] = json.loads(done.stdout)
        except ValueError:
            words = (done.stderr or done.stdout).strip()[-800:]
            raise DemoError(f"bisama-sync could not run: {words}") from None
        answers: list[Any] = []
        for (args, _secret), result in zip(commands, results, strict=False):
            if result["code"] != 0:
                words = (result["err"] or result["out"]).strip()[-800:]
                raise DemoError(f"`{shlex.join(('bisama-sync', *args))}` failed: {words}")
            answers.append(json.loads(result["out"]) if result["out"].strip() else None)
        if len(answers) != len(commands):
            raise DemoError(f"bisama-sync stopped early: {done.stderr.strip()[-800:]}")
        return answers

    def start(self, timeout: float = 60.0) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start ``bisama-sync serve`` (``wait_ready`` waits until it answers)."""
        if self.process is not None and self.process.poll() is None:
            return
        self.home.server.mkdir(parents=True, exist_ok=True)
        # dies_with_parent: head office stops even when the demo dies without a word
        # (kill -9, Qt's abort), not only when it ends by the book.
        command = dies_with_parent(
            "sync_server", "serve", "--db", self.home.database_url,
            "--host", "127.0.0.1", "--port", str(self.port), "--default-tenant", DOMAIN,
            "--insecure-cookies", "--log-level", "warning",
        )
        self.stop_leftover()
        with self.home.server_log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        self.pid_file.write_text(str(self.process.pid), encoding="utf-8")

    @property
    def pid_file(self) -> Path:
        return self.home.server / "server.pid"

    def stop_leftover(self) -> None:
        """A head office an earlier demo left running (that demo was killed outright, so
        it could not stop it) is stopped before a new one starts on the same database."""
        import psutil

        try:
            pid = int(self.pid_file.read_text(encoding="utf-8"))
            old = psutil.Process(pid)
            mine = "sync_server" in old.cmdline() and self.home.database_url in old.cmdline()
        except (OSError, ValueError, psutil.Error):
            return
        if mine and (self.process is None or old.pid != self.process.pid):
            self.say(f"Stopping the head office an earlier demo left running (process {pid}).")
            old.terminate()
            try:
                old.wait(10)
            except psutil.TimeoutExpired:
                old.kill()

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                tail = self.home.server_log.read_text(encoding="utf-8", errors="replace")[-1500:]
                self.process = None
                raise DemoError(f"Head office stopped as it started. Its log says:\n{tail}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise DemoError(f"Head office did not answer within {timeout:.0f} s; see {self.home.server_log}.")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the server process and wait for it (killed if it will not stop)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        self.pid_file.unlink(missing_ok=True)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass(frozen=True)
class DemoSetup:
    home: DemoHome
    office: HeadOffice
    fresh_setup: bool  # this run set everything up (a first run or --fresh)

    def sign_in_lines(self) -> list[str]:
        return [
            f"  Till: {SHOP_NAME}, till {BRANCH}/T01, data in {self.home.till}",
            f"    cashier  {CASHIER[1]:<14} PIN {CASHIER[3]}   (signed in for you)",
            f"    manager  {MANAGER[1]:<14} PIN {MANAGER[3]}   (approvals, the Manager screen)",
            f"  Head-office dashboard: {self.office.dashboard_url}",
            f"    sign in as {DIRECTOR[0]}, password {DASHBOARD_PASSWORD}",
        ]


def choose_port(wanted: int | None, say: Say) -> int:
    if wanted:
        if not port_is_free(wanted):
            raise DemoError(f"Port {wanted} is in use; choose another with --port or leave it out.")
        return wanted
    if port_is_free(DEFAULT_PORT):
        return DEFAULT_PORT
    port = free_port()
    say(f"Port {DEFAULT_PORT} is in use; head office listens on {port} instead.")
    return port


def prepare(home: DemoHome, *, fresh: bool, port: int | None, say: Say) -> DemoSetup:
    """Start head office for the demo folder (setting it and the till up on a first run)
    and leave the till enrolled and up to date. On any failure head office is stopped."""
    if home.state_path.exists():
        HeadOffice(home, 0, say).stop_leftover()  # before its database is reused or deleted
    if fresh:
        home.wipe()
    state = home.state() if home.state_path.exists() else None
    if state is not None and not state.ready:
        say(f"The last set-up in {home.root} did not finish; starting it again.")
        home.wipe()
        state = None
    home.make()
    office = HeadOffice(home, choose_port(port, say), say)
    try:
        if state is None or not state.ready:
            _set_up(home, office, say)
            first = True
        else:
            say(f"Using the demo set up earlier in {home.root} (--fresh starts again).")
            office.start()
            _reconnect(home, office)
            first = False
    except BaseException:
        office.stop()
        raise
    return DemoSetup(home, office, first)


def _set_up(home: DemoHome, office: HeadOffice, say: Say) -> None:
    started = time.monotonic()
    say(f"Setting up head office in {home.server} (the commands an operator would type):")
    catalogue = str(resource("testdata", "catalogue_sample.csv"))
    users: list[tuple[Sequence[str], str | None]] = [
        (("user", "add", "--tenant", DOMAIN, "--email", email, "--name", name, "--role", role,
          "--branch", BRANCH, "--pin", pin), None)
        for email, name, role, pin in (CASHIER, MANAGER)
    ]
    email, name, role, pin = DIRECTOR
    office.admin("db", "upgrade")
    # Head office starts while the rest is set up (it serves whatever the commands add).
    office.launch()
    answers = office.admin_all([
        (("tenant", "create", "--name", SHOP_NAME, "--domain", DOMAIN, "--address", "Kejetia, Kumasi",
          "--phone", "0302 000 000", "--tin", "C0000000000", "--branch-name", "Kejetia shop"), None),
        (("product", "import", "--tenant", DOMAIN, catalogue), None),
        *users,
        (("user", "add", "--tenant", DOMAIN, "--email", email, "--name", name, "--role", role,
          "--pin", pin, "--password", "-"), DASHBOARD_PASSWORD),
        (("terminal", "code", "--tenant", DOMAIN, "--branch", BRANCH, "--hours", "1"), None),
    ])
    code = answers[-1]["code"]
    say(f"  one-time enrollment code for the till: {code}")
    say(f"Waiting for head office on {office.url} …")
    office.wait_ready()
    say(f"Enrolling the till ({home.till}) with {office.url} and that code …")
    terminal_id = enroll(home, office.url, code, say)
    state = home.state()
    state.ready, state.terminal_id = True, terminal_id
    state.save(home.state_path)
    say(f"Set-up done in {time.monotonic() - started:.1f} s.")


def enroll(home: DemoHome, url: str, code: str, say: Say) -> str:
    """``bisama-terminal enroll`` for the demo till, then its first sync (the catalogue
    and the users come down)."""
    from terminal.sync.enroll import enroll_till
    from terminal.sync.session import SyncSession
    from terminal.sync.transport import new_http_client

    with home.open_till() as till, new_http_client() as http:
        till.start(take_backup=False)
        result = enroll_till(till.db, till.recorder.key, till.clock, url, code, http=http, name="Demo till")
        say(f"  {result.message}")
    with home.open_till() as till, new_http_client() as http:
        cycle = SyncSession(till.db, key=till.recorder.key, clock=till.clock, http=http).cycle()
        if not cycle.ok:
            raise DemoError(f"The till's first sync did not finish: {cycle.message}")
        say(
            f"  First sync: {cycle.pulled.changes if cycle.pulled else 0} master-data change(s) received; "
            f"the till has {till.catalogue.count()} products and {len(till.auth.users())} users."
        )
        return till.identity.terminal_id


def _reconnect(home: DemoHome, office: HeadOffice) -> None:
    """A reused demo may have head office on another port this time: tell the till."""
    from terminal.sync.record import load_record, save_record

    with home.open_till() as till:
        if load_record(till.db).server_url != office.url:
            save_record(till.db, server_url=office.url)


def sign_in_cashier(till: Till) -> None:
    """The demo's cashier signed in, with a shift open (float GH₵ 200.00)."""
    till.auth.login(CASHIER[0], CASHIER[3])
    if till.shifts.current() is None:
        till.shifts.open(OPENING_FLOAT)


# -- the offscreen story ---------------------------------------------------------------------


@dataclass
class Check:
    what: str
    ok: bool
    detail: str = ""


class Story:
    """Numbered steps and checks printed as they happen."""

    def __init__(self, say: Say) -> None:
        self.say = say
        self.checks: list[Check] = []
        self.step_no = 0

    def step(self, text: str) -> None:
        self.step_no += 1
        self.say(f"\n{self.step_no}. {text}")

    def check(self, what: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(what, ok, detail))
        self.say(f"   [{'ok' if ok else 'FAILED'}] {what}" + (f" — {detail}" if detail else ""))
        return ok

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


# The three sales of the story: (what is scanned, how it is paid).
OIL, TOMATO, RICE, SARDINES, MILO = (
    "6030010001371", "6030010002743", "6030010004112", "6030010005485", "6030010006857",
)


def run_offscreen(home: DemoHome, *, port: int | None, say: Say) -> int:
    """The scripted demo: set up from scratch in ``home``, sell offline (cash, MoMo,
    split) while head office is down, bring it back, sync, and check the books. Returns
    0 only if every check passed."""
    from hardware.config import PrinterConfig
    from hardware.virtual_printer import VirtualPrinter
    from hardware.worker import PrintWorker
    from terminal.store.print_jobs import PrintQueue
    from terminal.sync.session import SyncSession
    from terminal.sync.transport import new_http_client
    from terminal.tenders import cash, momo

    started = time.monotonic()
    story = Story(say)
    story.step("Head office and the till, from scratch")
    setup = prepare(home, fresh=True, port=port, say=say)
    office = setup.office
    printer = VirtualPrinter().start()
    try:
        with home.open_till() as till, new_http_client() as http:
            till.start(take_backup=False)
            story.check("the till has the catalogue and the users from head office",
                        till.catalogue.count() > 0 and len(till.auth.users()) >= 2,
                        f"{till.catalogue.count()} products, {len(till.auth.users())} users")
            queue = PrintQueue(till.db)
            config = PrinterConfig(connection="network", host="127.0.0.1", port=printer.port,
                                   model="generic-80", paper_mm=80)
            worker = PrintWorker(queue, config, clock=till.clock.now)
            session = SyncSession(till.db, key=till.recorder.key, clock=till.clock, http=http)

            story.step(f"{CASHIER[1]} signs in (PIN {CASHIER[3]}) and opens a shift with "
                       f"{OPENING_FLOAT.format()} float")
            sign_in_cashier(till)
            before = till.outbox.depth()

            story.step("The internet goes down: head office is stopped")
            office.stop()
            story.check("head office does not answer", not _answers(office.url))

            story.step("Three sales while head office is unreachable")
            sales: list[tuple[str, Money]] = []

            def sell(codes: Sequence[tuple[str, str]], pay: Callable[[Money], list[Any]], how: str) -> None:
                for code, qty in codes:
                    till.sales.scan(code, qty)
                total = till.sales.view().total
                result = till.sales.complete(pay(total))
                sales.append((result.receipt_no, total))
                say(f"   {result.receipt_no}: {total.format()} paid {how}; "
                    f"outbox {till.outbox.depth()} waiting")

            sell([(OIL, "1"), (TOMATO, "3")], lambda t: [cash(Money.cedis(100))],
                 "cash (GH₵ 100.00 handed over)")
            sell([(RICE, "1")], lambda t: [momo(t, "mtn", "MP240601.1234.A56789")], "by MTN MoMo")
            sell([(SARDINES, "2"), (MILO, "1")],
                 lambda t: [momo(Money.cedis(20), "telecel", "TC-88121"), cash(t - Money.cedis(20))],
                 "split: GH₵ 20.00 Telecel Cash, the rest cash")
            waiting = till.outbox.depth()
            story.check("the outbox grew: every sale waits for head office", waiting >= before + len(sales),
                        f"{waiting} waiting")
            offline = session.cycle()
            story.check("a sync attempt says head office cannot be reached", offline.outcome == "offline",
                        offline.message or "")
            story.check("the receipts printed anyway (the printer is on the shop's side)",
                        _print_all(worker, queue, printer, len(sales)),
                        f"{len(printer.receipts())} receipt(s) on the virtual printer")

            story.step("The internet is back: head office starts again")
            office.start()
            synced = session.cycle()
            story.check("the sync succeeded", synced.ok, synced.message or "")
            story.check("the outbox is empty", till.outbox.depth() == 0, f"{till.outbox.depth()} waiting")
            story.check("the till's own books check out", till.check().ok)
            business_day = till.shifts.current().business_date  # type: ignore[union-attr]

        story.step("What head office has now (bisama-sync report …)")
        day = date.fromisoformat(business_day).isoformat()
        rows, balance = office.admin_all([
            (("report", "sales", "--tenant", DOMAIN, "--first", day, "--by", "branch"), None),
            (("report", "trial-balance", "--tenant", DOMAIN), None),
        ])
        counted = sum(int(r.get("sales", 0)) for r in rows)
        gross = sum((Money.parse(str(r.get("gross", "0"))) for r in rows), Money(0))
        sold = sum((t for _n, t in sales), Money(0))
        story.check("head office counted every sale once", counted == len(sales),
                    f"{counted} sale(s) for {gross.format()} "
                    f"(the till sold {len(sales)} for {sold.format()})")
        story.check("head office's takings equal the till's", gross == sold)
        _print_trial_balance(balance, say)
        debit, credit = Decimal(str(balance["total_debit"])), Decimal(str(balance["total_credit"]))
        story.check("trial balance: total debit = total credit", debit == credit and debit > 0,
                    f"{debit} = {credit}")

        story.step(f"The head-office dashboard ({office.dashboard_url})")
        seen = dashboard_shows(office.dashboard_url, sales[-1][0])
        story.check(f"{DIRECTOR[1]} signs in with {DIRECTOR[0]} / {DASHBOARD_PASSWORD} and finds the "
                    "last sale by its receipt number", seen)

        story.step("One receipt as the printer printed it (decoded from its ESC/POS bytes)")
        pages = printer.receipts()
        if pages:
            paths = _save_receipts(pages, home.receipts)
            for line in pages[-1].text().splitlines():
                say("   | " + line)
            say(f"   ({len(pages)} receipt(s) saved as text and PNG in {home.receipts}; "
                f"the last: {paths[-1]})")
        story.check("a decoded receipt shows its receipt number",
                    bool(pages) and sales[-1][0] in pages[-1].text())
    finally:
        printer.stop()
        office.stop()
    seconds = time.monotonic() - started
    failed = [c for c in story.checks if not c.ok]
    say("")
    if story.passed:
        say(f"Demo complete: all {len(story.checks)} checks passed in {seconds:.1f} s. "
            f"Its data is in {home.root}.")
        return 0
    say(f"Demo FAILED: {len(failed)} of {len(story.checks)} checks did not pass: "
        + "; ".join(c.what for c in failed))
    return 1


def dashboard_shows(dashboard_url: str, receipt: str) -> bool:
    """Sign in to the dashboard as the demo's director, as a browser would (the sign-in
    form's double-submit token, the session cookie), and look the receipt up."""
    import re

    with httpx.Client(base_url=dashboard_url, timeout=20, follow_redirects=True) as browser:
        form = browser.get("login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        if form.status_code != 200 or token is None:
            return False
        signed = browser.post("login", data={"csrf_token": token.group(1), "email": DIRECTOR[0],
                                             "password": DASHBOARD_PASSWORD})
        if signed.status_code != 200 or "bisama_session" not in browser.cookies:
            return False
        found = browser.get("sales/find", params={"receipt": receipt})
        return found.status_code == 200 and receipt in found.text


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _print_all(worker: Any, queue: Any, printer: Any, receipts: int, timeout: float = 20.0) -> bool:
    """Run the print worker until the queue is empty and the printer has the receipts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.run_once()
        if queue.depth() == 0 and len(printer.receipts()) >= receipts:
            return True
        time.sleep(0.05)
    return False


def _save_receipts(pages: Sequence[Any], folder: Path) -> list[Path]:
    from hardware.virtual_printer import page_png

    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for n, page in enumerate(pages, 1):
        base = folder / f"receipt-{n:03d}"
        base.with_suffix(".txt").write_text(page.text(), encoding="utf-8")
        base.with_suffix(".png").write_bytes(page_png(page, 576))
        saved.append(base.with_suffix(".png"))
    return saved


def _print_trial_balance(balance: dict[str, Any], say: Say) -> None:
    say("   Trial balance (head office's ledger):")
    say(f"   {'account':<42} {'debit':>12} {'credit':>12}")
    for row in balance["accounts"]:
        name = f"{row['code']} {row['name']}"[:42]
        say(f"   {name:<42} {row['debit'] or '':>12} {row['credit'] or '':>12}")
    say(f"   {'Total':<42} {balance['total_debit']:>12} {balance['total_credit']:>12}")

