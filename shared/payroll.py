"""Payroll rules (issue [14] scope 1): Ghana's PAYE and SSNIT, with no database.

Everything is integer pesewas (``shared.money.Money``); rates are basis points
(1 750 = 17.5 %). Sources and worked payslips are in ``docs/payroll.md``.

One month's payslip, as GRA and SSNIT describe it:

* **gross** = basic salary + cash allowances (+ overtime pay, less pay for days absent,
  when the tenant lets attendance feed the run);
* **SSNIT (employee)** = 5.5 % of the basic salary, the basic capped at the year's maximum
  insurable earnings (GH₵ 69 000 a month from 1 January 2026); it is deducted before
  PAYE (GRA: "SSNIT – 5.5 % of basic salary" is a deduction);
* **taxable income** = gross − SSNIT (employee) − overtime taxed apart;
* **PAYE** = the graduated monthly bands on the taxable income, summed exactly and
  rounded half-up to the pesewa once;
* **overtime tax** (qualifying junior staff, GRA: annual qualifying income not above
  GH₵ 18 000): 5 % on overtime up to half the monthly basic, 10 % on the excess; other
  staff's overtime is ordinary taxable income;
* **net** = gross − SSNIT (employee) − PAYE − overtime tax;
* **employer SSNIT** = 13 % of the (capped) basic; of the 18.5 % together, 13.5 % goes to
  SSNIT (tier 1, of which SSNIT sends 2.5 % to the NHIA) and 5 % to the tier-2 trustee;
* **employer cost** = gross + employer SSNIT.

Rates are effective-dated: ``rates_for(day)`` is the set in force on a day; older sets
stay so that a past month is recomputed with the rates of its time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from shared.errors import BisamaError
from shared.money import Money, div_half_up
from shared.posting import Journal, JournalLine

BP = 10_000  # basis points in a whole

# Accounts a payroll posts to; the books add them to a tenant's chart when first needed.
SALARIES_EXPENSE = "6300"
EMPLOYER_SSNIT_EXPENSE = "6310"
PAYE_PAYABLE = "2200"
SSNIT_PAYABLE = "2210"        # tier 1, to SSNIT
TIER2_PAYABLE = "2220"        # tier 2, to the approved trustee
NET_PAY_PAYABLE = "2230"
PAYROLL_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    (SALARIES_EXPENSE, "Salaries and Wages", "expense"),
    (EMPLOYER_SSNIT_EXPENSE, "Employer SSNIT Contributions", "expense"),
    (PAYE_PAYABLE, "PAYE Payable", "liability"),
    (SSNIT_PAYABLE, "SSNIT Payable (Tier 1)", "liability"),
    (TIER2_PAYABLE, "Tier 2 Pension Payable", "liability"),
    (NET_PAY_PAYABLE, "Net Salaries Payable", "liability"),
)
LIABILITIES = {"net": NET_PAY_PAYABLE, "paye": PAYE_PAYABLE, "ssnit": SSNIT_PAYABLE,
               "tier2": TIER2_PAYABLE}


class PayrollError(BisamaError, ValueError):
    """A payroll figure or rate that cannot be used as given."""

    code = "payroll_invalid"


@dataclass(frozen=True, slots=True)
class Band:
    """A slice of monthly chargeable income: ``width`` (None: everything above) taxed at
    ``rate_bp``."""

    width: Money | None
    rate_bp: int


@dataclass(frozen=True, slots=True)
class RateSet:
    effective: str  # YYYY-MM-DD
    bands: tuple[Band, ...]
    max_insurable: Money  # a month's basic salary above this carries no SSNIT
    employee_ssnit_bp: int = 550
    employer_ssnit_bp: int = 1300
    tier2_bp: int = 500
    overtime_low_bp: int = 500
    overtime_high_bp: int = 1000
    junior_limit_cedis: int = 18_000  # a year's qualifying income for junior overtime tax
    source: str = ""

    @property
    def tier1_bp(self) -> int:
        return self.employee_ssnit_bp + self.employer_ssnit_bp - self.tier2_bp


def _c(text: str) -> Money:
    return Money.parse(text)


_BANDS_2023 = (Band(_c("402"), 0), Band(_c("110"), 500), Band(_c("130"), 1000),
               Band(_c("3000"), 1750), Band(_c("16395"), 2500), Band(_c("29963"), 3000),
               Band(None, 3500))
_BANDS_2024 = (Band(_c("490"), 0), Band(_c("110"), 500), Band(_c("130"), 1000),
               Band(_c("3166.67"), 1750), Band(_c("16000"), 2500), Band(_c("30520"), 3000),
               Band(None, 3500))

RATE_SETS: tuple[RateSet, ...] = (
    RateSet("2023-05-01", _BANDS_2023, _c("42000"),
            source="Income Tax (Amendment) (No. 2) Act 2022, monthly table as GRA published "
                   "it from 1 May 2023; SSNIT 2023 maximum insurable earnings GH₵ 42 000"),
    RateSet("2024-01-01", _BANDS_2024, _c("61000"),
            source="Income Tax (Amendment) (No. 2) Act 2023 (Act 1111), annual bands ÷ 12, "
                   "top band from GH₵ 605 000 a year as GRA directed; SSNIT cap GH₵ 61 000 "
                   "(the cap SSNIT raised from in 2026; its 2024 start not verified)"),
    RateSet("2026-01-01", _BANDS_2024, _c("69000"),
            source="Act 1111 bands (no later amendment found); SSNIT notice of 14 January "
                   "2026: maximum insurable earnings GH₵ 69 000 from 1 January 2026"),
)


def parse_bands(text: str) -> tuple[Band, ...]:
    """Bands typed as GRA's table reads: ``490:0, 110:5, 130:10, 3166.67:17.5, 16000:25,
    30520:30, rest:35`` (monthly width in cedis : rate in per cent; the last is ``rest``)."""
    parts = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
    if len(parts) < 2 or len(parts) > 12:
        raise PayrollError("Give 2 to 12 bands as WIDTH:RATE, e.g. 490:0, 110:5, …, rest:35.")
    bands: list[Band] = []
    for number, part in enumerate(parts, start=1):
        width_text, _, rate_text = part.partition(":")
        try:
            rate = Decimal(rate_text.strip())
        except InvalidOperation:
            raise PayrollError(f"Band {number}: “{rate_text}” is not a per cent rate.") from None
        if not rate.is_finite() or not 0 <= rate <= 100 or rate * 100 != int(rate * 100):
            raise PayrollError(f"Band {number}: the rate is 0 to 100 per cent, at most two "
                               "decimals.")
        last = number == len(parts)
        if width_text.strip().lower() == "rest":
            if not last:
                raise PayrollError(f"Band {number}: only the last band is “rest”.")
            bands.append(Band(None, int(rate * 100)))
            continue
        if last:
            raise PayrollError("The last band is “rest:RATE” (income above all the others).")
        try:
            width = Money.parse(width_text.strip())
        except BisamaError as exc:
            raise PayrollError(f"Band {number}: {exc}") from None
        if width.pesewas <= 0:
            raise PayrollError(f"Band {number}: a band's width is more than 0.00.")
        bands.append(Band(width, int(rate * 100)))
    return tuple(bands)


def bands_text(bands: tuple[Band, ...]) -> str:
    return ", ".join(f"{'rest' if b.width is None else b.width}:{_pct(b.rate_bp)[:-2]}"
                     for b in bands)


def rates_for(day: str | date, sets: tuple[RateSet, ...] = RATE_SETS) -> RateSet:
    """The rate set in force on ``day``."""
    text = day if isinstance(day, str) else day.isoformat()
    found = [s for s in sets if s.effective <= text]
    if not found:
        raise PayrollError(f"No PAYE/SSNIT rates are in force on {text}; the earliest set "
                           f"starts {min(s.effective for s in sets)}.")
    return max(found, key=lambda s: s.effective)


def rates_json(rates: RateSet) -> dict[str, object]:
    """A rate set as a person checks it against GRA's and SSNIT's tables: the bands with
    their cumulative income and tax, the SSNIT shares and cap, and the source."""
    bands, upto, tax = [], 0, 0
    for band in rates.bands:
        if band.width is None:
            bands.append({"band": f"exceeding {Money(upto)}", "rate": _pct(band.rate_bp),
                          "cumulative_income": "", "cumulative_tax": ""})
            continue
        upto += band.width.pesewas
        tax += band.width.pesewas * band.rate_bp
        bands.append({"band": f"{'first' if not bands else 'next'} {band.width}",
                      "rate": _pct(band.rate_bp), "cumulative_income": str(Money(upto)),
                      "cumulative_tax": str(Money(div_half_up(tax, BP)))})
    return {"effective": rates.effective, "bands": bands,
            "ssnit_employee": _pct(rates.employee_ssnit_bp),
            "ssnit_employer": _pct(rates.employer_ssnit_bp), "tier1": _pct(rates.tier1_bp),
            "tier2": _pct(rates.tier2_bp), "max_insurable": str(rates.max_insurable),
            "source": rates.source}


def _pct(bp: int) -> str:
    whole, part = divmod(bp, 100)
    return f"{whole}.{part:02d}".rstrip("0").rstrip(".") + " %"


def paye(taxable: Money, rates: RateSet) -> Money:
    """Monthly PAYE on ``taxable`` income by the graduated bands, rounded once."""
    if taxable.pesewas <= 0:
        return Money.ZERO
    left, owed = taxable.pesewas, 0  # owed in pesewa-basis-points
    for band in rates.bands:
        slice_ = left if band.width is None else min(left, band.width.pesewas)
        owed += slice_ * band.rate_bp
        left -= slice_
        if left <= 0:
            break
    return Money(div_half_up(owed, BP))


def percent(amount: Money, rate_bp: int) -> Money:
    return Money(div_half_up(amount.pesewas * rate_bp, BP))


def overtime_tax(overtime: Money, basic: Money, rates: RateSet) -> Money:
    """GRA's tax on a qualifying junior's overtime: 5 % up to half the basic, 10 % above."""
    half = Money(basic.pesewas // 2)
    low = min(overtime, half)
    high = overtime - low
    return Money(div_half_up(low.pesewas * rates.overtime_low_bp
                             + high.pesewas * rates.overtime_high_bp, BP))


@dataclass(frozen=True, slots=True)
class Payslip:
    basic: Money
    allowances: Money
    overtime: Money
    absence: Money  # pay withheld for days absent
    gross: Money
    ssnit_employee: Money
    taxable: Money
    paye: Money
    overtime_tax: Money
    net: Money
    ssnit_employer: Money
    tier1: Money
    tier2: Money
    employer_cost: Money
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, int]:
        return {k: getattr(self, k).pesewas for k in (
            "basic", "allowances", "overtime", "absence", "gross", "ssnit_employee", "taxable",
            "paye", "overtime_tax", "net", "ssnit_employer", "tier1", "tier2", "employer_cost")}


def compute(basic: Money, allowances: Money, rates: RateSet, *, overtime: Money = Money.ZERO,
            absence: Money = Money.ZERO) -> Payslip:
    """One employee's month. ``absence`` is pay withheld for days absent (taken off the
    basic before SSNIT); ``overtime`` is overtime pay for the month."""
    for name, value in (("basic salary", basic), ("allowances", allowances),
                        ("overtime", overtime), ("absence deduction", absence)):
        if value.is_negative:
            raise PayrollError(f"The {name} cannot be negative ({value}).")
    if absence > basic:
        raise PayrollError(f"Pay withheld for absence ({absence}) is more than the basic "
                           f"salary ({basic}).")
    earned_basic = basic - absence
    insurable = min(earned_basic, rates.max_insurable)
    notes: list[str] = []
    if insurable < earned_basic:
        notes.append(f"SSNIT on the maximum insurable earnings {rates.max_insurable}")
    ssnit_emp = percent(insurable, rates.employee_ssnit_bp)
    ssnit_er = percent(insurable, rates.employer_ssnit_bp)
    tier2 = percent(insurable, rates.tier2_bp)
    tier1 = ssnit_emp + ssnit_er - tier2
    gross = earned_basic + allowances + overtime
    annual = (basic + allowances) * 12
    junior = overtime.pesewas > 0 and annual <= Money.cedis(rates.junior_limit_cedis)
    ot_tax = overtime_tax(overtime, basic, rates) if junior else Money.ZERO
    if junior:
        notes.append("overtime taxed apart (qualifying junior staff)")
    taxable = gross - ssnit_emp - (overtime if junior else Money.ZERO)
    if taxable.is_negative:
        taxable = Money.ZERO
    tax = paye(taxable, rates)
    net = gross - ssnit_emp - tax - ot_tax
    return Payslip(basic, allowances, overtime, absence, gross, ssnit_emp, taxable, tax, ot_tax,
                   net, ssnit_er, tier1, tier2, gross + ssnit_er, tuple(notes))


def weekdays_in_month(month: str) -> int:
    """Monday-to-Friday days in ``YYYY-MM`` (the days a basic salary pays for, when
    absences are deducted)."""
    year, mon = check_month(month)
    days = calendar.monthrange(year, mon)[1]
    return sum(1 for d in range(1, days + 1) if date(year, mon, d).weekday() < 5)


def check_month(text: str) -> tuple[int, int]:
    try:
        year_s, mon_s = (text or "").strip().split("-")
        year, mon = int(year_s), int(mon_s)
        date(year, mon, 1)
    except ValueError:
        raise PayrollError(f"“{text}” is not a month; write it as YYYY-MM (e.g. 2026-11).") from None
    return year, mon


def month_end(month: str) -> str:
    year, mon = check_month(month)
    return date(year, mon, calendar.monthrange(year, mon)[1]).isoformat()


def absence_pay(basic: Money, days_absent: int, month: str) -> Money:
    """Pay withheld for ``days_absent`` working days: basic ÷ weekdays × days."""
    days = weekdays_in_month(month)
    return basic.scale(min(days_absent, days), days)


def overtime_pay(basic: Money, minutes: int, month: str, *, hours_per_day: int = 8,
                 multiplier_pct: int = 150) -> Money:
    """Overtime pay: the hourly rate (basic ÷ weekdays ÷ hours a day) × hours × the
    overtime multiplier (150 % unless the tenant says otherwise)."""
    days = weekdays_in_month(month)
    return basic.scale(minutes * multiplier_pct, days * hours_per_day * 60 * 100)


def run_journal(month: str, slips: list[tuple[str, Payslip]]) -> Journal:
    """The month's payroll journal from ``(branch, payslip)`` pairs: per branch, Dr 6300
    gross and Dr 6310 employer SSNIT; Cr 2200 PAYE (with overtime tax), 2210 SSNIT tier 1
    (employee and employer shares less tier 2), 2220 tier 2 and 2230 net pay."""
    if not slips:
        raise PayrollError(f"There are no payslips for {month} to post.")
    sums: dict[str, dict[str, int]] = {}
    for branch, slip in slips:
        row = sums.setdefault(branch, dict.fromkeys(
            ("gross", "er", "paye", "tier1", "tier2", "net"), 0))
        row["gross"] += slip.gross.pesewas
        row["er"] += slip.ssnit_employer.pesewas
        row["paye"] += slip.paye.pesewas + slip.overtime_tax.pesewas
        row["tier1"] += slip.tier1.pesewas
        row["tier2"] += slip.tier2.pesewas
        row["net"] += slip.net.pesewas
    memo = f"Payroll {month}"
    lines: list[JournalLine] = []
    for branch in sorted(sums):
        row = sums[branch]
        for code, key, debit in ((SALARIES_EXPENSE, "gross", True),
                                 (EMPLOYER_SSNIT_EXPENSE, "er", True),
                                 (PAYE_PAYABLE, "paye", False), (SSNIT_PAYABLE, "tier1", False),
                                 (TIER2_PAYABLE, "tier2", False),
                                 (NET_PAY_PAYABLE, "net", False)):
            amount = Money(row[key])
            if amount.is_zero:
                continue
            lines.append(JournalLine(code, amount if debit else Money.ZERO,
                                     Money.ZERO if debit else amount, branch, memo))
    return Journal("payroll", f"PAY-{month}", memo, tuple(lines))


def payment_journal(month: str, kind: str, amounts: dict[str, Money], paid_from: str,
                    reference: str) -> Journal:
    """A payroll liability paid: Dr the liability (per branch) / Cr the bank, cash or MoMo
    account, at each branch."""
    account = LIABILITIES.get(kind)
    if account is None:
        raise PayrollError(f"“{kind}” is not a payroll liability; use net, paye, ssnit or tier2.")
    lines: list[JournalLine] = []
    for branch in sorted(amounts):
        amount = amounts[branch]
        if amount.is_zero:
            continue
        lines.append(JournalLine(account, amount, Money.ZERO, branch, f"{PAID_TO[kind]} {month}"))
        lines.append(JournalLine(paid_from, Money.ZERO, amount, branch, f"{PAID_TO[kind]} {month}"))
    if not lines:
        raise PayrollError(f"Nothing is owed for {PAID_TO[kind]} in {month}.")
    return Journal("payroll_payment", reference, f"{PAID_TO[kind]} for {month}", tuple(lines))


PAID_TO = {"net": "Net pay to staff", "paye": "PAYE to GRA", "ssnit": "SSNIT tier 1",
           "tier2": "Tier 2 to the trustee"}


__all__ = [
    "LIABILITIES",
    "PAYROLL_ACCOUNTS",
    "RATE_SETS",
    "Band",
    "PayrollError",
    "Payslip",
    "RateSet",
    "absence_pay",
    "bands_text",
    "check_month",
    "compute",
    "month_end",
    "overtime_pay",
    "overtime_tax",
    "parse_bands",
    "paye",
    "payment_journal",
    "percent",
    "rates_for",
    "rates_json",
    "run_journal",
    "weekdays_in_month",
]
