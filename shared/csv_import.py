"""The one reader of catalogue and user CSV files, for the till (``bisama-terminal
import``) and head office (``bisama-sync product import``, the dashboard's upload) alike,
so a file is judged by the same rules wherever it is loaded.

- **Any spreadsheet's CSV**: UTF-8 (with or without Excel's byte-order mark), UTF-16
  (Excel's "Unicode text"), else Windows-1252 (Excel's plain "CSV (Comma delimited)" on
  a Windows PC: "Nestlé", "GH¢" …). Commas or semicolons between cells.
- **Partial import**: every row is checked on its own; the good rows are returned, each
  bad one is listed with its line and the reason in the shop's words. Only a file that is
  not a catalogue (or not a users file) at all is refused as a whole.
- **Catalogue**: ``sku, name, unit, retail_price, cost_price, tax_code`` are required;
  ``barcode`` (several separated by ``|``), the wholesale trio, ``weighed``, ``plu`` and
  ``wholesale_barcode`` are optional; other columns are ignored and named. Barcodes are
  EAN-8, UPC-A, EAN-13 or ITF-14 with a correct GS1 check digit.
- **Users**: ``email, name, role, branch, pin``; ``cashier`` is the role ``user``; two
  users may not share a PIN (a manager's PIN typed by a cashier would approve), and a
  PIN anyone would try first (1111, 1234) is refused, as head office refuses it.

Storage (the till's SQLite, head office's tables) stays with the callers.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from shared.errors import BisamaError
from shared.money import Money, quantity
from shared.payloads import EMAIL_RE, SKU_RE
from shared.tax import TaxCode

CATALOGUE_COLUMNS = ("sku", "barcode", "name", "unit", "retail_price", "wholesale_unit", "wholesale_qty",
                     "wholesale_price", "cost_price", "tax_code", "weighed")
CATALOGUE_REQUIRED = ("sku", "name", "unit", "retail_price", "cost_price", "tax_code")
CATALOGUE_OPTIONAL = ("plu", "wholesale_barcode")
USER_COLUMNS = ("email", "name", "role", "branch", "pin")
ROLES = ("admin", "director", "manager", "user")
ROLE_WORDS = {"cashier": "user"}  # what shops call the role "user"
UNIT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 .-]{0,19}$")
PIN_RE = re.compile(r"^\d{4,8}$")
GS1_LENGTHS = (8, 12, 13, 14)
MAX_ROWS = 200_000


class ImportRejected(BisamaError, ValueError):
    """The whole file was refused (unreadable, or not that kind of file); nothing changed."""

    code = "import_rejected"


@dataclass(frozen=True, slots=True)
class Rejected:
    """One row left out, and why."""

    line: int
    key: str | None  # the row's SKU or e-mail, when it has one
    reason: str

    def words(self) -> str:
        return f"line {self.line}" + (f" ({self.key})" if self.key else "") + f": {self.reason}"


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    line: int
    sku: str
    name: str
    unit: str
    retail: Money
    cost: Money
    tax_code: TaxCode
    weighed: bool
    barcodes: tuple[tuple[str, str], ...]  # (code, unit it sells)
    wholesale_unit: str | None = None
    wholesale_factor: Decimal | None = None
    wholesale_price: Money | None = None
    plu: str | None = None

    @property
    def barcode(self) -> str | None:
        """The first barcode of the base unit (the one a shelf label shows)."""
        return next((code for code, unit in self.barcodes if unit == self.unit), None)


@dataclass(frozen=True, slots=True)
class UserRow:
    line: int
    email: str
    name: str
    role: str
    branch: str
    pin: str


T = TypeVar("T")


@dataclass
class Read(Generic[T]):
    """What a file gave: the good rows, the rejected ones, how it was read."""

    rows: list[T] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    encoding: str = "UTF-8"
    ignored_columns: tuple[str, ...] = ()

    def summary(self, what: str) -> str:
        """E.g. "58 products accepted, 2 rows rejected: line 4 (A-2): …"."""
        said = f"{len(self.rows)} {what} accepted"
        if self.encoding != "UTF-8":
            said += f" (the file was read as {self.encoding})"
        if self.ignored_columns:
            said += f"; column(s) ignored: {', '.join(self.ignored_columns)}"
        if not self.rejected:
            return said + "."
        shown = "; ".join(r.words() for r in self.rejected[:20])
        more = f"; … and {len(self.rejected) - 20} more" if len(self.rejected) > 20 else ""
        return f"{said}, {len(self.rejected)} row(s) rejected: {shown}{more}."


# -- decoding ---------------------------------------------------------------------------
def decode_csv(raw: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read in."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass  # a BOM, then bytes that are not UTF-8: read it as Windows-1252 below
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"This file cannot be read as text (byte {exc.start + 1} is neither UTF-8 nor "
            "Windows-1252). In the spreadsheet, use Save As → “CSV UTF-8 (Comma delimited)” and "
            "import that file."
        ) from None


def _records(text: str, kind: str, required: Sequence[str],
             known: Sequence[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], tuple[str, ...]]:
    """The header and the rows (with the line each starts on) of ``text``."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in a French/German locale
    reader = csv.reader([line + "\n" for line in text.split("\n")], delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        raise ImportRejected(f"This is not a readable CSV file ({exc}); nothing was imported.") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRejected(
            f"This is not a {kind} file: it is missing the column(s) {', '.join(missing)}. "
            f"The first line must name the columns: {','.join(known)}."
        )
    ignored = tuple(h for h in header if h and h not in known)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        count = 0
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportRejected(
                    f"This is not a readable CSV file (line {line}: {exc}); nothing was imported."
                ) from None
            if not any(c.strip() for c in cells):
                continue  # blank lines (Excel leaves some at the end)
            count += 1
            if count > MAX_ROWS:
                raise ImportRejected(f"The file has more than {MAX_ROWS} rows; split it.")
            yield line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}

    return header, rows(), ignored


# -- catalogue --------------------------------------------------------------------------
def gs1_ok(code: str) -> bool:
    """A GS1 check digit (EAN-8, UPC-A, EAN-13, ITF-14) that adds up."""
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10 == check


def _barcodes(text: str, column: str) -> list[str]:
    codes = [c for c in re.split(r"[|;\s]+", text) if c]
    for code in codes:
        if not code.isdigit() or len(code) not in GS1_LENGTHS:
            raise ValueError(f"{column} {code} is not an EAN/UPC barcode (8, 12, 13 or 14 digits)")
        if not gs1_ok(code):
            raise ValueError(f"{column} {code} has a wrong check digit (mistyped? scan it again)")
    return codes


def _money(cell: str, column: str) -> Money:
    try:
        amount = Money.parse(cell)
    except BisamaError as exc:
        raise ValueError(f"{column}: {exc}") from None
    if amount.is_negative:
        raise ValueError(f"{column} cannot be negative")
    return amount


def _catalogue_row(line: int, cell: dict[str, str]) -> CatalogueRow:
    for name in CATALOGUE_REQUIRED:
        if not cell.get(name):
            raise ValueError(f"{name} is empty")
    sku = cell["sku"]
    if not SKU_RE.fullmatch(sku):
        raise ValueError(f"sku “{sku}” may only use letters, digits and . _ / - (up to 64)")
    name = cell["name"]
    if len(name) > 200:
        raise ValueError("name is longer than 200 characters")
    unit = cell["unit"]
    if not UNIT_RE.fullmatch(unit):
        raise ValueError(f"unit “{unit}” is not a unit name (a letter first, up to 20)")
    retail = _money(cell["retail_price"], "retail_price")
    cost = _money(cell["cost_price"], "cost_price")
    try:
        tax_code = TaxCode.parse(cell["tax_code"])
    except BisamaError as exc:
        raise ValueError(f"tax_code: {exc}") from None
    weighed_text = (cell.get("weighed") or "0").lower()
    if weighed_text not in ("0", "1", "yes", "no", "true", "false"):
        raise ValueError(f"weighed is 0 or 1, not “{weighed_text}”")
    weighed = weighed_text in ("1", "yes", "true")
    barcodes = [(code, unit) for code in _barcodes(cell.get("barcode", ""), "barcode")]
    w_unit, w_qty, w_price = (cell.get(c, "") for c in ("wholesale_unit", "wholesale_qty", "wholesale_price"))
    factor: Decimal | None = None
    wholesale: Money | None = None
    if w_unit or w_qty or w_price:
        if not (w_unit and w_qty and w_price):
            raise ValueError("wholesale_unit, wholesale_qty and wholesale_price go together")
        if not UNIT_RE.fullmatch(w_unit) or w_unit == unit:
            raise ValueError(f"wholesale_unit “{w_unit}” must be a unit name other than {unit}")
        try:
            factor = quantity(w_qty)
        except BisamaError as exc:
            raise ValueError(f"wholesale_qty: {exc}") from None
        if factor <= 0:
            raise ValueError("wholesale_qty must be more than zero")
        wholesale = _money(w_price, "wholesale_price")
    carton_codes = _barcodes(cell.get("wholesale_barcode", ""), "wholesale_barcode")
    if carton_codes and not w_unit:
        raise ValueError("wholesale_barcode needs a wholesale_unit")
    barcodes += [(code, w_unit) for code in carton_codes]
    plu = cell.get("plu") or None
    if plu is not None and not (plu.isdigit() and len(plu) == 5):
        raise ValueError(f"plu “{plu}” must be 5 digits")
    return CatalogueRow(line, sku, name, unit, retail, cost, tax_code, weighed, tuple(barcodes),
                        w_unit or None, factor, wholesale, plu)


def read_catalogue(text: str, *, encoding: str = "UTF-8") -> Read[CatalogueRow]:
    """Check every row of a catalogue CSV (the shape of ``catalogue_sample.csv``)."""
    _header, rows, ignored = _records(text, "catalogue", CATALOGUE_REQUIRED,
                                      CATALOGUE_COLUMNS + CATALOGUE_OPTIONAL)
    read: Read[CatalogueRow] = Read(encoding=encoding, ignored_columns=ignored)
    seen_sku: dict[str, int] = {}
    seen_code: dict[str, tuple[str, int]] = {}
    seen_plu: dict[str, int] = {}
    for line, cell in rows:
        try:
            row = _catalogue_row(line, cell)
            if row.sku in seen_sku:
                raise ValueError(f"sku {row.sku} already appears on line {seen_sku[row.sku]}")
            for code, _unit in row.barcodes:
                owner = seen_code.get(code)
                if owner is not None:
                    raise ValueError(f"barcode {code} is already used by {owner[0]} on line {owner[1]}")
            if row.plu and row.plu in seen_plu:
                raise ValueError(f"plu {row.plu} is already used on line {seen_plu[row.plu]}")
        except ValueError as exc:
            read.rejected.append(Rejected(line, cell.get("sku") or None, str(exc)))
            continue
        seen_sku[row.sku] = line
        seen_code.update({code: (row.sku, line) for code, _unit in row.barcodes})
        if row.plu:
            seen_plu[row.plu] = line
        read.rows.append(row)
    return read


# -- users ------------------------------------------------------------------------------
def read_users(text: str, *, encoding: str = "UTF-8",
               roles: Sequence[str] = ROLES) -> Read[UserRow]:
    """Check every row of a users CSV (``email,name,role,branch,pin``). ``roles``: those
    the reader accepts (head office adds ``accountant``, whom no till knows)."""
    _header, rows, ignored = _records(text, "users", USER_COLUMNS, USER_COLUMNS)
    read: Read[UserRow] = Read(encoding=encoding, ignored_columns=ignored)
    seen_email: dict[str, int] = {}
    seen_pin: dict[str, tuple[str, int]] = {}
    for line, cell in rows:
        email = cell.get("email", "").lower()
        try:
            row = _user_row(line, cell, email, roles)
            if email in seen_email:
                raise ValueError(f"{email} already appears on line {seen_email[email]}")
            if row.pin in seen_pin:
                other, at = seen_pin[row.pin]
                raise ValueError(f"the PIN is the same as {other}'s on line {at}; every user needs their own")
        except ValueError as exc:
            read.rejected.append(Rejected(line, email or None, str(exc)))
            continue
        seen_email[email] = line
        seen_pin[row.pin] = (email, line)
        read.rows.append(row)
    return read


def weak_pin(pin: str) -> bool:
    """Head office's rule for a PIN anyone would try first: 1111, 1234, 9876 …"""
    return len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210"


def _user_row(line: int, cell: dict[str, str], email: str,
              roles: Sequence[str] = ROLES) -> UserRow:
    if not EMAIL_RE.fullmatch(email):
        raise ValueError(f"“{email}” is not an e-mail address")
    name = cell.get("name", "")
    if not name:
        raise ValueError("the name is empty")
    role_text = cell.get("role", "").lower()
    role = ROLE_WORDS.get(role_text, role_text)
    if role not in roles:
        extra = ", accountant" if "accountant" in roles else ""
        raise ValueError(f"role “{role_text}” is not one of cashier (or user), manager, "
                         f"director{extra}, admin")
    branch = cell.get("branch", "")
    if not branch:
        raise ValueError("the branch is empty")
    pin = cell.get("pin", "")
    if not PIN_RE.fullmatch(pin):
        raise ValueError("the PIN must be 4 to 8 digits")
    if weak_pin(pin):
        raise ValueError(f"the PIN {pin} is too easy to guess (all one digit or a run); choose another")
    return UserRow(line, email, name, role, branch, pin)


def rejected_json(rejected: Sequence[Rejected], key: str = "sku") -> list[dict[str, Any]]:
    """Rejected rows as head office's import summary lists them."""
    return [{"line": r.line, key: r.key, "reason": r.reason} for r in rejected]
