"""Opening balances at go-live (issue [9] scope 3; docs/costing.md): a trial balance,
opening stock per branch and location, and customer balances, each from a CSV or XLSX
file, each with a summary of the rows accepted and rejected (with the reason, in the
shop's words, as ``shared.csv_import`` words them).

Everything is posted against 3200 Opening Balance Equity through
``books.post.post_journal`` — never through Cost of Goods Sold. A file is imported
all-or-nothing: one bad row and nothing changes, unless ``partial`` is asked for.

Opening stock sets the stock levels (the tills follow through the feed's ``stock``
entities), writes ``inv_movements`` rows (kind ``opening_stock``) and the average-cost
rows; customer balances add to what each customer owes (the tills follow through the
feed's ``customer`` entities). So that Inventory and Receivables are not counted twice,
a trial balance's 1200 and 1100 lines are never posted: each must equal what the opening
stock (per branch) and customer balance imports posted, or be left out.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from shared import accounts as acc
from shared.csv_import import ImportRejected, Rejected, _records, decode_csv
from shared.errors import BisamaError
from shared.money import Money, div_half_up, quantity
from shared.payloads import SKU_RE
from shared.posting import Journal, JournalLine
from sync_server.audit.services import Actor, record
from sync_server.books.post import post_journal
from sync_server.catalogue.models import Product
from sync_server.context import ServerContext
from sync_server.costing.models import CostMove, OpeningCustomerBalance
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid, Refused
from sync_server.ledger.chart import active_accounts, ensure_account
from sync_server.ledger.models import Journal as JournalRow
from sync_server.stock.models import Location, Movement, StockLevel
from sync_server.sync.changes import Change, key_of, record_changes
from sync_server.sync.costs import CostBook, Origin, milli, post_corrections
from sync_server.tenants.models import Branch

TB_COLUMNS = ("account", "branch", "debit", "credit")
STOCK_COLUMNS = ("branch", "location", "sku", "qty", "unit_cost")
CUSTOMER_COLUMNS = ("customer", "amount", "invoice_ref", "due_date")
CUSTOMER_OPTIONAL = ("branch",)
MAX_XLSX_BYTES = 20_000_000


@dataclass
class OpeningSummary:
    """What an import came to."""

    what: str  # "trial balance lines", "stock lines", "customer balances"
    day: str
    accepted: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    imported: bool = False
    journals: list[str] = field(default_factory=list)
    total: int = 0  # pesewas posted (debits)
    notes: list[str] = field(default_factory=list)
    encoding: str = "UTF-8"
    ignored_columns: tuple[str, ...] = ()

    def words(self) -> str:
        said = f"{self.accepted} {self.what} accepted"
        if self.encoding not in ("UTF-8", "XLSX"):
            said += f" (the file was read as {self.encoding})"
        if self.ignored_columns:
            said += f"; column(s) ignored: {', '.join(self.ignored_columns)}"
        if self.rejected:
            shown = "; ".join(r.words() for r in self.rejected[:20])
            more = f"; … and {len(self.rejected) - 20} more" if len(self.rejected) > 20 else ""
            said += f", {len(self.rejected)} row(s) rejected: {shown}{more}"
        if self.imported:
            said += f". Posted {Money(self.total).format()} on {self.day} against 3200 " \
                    "Opening Balance Equity."
        else:
            said += ". Nothing was imported" + (
                ": fix the rejected rows and import the file again, or import with "
                "partial to take the good rows only." if self.rejected else ".")
        return " ".join([said, *self.notes])

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "date": self.day, "accepted": self.accepted,
                "rejected": [{"line": r.line, "key": r.key, "reason": r.reason}
                             for r in self.rejected],
                "imported": self.imported, "journals": self.journals, "total": self.total,
                "summary": self.words()}


# -- reading ----------------------------------------------------------------------------


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def xlsx_text(raw: bytes) -> str:
    """The first sheet of an XLSX workbook as CSV text (numbers as a spreadsheet shows
    them: 27.56, not 27.559999…)."""
    import csv

    from openpyxl import load_workbook

    if len(raw) > MAX_XLSX_BYTES:
        raise ImportRejected("The workbook is larger than 20 MB; split it.")
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected("This is not a workbook that can be read (XLSX); save it again "
                             "from the spreadsheet as .xlsx or as CSV UTF-8.") from None
    sheet = book.worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_xlsx_cell(v) for v in row])
    book.close()
    return out.getvalue()


def read_table(raw: bytes, filename: str = "") -> tuple[str, str]:
    """A CSV (any encoding ``decode_csv`` reads) or XLSX file's text, and how it was read."""
    if filename.lower().endswith(".xlsx") or raw.startswith(b"PK\x03\x04"):
        return xlsx_text(raw), "XLSX"
    return decode_csv(raw)


def _rows(text: str, kind: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
          ) -> tuple[Iterator[tuple[int, dict[str, str]]], tuple[str, ...]]:
    _header, rows, ignored = _records(text, kind, required, required + optional)
    return rows, ignored


def _money(text: str, what: str, *, allow_negative: bool = False) -> Money:
    if not text:
        return Money.ZERO
    try:
        amount = Money.parse(text)
    except BisamaError:
        raise ValueError(f"{what} “{text}” is not an amount of money") from None
    if amount.is_negative and not allow_negative:
        raise ValueError(f"{what} is negative")
    return amount


def check_day(day: str | date) -> str:
    text = day if isinstance(day, str) else day.isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Invalid(f"“{text}” is not a date; use YYYY-MM-DD.") from None


def _finish(summary: OpeningSummary, partial: bool) -> bool:
    """Whether to go on and post (all-or-nothing unless partial)."""
    return summary.accepted > 0 and (partial or not summary.rejected)


def _equity(scope: TenantScope) -> None:
    ensure_account(scope, acc.OPENING_BALANCE_EQUITY)
    scope.flush()
    if acc.OPENING_BALANCE_EQUITY not in active_accounts(scope):
        raise Refused("Account 3200 Opening Balance Equity is deactivated; reactivate it "
                      "before importing opening balances.")


def _journal(kind: str, reference: str, memo: str, lines: list[tuple[str, int, str, str]]
             ) -> Journal | None:
    """Lines: (account, signed pesewas debit-positive, branch, memo)."""
    built = []
    for account, amount, branch, note in lines:
        if amount == 0:
            continue
        money = Money(abs(amount))
        debit, credit = (money, Money.ZERO) if amount > 0 else (Money.ZERO, money)
        built.append(JournalLine(account, debit, credit, branch, note[:200]))
    return Journal(kind, reference, memo, tuple(built)) if built else None


# -- opening stock ----------------------------------------------------------------------


@dataclass(frozen=True)
class _StockRow:
    line: int
    branch: str
    location: str
    sku: str
    qty: int  # milli
    unit_cost: int  # pesewas per base unit
    value: int


def opened_stock(scope: TenantScope) -> dict[str, int]:
    """Branch → the value its opening stock import posted."""
    return {r.branch_code: int(r.v) for r in scope.execute(
        select(CostMove.branch_code, func.sum(CostMove.value).label("v"))
        .where(CostMove.kind == "opening_stock").group_by(CostMove.branch_code))}


def import_opening_stock(ctx: ServerContext, scope: TenantScope, actor: Actor, raw: bytes, *,
                         day: str | date, filename: str = "", partial: bool = False
                         ) -> OpeningSummary:
    day = check_day(day)
    text, encoding = read_table(raw, filename)
    rows, ignored = _rows(text, "opening stock", STOCK_COLUMNS)
    summary = OpeningSummary("stock lines", day, encoding=encoding, ignored_columns=ignored)
    branches = set(scope.scalars(select(Branch.code)))
    locations = {(r.branch_code, r.code) for r in scope.execute(
        select(Location.branch_code, Location.code))}
    done = opened_stock(scope)
    seen: dict[tuple[str, str, str], int] = {}
    good: list[_StockRow] = []
    cells = list(rows)
    skus = sorted({c.get("sku", "") for _, c in cells})
    known = set()
    for start in range(0, len(skus), 500):
        known |= set(scope.scalars(select(Product.sku).where(
            Product.sku.in_(skus[start:start + 500]))))
    for line, cell in cells:
        sku = cell.get("sku", "")
        try:
            branch, location = cell.get("branch", ""), cell.get("location", "")
            if branch not in branches:
                raise ValueError(f"branch “{branch}” does not exist")
            if branch in done:
                raise ValueError(f"branch {branch} already has opening stock; correct it with a "
                                 "stock count or adjustment at the till")
            if (branch, location) not in locations:
                raise ValueError(f"location “{location}” does not exist in branch {branch}")
            if not SKU_RE.match(sku) or sku not in known:
                raise ValueError(f"“{sku}” is not in the catalogue")
            try:
                qty = quantity(cell.get("qty", ""))
            except BisamaError as exc:
                raise ValueError(str(exc).rstrip(".")) from None
            if qty <= 0:
                raise ValueError("the quantity must be more than zero")
            cost = _money(cell.get("unit_cost", ""), "the unit cost")
            if (branch, location, sku) in seen:
                raise ValueError(f"{sku} at {branch}/{location} already appears on line "
                                 f"{seen[(branch, location, sku)]}")
        except ValueError as exc:
            summary.rejected.append(Rejected(line, sku or None, str(exc)))
            continue
        seen[(branch, location, sku)] = line
        q = milli(qty)
        good.append(_StockRow(line, branch, location, sku, q, cost.pesewas,
                              div_half_up(cost.pesewas * q, 1000)))
    summary.accepted = len(good)
    if not _finish(summary, partial):
        return summary
    _equity(scope)
    import_id = ctx.new_id()
    origin = Origin(import_id, day, "opening_stock", f"opening stock {day}")
    book = CostBook.load(scope, {(r.branch, r.sku) for r in good}, {})
    by_branch: dict[str, int] = defaultdict(int)
    movements = []
    for number, r in enumerate(good, start=1):
        book.put(origin, r.branch, r.sku, r.qty, r.value)
        by_branch[r.branch] += r.value
        movements.append({"envelope_id": import_id, "line_no": number, "branch_code": r.branch,
                          "location_code": r.location, "sku": r.sku, "qty_milli": r.qty,
                          "kind": "opening_stock", "business_date": day,
                          "created_at": ctx.clock.now()})
    for branch, value in sorted(by_branch.items()):
        journal = _journal("opening_stock", f"opening stock {day}",
                           f"Opening stock of branch {branch} on {day}",
                           [(acc.INVENTORY, value, branch, "opening stock"),
                            (acc.OPENING_BALANCE_EQUITY, -value, branch, "opening stock")])
        if journal is not None:
            summary.journals.append(post_journal(ctx, scope, journal, branch=branch,
                                                 entry_date=day, actor=actor).id)
    book.write(scope)
    post_corrections(ctx, scope, book)
    scope.insert_rows(Movement, movements)
    keys = sorted({(r.branch, r.location, r.sku) for r in good})
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in good:
        totals[(r.branch, r.location, r.sku)] += r.qty
    scope.increment(StockLevel, "qty_milli", [
        {"branch_code": b, "location_code": loc, "sku": s, "qty_milli": totals[(b, loc, s)]}
        for b, loc, s in keys])
    record_changes(scope, [Change("stock", key_of(b, loc, s), branch=b) for b, loc, s in keys])
    summary.imported, summary.total = True, sum(by_branch.values())
    record(ctx, scope, actor, "opening.stock_imported", subject=day,
           detail={"lines": len(good), "rejected": len(summary.rejected),
                   "total": summary.total, "import": import_id})
    return summary


# -- customer balances ------------------------------------------------------------------


def opened_receivables(scope: TenantScope) -> dict[str, int]:
    """Branch → what the customer balance imports posted to 1100."""
    return {r.branch_code: int(r.v) for r in scope.execute(
        select(OpeningCustomerBalance.branch_code,
               func.sum(OpeningCustomerBalance.amount).label("v"))
        .group_by(OpeningCustomerBalance.branch_code))}


def import_customer_balances(ctx: ServerContext, scope: TenantScope, actor: Actor, raw: bytes,
                             *, day: str | date, filename: str = "", partial: bool = False,
                             branch: str | None = None) -> OpeningSummary:
    """``branch``: where the balances are posted when a row names none (default: the
    tenant's only branch)."""
    day = check_day(day)
    text, encoding = read_table(raw, filename)
    rows, ignored = _rows(text, "customer balances", CUSTOMER_COLUMNS, CUSTOMER_OPTIONAL)
    summary = OpeningSummary("customer balances", day, encoding=encoding,
                             ignored_columns=ignored)
    branches = set(scope.scalars(select(Branch.code)))
    if branch is not None and branch not in branches:
        raise Invalid(f"Branch {branch} does not exist.")
    default = branch or (next(iter(branches)) if len(branches) == 1 else None)
    customers = list(scope.execute(select(Customer.id, Customer.name, Customer.tin)))
    by_id = {c.id: c for c in customers}
    by_name: dict[str, list[Any]] = defaultdict(list)
    for c in customers:
        by_name[c.name.strip().lower()].append(c)
        if c.tin:
            by_name[c.tin.strip().lower()].append(c)
    refs = set(scope.scalars(select(OpeningCustomerBalance.invoice_ref)))
    good: list[dict[str, Any]] = []
    for line, cell in rows:
        who = cell.get("customer", "")
        try:
            found = [by_id[who]] if who in by_id else by_name.get(who.strip().lower(), [])
            if not found:
                raise ValueError(f"no customer is called or numbered “{who}”; add the "
                                 "customer first")
            if len({c.id for c in found}) > 1:
                raise ValueError(f"{len(found)} customers match “{who}”; use the customer's "
                                 "number")
            amount = _money(cell.get("amount", ""), "the amount", allow_negative=True)
            if amount.is_zero:
                raise ValueError("the amount is zero")
            ref = cell.get("invoice_ref", "")[:48]
            if ref and ref in refs:
                raise ValueError(f"invoice {ref} already has an opening balance")
            due = cell.get("due_date", "")
            if due:
                try:
                    due = date.fromisoformat(due).isoformat()
                except ValueError:
                    raise ValueError(f"the due date “{due}” is not a date (YYYY-MM-DD)") from None
            where = cell.get("branch", "") or default
            if where is None:
                raise ValueError("say which branch the balance belongs to (a branch column, "
                                 "or choose the branch when importing)")
            if where not in branches:
                raise ValueError(f"branch “{where}” does not exist")
        except ValueError as exc:
            summary.rejected.append(Rejected(line, who or None, str(exc)))
            continue
        if ref:
            refs.add(ref)
        good.append({"line_no": line, "customer_id": found[0].id, "name": found[0].name,
                     "amount": amount.pesewas, "invoice_ref": ref or None,
                     "due_date": due or None, "branch_code": where})
    summary.accepted = len(good)
    if not _finish(summary, partial):
        return summary
    _equity(scope)
    import_id = ctx.new_id()
    owed: dict[str, int] = defaultdict(int)
    for row in good:
        owed[row["customer_id"]] += row["amount"]
    scope.add_to(Customer, "balance", [{"id": c, "delta": d} for c, d in sorted(owed.items())])
    by_branch: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in good:
        by_branch[row["branch_code"]].append(row)
    for where, items in sorted(by_branch.items()):
        lines = [(acc.RECEIVABLES, r["amount"], where,
                  " ".join(x for x in (r["name"], r["invoice_ref"] or "",
                                       f"due {r['due_date']}" if r["due_date"] else "") if x))
                 for r in items]
        net = sum(r["amount"] for r in items)
        lines.append((acc.OPENING_BALANCE_EQUITY, -net, where, "customer balances"))
        journal = _journal("opening_customers", f"customer balances {day}",
                           f"Opening customer balances of branch {where} on {day}", lines)
        assert journal is not None  # no amount is zero
        posted = post_journal(ctx, scope, journal, branch=where, entry_date=day, actor=actor)
        summary.journals.append(posted.id)
        summary.total += journal.total_debit.pesewas
    scope.insert_rows(OpeningCustomerBalance, [
        {"import_id": import_id, "line_no": r["line_no"], "customer_id": r["customer_id"],
         "branch_code": r["branch_code"], "amount": r["amount"], "invoice_ref": r["invoice_ref"],
         "due_date": r["due_date"], "entry_date": day} for r in good])
    record_changes(scope, [Change("customer", c) for c in sorted(owed)])
    summary.imported = True
    record(ctx, scope, actor, "opening.customers_imported", subject=day,
           detail={"lines": len(good), "rejected": len(summary.rejected),
                   "total": summary.total, "import": import_id})
    return summary


# -- trial balance ----------------------------------------------------------------------


def import_trial_balance(ctx: ServerContext, scope: TenantScope, actor: Actor, raw: bytes, *,
                         day: str | date, filename: str = "", partial: bool = False
                         ) -> OpeningSummary:
    day = check_day(day)
    text, encoding = read_table(raw, filename)
    rows, ignored = _rows(text, "trial balance", TB_COLUMNS)
    summary = OpeningSummary("trial balance lines", day, encoding=encoding,
                             ignored_columns=ignored)
    if scope.scalar(select(JournalRow.id).where(JournalRow.kind == "opening_balances")
                    .limit(1)) is not None:
        raise Refused("A trial balance was already imported; post a journal by hand to "
                      "correct it.")
    ensure_account(scope, acc.OPENING_BALANCE_EQUITY)
    scope.flush()
    accounts = active_accounts(scope)
    branches = set(scope.scalars(select(Branch.code)))
    from sync_server.costing.opening_suppliers import opened_payables

    ledgers = {acc.INVENTORY: ("opening stock", opened_stock(scope)),
               acc.RECEIVABLES: ("customer balance", opened_receivables(scope)),
               acc.PAYABLES: ("supplier balance", opened_payables(scope))}
    good: list[tuple[int, str, str, int]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cell in rows:
        account = cell.get("account", "").split(" ")[0]
        try:
            if account not in accounts:
                raise ValueError(f"account “{account}” is not an active account of the chart; "
                                 "add it to the chart first")
            where = cell.get("branch", "")
            if where not in branches:
                raise ValueError(f"branch “{where}” does not exist")
            debit = _money(cell.get("debit", ""), "the debit")
            credit = _money(cell.get("credit", ""), "the credit")
            if debit.is_zero == credit.is_zero:
                raise ValueError("give either a debit or a credit")
            if (account, where) in seen:
                raise ValueError(f"account {account} of branch {where} already appears on line "
                                 f"{seen[(account, where)]}")
            signed = debit.pesewas - credit.pesewas
            if account in ledgers:
                what, posted = ledgers[account]
                if posted.get(where, 0) != signed:
                    raise ValueError(
                        f"account {account} must equal the {what} import of branch {where} "
                        f"({Money(posted.get(where, 0)).format()}), or be left out: it is "
                        f"posted by that import and would otherwise count twice")
        except ValueError as exc:
            summary.rejected.append(Rejected(line, account or None, str(exc)))
            continue
        seen[(account, where)] = line
        good.append((line, account, where, signed))
    summary.accepted = len(good)
    if not _finish(summary, partial):
        return summary
    _equity(scope)
    by_branch: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for _, account, where, signed in good:
        if account not in ledgers:  # already posted by its own import
            by_branch[where].append((account, signed, where, "opening balance"))
    for where, lines in sorted(by_branch.items()):
        net = sum(amount for _, amount, _, _ in lines)
        if net:
            lines.append((acc.OPENING_BALANCE_EQUITY, -net, where, "difference"))
            summary.notes.append(f"Branch {where}: 3200 Opening Balance Equity takes "
                                 f"{Money(-net).format()} (the difference).")
        journal = _journal("opening_balances", f"trial balance {day}",
                           f"Opening balances of branch {where} on {day}", lines)
        if journal is None:
            continue
        summary.journals.append(post_journal(ctx, scope, journal, branch=where, entry_date=day,
                                             actor=actor).id)
        summary.total += journal.total_debit.pesewas
    summary.imported = True
    record(ctx, scope, actor, "opening.balances_imported", subject=day,
           detail={"lines": len(good), "rejected": len(summary.rejected),
                   "total": summary.total})
    return summary


__all__ = ["OpeningSummary", "import_customer_balances", "import_opening_stock",
           "import_trial_balance", "read_table", "xlsx_text"]
