import csv
import json
import subprocess
import sys
from datetime import date

import pytest

from shared.errors import TaxError
from shared.money import Money
from shared.tax import (
    DEFAULT_PROFILE,
    GHANA_2023,
    GHANA_2026,
    TaxCode,
    TaxProfile,
    TaxRegime,
    line_tax,
    split_inclusive,
    sum_lines,
)
from tests.conftest import TESTDATA


def _vectors():
    with open(TESTDATA / "tax_vectors.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _vectors(), ids=lambda r: f"{r['amount']}-{r['tax_code']}-{r['regime']}-{r['pricing']}")
def test_tax_vector(row):
    regime = {"2026": GHANA_2026, "2023": GHANA_2023}[row["regime"]]
    tax = line_tax(Money.parse(row["amount"]), TaxCode(row["tax_code"]), regime,
                   inclusive=row["pricing"] == "inclusive")
    assert tax.as_strings() == {k: row[k] for k in ("net", "vat", "nhil", "getfund", "covid", "gross")}


def test_every_vector_is_covered():
    assert len(_vectors()) >= 14


def test_regime_chosen_by_date():
    assert DEFAULT_PROFILE.regime_on(date(2026, 1, 1)) is GHANA_2026
    assert DEFAULT_PROFILE.regime_on(date(2025, 12, 31)) is GHANA_2023
    assert DEFAULT_PROFILE.regime_on(date(2025, 6, 30)) is GHANA_2023
    with pytest.raises(TaxError) as err:
        DEFAULT_PROFILE.regime_on(date(2022, 12, 31))
    assert "2022-12-31" in str(err.value)


def test_total_rates():
    assert str(GHANA_2026.total_rate) == "0.200"
    assert str(GHANA_2023.total_rate) == "0.21900"


@pytest.mark.parametrize("code", [TaxCode.EXEMPT, TaxCode.ZERO_RATED, TaxCode.NON_TAXABLE])
def test_untaxed_codes(code):
    tax = line_tax(Money.parse("50.00"), code, GHANA_2026, inclusive=True)
    assert tax.net == tax.gross == Money.parse("50.00")
    assert tax.tax.is_zero


def test_not_vat_registered_charges_nothing():
    tax = line_tax(Money.parse("120.00"), TaxCode.STANDARD, GHANA_2026, inclusive=True, vat_registered=False)
    assert tax.tax.is_zero


def test_vat_registration_is_decided_by_the_day():
    from shared.tax import Registration, quote

    profile = TaxProfile(registrations=(
        Registration(date(2026, 2, 1), vat_registered=False),
        Registration(date(2026, 6, 1), vat_registered=True, tin="C0001"),
    ))
    assert not profile.vat_registered_on(date(2026, 1, 15))  # the first entry covers earlier days
    assert not profile.vat_registered_on(date(2026, 5, 31))
    assert profile.registration_on(date(2026, 6, 1)).tin == "C0001"
    assert quote(Money.cedis(120), TaxCode.STANDARD, date(2026, 5, 31), profile=profile).tax.tax.is_zero
    assert quote(Money.cedis(120), TaxCode.STANDARD, date(2026, 6, 1),
                 profile=profile).tax.vat == Money.cedis(15)
    assert TaxProfile.from_json(profile.to_json()) == profile
    flat = TaxProfile.from_json({"vat_registered": False})  # a server without the history
    assert not flat.vat_registered_on(date(2030, 1, 1)) and flat.regimes == TaxProfile().regimes
    with pytest.raises(TaxError):
        TaxProfile(registrations=tuple(reversed(profile.registrations)))
    with pytest.raises(TaxError):
        Registration.from_json({"effective_from": "June"})


def test_invoice_total_is_sum_of_lines_not_tax_of_total():
    lines = [split_inclusive(Money.parse("0.05"), TaxCode.STANDARD, GHANA_2026) for _ in range(10)]
    invoice = sum_lines(lines)
    assert invoice.gross == Money.parse("0.50")
    assert invoice.vat == Money.parse("0.10")  # 10 × 0.01, not round(0.50 × 0.125)
    assert invoice.net + invoice.tax == invoice.gross


def test_overlapping_regimes_refused():
    clash = TaxRegime(id="X", name="x", effective_from=date(2025, 6, 1), effective_to=None,
                      vat=GHANA_2026.vat, nhil=GHANA_2026.nhil, getfund=GHANA_2026.getfund,
                      covid=GHANA_2026.covid, vat_on_levies=False)
    with pytest.raises(TaxError):
        TaxProfile(regimes=(GHANA_2023, clash))


def test_regime_json_round_trip():
    for regime in (GHANA_2023, GHANA_2026):
        assert TaxRegime.from_json(json.loads(json.dumps(regime.to_json()))) == regime
    with pytest.raises(TaxError):
        TaxRegime.from_json({"id": "x"})


def test_tax_code_parse():
    assert TaxCode.parse(" b ") is TaxCode.STANDARD
    with pytest.raises(TaxError) as err:
        TaxCode.parse("E")
    assert "A (exempt)" in str(err.value)


def _quote(*args):
    return subprocess.run([sys.executable, "-m", "sync_server", "tax", "quote", *args],
                          capture_output=True, text=True, check=False)


def test_cli_tax_quote_2026():
    out = _quote("25000.00", "--code", "B", "--on", "2026-03-01")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("net", "vat", "nhil", "getfund", "covid", "gross")} == {
        "net": "20833.34", "vat": "3125.00", "nhil": "520.83", "getfund": "520.83",
        "covid": "0.00", "gross": "25000.00"}
    assert data["regime"] == "GH-2026"


def test_cli_tax_quote_defaults_to_today_and_2023_regime_by_date():
    assert json.loads(_quote("25000.00", "--code", "B").stdout)["regime"] == "GH-2026"
    data = json.loads(_quote("100", "--exclusive", "--on", "2025-06-30").stdout)
    assert data["regime"] == "GH-2023"
    assert (data["vat"], data["covid"], data["gross"]) == ("15.90", "1.00", "121.90")


@pytest.mark.parametrize("args", [["abc"], ["10", "--code", "Z"], ["10", "--on", "yesterday"],
                                  ["-5"], ["10", "--on", "2020-01-01"]])
def test_cli_tax_quote_bad_input_exits_2(args):
    out = _quote(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.strip()


# The integer-fraction implementation must equal the rule as written, computed in Decimal.
from decimal import ROUND_HALF_UP, Decimal, localcontext  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from shared.money import quantity  # noqa: E402


def _decimal_rule(gross: int, rate: Decimal, divisor: Decimal) -> int:
    with localcontext() as ctx:
        ctx.prec = 60
        return int((Decimal(gross) * rate / divisor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from([GHANA_2026, GHANA_2023]))
def test_inclusive_split_matches_the_decimal_rule(gross, regime):
    tax = split_inclusive(Money(gross), TaxCode.STANDARD, regime)
    rates = regime.effective_rates()
    divisor = 1 + regime.total_rate
    for name in ("vat", "nhil", "getfund", "covid"):
        assert tax.component(name).pesewas == _decimal_rule(gross, rates[name], divisor)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=-(10**7), max_value=10**7))
def test_times_matches_decimal(pesewas, thousandths):
    qty = quantity(Decimal(thousandths) / 1000)
    expected = int((Decimal(pesewas) * qty).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert Money(pesewas).times(qty).pesewas == expected


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from([GHANA_2026, GHANA_2023]))
def test_exclusive_matches_the_decimal_rule(net, regime):
    tax = line_tax(Money(net), TaxCode.STANDARD, regime, inclusive=False)
    levies = [_decimal_rule(net, getattr(regime, n), Decimal(1)) for n in ("nhil", "getfund", "covid")]
    base = net + sum(levies) if regime.vat_on_levies else net
    assert [tax.nhil.pesewas, tax.getfund.pesewas, tax.covid.pesewas] == levies
    assert tax.vat.pesewas == _decimal_rule(base, regime.vat, Decimal(1))
