"""PAYE and SSNIT against GRA's published monthly table and SSNIT's rates (docs/payroll.md)."""

from __future__ import annotations

from typing import Any

import pytest

from shared.money import Money
from shared.payroll import (
    PayrollError,
    absence_pay,
    compute,
    overtime_pay,
    paye,
    rates_for,
    weekdays_in_month,
)

M = Money.parse
R2026 = rates_for("2026-11-30")


@pytest.mark.parametrize(("chargeable", "cumulative_tax"), [
    # GRA's monthly table from 1 January 2024: cumulative chargeable income → cumulative tax
    ("490", "0"), ("600", "5.50"), ("730", "18.50"), ("3896.67", "572.67"),
    ("19896.67", "4572.67"), ("50416.67", "13728.67"),
])
def test_paye_matches_gra_cumulative_table(chargeable: str, cumulative_tax: str) -> None:
    assert paye(M(chargeable), R2026) == M(cumulative_tax)


def test_paye_top_band_35_percent() -> None:
    assert paye(M("60416.67"), R2026) == M("17228.67")  # 13 728.67 + 35 % of 10 000


def test_paye_2023_table_kept() -> None:
    r2023 = rates_for("2023-06-30")
    # GRA's monthly table from 1 May 2023: cumulative 3 642 → 543.50; 20 037 → 4 642.25
    assert paye(M("3642"), r2023) == M("543.50")
    assert paye(M("20037"), r2023) == M("4642.25")
    assert paye(M("50000"), r2023) == M("13631.15")


def test_worked_payslip_one() -> None:
    slip = compute(M("3000"), M("500"), R2026)
    assert slip.gross == M("3500")
    assert slip.ssnit_employee == M("165.00")
    assert slip.taxable == M("3335.00")
    assert slip.paye == M("474.38")
    assert slip.net == M("2860.62")
    assert slip.ssnit_employer == M("390.00")
    assert (slip.tier1, slip.tier2) == (M("405.00"), M("150.00"))
    assert slip.employer_cost == M("3890.00")


def test_worked_payslip_two_above_the_ssnit_cap() -> None:
    slip = compute(M("80000"), M("10000"), R2026)
    assert slip.ssnit_employee == M("3795.00")  # 5.5 % of GH₵ 69 000
    assert slip.ssnit_employer == M("8970.00")
    assert slip.tier1 + slip.tier2 == M("12765.00")  # 18.5 % of 69 000
    assert slip.tier1 == M("9315.00")  # SSNIT's published 2026 maximum
    assert slip.taxable == M("86205.00")
    assert slip.paye == M("26254.58")  # 13 728.66725 + 35 % × 35 788.33
    assert slip.net == M("59950.42")


def test_minimum_wage_pays_no_paye() -> None:
    slip = compute(M("450"), Money.ZERO, R2026)
    assert slip.paye == Money.ZERO and slip.net == M("425.25")


def test_junior_overtime_taxed_apart() -> None:
    slip = compute(M("1000"), M("200"), R2026, overtime=M("600"))
    assert slip.overtime_tax == M("35.00")  # 5 % of 500 + 10 % of 100
    assert slip.taxable == M("1145.00")  # overtime is not in it
    assert slip.net == slip.gross - slip.ssnit_employee - slip.paye - slip.overtime_tax


def test_senior_overtime_is_ordinary_income() -> None:
    slip = compute(M("5000"), Money.ZERO, R2026, overtime=M("500"))
    assert slip.overtime_tax == Money.ZERO and slip.taxable == M("5225.00")


def test_absence_and_overtime_pay() -> None:
    assert weekdays_in_month("2026-11") == 21
    assert absence_pay(M("2100"), 2, "2026-11") == M("200.00")
    assert overtime_pay(M("2100"), 120, "2026-11") == M("37.50")  # 12.50/h × 2 h × 1.5


def test_bad_input_is_refused() -> None:
    with pytest.raises(PayrollError):
        compute(M("-1"), Money.ZERO, R2026)
    with pytest.raises(PayrollError):
        rates_for("2019-01-01")


def test_the_rates_as_a_person_checks_them() -> None:
    from shared.payroll import rates_json

    shown = rates_json(R2026)
    bands: Any = shown["bands"]
    assert [b["cumulative_tax"] for b in bands][:-1] == [
        "0.00", "5.50", "18.50", "572.67", "4572.67", "13728.67"]
    assert (shown["tier1"], shown["tier2"], shown["max_insurable"]) == ("13.5 %", "5 %",
                                                                         "69000.00")
    assert rates_for("2025-12-31").max_insurable == M("61000")
