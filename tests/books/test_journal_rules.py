"""``shared.journals``: the rules of a journal by hand, with no database."""

from __future__ import annotations

from datetime import date

import pytest

from shared.journals import (
    JournalRejected,
    build_journal,
    check_lines,
    make_line,
    parse_line,
    parse_lines_csv,
    recurring_dates,
    reversal_lines,
)
from shared.money import Money


def test_a_typed_line_reads_account_amounts_branch_and_memo() -> None:
    line = parse_line("6010:1,500.00::TEM:March rent: shop 2", "MAIN")
    assert (line.account, line.debit, line.credit, line.branch, line.memo) == (
        "6010", Money(150_000), Money.ZERO, "TEM", "March rent: shop 2")
    assert parse_line("1020-mtn::1500", "MAIN").branch == "MAIN"
    with pytest.raises(JournalRejected, match="ACCOUNT:DEBIT:CREDIT"):
        parse_line("6010=1500", "MAIN")
    with pytest.raises(JournalRejected, match=r"Line 3: “1,5O0” is not an amount"):
        parse_line("6010:1,5O0:", "MAIN", number=3)


def test_a_csv_of_lines_with_or_without_branch_and_memo() -> None:
    lines = parse_lines_csv("Account,Debit,Credit,Memo\n6010,100.00,,rent\n\n1010,,100.00,\n",
                            "MAIN")
    assert [(ln.account, ln.debit.pesewas, ln.credit.pesewas, ln.branch) for ln in lines] == [
        ("6010", 10_000, 0, "MAIN"), ("1010", 0, 10_000, "MAIN")]
    with pytest.raises(JournalRejected, match="lacks credit"):
        parse_lines_csv("account,debit\n6010,1\n", "MAIN")


@pytest.mark.parametrize(("lines", "message"), [
    ([("6010", "1", "")], "at least two lines"),
    ([("6010", "1", "1"), ("1010", "", "")], "both a debit and a credit"),
    ([("6010", "", ""), ("1010", "", "1")], "has no amount"),
    ([("60X0", "1", ""), ("1010", "", "1")], "not an account code"),
    ([("6010", "-1", ""), ("1010", "", "-1")], "never negative"),
    ([("6010", "10.00", ""), ("1010", "", "9.99")], r"difference of GH₵ 0\.01"),
])
def test_each_broken_rule_has_its_sentence(lines: list[tuple[str, str, str]], message: str) -> None:
    with pytest.raises(JournalRejected, match=message):
        check_lines([make_line(a, d, c, "MAIN") for a, d, c in lines])


def test_a_journal_and_its_reversal_net_to_zero() -> None:
    lines = [make_line("6010", "1,000.00", "", "MAIN"), make_line("1010", "", "600.00", "MAIN"),
             make_line("1011", "", "400.00", "TEM")]
    journal = build_journal("JV-000001", "rent", lines)
    assert (journal.kind, journal.total_debit) == ("manual", Money(100_000))
    back = build_journal("JV-000002", "reversal", reversal_lines(lines))
    nets = dict(journal.balances())
    for account, net in back.balances().items():
        nets[account] = nets[account] + net
    assert all(net.is_zero for net in nets.values())


def test_monthly_dates_keep_to_the_months_last_day() -> None:
    dates = recurring_dates(31, date(2026, 1, 31), date(2026, 5, 15), date(2026, 12, 31))
    assert dates == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert recurring_dates(1, date(2026, 1, 15), None, date(2026, 3, 1)) == [
        date(2026, 2, 1), date(2026, 3, 1)]
    with pytest.raises(JournalRejected, match="between 1 and 31"):
        recurring_dates(0, date(2026, 1, 1), None, date(2026, 3, 1))
