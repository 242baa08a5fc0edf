"""A till's running totals: its perpetual grand total and per-tax totals (issue [13],
scope 1; docs/sync-protocol.md §3.6).

Every sale (schema 4), refund (schema 2) and void (schema 2) carries, inside its signed
payload, the till's running totals *after* it:

    running = previous running + own(envelope)

where ``own`` of a sale is its totals (gross, net, VAT, NHIL, GETFund, COVID) and one
document; of a refund minus the sum of its lines' figures and one document; of a void
minus the voided sale's totals (which a void of schema 2 carries, ``Void.totals``) and
one document. A training sale, refund or void (``"training"`` in its ``flags``) adds
nothing — not even to ``count``. The first running totals of a till are its first
counted envelope's own; a till whose older envelopes (earlier schemas) carry none starts
from the first envelope that does.

Pure: the till keeps the totals (``terminal.store.running``), the server checks their
continuity per till (``sync_server.sync.running``), and so does the auditor's verifier
(``shared.audit.verify``), each with ``own`` and ``Running.plus`` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from shared.money import Money
from shared.wire import Reader

AMOUNTS = ("gross", "net", "vat", "nhil", "getfund", "covid")
# The kinds that carry running totals, and the schema from which they do.
RUNNING_FROM: dict[str, int] = {"sale": 4, "refund": 2, "void": 2, "shift_close": 2}
COUNTED = ("sale", "refund", "void")
TRAINING = "training"


@dataclass(frozen=True, slots=True)
class Figures:
    """The six amounts a document adds to (or takes from) the running totals."""

    gross: Money
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money

    @classmethod
    def from_json(cls, r: Reader) -> Figures:
        value = cls(*r.amounts(AMOUNTS))
        r.done()
        return value

    def amounts(self) -> tuple[Money, ...]:
        return (self.gross, self.net, self.vat, self.nhil, self.getfund, self.covid)


@dataclass(frozen=True, slots=True)
class Running:
    """The till's running totals after an envelope: signed pesewas (refunds and voids
    subtract) and ``count``, the number of sales, refunds and voids counted."""

    ZERO: ClassVar[Running]
    gross: Money
    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    count: int

    @classmethod
    def of(cls, amounts: list[Money], count: int) -> Running:
        """From the six amounts in ``AMOUNTS`` order and the count."""
        gross, net, vat, nhil, getfund, covid = amounts
        return cls(gross, net, vat, nhil, getfund, covid, count)

    @classmethod
    def from_json(cls, r: Reader) -> Running:
        amounts = [r.money(name, negative=True) for name in AMOUNTS]
        value = cls.of(amounts, r.integer("count", minimum=0))
        r.done()
        return value

    @classmethod
    def of_json(cls, data: object, path: str = "running") -> Running:
        return cls.from_json(Reader(data, path))

    def to_json(self) -> dict[str, int]:
        return {**{name: getattr(self, name).pesewas for name in AMOUNTS}, "count": self.count}

    def plus(self, delta: Delta) -> Running:
        sign = -1 if delta.subtract else 1
        amounts = [Money(mine.pesewas + sign * theirs.pesewas) for mine, theirs in
                   zip(self.amounts(), delta.figures.amounts(), strict=True)]
        return Running.of(amounts, self.count + delta.count)

    def amounts(self) -> tuple[Money, ...]:
        return (self.gross, self.net, self.vat, self.nhil, self.getfund, self.covid)

    def describe(self) -> str:
        return (f"gross {self.gross.pesewas}, net {self.net.pesewas}, VAT {self.vat.pesewas}, "
                f"NHIL {self.nhil.pesewas}, GETFund {self.getfund.pesewas}, COVID "
                f"{self.covid.pesewas} pesewas, {self.count} documents")


_Z = Money(0)
Running.ZERO = Running(_Z, _Z, _Z, _Z, _Z, _Z, 0)
NO_FIGURES = Figures(_Z, _Z, _Z, _Z, _Z, _Z)


@dataclass(frozen=True, slots=True)
class Delta:
    """What one envelope adds to the running totals."""

    figures: Figures
    subtract: bool
    count: int


NOTHING = Delta(NO_FIGURES, False, 0)


def _sum(lines: Any) -> Figures:
    return Figures(*(Money(sum(getattr(ln, name).pesewas for ln in lines)) for name in AMOUNTS))


def is_training(payload: Any) -> bool:
    return TRAINING in (getattr(payload, "flags", ()) or ())


def own(kind: str, payload: Any) -> Delta:
    """What an envelope of ``kind`` with typed ``payload`` adds to the running totals
    (nothing for other kinds and for training documents)."""
    if kind not in COUNTED or is_training(payload):
        return NOTHING
    if kind == "sale":
        t = payload.totals
        return Delta(Figures(t.gross, t.net, t.vat, t.nhil, t.getfund, t.covid), False, 1)
    if kind == "refund":
        return Delta(_sum(payload.lines), True, 1)
    totals = getattr(payload, "totals", None)
    return Delta(totals if totals is not None else NO_FIGURES, True, 1)


def running_of(payload: Any) -> Running | None:
    """The running totals a payload carries (None: an older schema, or another kind)."""
    value = getattr(payload, "running", None)
    return value if isinstance(value, Running) else None


def carries_running(kind: str, schema: int) -> bool:
    start = RUNNING_FROM.get(kind)
    return start is not None and schema >= start
