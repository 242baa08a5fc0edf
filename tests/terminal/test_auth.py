"""Users offline: PIN login, lockout, permissions, approvals, the audit log."""

from __future__ import annotations

import pytest

from terminal.errors import AccountLocked, ImportFailed, LoginFailed, NotAllowed, NotSignedIn
from terminal.permissions import MATRIX, PERMISSIONS, allowed
from terminal.store.audit import verify_audit
from tests.terminal.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN


def test_pins_are_stored_as_argon2id(stocked_till):
    hashes = [r[0] for r in stocked_till.db.query("SELECT pin_hash FROM users")]
    assert len(hashes) == 4 and all(h.startswith("$argon2id$") for h in hashes)
    assert "1357" not in "".join(hashes)


def test_login_and_logout_are_audited(stocked_till):
    user = stocked_till.auth.login(CASHIER, CASHIER_PIN)
    assert user.role == "user" and stocked_till.session.user == user
    stocked_till.auth.logout()
    with pytest.raises(NotSignedIn):
        _ = stocked_till.session.user
    actions = [r[0] for r in stocked_till.db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["login", "logout"]


def test_lockout_after_five_wrong_pins(stocked_till, clock):
    auth = stocked_till.auth
    for left in (4, 3, 2, 1):
        with pytest.raises(LoginFailed, match=f"{left} more wrong PIN"):
            auth.login(CASHIER, "0000")
    with pytest.raises(AccountLocked, match="locked until 2026-03-02 08:45"):
        auth.login(CASHIER, "0000")
    with pytest.raises(AccountLocked):
        auth.login(CASHIER, CASHIER_PIN)  # even the right PIN, while locked
    auth.login(MANAGER, MANAGER_PIN)
    auth.unlock(CASHIER)
    assert auth.login(CASHIER, CASHIER_PIN).email == CASHIER
    clock.advance(minutes=1)
    for _ in range(5):
        with pytest.raises(LoginFailed):
            auth.login(CASHIER, "9999")
    clock.advance(minutes=16)
    assert auth.login(CASHIER, CASHIER_PIN).email == CASHIER  # the lock expired


def test_unknown_users_and_cashiers_cannot_unlock(stocked_till):
    with pytest.raises(LoginFailed, match="do not match"):
        stocked_till.auth.login("nobody@x.test", "1234")
    stocked_till.auth.login(CASHIER, CASHIER_PIN)
    with pytest.raises(NotAllowed):
        stocked_till.auth.unlock("kofi.cashier@acme.example.test")


def test_permission_matrix():
    assert set(MATRIX) == {"admin", "director", "manager", "user"}
    for permission in PERMISSIONS:
        assert allowed("manager", permission)
    for permission in (
        "void",
        "refund",
        "discount_over_limit",
        "price_override",
        "no_sale",
        "stock_adjust",
        "reports",
    ):
        assert not allowed("user", permission)
    assert allowed("user", "close_shift")


def test_a_cashier_cannot_approve(stocked_till):
    stocked_till.auth.login(CASHIER, CASHIER_PIN)
    with pytest.raises(NotAllowed, match="not allowed to approve"):
        stocked_till.auth.approve("void", "kofi.cashier@acme.example.test", "2468")
    granted = stocked_till.auth.approve("void", MANAGER, MANAGER_PIN, "double scan")
    row = stocked_till.db.one("SELECT * FROM approvals WHERE id = ?", (granted.id,))
    assert (row["approver"], row["requested_by"], row["action"]) == (MANAGER, CASHIER, "void")
    assert granted.approval.approver == MANAGER


def test_user_import_refuses_bad_rows(stocked_till):
    bad = "email,name,role,branch,pin\nnot-an-email,X,user,MAIN,1234\nok@x.test,Y,boss,MAIN,12\n"
    with pytest.raises(ImportFailed) as failure:
        stocked_till.auth.import_users(bad)
    assert len(failure.value.problems) == 2  # one reason per row: the first thing wrong
    assert "not an e-mail address" in failure.value.problems[0]
    assert "role “boss”" in failure.value.problems[1]
    assert stocked_till.db.scalar("SELECT count(*) FROM users") == 4


def test_audit_log_detects_silent_edits(stocked_till):
    stocked_till.auth.login(CASHIER, CASHIER_PIN)
    assert verify_audit(stocked_till.db) == []
    conn = stocked_till.db.conn
    # someone drops the trigger behind the till's back and edits a row: the chain shows it
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET user = 'someone@else.test' WHERE action = 'login'")
    problems = verify_audit(stocked_till.db)
    assert problems and "changed after it was written" in problems[0]
    assert not stocked_till.check().ok
