"""Ghana tax: regimes with effective dates, item tax codes, and the per-line split.

Two regimes are built in (see ``docs/tax.md`` for sources and worked examples):

* ``GH-2026`` (from 1 January 2026): VAT 15 %, NHIL 2.5 %, GETFund 2.5 %, all on the same
  taxable value (20 % in all). The COVID-19 levy is abolished.
* ``GH-2023`` (1 January 2023 – 31 December 2025): NHIL 2.5 %, GETFund 2.5 % and the
  COVID-19 levy 1 % on the value, and VAT 15 % on the value plus those levies (21.9 %).

Rounding, per line: for a tax-inclusive line each component is
``round_half_up(gross × effective_rate / (1 + total_rate))`` to the pesewa and the net is
``gross − components``, so the parts always add up to the gross. For a tax-exclusive line
each levy is ``round_half_up(net × rate)``; VAT is ``round_half_up(vat_base × 15 %)``
where the base is the net (2026) or the net plus the rounded levies (2023).
Invoice totals are the sums of the lines.

A tenant that is not VAT-registered charges none of these: its registration history
(``Registration``, effective-dated) decides for each sale's date.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import Any

from shared.errors import TaxError
from shared.money import Money

COMPONENTS = ("vat", "nhil", "getfund", "covid")


class TaxCode(StrEnum):
    """GRA E-VAT item tax codes."""

    EXEMPT = "A"
    STANDARD = "B"
    ZERO_RATED = "C"
    NON_TAXABLE = "D"

    @property
    def label(self) -> str:
        return {
            "A": "Exempt",
            "B": "Standard rated",
            "C": "Zero rated",
            "D": "Non-taxable",
        }[self.value]

    @classmethod
    def parse(cls, text: str) -> TaxCode:
        try:
            return cls(text.strip().upper())
        except (ValueError, AttributeError):
            raise TaxError(
                f"“{text}” is not a tax code. Use A (exempt), B (standard), "
                "C (zero-rated) or D (non-taxable).",
                code="unknown_tax_code",
            ) from None


@dataclass(frozen=True, slots=True)
class TaxRegime:
    """One set of Ghana tax rates, in force between two dates (inclusive)."""

    id: str
    name: str
    effective_from: date
    effective_to: date | None
    vat: Decimal
    nhil: Decimal
    getfund: Decimal
    covid: Decimal
    vat_on_levies: bool

    def __post_init__(self) -> None:
        for name in COMPONENTS:
            rate = getattr(self, name)
            if not isinstance(rate, Decimal) or rate < 0 or rate >= 1:
                raise TaxError(f"tax regime {self.id}: rate {name} must be a Decimal in [0, 1)")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise TaxError(f"tax regime {self.id} ends before it starts")

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def levy_rate(self) -> Decimal:
        return self.nhil + self.getfund + self.covid

    def effective_rates(self) -> dict[str, Decimal]:
        """Each component as a rate on the taxable value (VAT grossed up when it is
        charged on value plus levies)."""
        vat = self.vat * (1 + self.levy_rate) if self.vat_on_levies else self.vat
        return {"vat": vat, "nhil": self.nhil, "getfund": self.getfund, "covid": self.covid}

    @property
    def total_rate(self) -> Decimal:
        return sum(self.effective_rates().values(), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "vat": str(self.vat),
            "nhil": str(self.nhil),
            "getfund": str(self.getfund),
            "covid": str(self.covid),
            "vat_on_levies": self.vat_on_levies,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TaxRegime:
        try:
            return cls(
                id=str(obj["id"]),
                name=str(obj["name"]),
                effective_from=date.fromisoformat(obj["effective_from"]),
                effective_to=date.fromisoformat(obj["effective_to"]) if obj.get("effective_to") else None,
                vat=Decimal(obj["vat"]),
                nhil=Decimal(obj["nhil"]),
                getfund=Decimal(obj["getfund"]),
                covid=Decimal(obj["covid"]),
                vat_on_levies=bool(obj["vat_on_levies"]),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise TaxError(f"tax regime record is not valid: {exc}", code="bad_tax_regime") from None


GHANA_2023 = TaxRegime(
    id="GH-2023",
    name="Ghana 2023–2025: levies 2.5 + 2.5 + COVID 1 % on value, VAT 15 % on value plus levies",
    effective_from=date(2023, 1, 1),
    effective_to=date(2025, 12, 31),
    vat=Decimal("0.15"),
    nhil=Decimal("0.025"),
    getfund=Decimal("0.025"),
    covid=Decimal("0.01"),
    vat_on_levies=True,
)

GHANA_2026 = TaxRegime(
    id="GH-2026",
    name="Ghana from 2026: VAT 15 %, NHIL 2.5 %, GETFund 2.5 % on one base",
    effective_from=date(2026, 1, 1),
    effective_to=None,
    vat=Decimal("0.15"),
    nhil=Decimal("0.025"),
    getfund=Decimal("0.025"),
    covid=Decimal("0"),
    vat_on_levies=False,
)

BUILT_IN_REGIMES = {r.id: r for r in (GHANA_2023, GHANA_2026)}
DEFAULT_REGIMES = (GHANA_2023, GHANA_2026)


@dataclass(frozen=True, slots=True)
class Registration:
    """From ``effective_from`` on, whether the tenant is VAT-registered (charges VAT,
    NHIL and GETFund on standard-rated goods) and the TIN its receipts print. A change
    is a new registration from its date; the old one stays, so a sale is always taxed by
    the registration of its own date."""

    effective_from: date
    vat_registered: bool
    tin: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"effective_from": self.effective_from.isoformat(),
                "vat_registered": self.vat_registered, "tin": self.tin}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Registration:
        try:
            tin = obj.get("tin")
            return cls(effective_from=date.fromisoformat(obj["effective_from"]),
                       vat_registered=bool(obj["vat_registered"]),
                       tin=str(tin) if tin else None)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise TaxError("a VAT registration record is not valid",
                           code="bad_tax_registration") from None


@dataclass(frozen=True, slots=True)
class TaxProfile:
    """A tenant's tax set-up: its regimes over time and whether it is VAT-registered.

    ``registrations`` is the registration history, oldest first (the first also covers
    the days before it: a tenant's status at onboarding). Without a history,
    ``vat_registered`` and ``tin`` apply on every day (a standalone till, or a profile
    from a server that keeps no history)."""

    regimes: tuple[TaxRegime, ...] = DEFAULT_REGIMES
    vat_registered: bool = True
    tin: str | None = None
    registrations: tuple[Registration, ...] = ()

    def __post_init__(self) -> None:
        ordered = sorted(self.regimes, key=lambda r: r.effective_from)
        for before, after in pairwise(ordered):
            if before.effective_to is None or before.effective_to >= after.effective_from:
                raise TaxError(f"tax regimes {before.id} and {after.id} overlap")
        for before_r, after_r in pairwise(self.registrations):
            if before_r.effective_from >= after_r.effective_from:
                raise TaxError("VAT registrations must be in date order, one per date",
                               code="bad_tax_registration")

    def registration_on(self, day: date) -> Registration:
        """The registration in force on ``day``."""
        if not self.registrations:
            return Registration(date.min, self.vat_registered, self.tin)
        current = self.registrations[0]
        for registration in self.registrations[1:]:
            if registration.effective_from > day:
                break
            current = registration
        return current

    def vat_registered_on(self, day: date) -> bool:
        return self.registration_on(day).vat_registered

    def to_json(self) -> dict[str, Any]:
        """As head office's feed sends it and a till keeps it (protocol section 7.2)."""
        return {"regimes": [r.to_json() for r in self.regimes],
                "vat_registered": self.vat_registered, "tin": self.tin,
                "registrations": [r.to_json() for r in self.registrations]}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TaxProfile:
        """A profile record; missing regimes are Ghana's built-ins, a missing history
        means the flat ``vat_registered`` (older servers and tills)."""
        regimes = tuple(TaxRegime.from_json(r) for r in obj.get("regimes") or [])
        tin = obj.get("tin")
        return cls(regimes=regimes or DEFAULT_REGIMES,
                   vat_registered=bool(obj.get("vat_registered", True)),
                   tin=str(tin) if tin else None,
                   registrations=tuple(Registration.from_json(r)
                                       for r in obj.get("registrations") or []))

    def regime_on(self, day: date) -> TaxRegime:
        for regime in self.regimes:
            if regime.applies_on(day):
                return regime
        raise TaxError(
            f"No tax regime is set up for {day.isoformat()}. Ghana's rules before 2023 "
            "(VAT 12.5 %) are not configured; check the date.",
            code="no_tax_regime",
        )

    def regime(self, regime_id: str) -> TaxRegime:
        for regime in self.regimes:
            if regime.id == regime_id:
                return regime
        raise TaxError(f"tax regime {regime_id} is not in this tenant's tax profile",
                       code="unknown_tax_regime")


DEFAULT_PROFILE = TaxProfile()


@dataclass(frozen=True, slots=True)
class LineTax:
    """A line's value split into net, each tax component and gross. Always adds up:
    ``net + vat + nhil + getfund + covid == gross``."""

    net: Money
    vat: Money
    nhil: Money
    getfund: Money
    covid: Money
    gross: Money

    def __post_init__(self) -> None:
        if self.net + self.tax != self.gross:
            raise TaxError("line tax parts do not add up to the gross", code="tax_mismatch")

    @property
    def tax(self) -> Money:
        return self.vat + self.nhil + self.getfund + self.covid

    def component(self, name: str) -> Money:
        if name not in COMPONENTS:
            raise TaxError(f"unknown tax component {name}")
        value: Money = getattr(self, name)
        return value

    def __add__(self, other: LineTax) -> LineTax:
        return LineTax(
            net=self.net + other.net,
            vat=self.vat + other.vat,
            nhil=self.nhil + other.nhil,
            getfund=self.getfund + other.getfund,
            covid=self.covid + other.covid,
            gross=self.gross + other.gross,
        )

    def __neg__(self) -> LineTax:
        return LineTax(-self.net, -self.vat, -self.nhil, -self.getfund, -self.covid, -self.gross)

    def as_strings(self) -> dict[str, str]:
        """Decimal strings, as ``bisama-sync tax quote`` and reports print them."""
        return {name: str(getattr(self, name)) for name in ("net", *COMPONENTS, "gross")}

    @classmethod
    def untaxed(cls, amount: Money) -> LineTax:
        zero = Money.ZERO
        return cls(amount, zero, zero, zero, zero, amount)


ZERO_TAX = LineTax.untaxed(Money.ZERO)


def _is_taxed(code: TaxCode, profile_vat_registered: bool) -> bool:
    return code is TaxCode.STANDARD and profile_vat_registered


@functools.lru_cache(maxsize=64)
def _inclusive_fractions(regime: TaxRegime) -> tuple[tuple[int, int], ...]:
    """Each component's share of a tax-inclusive gross, as an exact fraction
    (2026: VAT 0.15 ÷ 1.20 = 1/8, NHIL 0.025 ÷ 1.20 = 1/48)."""
    rates = regime.effective_rates()
    divisor = Fraction(1 + regime.total_rate)
    shares = [Fraction(rates[name]) / divisor for name in COMPONENTS]
    return tuple((share.numerator, share.denominator) for share in shares)


@functools.lru_cache(maxsize=64)
def _rate_fractions(regime: TaxRegime) -> tuple[tuple[int, int], ...]:
    return tuple(getattr(regime, name).as_integer_ratio() for name in COMPONENTS)


def _part(amount: Money, fraction: tuple[int, int]) -> Money:
    return Money.ZERO if fraction[0] == 0 else amount.scale(fraction[0], fraction[1])


def split_inclusive(gross: Money, code: TaxCode, regime: TaxRegime, *,
                    vat_registered: bool = True) -> LineTax:
    """Split a tax-inclusive line amount into net and components (ARCHITECTURE's rule:
    each component = round_half_up(gross × rate ÷ (1 + total rate)), net = the rest)."""
    return _split_inclusive(gross, code, regime, vat_registered)


def add_exclusive(net: Money, code: TaxCode, regime: TaxRegime, *, vat_registered: bool = True) -> LineTax:
    """Add tax to a tax-exclusive line amount."""
    return _add_exclusive(net, code, regime, vat_registered)


# A shop sells the same amounts over and over (one bottle of oil, two of water …), and
# the server reprices every line of every sale it receives: remembering recent results
# (immutable values of immutable inputs) saves ~95 % of the arithmetic.
@functools.lru_cache(maxsize=8192)
def _split_inclusive(gross: Money, code: TaxCode, regime: TaxRegime,
                     vat_registered: bool) -> LineTax:
    if not _is_taxed(code, vat_registered):
        return LineTax.untaxed(gross)
    vat, nhil, getfund, covid = (_part(gross, f) for f in _inclusive_fractions(regime))
    net = gross - vat - nhil - getfund - covid
    return LineTax(net=net, vat=vat, nhil=nhil, getfund=getfund, covid=covid, gross=gross)


@functools.lru_cache(maxsize=8192)
def _add_exclusive(net: Money, code: TaxCode, regime: TaxRegime,
                   vat_registered: bool) -> LineTax:
    if not _is_taxed(code, vat_registered):
        return LineTax.untaxed(net)
    vat_rate, nhil_rate, getfund_rate, covid_rate = _rate_fractions(regime)
    nhil = _part(net, nhil_rate)
    getfund = _part(net, getfund_rate)
    covid = _part(net, covid_rate)
    vat_base = net + nhil + getfund + covid if regime.vat_on_levies else net
    vat = _part(vat_base, vat_rate)
    return LineTax(net=net, vat=vat, nhil=nhil, getfund=getfund, covid=covid,
                   gross=net + vat + nhil + getfund + covid)


def line_tax(amount: Money, code: TaxCode, regime: TaxRegime, *, inclusive: bool,
             vat_registered: bool = True) -> LineTax:
    """The tax on one line whose (discounted) amount is ``amount``."""
    if inclusive:
        return split_inclusive(amount, code, regime, vat_registered=vat_registered)
    return add_exclusive(amount, code, regime, vat_registered=vat_registered)


def sum_lines(lines: Iterable[LineTax]) -> LineTax:
    """Invoice totals: the sum of the lines, never a tax on the total."""
    result = ZERO_TAX
    for line in lines:
        result = result + line
    return result


@dataclass(frozen=True, slots=True)
class TaxQuote:
    """What ``bisama-sync tax quote`` prints."""

    regime: TaxRegime
    code: TaxCode
    inclusive: bool
    tax: LineTax
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, str]:
        return {**self.tax.as_strings(), "regime": self.regime.id, "tax_code": self.code.value,
                "pricing": "inclusive" if self.inclusive else "exclusive"}


def quote(amount: Money, code: TaxCode, day: date, *, inclusive: bool = True,
          profile: TaxProfile = DEFAULT_PROFILE) -> TaxQuote:
    regime = profile.regime_on(day)
    return TaxQuote(regime=regime, code=code, inclusive=inclusive,
                    tax=line_tax(amount, code, regime, inclusive=inclusive,
                                 vat_registered=profile.vat_registered_on(day)))


# Ghana keeps GMT all year (Africa/Accra is UTC+0, no summer time): a fixed offset needs
# no time zone database, which a till's Windows install may lack.
GHANA_TIME = timezone(timedelta(0), "GMT")


def sale_day(moment: datetime | str) -> date:
    """The calendar day in Ghana of a sale's own time — what decides its tax regime.

    Not the shift's business date: a sale rung at 00:30 on 1 January in a shift opened
    on 31 December is taxed under the rules of 1 January. ``moment`` is a datetime with
    an offset or the envelope's ``created_at`` text (ISO 8601 with offset)."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        raise TaxError("a sale's time needs a time zone offset to say which day it was in Ghana")
    return when.astimezone(GHANA_TIME).date()
