"""Trucks and drivers at head office (issue [14] scope 4), on every database: a driver's
day made of van till envelopes (a load, cash, MoMo and credit sales, a payment on
account, a return one tin short) through the daily driver report, deposit slips posted
Dr 1010 / Cr 1000 and matched to the driver's cash, and the unpaid van invoices aged
and followed up — all against hand-computed figures."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.money import Money
from shared.payloads import Tender, Transfer
from sync_server.cli import main
from sync_server.errors import Invalid, NotFound, Refused
from sync_server.ledger.models import Journal, Posting
from sync_server.sales.models import Sale
from sync_server.tenants.services import add_location
from sync_server.trucks.deposits import deposits, record_slip
from sync_server.trucks.followups import set_follow_up, unpaid
from sync_server.trucks.report import driver_report
from tests.books.dataset import OIL, RICE, ago, credit_sale, line, pay_on_account, statuses, today
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World, make_world
from tests.server.toy_terminal import ToyTerminal

DRIVER = "ama@acme.test"  # Ama Owusu drives VAN-1


def van_transfer(t: ToyTerminal, kind: str, lines: list[tuple[str, str, str | None]],
                 day: str | None = None) -> None:
    loading = kind == "truck_load"
    t.seal(kind, business_date=day, payload=Transfer(
        kind=kind, transfer_id=str(uuid.uuid4()), from_branch="MAIN",
        from_location="SHOP" if loading else "VAN-1", to_branch="MAIN",
        to_location="VAN-1" if loading else "SHOP",
        lines=tuple(line(sku, qty, 2756, expected) for sku, qty, expected in lines)).to_json())


def drivers_day(world: World, till: TillFactory) -> ToyTerminal:
    """A bag of rice loaded and sold on account 45 days ago (unpaid), then today's day on VAN-1:
    load 12 oil and 5 rice; sell 3 oil for cash (114.00), 2 oil by MoMo (76.00), 2 rice
    on account (290.00); take 50.00 cash on account; bring back 6 oil (7 expected) and
    3 rice."""
    with world.ctx.scope(world.tenant_id) as scope:
        add_location(world.ctx, scope, ADMIN, branch="MAIN", code="VAN-1", name="Yaw's van",
                     kind="van")
    t = till()
    t.location = "VAN-1"
    van_transfer(t, "truck_load", [(RICE, "1.000", None)], day=ago(45))
    credit_sale(t, world, [(RICE, 1)], day=ago(45))  # 145.00, 15 days past due
    van_transfer(t, "truck_load", [(OIL, "12.000", None), (RICE, "5.000", None)])
    t.sell([(OIL, 3)])
    momo = t.priced_sale([(OIL, 2)]).totals.gross
    t.sell([(OIL, 2)], tenders=[Tender("momo", momo, momo, "mtn", "MP2412.0001")])
    credit_sale(t, world, [(RICE, 2)])
    pay_on_account(t, world, Money.cedis(50))
    van_transfer(t, "truck_return", [(OIL, "6.000", "7.000"), (RICE, "3.000", "3.000")])
    body = t.push()[-1]
    assert statuses(body) == ["stored"] * 8
    return t


def test_a_drivers_day_from_the_van_till_to_the_bank(world: World, till: TillFactory,
                                                      testdata: Path) -> None:
    drivers_day(world, till)
    day = today()
    other = make_world(world.ctx, testdata, domain="other.test", name="Other Traders")
    with world.ctx.scope(other.tenant_id) as scope:  # another business sees none of it
        assert driver_report(scope, day=day) == []
        assert deposits(scope, first=day, last=day)["cash"] == []
        assert unpaid(scope, as_of=day)["rows"] == []
    with world.ctx.scope(world.tenant_id) as scope:
        [van] = [v.to_json() for v in driver_report(scope, day=day)]
    assert van["van"] == "VAN-1" and van["flagged"]
    lines = {ln["sku"]: ln for ln in van["lines"]}
    assert {k: lines[OIL][k] for k in ("opening", "loaded", "sold", "returned", "variance",
                                       "closing")} == {
        "opening": "0.000", "loaded": "12.000", "sold": "5.000", "returned": "6.000",
        "variance": "1.000", "closing": "0.000"}
    assert lines[OIL]["flagged"] and not lines[RICE]["flagged"]
    assert (lines[RICE]["opening"], lines[RICE]["loaded"], lines[RICE]["sold"],
            lines[RICE]["returned"], lines[RICE]["variance"], lines[RICE]["closing"]) == (
        "0.000", "5.000", "2.000", "3.000", "0.000", "0.000")
    with world.ctx.scope(world.tenant_id) as scope:
        [old] = [v.to_json() for v in driver_report(scope, day=today() - timedelta(days=45))]
    assert [(ln["sku"], ln["loaded"], ln["sold"], ln["closing"]) for ln in old["lines"]] == [
        (RICE, "1.000", "1.000", "0.000")]
    assert old["drivers"][0]["outstanding"] == "145.00"
    [driver] = van["drivers"]
    assert driver["driver"] == "Ama Owusu" and driver["sales_count"] == 3
    assert driver["sales"] == "480.00" and driver["balances"]
    assert driver["collected"] == {"Cash": "114.00", "Mobile Money": "76.00"}
    assert driver["collected_total"] == "190.00" and driver["outstanding"] == "290.00"
    assert driver["account_payments"] == {"Cash": "50.00"} and driver["cash_to_bank"] == "164.00"

    # The driver banks 150.00 the same day; later a second slip of 20.00.
    with world.ctx.scope(world.tenant_id) as scope:
        first = record_slip(world.ctx, scope, ADMIN, bank="GCB Bank", slip_no="778812",
                            amount=Money.parse("150.00"), deposit_date=day, driver=DRIVER,
                            van="VAN-1", scan=("slip.jpg", "image/jpeg", b"\xff\xd8photo"),
                            by="director@acme.test")
    assert first["number"] == "DS-000001" and first["matched"] == "150.00"
    with world.ctx.scope(world.tenant_id) as scope:
        state = deposits(scope, first=day - timedelta(days=7), last=day)
    assert [(c["day"], c["cash"], c["unmatched"]) for c in state["unmatched_cash"]] == [
        (day.isoformat(), "164.00", "14.00")]
    assert state["unmatched_slips"] == []
    with world.ctx.scope(world.tenant_id) as scope:
        second = record_slip(world.ctx, scope, ADMIN, bank="GCB Bank", slip_no="778820",
                             amount=Money.parse("20.00"), deposit_date=day, driver="Ama Owusu",
                             van="VAN-1", by="director@acme.test")
        state = deposits(scope, first=day, last=day)
        journals = {j.reference: j.id for j in scope.scalars(select(Journal).where(
            Journal.kind == "deposit_slip"))}
        postings = sorted((p.account_code, p.debit, p.credit, p.branch_code)
                          for p in scope.scalars(select(Posting).where(
                              Posting.journal_id == journals["DS-000001"])))
    assert second["matched"] == "14.00" and second["unmatched"] == "6.00"
    assert state["unmatched_cash"] == []
    assert [(s["number"], s["unmatched"]) for s in state["unmatched_slips"]] == [("DS-000002", "6.00")]
    assert postings == [("1000", 0, 15000, "MAIN"), ("1010", 15000, 0, "MAIN")]
    check_books(world.ctx, world.tenant_id)


def test_bad_slips_change_nothing(world: World, till: TillFactory) -> None:
    drivers_day(world, till)
    day = today()
    good = {"bank": "GCB Bank", "slip_no": "9001", "amount": Money.cedis(10),
            "deposit_date": day, "driver": DRIVER, "van": "VAN-1", "by": "x"}
    for change, error, words in (
            ({"amount": Money.ZERO}, Invalid, "above zero"),
            ({"bank": " "}, Invalid, "Name the bank"),
            ({"van": "VAN-9"}, NotFound, "No van"),
            ({"driver": "nobody@acme.test"}, NotFound, "No one"),
            ({"account": "4000"}, Invalid, "not a bank account"),
            ({"deposit_date": day + timedelta(days=5)}, Invalid, "future"),
            ({"scan": ("x.exe", "application/x-msdownload", b"MZ")}, Invalid, "JPEG")):
        with pytest.raises(error) as refused, world.ctx.scope(world.tenant_id) as scope:
            record_slip(world.ctx, scope, ADMIN, **{**good, **change})  # type: ignore[arg-type]
        assert words in str(refused.value)
    with world.ctx.scope(world.tenant_id) as scope:
        record_slip(world.ctx, scope, ADMIN, **good)  # type: ignore[arg-type]
    with pytest.raises(Refused, match="already recorded as DS-000001"), \
            world.ctx.scope(world.tenant_id) as scope:
        record_slip(world.ctx, scope, ADMIN, **good)  # type: ignore[arg-type]
    with world.ctx.scope(world.tenant_id) as scope:
        assert len(scope.scalars(select(Journal).where(Journal.kind == "deposit_slip"))) == 1


def test_unpaid_van_invoices_are_aged_and_followed_until_paid(world: World,
                                                              till: TillFactory) -> None:
    t = drivers_day(world, till)
    day = today()
    with world.ctx.scope(world.tenant_id) as scope:
        receipts = {s.business_date: s.receipt_no for s in scope.scalars(
            select(Sale).where(Sale.customer_id.is_not(None)))}
        aged = unpaid(scope, as_of=day)
    # The 50.00 paid on account pays the oldest invoice first: 95.00 left of 145.00.
    rows = {r["number"]: r for r in aged["rows"]}
    old, new = rows[receipts[ago(45)]], rows[receipts[day.isoformat()]]
    assert (old["open"], old["days"], old["bucket"], old["driver"], old["customer"]) == (
        "95.00", 15, "d1_30", "Ama Owusu", "Kofi Traders")
    assert (new["open"], new["bucket"]) == ("290.00", "current")
    assert aged["by_driver"] == [{"driver": "Ama Owusu", "current": "290.00", "d1_30": "95.00",
                                  "d31_60": "0.00", "d61_90": "0.00", "over_90": "0.00",
                                  "total": "385.00", "invoices": 2}]
    assert [r["number"] for r in aged["due_follow_ups"]] == [old["number"]]  # overdue, no note

    with world.ctx.scope(world.tenant_id) as scope:
        set_follow_up(world.ctx, scope, ADMIN, invoice=old["number"], note="Promised Friday",
                      on=day + timedelta(days=3), by="director@acme.test")
        assert unpaid(scope, as_of=day)["due_follow_ups"] == []
        later = unpaid(scope, as_of=day + timedelta(days=3))
    assert [(r["number"], r["note"]) for r in later["due_follow_ups"]] == [
        (old["number"], "Promised Friday")]
    with pytest.raises(Invalid), world.ctx.scope(world.tenant_id) as scope:
        set_follow_up(world.ctx, scope, ADMIN, invoice=old["number"], note=" ", on=None, by="x")

    # Paid in full at the van: off every list, and nothing more to follow up.
    pay_on_account(t, world, Money.parse("385.00"))
    assert statuses(t.push()[-1]) == ["stored"]
    with world.ctx.scope(world.tenant_id) as scope:
        assert unpaid(scope, as_of=day)["rows"] == []
    with pytest.raises(Refused, match="is paid"), world.ctx.scope(world.tenant_id) as scope:
        set_follow_up(world.ctx, scope, ADMIN, invoice=old["number"], note="chase", on=None,
                      by="x")


def test_the_driver_commands(world: World, till: TillFactory, database_url: str,
                             capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    drivers_day(world, till)
    day = today().isoformat()
    db = ("--db", database_url, "--tenant", world.domain)
    assert main(["driver", "report", *db, "--day", day]) == 0
    out = capsys.readouterr().out
    assert "VAN-1" in out and "VARIANCE" in out and "Ama Owusu" in out and "164.00" in out
    assert main(["driver", "report", *db, "--day", day, "--van", "VAN-1", "--strict",
                 "--json"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["drivers"][0]["outstanding"] == "290.00"
    assert main(["driver", "report", *db, "--day", day, "--van", "NOPE"]) == 2
    assert "No van" in capsys.readouterr().err
    scan = tmp_path / "slip.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\nscan")
    assert main(["driver", "deposit", *db, "--bank", "Ecobank", "--slip", "A-1", "--amount",
                 "164.00", "--date", day, "--driver", DRIVER, "--van", "VAN-1", "--scan",
                 str(scan), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unmatched"] == "0.00"
    assert main(["driver", "deposits", *db, "--from", day, "--to", day, "--strict"]) == 0
    assert "DS-000001" in capsys.readouterr().out
    assert main(["driver", "unpaid", *db, "--due", "--json"]) == 0
    [due] = json.loads(capsys.readouterr().out)["rows"]
    assert main(["driver", "follow-up", *db, "--invoice", due["number"], "--note",
                 "Call Kofi", "--on", day]) == 0
    assert "Call Kofi" in capsys.readouterr().out
    assert main(["driver", "match", *db, "--slip", "DS-000001"]) == 0
