"""``bisama-sync report sales``: without ``--last`` it reports up to today and says so;
``--by terminal`` names tills by branch and name, never by id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sync_server.cli import main
from tests.server.conftest import TillFactory, World


def test_report_sales_to_today_and_by_till_name(world: World, database_url: str,
                                                till: TillFactory,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    today = datetime.now(UTC).date()
    front = till("MAIN", name="Front till", business_date=today.isoformat())
    front.business_date = (today - timedelta(days=2)).isoformat()
    front.sell([("GH-0001", 1)])
    front.business_date = today.isoformat()
    front.sell([("GH-0001", 2)])
    front.push()
    first = (today - timedelta(days=2)).isoformat()
    base = ["report", "sales", "--db", database_url, "--tenant", world.domain]
    assert main([*base, "--first", first, "--by", "date"]) == 0
    out = capsys.readouterr().out
    assert f"Sales from {first} to today, {today} (no --last given)" in out
    assert today.isoformat() in out  # today's sale is in, not only the first day's
    assert main([*base, "--first", first, "--by", "terminal"]) == 0
    out = capsys.readouterr().out
    assert "— Front till" in out and front.terminal_id not in out
    with pytest.raises(SystemExit) as refused:
        main([*base, "--first", (today + timedelta(days=3)).isoformat()])
    assert refused.value.code == 2 and "after today" in capsys.readouterr().err
