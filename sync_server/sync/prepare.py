"""The pure, CPU-bound part of a push, done before its database transaction opens:
parse every envelope (``shared.envelope.parse_envelope_with_payload``), check its hash and
signature against the terminal's public key, and reprice each sale
(``shared.pricing.check_sale``) under the tenant's tax profile.

None of it depends on what the database holds beyond the key and the profile, so it can
run outside the transaction (row locks are then held only for the merge and the
writes) and, for a large batch, partly in other processes (``CheckPool``, off unless
``serve --check-processes``): these checks are about two thirds of the CPU of a push, and
a single till's backlog leaves a second core idle. On the two-core development VM the
pool took 20–35 % of the CPU off the pushing process but did not shorten a push, because
unpickling a parsed sale still costs ~40 % of parsing it (see docs/benchmarks.md).

``push`` makes the same decisions, in the same order, from these results as it would
from doing the checks itself — a tampered envelope is refused with
the same code at the same index; a sale that does not reprice is held with the same
reason. If the key or the profile changed between this check and the transaction, the
results are thrown away and the checks done again inside it.

This module imports only ``shared``: it is what a pool process loads.
"""

from __future__ import annotations

import copyreg
import dataclasses
import itertools
import json
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

import shared.envelope
import shared.money
import shared.payloads
import shared.tax
from shared.envelope import (
    EnvelopeError,
    parse_envelope_with_payload,
    signed_json,
    verify_envelope,
)
from shared.errors import TaxError
from shared.keys import public_key_from_text
from shared.payloads import Sale
from shared.pricing import check_sale
from shared.tax import TaxProfile

POOL_FROM = 64  # envelopes; a smaller batch is checked in the pushing process alone


@dataclass(frozen=True, slots=True)
class Failure:
    """An ``EnvelopeError`` as plain data (it crosses a process boundary)."""

    code: str
    message: str
    field: str | None = None

    @classmethod
    def of(cls, exc: EnvelopeError) -> Failure:
        return cls(exc.code, str(exc), exc.field)

    def error(self, seq: int | None) -> EnvelopeError:
        return EnvelopeError(self.message, code=self.code, seq=seq, field=self.field)


@dataclass(frozen=True, slots=True)
class Checked:
    """What checking one envelope came to. ``malformed`` is set when it did not parse
    (then nothing else is); otherwise ``envelope``/``payload`` are the parsed envelope,
    ``forged`` the hash or signature failure (None when authentic), and ``problems`` the
    repricing of a sale (None when not a sale or no tax regime applies on its date)."""

    envelope: Any = None
    payload: Any = None
    body: str = ""  # the envelope's JSON as the server keeps it
    malformed: Failure | None = None
    forged: Failure | None = None
    problems: tuple[str, ...] | None = None


def body_text(envelope_json: Any) -> str:
    """The envelope JSON the server stores (and the till can fetch back in recovery)."""
    return json.dumps(envelope_json, separators=(",", ":"), ensure_ascii=False)


def _check(raw: object, key: Any, profile: TaxProfile) -> Checked:
    try:
        envelope, payload = parse_envelope_with_payload(raw)
    except EnvelopeError as exc:
        return Checked(malformed=Failure.of(exc))
    forged = None
    try:
        body = signed_json(verify_envelope(envelope, key), envelope)
    except EnvelopeError as exc:
        forged = Failure.of(exc)
        body = body_text(raw)
    problems = None
    if forged is None and isinstance(payload, Sale):
        problems = reprice(payload, envelope.business_date, profile)
    return Checked(envelope, payload, body, forged=forged, problems=problems)


def reprice(sale: Sale, business_date: str, profile: TaxProfile) -> tuple[str, ...] | None:
    """``check_sale`` under the regime of the sale's date; None when none applies (the
    merge holds it as ``no_tax_regime`` itself)."""
    try:
        regime = profile.regime_on(date.fromisoformat(business_date))
    except TaxError:
        return None
    return check_sale(sale, regime, vat_registered=profile.vat_registered)


def check_all(raws: Sequence[object], public_key_text: str, profile: TaxProfile) -> list[Checked]:
    """Check envelopes in order, stopping after the first that does not parse (the push
    stops there too)."""
    key = public_key_from_text(public_key_text)
    results = []
    for raw in raws:
        checked = _check(raw, key, profile)
        results.append(checked)
        if checked.malformed is not None:
            break
    return results


class CheckPool:
    """Worker processes that check part of a large batch while the pushing process
    checks the rest. Started with ``spawn`` (the server process has threads and open
    database connections that a fork would copy) and warmed up at once, so the first
    push need not wait for interpreters to start (``wait=True`` waits for them here)."""

    def __init__(self, processes: int, *, wait: bool = False) -> None:
        if processes < 1:
            raise ValueError("a check pool needs at least one process")
        self.processes = processes
        self._executor = ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("spawn"))
        warming = [self._executor.submit(_warm) for _ in range(processes)]
        if wait:
            for future in warming:
                future.result()

    def check(self, raws: Sequence[object], public_key_text: str,
              profile: TaxProfile) -> list[Checked]:
        """``check_all``, the batch split between this process and the pool. The
        pushing process takes the first share (a little less than an equal one: it also
        unpacks what the pool sends back)."""
        if len(raws) < POOL_FROM:
            return check_all(raws, public_key_text, profile)
        parts = self.processes + 1
        own = len(raws) * 9 // (10 * parts)
        rest = len(raws) - own
        bounds = [own + rest * n // self.processes for n in range(self.processes + 1)]
        futures: list[Future[list[Checked]]] = [
            self._executor.submit(check_all, list(raws[start:end]), public_key_text, profile)
            for start, end in itertools.pairwise(bounds)]
        results = check_all(raws[:own], public_key_text, profile)
        stopped = bool(results) and results[-1].malformed is not None
        for future in futures:
            part = future.result()
            if not stopped:
                results.extend(part)
                stopped = part[-1].malformed is not None if part else False
        return results

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _warm() -> int:
    return 0


# -- pickling parsed envelopes cheaply -------------------------------------------------
# A parsed sale is ~120 small frozen objects (Money, lines, tenders); the default
# pickling of slotted frozen dataclasses goes through Python-level __getstate__ and
# __setstate__ per object, which cost more than parsing the JSON again. These
# reducers rebuild each object from its field values directly. They are used only for
# values this module produced (already checked), never for anything read from outside.


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(cls)
    for name, value in zip(_FIELDS[cls], values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


def _reducer(cls: type) -> Any:
    names = _FIELDS[cls]

    def reduce(obj: Any) -> tuple[Any, ...]:
        return _rebuild, (cls, tuple([getattr(obj, name) for name in names]))

    return reduce


def _reduce_money(money: shared.money.Money) -> tuple[Any, ...]:
    return shared.money._money, (money.pesewas,)


def _proxy(data: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(data)


def _reduce_proxy(proxy: MappingProxyType[str, Any]) -> tuple[Any, ...]:
    return _proxy, (dict(proxy),)


_FIELDS: dict[type, tuple[str, ...]] = {}
for _module in (shared.payloads, shared.tax, shared.envelope):
    for _value in list(vars(_module).values()):
        if (isinstance(_value, type) and dataclasses.is_dataclass(_value)
                and _value.__module__ == _module.__name__):
            _FIELDS[_value] = tuple(f.name for f in dataclasses.fields(_value))
            copyreg.pickle(_value, _reducer(_value))
copyreg.pickle(shared.money.Money, _reduce_money)
copyreg.pickle(MappingProxyType, _reduce_proxy)

__all__ = ["POOL_FROM", "CheckPool", "Checked", "Failure", "body_text", "check_all", "reprice"]
