"""Signing in (wrong PIN, lockout, role shown), the first start of a till with no users
(standalone set-up from CSV files), start-up messages, and a damaged database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from terminal.errors import DatabaseDamaged
from terminal.paths import DB_NAME
from terminal.ui.app import StartupProblem
from tests.terminal.conftest import CASHIER

from .helpers import click, key, sign_in, type_into_focus

pytestmark = pytest.mark.gui


def test_wrong_pin_then_lockout_then_role_shown(qtbot, stocked, make_app):
    run = make_app(stocked)
    login = run.window.login
    login.choose_email(CASHIER)
    type_into_focus(qtbot, "9999")
    key(qtbot, Qt.Key.Key_Return)
    assert login.message.text() == "Wrong PIN. 4 more wrong PINs will lock the account."
    for _ in range(4):
        type_into_focus(qtbot, "9999")
        key(qtbot, Qt.Key.Key_Return)
    assert login.message.level == "error" and "locked until" in login.message.text()
    type_into_focus(qtbot, "1357")  # even the right PIN now
    key(qtbot, Qt.Key.Key_Return)
    assert "locked" in login.message.text() and not stocked.auth.session.signed_in
    sign_in(qtbot, run, "manager@acme.example.test", "7310")
    assert run.window.user_label.text() == "Kwame Boateng · Manager"
    assert run.window.current is run.window.screens["shift"]  # no shift open yet


def test_pin_pad_and_user_choice_by_keys(qtbot, stocked, make_app):
    run = make_app(stocked)
    login = run.window.login
    login.choose(0)
    key(qtbot, Qt.Key.Key_Down)  # Abena → Ama (names in order)
    assert login.current_user().email == CASHIER
    for digit in "1357":
        click(qtbot, login, f"login.numpad.{digit}")
    click(qtbot, login, "login.numpad.enter")
    assert stocked.auth.session.user.email == CASHIER


def test_startup_messages_are_shown_at_sign_in(qtbot, stocked, make_app):
    run = make_app(stocked)
    run.window.login.show_startup(("The cart that was open before the restart is back: 2 line(s).",))
    assert "is back" in run.window.login.notes.text()


def test_first_start_standalone_setup(qtbot, opener, make_app, testdata):
    till = opener.open()
    till.start(take_backup=False)
    run = make_app(till)
    first = run.window.screens["first_run"]
    assert run.window.current is first
    assert not first.enroll_box.isVisible()  # no sync client wired in this build
    first.shop_name.setText("Adom Mart")
    first.tin.setText("C0012345678")
    click(qtbot, first, "first_run.setup")
    assert "users file" in first.message.text()
    first.users.setText(str(testdata / "users_sample.csv"))
    first.catalogue.setText(str(testdata / "nope.csv"))
    click(qtbot, first, "first_run.setup")
    assert "There is no catalogue file" in first.message.text()
    first.catalogue.setText(str(testdata / "catalogue_sample.csv"))
    click(qtbot, first, "first_run.setup")
    qtbot.waitUntil(lambda: run.window.current is run.window.login, timeout=10_000)
    assert till.catalogue.count() == 60 and len(till.auth.users()) == 4
    assert till.settings.shop_name == "Adom Mart" and till.settings.tin == "C0012345678"
    assert "Adom Mart" in run.window.shop_label.text()


def test_enroll_from_first_start_calls_the_injected_enroll(qtbot, opener, make_app):
    calls = []

    def enroll(url: str, code: str) -> str:
        calls.append((url, code))
        if code == "BAD":
            from terminal.errors import SetupError

            raise SetupError("That enrollment code was already used. Ask for a new one.")
        return "Enrolled as MAIN/T02"

    till = opener.open()
    till.start(take_backup=False)
    run = make_app(till, enroll=enroll)
    first = run.window.screens["first_run"]
    assert first.enroll_box.isVisible()
    click(qtbot, first, "first_run.enroll")
    dlg = run.window.dialog
    dlg.url.setText("ftp://nope")
    dlg.code.setText("BAD")
    key(qtbot, Qt.Key.Key_Return)
    assert "https://" in dlg.message.text() and calls == []
    dlg.url.setText("https://pos.example.test")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already used" in dlg.message.text(), timeout=5000)
    dlg.code.setText("ABCD-EFGH")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=5000)
    assert calls[-1] == ("https://pos.example.test", "ABCD-EFGH")
    assert run.window.current is run.window.login


def test_damaged_database_offers_the_latest_backup(qtbot, stocked, opener):
    info = stocked.backups.take("manual")
    stocked.close()
    path = opener.data_dir / DB_NAME
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseDamaged) as err:
        opener.open()
    problem = StartupProblem(err.value, opener.data_dir, opener.backup_dir)
    qtbot.addWidget(problem)
    assert "damaged" in problem.text.text()
    assert problem.best is not None and problem.best.path == info.path
    click(qtbot, problem, "startup.restore")
    assert problem.retry
    again = opener.open()
    assert again.catalogue.count() == 60
    again.close()
