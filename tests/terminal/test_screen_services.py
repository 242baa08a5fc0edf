"""Services added for the till's screens: the price list switch, the reprint list, the
recent sales list and the start-up without the daily backup."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.money import Money
from terminal.errors import CartError
from terminal.returns import ReturnItem
from terminal.store.settings import save_settings
from terminal.tenders import cash
from terminal.till import Till

from .conftest import FAST_ARGON2, MILO, OIL


def test_price_list_switch_reprices_cartons_and_is_audited(till):
    till.sales.scan(OIL)
    view = till.sales.set_unit(1, "carton")
    assert view.total == Money.parse("456.00")  # 12 bottles at the shelf price
    view = till.sales.set_price_list("wholesale")
    assert view.price_list == "wholesale"
    assert view.total == Money.parse("419.52")
    view = till.sales.set_price_list("retail")
    assert view.total == Money.parse("456.00")
    changes = till.db.query("SELECT detail FROM audit_log WHERE action = 'price_list_changed'")
    assert len(changes) == 2


def test_price_list_switch_keeps_changed_prices_and_refuses_unknown_lists(till):
    till.sales.scan(MILO)
    till.auth.login("manager@acme.example.test", "7310")
    till.sales.override_price(1, Money.parse("50.00"), "dented tin")
    view = till.sales.set_price_list("wholesale")
    assert view.lines[0].unit_price == Money.parse("50.00")
    with pytest.raises(CartError, match="no price list"):
        till.sales.set_price_list("staff")
    assert till.sales.view().price_list == "wholesale"


def test_recent_print_jobs_newest_first_without_copies(till):
    till.sales.scan(MILO)
    first = till.sales.complete([cash(Money.parse("62.00"))])
    till.sales.scan(OIL)
    second = till.sales.complete([cash(Money.parse("50.00"))])
    till.print_queue.reprint(first.receipt_no, till.clock.now(), "ama@acme.example.test")
    with till.db.transaction() as conn:
        save_settings(conn, blind_close=False)  # blind close (the default) keeps X from a cashier
    till.reload_settings()
    till.shifts.x_report()
    docs = till.print_queue.recent()
    assert [d.reference for d in docs][:3] == ["X-1", second.receipt_no, first.receipt_no]
    assert all(d.status == "waiting" for d in docs)
    receipts = till.print_queue.recent(kinds=("sale",))
    assert [d.reference for d in receipts] == [second.receipt_no, first.receipt_no]


def test_recent_sales_show_returns_and_voids(till):
    till.sales.scan(MILO)
    till.sales.scan(MILO)
    first = till.sales.complete([cash(Money.parse("124.00"))])
    till.sales.scan(OIL)
    second = till.sales.complete([cash(Money.parse("38.00"))])
    till.auth.login("manager@acme.example.test", "7310")
    till.returns.refund(first.receipt_no, [ReturnItem(1, Decimal("1"))], reason="damaged")
    till.returns.void(second.receipt_no, reason="rang twice")
    recent = till.history.recent(shift_id=till.shifts.current().id)
    assert [(s.receipt_no, s.status) for s in recent] == [
        (second.receipt_no, "voided"),
        (first.receipt_no, "completed"),
    ]
    assert recent[1].returned == Money.parse("62.00")
    assert recent[0].gross == Money.parse("38.00")
    assert till.history.recent(limit=1)[0].receipt_no == second.receipt_no


def test_start_can_leave_the_daily_backup_to_the_caller(tmp_path, clock, key_store):
    with Till.open(tmp_path / "data", clock=clock, key_store=key_store, backup_dir=tmp_path / "b",
                   pin_hasher=FAST_ARGON2) as till:
        report = till.start(take_backup=False)
        assert report.backup is None and till.backups.last() is None
        assert till.start().backup is not None  # the default still takes it


def test_test_page_job_and_drawer_test_are_audited(till):
    now = till.clock.now()
    doc = {"kind": "test_page"}
    job = till.print_queue.add("test_page", "TEST PAGE", doc, now, "manager@acme.example.test")
    assert job in [w.id for w in till.print_queue.waiting()]
    till.print_queue.record_drawer_test(now, "manager@acme.example.test", opened=True)
    actions = [r[0] for r in till.db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["print_added", "drawer_test"]


def test_shop_details_apply_at_once_and_bad_ones_change_nothing(till):
    from terminal.errors import SetupError

    till.set_shop_details(name="Adom Mart", address="12 Ring Road, Accra", phone="030 222 0000", tin="C0012345678")
    assert till.settings.shop_name == "Adom Mart" and till.settings.tin == "C0012345678"
    till.sales.scan(MILO)
    till.sales.complete([cash(Money.parse("62.00"))])
    doc = till.db.one("SELECT document FROM print_jobs WHERE kind = 'sale'")["document"]
    assert "Adom Mart" in doc and "C0012345678" in doc
    with pytest.raises(SetupError):
        till.set_shop_details(name="Adom Mart", tin="not a tin!")
    with pytest.raises(SetupError):
        till.set_shop_details(name=" ")
    assert till.settings.tin == "C0012345678"
