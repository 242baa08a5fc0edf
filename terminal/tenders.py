"""How the customer pays: the cashier's tender entries → ``shared.payloads.Tender``s that
settle an amount exactly, with cash change. Non-cash tenders (MoMo, card, credit) settle
what they say; cash settles the rest and anything over is change."""

from __future__ import annotations

from dataclasses import dataclass

from shared.momo import normalise, reference_problem
from shared.money import Money, total
from shared.payloads import CARD_PROVIDERS, TENDER_METHODS, Tender
from terminal.errors import TenderError


@dataclass(frozen=True, slots=True)
class TenderInput:
    """One payment the cashier entered: for cash, ``amount`` is what was handed over."""

    method: str
    amount: Money
    provider: str | None = None
    reference: str | None = None


def cash(amount: Money) -> TenderInput:
    return TenderInput("cash", amount)


def momo(amount: Money, provider: str, reference: str) -> TenderInput:
    return TenderInput("momo", amount, provider, reference)


def card(amount: Money, approval_code: str, provider: str = "other") -> TenderInput:
    return TenderInput("card", amount, provider, approval_code)


def credit(amount: Money) -> TenderInput:
    return TenderInput("credit", amount)


def _check(t: TenderInput) -> None:
    if t.method not in TENDER_METHODS:
        raise TenderError(f"“{t.method}” is not a way to pay here.")
    if t.amount.pesewas <= 0:
        raise TenderError("Each payment must be more than zero.")
    if t.method == "momo":
        problem = reference_problem(t.provider or "", t.reference or "")
        if problem:
            raise TenderError(problem)
    if t.method == "card":
        if t.provider not in CARD_PROVIDERS:
            raise TenderError("Choose the card type.")
        if not (t.reference or "").strip():
            raise TenderError("Type the card terminal's approval code.")


def _reference(t: TenderInput) -> str:
    # A MoMo reference is kept in the one form it is compared in (see shared.momo).
    return normalise(t.reference or "") if t.method == "momo" else (t.reference or "").strip()


def settle(due: Money, entries: list[TenderInput]) -> tuple[tuple[Tender, ...], Money]:
    """Tenders settling ``due`` exactly, and the change to give."""
    if not entries:
        raise TenderError("Choose how the customer pays.")
    for entry in entries:
        _check(entry)
    non_cash = [e for e in entries if e.method != "cash"]
    handed = total([e.amount for e in entries if e.method == "cash"])
    covered = total([e.amount for e in non_cash])
    if covered > due:
        raise TenderError(
            f"Mobile money, card and credit come to {covered.format()}, more than the "
            f"{due.format()} to pay. Correct the amounts."
        )
    cash_needed = due - covered
    if handed < cash_needed:
        raise TenderError(f"{(cash_needed - handed).format()} is still to pay.")
    if cash_needed.is_zero and not handed.is_zero:
        raise TenderError("No cash is needed: the other payments already cover the total.")
    tenders = [
        Tender(e.method, e.amount, e.amount, e.provider, _reference(e) or None) for e in non_cash
    ]
    if not cash_needed.is_zero:
        tenders.insert(0, Tender("cash", cash_needed, handed))
    return tuple(tenders), handed - cash_needed
