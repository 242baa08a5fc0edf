"""``books.post``: the one door for journals no till sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.money import Money
from shared.posting import Journal, JournalLine
from sync_server.books.post import post_journal
from sync_server.errors import Refused
from sync_server.ledger.chart import set_account_status
from sync_server.ledger.models import Journal as JournalRow
from sync_server.ledger.models import Posting
from sync_server.periods.services import close_period, ensure_periods
from tests.server.conftest import ADMIN, World


def rent(amount: int = 150_000, account: str = "6000") -> Journal:
    return Journal("manual", "JV-1", "Rent for March", (
        JournalLine(account, Money(amount), Money.ZERO, "MAIN", "rent"),
        JournalLine("1010", Money.ZERO, Money(amount), "MAIN", "rent")))


def test_posts_to_its_month_with_no_envelope(world: World) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        posted = post_journal(ctx, scope, rent(), branch="MAIN", entry_date="2026-03-31",
                              actor=ADMIN)
    assert (posted.period, posted.late, posted.total) == ("2026-03", False, 150_000)
    with ctx.scope(world.tenant_id) as scope:
        row = scope.get(JournalRow, posted.id)
        assert row is not None and row.envelope_id is None and row.kind == "manual"
        lines = scope.scalars(select(Posting).where(Posting.journal_id == posted.id))
        assert sum(p.debit for p in lines) == sum(p.credit for p in lines) == 150_000


def test_refuses_a_closed_month_and_an_inactive_account(world: World) -> None:
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, {"2026-02"})
        scope.flush()
        close_period(scope, "2026-02", by="director@acme.test", at=ctx.clock.now())
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="2026-02 is closed"):
        post_journal(ctx, scope, rent(), branch="MAIN", entry_date="2026-02-10", actor=ADMIN)
    with ctx.scope(world.tenant_id) as scope:
        late = post_journal(ctx, scope, rent(), branch="MAIN", entry_date="2026-02-10",
                            actor=ADMIN, allow_late=True)
        assert (late.period, late.late) == ("2026-03", True)
    with ctx.scope(world.tenant_id) as scope:
        set_account_status(scope, "6000", active=False)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="6000"):
        post_journal(ctx, scope, rent(), branch="MAIN", entry_date="2026-03-10", actor=ADMIN)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="6010"):
        post_journal(ctx, scope, rent(account="6010"), branch="MAIN", entry_date="2026-03-10",
                     actor=ADMIN)
