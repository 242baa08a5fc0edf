"""What the status bar says, fed as the real sources feed it: SyncState objects from
the sync client (offline → online → refused, backlog and its age, clock off), power
from psutil, and the printer — a virtual ESC/POS printer that runs out of paper in the
middle of the day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from terminal.sync.state import Connection, HeldItem, SyncState
from terminal.ui.power import PowerState
from tests.terminal.conftest import MILO, OIL

from .helpers import click, dialog, key, open_shift, scan, sign_in

pytestmark = pytest.mark.gui


def state(conn: Connection, till, **kw) -> SyncState:
    till.clock.now()
    values = dict(backlog=0, oldest_unsynced_at=None, last_success_at=None, last_error=None,
                  next_attempt_at=None, server_url="https://pos.example.test", clock_offset_seconds=0)
    values.update(kw)
    return SyncState(conn, **values)  # type: ignore[arg-type]


def pay_exact(qtbot, run, *codes):
    for code in codes:
        scan(qtbot, run, code)
    key(qtbot, Qt.Key.Key_F12)
    key(qtbot, Qt.Key.Key_Return)


def test_offline_to_online_to_refused(qtbot, stocked, make_app):
    run = make_app(stocked)
    bar = run.window.status
    assert bar.connection.text() == "Standalone (not enrolled)"
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    pay_exact(qtbot, run, MILO)
    assert bar.backlog.text() == "2 kept for head office"  # the shift open and the sale
    now = stocked.clock.now()
    run.ctx.sync.publish(state(Connection.OFFLINE, stocked, next_attempt_at=now + timedelta(minutes=2),
                               last_success_at=now - timedelta(hours=5), last_error="No internet connection"))
    qtbot.waitUntil(lambda: bar.connection.text().startswith("● Offline"))
    assert "retry 08:32" in bar.connection.text() and bar.connection.property("state") == "bad"
    assert bar.last_sync.text() == "Synced 03:30"
    stocked.clock.advance(hours=2)
    bar.refresh()
    assert bar.backlog.text() == "2 to sync · 2 h 0 min" and bar.backlog.property("state") == "warn"
    stocked.outbox.mark_acked(2, "2026-03-02T10:30:00.000+00:00")
    run.ctx.sync.publish(state(Connection.ONLINE, stocked, last_success_at=stocked.clock.now()))
    qtbot.waitUntil(lambda: bar.connection.text() == "● Online")
    assert bar.backlog.text() == "All synced" and bar.connection.property("state") == "good"
    assert bar.last_sync.text() == "Synced 10:30"
    run.ctx.sync.publish(state(Connection.REFUSED, stocked, refused_reason="This till was revoked by head office"))
    qtbot.waitUntil(lambda: "Refused" in bar.connection.text())
    assert "revoked" in bar.connection.text()


def test_sync_screen_shows_waiting_and_held(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    pay_exact(qtbot, run, OIL)
    run.ctx.sync.publish(state(Connection.OFFLINE, stocked, held=(
        HeldItem(9, "sale", "MAIN-T01-000009", "Period 2026-02 is closed"),)))
    click(qtbot, run.window.status, "status.backlog")
    sync = run.window.screens["sync"]
    assert run.window.current is sync
    kinds = {sync.kinds.item(r, 0).text(): sync.kinds.item(r, 1).text() for r in range(sync.kinds.rowCount())}
    assert kinds == {"Sale": "1", "Shift open": "1"}
    assert sync.pending.item(1, 2).text() == "MAIN-T01-000001"
    assert sync.held.item(0, 2).text() == "Period 2026-02 is closed"


def test_clock_warning_and_power(qtbot, stocked, make_app):
    run = make_app(stocked)
    bar = run.window.status
    assert not bar.clock_warning.isVisible() and not bar.power.isVisible()
    run.ctx.sync.publish(state(Connection.ONLINE, stocked, clock_offset_seconds=-720,
                               last_success_at=stocked.clock.now()))
    qtbot.waitUntil(bar.clock_warning.isVisible)
    assert "12 min ahead of head office" in bar.clock_warning.text()
    run.power[0] = PowerState(on_battery=True, percent=18, minutes_left=25)
    for _ in range(15):
        bar.tick()  # psutil is read every 15 refreshes
    assert bar.power.text() == "Battery 18 % (~25 min)" and bar.power.property("state") == "bad"
    run.power[0] = PowerState(on_battery=False, percent=100, minutes_left=None)
    for _ in range(15):
        bar.tick()
    assert bar.power.text() == "Mains" and bar.power.property("state") == "muted"


def test_printer_out_of_paper_during_a_sale(qtbot, stocked, make_app, virtual_printer):
    run = make_app(stocked)
    bar = run.window.status
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 1)  # the float: drawer opens
    qtbot.waitUntil(lambda: stocked.print_queue.depth() == 0, timeout=10_000)  # its slip has printed
    virtual_printer.set_fault("paper_out")
    pay_exact(qtbot, run, MILO)
    sale = run.window.sale
    assert "MAIN-T01-000001" in sale.message.text()  # the sale is done whatever the printer says
    qtbot.waitUntil(lambda: "out of paper" in bar.printer.text(), timeout=10_000)
    assert bar.printer.text() == "Printer out of paper — receipt MAIN-T01-000001 waiting"
    assert bar.printer.property("state") == "bad"
    assert "Load a new roll" in bar.printer.toolTip()
    assert virtual_printer.wait_for(lambda: len(virtual_printer.pulses) == 2)  # the drawer still opened
    click(qtbot, bar, "status.printer")
    queue = dialog(run)
    assert "MAIN-T01-000001" in queue.jobs.item(0).text() and "out of paper" in queue.jobs.item(0).text()
    virtual_printer.set_fault("paper_out", False)
    stocked.clock.advance(seconds=30)
    click(qtbot, queue, "print_queue.retry")
    assert virtual_printer.wait_for(lambda: any("MAIN-T01-000001" in p.text() for p in virtual_printer.receipts()),
                                    timeout=10)
    qtbot.waitUntil(lambda: bar.printer.text() == "Printer ready", timeout=10_000)
    qtbot.waitUntil(lambda: queue.jobs.count() == 0)
    assert len(virtual_printer.pulses) == 2  # printing later never opens the drawer again


def test_skip_a_waiting_receipt(qtbot, stocked, make_app):
    run = make_app(stocked)  # no printer set up: receipts wait
    sign_in(qtbot, run)
    open_shift(qtbot, run)
    pay_exact(qtbot, run, OIL)
    bar = run.window.status
    bar.refresh()
    assert bar.printer.text() == "No printer set up — 2 waiting to print"
    key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    queue = dialog(run)
    assert queue.jobs.count() == 2
    queue.jobs.setCurrentRow(1)
    click(qtbot, queue, "print_queue.skip")
    assert stocked.db.scalar("SELECT status FROM print_jobs WHERE reference = 'MAIN-T01-000001'") == "skipped"
    assert queue.jobs.count() == 1


def test_settings_pulled_by_the_sync_worker_reach_the_screens_till(qtbot, stocked, make_app):
    """The worker writes a new tax profile (a VAT registration change) through its own
    connection; once it reports the pull, the till the screens sell with prices by it."""
    from datetime import date

    from shared.tax import Registration, TaxProfile

    run = make_app(stocked)
    assert stocked.settings.profile().vat_registered_on(date(2026, 3, 2))
    stocked.master_data.set_tax_profile(
        TaxProfile(registrations=(Registration(date(2026, 1, 1), vat_registered=False),)))
    assert stocked.settings.profile().registrations == ()  # not read yet
    run.ctx.sync.publish(state(Connection.ONLINE, stocked, pulled_at=stocked.clock.now()))
    qtbot.waitUntil(lambda: stocked.settings.profile().registrations != ())
    assert not stocked.settings.profile().vat_registered_on(date(2026, 3, 2))
    assert not stocked.sales.settings.profile().vat_registered_on(date(2026, 3, 2))
