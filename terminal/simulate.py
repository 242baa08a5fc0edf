"""``bisama-terminal simulate``: ring up random sales through the same services the till
screen uses — for load tests, demos, training and the fault tests. Each committed sale
(and return) is printed as one JSON line AFTER its transaction committed, so a line on
the screen is a promise that the sale exists.

Simulated sales are real, signed transactions, so they run on a *training till*
(``training_till``): a till with no business of its own yet is marked as one for good;
a training till can never be enrolled (its sales never reach head office's books) and its
receipts are never printed. An enrolled till, or one with real sales, is refused unless
``real_sales`` says on purpose that the sales must reach a (test) head office — load tests
and the end-to-end tests do."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from shared.money import Money
from terminal.errors import NotFound, SetupError
from terminal.returns import ReturnItem
from terminal.store.settings import save_settings
from terminal.tenders import TenderInput, card, cash, momo
from terminal.till import Till

DEFAULT_FLOAT = Money(20_000)  # GH₵ 200.00


@dataclass(frozen=True, slots=True)
class SimulationOptions:
    sales: int
    seed: int | None = None
    user: str | None = None
    returns_percent: int = 0
    checkpoint_every: int = 0
    opening_float: Money = DEFAULT_FLOAT
    close_shift: bool = False


def training_till(till: Till, *, real_sales: bool = False) -> str:
    """Make sure the simulation may run on ``till``; return the words saying where the
    sales go. Marks a till with no business yet as a training till (for good)."""
    where = str(till.db.path.parent)
    if real_sales:
        return (
            f"Simulating REAL sales on the till in {where}: they are signed and will reach "
            "head office's books when this till syncs."
        )
    if not till.settings.training:
        has_business = till.identity.enrolled or int(till.db.scalar("SELECT count(*) FROM outbox")) > 0
        if has_business:
            raise SetupError(
                f"The till in {where} is "
                + ("enrolled with head office" if till.identity.enrolled else "already selling for real")
                + ": simulated sales would reach the books. Simulate on a training till instead — "
                "a new folder: bisama-terminal --data-dir NEW-FOLDER import …, then "
                "bisama-terminal --data-dir NEW-FOLDER simulate …"
            )
        with till.db.transaction() as conn:
            save_settings(conn, training=True)
        till.reload_settings()
    return (
        f"Simulating on the training till in {where}: practice sales only — this till can never "
        "be enrolled, so they never reach head office's books, and no receipt is printed."
    )


def _skip_printing(till: Till) -> None:
    """A simulated sale's receipt is never printed: its job is marked skipped at once."""
    with till.db.transaction() as conn:
        conn.execute(
            "UPDATE print_jobs SET status = 'skipped', printed_at = created_at WHERE status = 'waiting'"
        )


def first_cashier(till: Till) -> str:
    row = till.db.one("SELECT email FROM users WHERE active = 1 AND role = 'user' ORDER BY rowid LIMIT 1")
    if row is None:
        row = till.db.one("SELECT email FROM users WHERE active = 1 ORDER BY rowid LIMIT 1")
    if row is None:
        raise SetupError(
            "There are no users on this till. Import them first: `bisama-terminal import users FILE.csv`."
        )
    return str(row[0])


def _approver(till: Till, action_permission: str) -> str:
    for user in till.auth.users():
        if user.may(action_permission):
            return user.email
    raise SetupError("No manager is set up on this till to approve returns in the simulation.")


def _tenders(rng: random.Random, due: Money) -> list[TenderInput]:
    roll = rng.randrange(100)  # percent: 60 cash, 20 MoMo, 10 card, 10 MoMo + cash
    if roll < 60:
        step = rng.choice((100, 500, 1000, 5000))
        handed = -(-due.pesewas // step) * step
        return [cash(Money(handed))]
    if roll < 80:
        provider = rng.choice(("mtn", "telecel", "airteltigo"))
        return [momo(due, provider, f"{rng.randrange(10**9, 10**10)}")]
    if roll < 90 or due.pesewas < 200:
        return [
            card(
                due,
                f"A{rng.randrange(100000, 999999)}",
                rng.choice(("visa", "mastercard", "gh-link")),
            )
        ]
    part = Money(rng.randrange(100, due.pesewas))
    return [momo(part, "mtn", f"{rng.randrange(10**9, 10**10)}"), cash(due - part)]


def run(till: Till, options: SimulationOptions, emit: Callable[[str], None]) -> int:
    rng = random.Random(options.seed)
    products = till.catalogue.count()
    if products == 0:
        raise SetupError(
            "The catalogue is empty. Import it first: `bisama-terminal import catalogue FILE.csv`."
        )
    email = options.user or first_cashier(till)
    try:
        till.auth.sign_in_without_pin(email, "simulate")
    except NotFound:
        raise SetupError(f"There is no user {email} on this till.") from None
    if till.shifts.current() is None:
        till.shifts.open(options.opening_float)
    sold: list[str] = []
    made = 0
    while made < options.sales:
        if sold and options.returns_percent and rng.randrange(100) < options.returns_percent:
            _one_return(till, rng, sold, emit)
        lines = rng.randint(1, 5)
        for _ in range(lines):
            row = till.db.one(
                "SELECT sku, weighed, base_unit FROM products WHERE active = 1 ORDER BY rowid "
                "LIMIT 1 OFFSET ?",
                (rng.randrange(products),),
            )
            assert row is not None
            if row["weighed"]:
                qty = Decimal(rng.randint(100, 3000)) / 1000
            else:
                qty = Decimal(rng.choice((1, 1, 1, 2, 3)))
            till.sales.add(row["sku"], qty)
        view = till.sales.view()
        result = till.sales.complete(_tenders(rng, view.total))
        if till.settings.training:
            _skip_printing(till)
        emit(
            json.dumps(
                {
                    "kind": "sale",
                    "receipt_no": result.receipt_no,
                    "seq": result.seq,
                    "total": str(result.total),
                    "change": str(result.change),
                }
            )
        )
        sold.append(result.receipt_no)
        made += 1
        if options.checkpoint_every and made % options.checkpoint_every == 0:
            till.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if options.close_shift:
        expected = till.shifts.figures(till.shifts.require_open()).expected
        counts: dict[int, int] = {}
        left = expected.pesewas
        for denomination in (20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10):
            counts[denomination], left = divmod(left, denomination)
        closed = till.shifts.close(counts)
        if till.settings.training:
            _skip_printing(till)
        emit(
            json.dumps(
                {
                    "kind": "shift_close",
                    "z_no": closed.z_no,
                    "seq": closed.seq,
                    "counted": str(closed.counted),
                }
            )
        )
    return made


def _one_return(till: Till, rng: random.Random, sold: list[str], emit: Callable[[str], None]) -> None:
    receipt = till.returns.find(rng.choice(sold))
    open_lines = [ln for ln in receipt.lines if ln.left > 0]
    if receipt.status != "completed" or not open_lines:
        return
    line = rng.choice(open_lines)
    qty = min(line.left, Decimal(1)) if line.left >= 1 else line.left
    approval = None
    if not till.session.user.may("refund"):
        approval = till.auth.approve_without_pin("refund", _approver(till, "refund"), "simulated return")
    result = till.returns.refund(
        receipt.receipt_no,
        [ReturnItem(line.line_no, qty)],
        reason="simulated return",
        to=rng.choice(("original", "cash")),
        approval=approval,
    )
    if till.settings.training:
        _skip_printing(till)
    emit(
        json.dumps(
            {
                "kind": "refund",
                "receipt_no": result.refund_no,
                "original": receipt.receipt_no,
                "seq": result.seq,
                "total": str(result.gross),
            }
        )
    )
