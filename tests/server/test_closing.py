"""The month-end close is a gate (issue [10]): the checklist with figures, two people,
waivers with reasons, reopening by a director, and a late sale that finds its month."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from sync_server.audit.services import Actor
from sync_server.cli import main
from sync_server.closing.services import (
    approve,
    checklist,
    history,
    person_by_password,
    prepare,
    reopen,
    waive,
)
from sync_server.closing.taxes import explained_reconciliation
from sync_server.errors import Invalid, Refused
from sync_server.periods.models import FiscalPeriod
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.services import add_user
from sync_server.terminals.models import Heartbeat, Terminal
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World

ACTOR = Actor("cli", "tests")
NOV = "2026-11"
NOV_CLOCK = lambda: datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # noqa: E731
PASSWORD = "long enough password"


@pytest.fixture
def people(world: World) -> dict[str, object]:
    with world.ctx.scope(world.tenant_id) as scope:
        for email, name in (("director@acme.test", "Efua Mensah"),
                            ("second@acme.test", "Yaw Darko")):
            add_user(world.ctx, scope, ADMIN, email=email, name=name, role="director",
                     branch=None, pin=None, password=PASSWORD)
    with world.ctx.scope(world.tenant_id) as scope:
        return {key: person_by_password(world.ctx, scope, email, PASSWORD)
                for key, email in (("accountant", "manager@acme.test"),
                                   ("director", "director@acme.test"),
                                   ("second", "second@acme.test"))}


def _checks(world: World, period: str) -> dict[str, object]:
    with world.ctx.scope(world.tenant_id) as scope:
        return {c.key: c for c in checklist(world.ctx, scope, period).checks}


def test_a_month_that_has_not_ended_or_is_out_of_order_cannot_close(
        world: World, till: TillFactory, people: dict[str, object]) -> None:
    t = till(clock=NOV_CLOCK, business_date="2026-11-18")
    t.sell([("GH-0001", 1)])
    t.push()
    t.heartbeat()
    this_month = datetime.now(UTC).strftime("%Y-%m")
    checks = _checks(world, this_month)
    assert not checks["ended"].ok  # no closing December on 6 December
    with world.ctx.scope(world.tenant_id) as scope:
        prepare(world.ctx, scope, this_month, people["accountant"], ACTOR)
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="has ended"):
        approve(world.ctx, scope, this_month, people["director"], ACTOR)
    # November is ready: ended, the till synced, nothing held or unposted, taxes agree.
    nov = _checks(world, NOV)
    assert all(c.passes for c in nov.values()), {k: c.figure for k, c in nov.items()}
    assert "VAT posted 4.75 vs 4.75" in nov["tax"].figure


def test_two_people_prepare_and_approve_and_a_director_reopens_with_a_reason(
        world: World, till: TillFactory, people: dict[str, object]) -> None:
    t = till(clock=NOV_CLOCK, business_date="2026-11-18")
    t.sell([("GH-0001", 1)])
    t.push()
    t.heartbeat()
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="not been prepared"):
        approve(ctx, scope, NOV, people["director"], ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        prepare(ctx, scope, NOV, people["director"], ACTOR)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="another person"):
        approve(ctx, scope, NOV, people["director"], ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        prepare(ctx, scope, NOV, people["accountant"], ACTOR)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="Only a director"):
        approve(ctx, scope, NOV, people["accountant"], ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        approve(ctx, scope, NOV, people["director"], ACTOR)
    with ctx.scope(world.tenant_id) as scope:
        row = scope.get(FiscalPeriod, NOV)
        assert row is not None and row.status == "closed" and row.closed_by == "director@acme.test"
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Invalid, match="reason"):
        reopen(ctx, scope, NOV, people["director"], ACTOR, reason="")
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="Only a director"):
        reopen(ctx, scope, NOV, people["accountant"], ACTOR, reason="a bill came in late")
    with ctx.scope(world.tenant_id) as scope:
        reopen(ctx, scope, NOV, people["second"], ACTOR, reason="a supplier bill came in late")
    with ctx.scope(world.tenant_id) as scope:
        events = history(scope, NOV)
    assert [(e["action"], e["email"]) for e in events] == [
        ("prepared", "director@acme.test"), ("prepared", "manager@acme.test"),
        ("approved", "director@acme.test"), ("reopened", "second@acme.test")]
    assert events[2]["checklist"]["ready"] is True
    assert events[3]["reason"] == "a supplier bill came in late"


def test_an_offline_till_blocks_until_waived_and_its_late_sale_is_explained(
        world: World, till: TillFactory, people: dict[str, object]) -> None:
    ctx = world.ctx
    online = till(clock=NOV_CLOCK, business_date="2026-11-18")
    online.sell([("GH-0001", 1)])
    online.push()
    online.heartbeat()
    offline = till(clock=NOV_CLOCK, business_date="2026-11-18")
    offline.sell([("GH-0005", 1)])  # Milo 62.00, never synced before the close
    last_heard = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
    with ctx.scope(world.tenant_id) as scope:
        row = scope.get(Terminal, offline.terminal_id)
        assert row is not None
        row.last_seen_at = row.last_push_at = row.last_pull_at = last_heard
        scope.execute(delete(Heartbeat).where(Heartbeat.terminal_id == offline.terminal_id))
    checks = _checks(world, NOV)
    assert not checks["tills"].passes
    assert [r["subject"] for r in checks["tills"].rows] == [offline.terminal_id]
    assert checks["tills"].rows[0]["last_seen"].startswith("2026-11-28")
    with ctx.scope(world.tenant_id) as scope:
        prepare(ctx, scope, NOV, people["accountant"], ACTOR)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="synced"):
        approve(ctx, scope, NOV, people["director"], ACTOR)
    with ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="Only a director"):
        waive(ctx, scope, NOV, people["accountant"], ACTOR, kind="till",
              subject=offline.terminal_id, reason="van in the north, no signal")
    with ctx.scope(world.tenant_id) as scope:
        waive(ctx, scope, NOV, people["director"], ACTOR, kind="till",
              subject=offline.terminal_id, reason="van in the north, no signal")
    with ctx.scope(world.tenant_id) as scope:
        listing = approve(ctx, scope, NOV, people["director"], ACTOR)
    assert listing.to_json()["checks"][2]["rows"][0]["waiver"] == "van in the north, no signal"
    # The van comes back: its November sale is stored and posted late to December,
    # and December's tax reconciliation explains it by amount.
    offline.push()
    with ctx.scope(world.tenant_id) as scope:
        env = scope.scalar(select(StoredEnvelope).where(
            StoredEnvelope.terminal_id == offline.terminal_id, StoredEnvelope.kind == "sale"))
        assert env is not None and env.late
        dec = explained_reconciliation(scope, "2026-12")
    vat = next(r for r in dec["rows"] if r["tax"] == "VAT")
    assert (vat["posted"], vat["net"], vat["difference"], vat["unexplained"]) == (775, 0, 775, 0)
    assert dec["explained"] and dec["items"][0]["reference"].endswith("1")
    assert "late posting" in dec["items"][0]["why"] and dec["items"][0]["taxes"]["vat"] == 775
    check_books(ctx, world.tenant_id, [online, offline])


def test_a_held_sale_blocks_and_the_cli_needs_the_directors_password(
        world: World, till: TillFactory, people: dict[str, object], database_url: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stranger = till(clock=NOV_CLOCK, business_date="2026-11-18", user="nobody@acme.test")
    stranger.sell([("GH-0001", 1)])
    stranger.push()
    stranger.heartbeat()
    base = ["--db", database_url, "--tenant", world.domain, "--period", NOV]

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("period", "checklist", *base)
    assert code == 1 and "[ NO ] No held transaction dated in the month: 1 held" in out
    code, _, err = run("period", "prepare", *base, "--by", "manager@acme.test", "--password", "-",
                       stdin="wrong password\n")
    assert code == 2 and "not an active user" in err
    with world.ctx.scope(world.tenant_id) as scope:  # counted towards the lockout
        from sync_server.tenants.models import User

        user = scope.scalar(select(User).where(User.email == "manager@acme.test"))
        assert user is not None and user.failed_logins == 1
    code, _, _ = run("period", "prepare", *base, "--by", "manager@acme.test", "--password", "-",
                     stdin=PASSWORD + "\n")
    assert code == 0
    code, _, err = run("period", "close", *base, "--by", "director@acme.test", "--password", "-",
                       stdin=PASSWORD + "\n")
    assert code == 2 and "No held transaction dated in the month — 1 held" in err
    code, out, _ = run("period", "checklist", *base, "--json")
    held = json.loads(out)["checks"][3]["rows"][0]
    assert held["reason"] == "unknown_user"
    code, _, _ = run("period", "waive", *base, "--by", "director@acme.test", "--password", "-",
                     "--kind", "held", "--subject", held["subject"],
                     "--reason", "a test sale from a trainee; refunded in December",
                     stdin=PASSWORD + "\n")
    assert code == 0
    code, out, _ = run("period", "close", *base, "--by", "director@acme.test", "--password", "-",
                       stdin=PASSWORD + "\n")
    assert code == 0 and "is closed (approved by director@acme.test)" in out
    code, out, _ = run("period", "history", "--db", database_url, "--tenant", world.domain)
    assert "prepared" in out and "approved" in out
