"""Enrollment against the real server: the till registers the key it already has, and
every refusal says what happened in the shop's words and changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from shared.envelope import verify_envelope
from shared.keys import public_key_from_text
from sync_server.sync.models import StoredEnvelope
from sync_server.tenants.services import add_branch, add_user, set_tenant_status
from sync_server.terminals.models import EnrollmentCode, Terminal
from terminal.store.identity import load_identity
from terminal.sync.enroll import enroll_till
from terminal.sync.protocol import AlreadyEnrolled, EnrollmentFailed
from terminal.sync.record import load_record
from tests.server.books import check_books
from tests.server.conftest import ADMIN, free_port
from tests.sync.conftest import MILO, OIL
from tests.sync.proxy import ToyProxy, drop_first

LOCAL_CASHIER = "ama@acme.example.test"  # from users_sample.csv, imported on the till
LOCAL_PIN = "1357"


def enroll(t, url: str, code: str, **kwargs):
    return enroll_till(t.till.db, t.till.recorder.key, t.clock, url, code, http=t.http,
                       sleep=lambda s: None, **kwargs)


def nothing_changed(t) -> None:
    identity = load_identity(t.till.db)
    assert identity is not None and identity.tenant_id is None and identity.enrolled_at is None
    assert load_record(t.till.db).server_url is None


def test_enroll_registers_the_key_the_till_already_has(world, live, make_till):
    t = make_till()
    before = load_identity(t.till.db)
    result = enroll(t, live.url + "/", " " + world.code().lower().replace("-", " - ") + " ")
    assert result.message == "Enrolled as MAIN/T01 of Acme Trading."
    identity = load_identity(t.till.db)
    assert identity.terminal_id == before.terminal_id and identity.public_key == before.public_key
    assert identity.tenant_id == str(world.tenant_id) and identity.branch_code == "MAIN"
    record = load_record(t.till.db)
    assert record.server_url == live.url and record.tenant_name == "Acme Trading"
    assert record.feed_cursor == "0"
    with world.ctx.scope(world.tenant_id) as scope:
        terminal = scope.get(Terminal, identity.terminal_id)
        assert terminal.public_key == identity.public_key and terminal.name == "Till T01"
    actions = [r[0] for r in t.till.db.query("SELECT action FROM audit_log")]
    assert "enrolled" in actions


def test_a_till_that_sold_standalone_syncs_those_sales(world, live, make_till, testdata: Path):
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.auth.import_users(testdata / "users_sample.csv")
    first = t.sell(OIL, user=LOCAL_CASHIER, pin=LOCAL_PIN)
    t.sell(MILO, OIL, user=LOCAL_CASHIER, pin=LOCAL_PIN)
    standalone = [e for e in t.till.outbox.envelopes()]
    assert all(e.tenant is None for e in standalone) and len(standalone) == 3  # shift + 2 sales

    # Head office registers the cashier too: the server stores only sales by its users.
    with world.ctx.scope(world.tenant_id) as scope:
        add_user(world.ctx, scope, ADMIN, email=LOCAL_CASHIER, name="Ama Owusu", role="user",
                 branch="MAIN", pin=LOCAL_PIN, password=None)
    message = t.enroll(live.url, world.code(), terminal_code="T07")
    assert "The 3 transaction(s) recorded before enrolling will be sent" in message
    report = t.sync()
    assert report.ok and report.pushed.acked == 3 and report.pushed.held == ()
    with world.ctx.scope(world.tenant_id) as scope:
        stored = scope.scalars(select(StoredEnvelope).order_by(StoredEnvelope.seq))
        assert [(s.seq, s.status) for s in stored] == [(1, "stored"), (2, "stored"), (3, "stored")]
    assert check_books(world.ctx, world.tenant_id).sales == 2

    # After enrolling: the tenant is in every new envelope, and receipt numbers carry the
    # new terminal code while the series goes on (unique per till, as the server needs).
    t.till.auth.login(LOCAL_CASHIER, LOCAL_PIN)  # a user the till had before enrolling
    later = t.sell(OIL, user=LOCAL_CASHIER, pin=LOCAL_PIN)
    assert first == "MAIN-T01-000001" and later == "MAIN-T07-000003"
    newest = t.till.outbox.pending()[-1]
    assert newest.tenant == str(world.tenant_id)
    verify_envelope(newest, public_key_from_text(load_identity(t.till.db).public_key))
    assert t.sync().ok
    assert check_books(world.ctx, world.tenant_id).sales == 3


def test_envelopes_of_another_branch_are_announced_and_held(world, live, make_till, testdata):
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEMA", name="Tema branch")
    t = make_till()
    t.till.catalogue.import_csv(testdata / "catalogue_sample.csv")
    t.till.auth.import_users(testdata / "users_sample.csv")
    t.sell(OIL, user=LOCAL_CASHIER, pin=LOCAL_PIN)
    message = t.enroll(live.url, world.code("TEMA"))
    assert message.startswith("Enrolled as TEMA/T01 of Acme Trading.")
    assert "2 of them were recorded as branch MAIN, not TEMA" in message
    report = t.sync()
    assert report.ok
    assert [seq for seq, _reason in report.pushed.held] == [1, 2]
    assert all("MAIN" in reason for _seq, reason in report.pushed.held), report.pushed.held
    assert t.till.outbox.depth() == 0 and [h.seq for h in t.till.outbox.held()] == [1, 2]


def test_a_bad_code_is_refused_before_anything_is_sent(world, live, make_till):
    t = make_till()
    with pytest.raises(EnrollmentFailed, match=r"is not an enrollment code\. It looks like 15-K7QX-9MPL-2RTD"):
        enroll(t, live.url, "hello")
    with pytest.raises(EnrollmentFailed, match="is not a server address"):
        enroll(t, "acme.bisamapos.com", world.code())
    nothing_changed(t)


def test_each_refusal_in_the_shops_words(world, live, make_till, ctx):
    t = make_till()
    with pytest.raises(EnrollmentFailed, match="does not know this enrollment code") as unknown:
        enroll(t, live.url, f"{world.tenant_id}-AAAA-BBBB-CCCC")
    assert unknown.value.code == "code_invalid"

    expired = world.code()
    with ctx.scope(world.tenant_id) as scope:
        scope.execute(update(EnrollmentCode).values(expires_at=ctx.clock.now() - timedelta(hours=1)))
    with pytest.raises(EnrollmentFailed, match=r"has expired\. Ask the administrator for a new one") as old:
        enroll(t, live.url, expired)
    assert old.value.code == "code_expired"

    shared_code = world.code()
    other = make_till("other")
    enroll(other, live.url, shared_code)
    with pytest.raises(EnrollmentFailed, match="already used by another till") as used:
        enroll(t, live.url, shared_code)
    assert used.value.code == "code_used"
    nothing_changed(t)

    with pytest.raises(AlreadyEnrolled, match="already enrolled with Acme Trading"):
        enroll(other, live.url, world.code())

    set_tenant_status(ctx, ADMIN, world.domain, active=False, reason="unpaid invoice")
    with pytest.raises(EnrollmentFailed, match="suspended") as suspended:
        enroll(t, live.url, world.code())
    assert suspended.value.code == "tenant_suspended"
    nothing_changed(t)


def test_a_till_enrolled_elsewhere_with_another_key(world, live, make_till):
    first = make_till("first")
    enroll(first, live.url, world.code())
    clone = make_till("clone")  # same terminal id (a copied database), its own key
    clone.till.db.conn.execute(
        "UPDATE terminal_identity SET terminal_id = ?", (load_identity(first.till.db).terminal_id,))
    clone.key_store.save(load_identity(first.till.db).terminal_id, clone.till.recorder.key)
    with pytest.raises(EnrollmentFailed, match="this till is enrolled elsewhere") as exists:
        enroll(clone, live.url, world.code())
    assert exists.value.code == "terminal_exists"


def test_server_unreachable(world, make_till):
    t = make_till()
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EnrollmentFailed, match=r"cannot be reached\. Check the server address .* nothing was changed"):
        enroll(t, dead, world.code())
    nothing_changed(t)


def test_a_lost_reply_is_answered_again(world, live, make_till):
    proxy = ToyProxy(live.port, drop_first("POST /api/v1/enroll"))
    try:
        t = make_till()
        result = enroll(t, proxy.url, world.code())
        assert result.tenant_id == str(world.tenant_id)
        assert [a for _m, p, a in proxy.seen if p == "/api/v1/enroll"] == ["drop", "pass"]
        with world.ctx.scope(world.tenant_id) as scope:
            assert len(scope.scalars(select(Terminal))) == 1
    finally:
        proxy.close()


def test_the_command_line(world, live, tmp_path, monkeypatch, capsys):
    from terminal.cli import main

    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "cli passphrase")
    data = ["--data-dir", str(tmp_path / "cli-till")]
    assert main([*data, "enroll", "--server", live.url, "--code", "nonsense"]) == 1
    assert "is not an enrollment code" in capsys.readouterr().err
    assert main([*data, "enroll", "--server", live.url, "--code", world.code(), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tenant"]["id"] == str(world.tenant_id)
    assert summary["first_sync"]["ok"] and summary["first_sync"]["pulled"]["by_entity"]["product"] == 60
    assert main([*data, "status", "--json"]) == 0
    sync = json.loads(capsys.readouterr().out)["sync"]
    assert sync["enrolled"] and sync["server"] == live.url and sync["connection"] == "online"
    assert sync["tenant"]["name"] == "Acme Trading" and sync["backlog"] == 0
    assert main([*data, "enroll", "--server", live.url, "--code", world.code()]) == 1
    assert "already enrolled" in capsys.readouterr().err
