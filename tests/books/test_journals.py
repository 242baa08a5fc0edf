"""Journals by hand on every database, against hand-computed figures: draft → a second
director approves → the trial balance moves by exactly the journal; who may approve;
closed months; reversals (once); auto-reversal; recurring journals (idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from shared.journals import DraftLine, JournalRejected, make_line
from sync_server.audit.models import ActivityLog
from sync_server.books.chart import add_account
from sync_server.books.journals import (
    Person,
    approve_journal,
    delete_draft,
    draft_journal,
    edit_draft,
    list_journals,
    numbered,
    reject_journal,
    reverse_journal,
    show_journal,
)
from sync_server.books.models import ManualJournal
from sync_server.books.recurring import approve_recurring, draft_recurring, run_recurring
from sync_server.errors import Invalid, Refused
from sync_server.ledger.models import Journal as JournalRow
from sync_server.periods.services import close_period, ensure_periods
from sync_server.reports.ledger import trial_balance
from tests.books.people import ABENA, KOJO, MANAGER, add_directors
from tests.server.conftest import ADMIN, World


def rent_lines(amount: str = "1,500.00", branch: str = "MAIN") -> list[DraftLine]:
    return [make_line("6010", amount, "", branch, "March rent"),
            make_line("1011", "", amount, branch, "cheque 000123")]


@pytest.fixture
def books(world: World) -> World:
    add_directors(world)
    with world.ctx.scope(world.tenant_id) as scope:
        add_account(world.ctx, scope, ADMIN, code="6010", name="Rent", type="expense")
        add_account(world.ctx, scope, ADMIN, code="1011", name="Ecobank current", type="asset")
    return world


def balances(world: World) -> dict[str, tuple[int, int]]:
    with world.ctx.scope(world.tenant_id) as scope:
        tb = trial_balance(scope)
    assert tb.balanced
    return {ln.code: (ln.debit.pesewas, ln.credit.pesewas) for ln in tb.lines
            if ln.debit.pesewas or ln.credit.pesewas}


def draft(world: World, by: Person = ABENA, day: str = "2026-03-31",
          lines: list[DraftLine] | None = None, **kw: Any) -> dict[str, Any]:
    with world.ctx.scope(world.tenant_id) as scope:
        return draft_journal(world.ctx, scope, ADMIN, by=by, entry_date=day, branch="MAIN",
                             memo="March rent", lines=lines or rent_lines(), **kw)


def act(world: World, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    with world.ctx.scope(world.tenant_id) as scope:
        return fn(world.ctx, scope, ADMIN, *args, **kw)


def test_draft_then_approve_moves_the_trial_balance_exactly(books: World) -> None:
    before = balances(books)
    made = draft(books)
    assert (made["number"], made["status"], made["total"]) == ("JV-000001", "draft", 150_000)
    assert balances(books) == before  # a draft posts nothing
    done = act(books, approve_journal, "JV-000001", by=KOJO)
    assert (done["status"], done["drafted_by"], done["approved_by"]) == (
        "posted", "abena@acme.test", "kojo@acme.test")
    assert balances(books) == {**before, "6010": (150_000, 0), "1011": (0, 150_000)}
    with books.ctx.scope(books.tenant_id) as scope:
        row = scope.get(JournalRow, done["journal_id"])
        assert row is not None
        assert (row.kind, row.reference, row.entry_date, row.fiscal_period, row.total) == (
            "manual", "JV-000001", "2026-03-31", "2026-03", 150_000)
        actions = {(a.action, a.subject) for a in scope.scalars(select(ActivityLog))}
    assert {("journal.draft", "JV-000001"), ("journal.approve", "JV-000001"),
            ("ledger.journal_posted", "manual JV-000001")} <= actions
    second = draft(books, by=MANAGER, lines=rent_lines("200.00"))
    assert second["number"] == "JV-000002"
    assert [j["number"] for j in act_list(books)] == ["JV-000002", "JV-000001"]  # drafts first


def act_list(world: World) -> list[dict[str, Any]]:
    with world.ctx.scope(world.tenant_id) as scope:
        return list_journals(scope)


def test_only_another_director_approves(books: World) -> None:
    draft(books)
    with pytest.raises(Refused, match="another director must approve"):
        act(books, approve_journal, "JV-000001", by=ABENA)
    with pytest.raises(Refused, match="Only a director"):
        act(books, approve_journal, "JV-000001", by=MANAGER)
    with pytest.raises(Refused, match="own branch"):
        draft(books, by=MANAGER, lines=rent_lines(branch="TEM"))
    with pytest.raises(Invalid, match="reason"):
        act(books, reject_journal, "JV-000001", by=KOJO, reason="  ")
    rejected = act(books, reject_journal, "JV-000001", by=KOJO, reason="wrong bank account")
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "wrong bank account")
    with pytest.raises(Refused, match="only a draft"):
        act(books, approve_journal, "JV-000001", by=KOJO)
    assert "6010" not in balances(books)


def test_the_drafter_edits_or_deletes_a_draft_and_a_posted_journal_stays(books: World) -> None:
    draft(books)
    with pytest.raises(Refused, match="only they can change"):
        act(books, edit_draft, "JV-000001", by=KOJO, entry_date="2026-03-30", branch="MAIN",
            memo="x", lines=rent_lines())
    edited = act(books, edit_draft, "JV-000001", by=ABENA, entry_date="2026-03-30",
                 branch="MAIN", memo="March rent (corrected)", lines=rent_lines("1,400.00"))
    assert (edited["total"], edited["date"]) == (140_000, "2026-03-30")
    act(books, approve_journal, "JV-000001", by=KOJO)
    with pytest.raises(Refused, match="only a draft can be changed"):
        act(books, edit_draft, "JV-000001", by=ABENA, entry_date="2026-03-30", branch="MAIN",
            memo="x", lines=rent_lines())
    with pytest.raises(Refused, match="only a draft can be deleted"):
        act(books, delete_draft, "JV-000001", by=ABENA)
    draft(books, lines=rent_lines("10.00"))
    act(books, delete_draft, "JV-000002", by=ABENA)
    assert [j["number"] for j in act_list(books)] == ["JV-000001"]
    assert balances(books)["6010"] == (140_000, 0)


def test_bad_lines_and_closed_months_are_refused_and_change_nothing(books: World) -> None:
    unbalanced = [make_line("6010", "100.00", "", "MAIN"), make_line("1011", "", "99.00", "MAIN")]
    with pytest.raises(JournalRejected, match="does not balance"):
        draft(books, lines=unbalanced)
    with pytest.raises(Refused, match="6099 is not in the chart"):
        draft(books, lines=[make_line("6099", "1", "", "MAIN"), make_line("1011", "", "1", "MAIN")])
    with books.ctx.scope(books.tenant_id) as scope:
        ensure_periods(scope, {"2026-02", "2026-03"})
        scope.flush()
        close_period(scope, "2026-02", by="abena@acme.test", at=books.ctx.clock.now())
    with pytest.raises(Refused, match="2026-02 is closed"):
        draft(books, day="2026-02-10")
    draft(books, day="2026-03-10")
    with books.ctx.scope(books.tenant_id) as scope:
        close_period(scope, "2026-03", by="abena@acme.test", at=books.ctx.clock.now())
    with pytest.raises(Refused, match="2026-03 is closed"):
        act(books, approve_journal, "JV-000001", by=KOJO)
    assert act_list(books)[0]["status"] == "draft"
    assert "6010" not in balances(books)


def test_a_reversal_nets_to_zero_and_is_done_once(books: World) -> None:
    draft(books)
    posted = act(books, approve_journal, "JV-000001", by=KOJO)
    with pytest.raises(Invalid, match="before the journal"):
        act(books, reverse_journal, "JV-000001", by=ABENA, on="2026-03-01")
    rev = act(books, reverse_journal, "JV-000001", by=ABENA, on="2026-04-01")
    assert (rev["number"], rev["reverses"], rev["date"]) == (
        "JV-000002", posted["journal_id"], "2026-04-01")
    assert rev["lines"][0] == {"account": "6010", "debit": 0, "credit": 150_000,
                               "branch": "MAIN", "memo": "March rent"}
    with pytest.raises(Refused, match="already reversed by JV-000002"):
        act(books, reverse_journal, posted["journal_id"], by=ABENA, on="2026-04-02")
    act(books, reject_journal, "JV-000002", by=KOJO, reason="date it in April's first week")
    act(books, reverse_journal, "JV-000001", by=ABENA, on="2026-04-03")  # free again
    act(books, approve_journal, "JV-000003", by=KOJO)
    final = balances(books)  # the reversal nets both accounts to zero
    assert "6010" not in final and "1011" not in final
    with books.ctx.scope(books.tenant_id) as scope:
        assert show_journal(scope, "JV-000001")["reversed_by"] == "JV-000003"
    with pytest.raises(Refused, match="already reversed"):
        act(books, reverse_journal, "JV-000001", by=ABENA, on="2026-04-05")


def test_an_accrual_drafts_its_own_reversal_when_it_posts(books: World) -> None:
    with pytest.raises(Invalid, match="must come after"):
        draft(books, auto_reverse_on="2026-03-31")
    draft(books, auto_reverse_on="2026-04-01")
    act(books, approve_journal, "JV-000001", by=KOJO)
    rev = act_list(books)[0]
    assert (rev["number"], rev["status"], rev["date"], rev["drafted_by"]) == (
        "JV-000002", "draft", "2026-04-01", "abena@acme.test")
    with pytest.raises(Refused, match="another director"):
        act(books, approve_journal, "JV-000002", by=ABENA)
    act(books, approve_journal, "JV-000002", by=KOJO)
    assert "6010" not in balances(books)  # accrued in March, reversed in April


def test_recurring_rent_posts_each_month_once_and_skips_closed_months(books: World) -> None:
    made = act(books, draft_recurring, by=ABENA, memo="Shop rent", branch="MAIN", day=31,
               first="2026-01-31", last="2026-06-30", lines=rent_lines("1,000.00"))
    assert (made["number"], made["status"]) == ("RJ-0001", "draft")
    assert run_recurring(books.ctx, books.tenant_id, ADMIN, until=date(2026, 4, 30))["posted"] == []
    with pytest.raises(Refused, match="another director"):
        act(books, approve_recurring, "RJ-0001", by=ABENA)
    act(books, approve_recurring, "RJ-0001", by=KOJO)
    with books.ctx.scope(books.tenant_id) as scope:
        ensure_periods(scope, {"2026-01"})
        scope.flush()
        close_period(scope, "2026-01", by="abena@acme.test", at=books.ctx.clock.now())
    first = run_recurring(books.ctx, books.tenant_id, ADMIN, until=date(2026, 4, 30))
    assert [(p["date"], p["journal"]) for p in first["posted"]] == [
        ("2026-02-28", "JV-000001"), ("2026-03-31", "JV-000002"), ("2026-04-30", "JV-000003")]
    assert [(s["date"], "2026-01 is closed" in s["why"]) for s in first["skipped"]] == [
        ("2026-01-31", True)]
    again = run_recurring(books.ctx, books.tenant_id, ADMIN, until=date(2026, 4, 30))
    assert (again["posted"], again["already_posted"]) == ([], 3)
    later = run_recurring(books.ctx, books.tenant_id, ADMIN, until=date(2026, 12, 31))
    assert [p["date"] for p in later["posted"]] == ["2026-05-31", "2026-06-30"]
    assert balances(books)["6010"] == (500_000, 0)
    with books.ctx.scope(books.tenant_id) as scope:
        rows = scope.scalars(select(ManualJournal).where(ManualJournal.recurring_id.is_not(None)))
    assert {(r.drafted_by, r.approved_by, r.status) for r in rows} == {
        ("abena@acme.test", "kojo@acme.test", "posted")}


def test_two_people_at_the_same_moment_get_two_numbers_and_one_reversal(books: World) -> None:
    def one(_n: int) -> str:
        made = numbered(books.ctx, books.tenant_id, lambda scope: draft_journal(
            books.ctx, scope, ADMIN, by=ABENA, entry_date="2026-03-31", branch="MAIN",
            memo="rent", lines=rent_lines()))
        return str(made["number"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = sorted(pool.map(one, range(4)))
    assert numbers == ["JV-000001", "JV-000002", "JV-000003", "JV-000004"]
    act(books, approve_journal, "JV-000001", by=KOJO)

    def reverse(_n: int) -> str:
        try:
            made = numbered(books.ctx, books.tenant_id, lambda scope: reverse_journal(
                books.ctx, scope, ADMIN, "JV-000001", by=ABENA, on="2026-04-01"))
        except Refused as exc:
            return str(exc)
        return str(made["number"])

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = sorted(pool.map(reverse, range(3)))
    assert outcomes[0] == "JV-000005"
    assert all("already reversed by JV-000005" in o for o in outcomes[1:])
