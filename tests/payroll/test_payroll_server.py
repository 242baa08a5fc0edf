"""Employees, a payroll month (draft, approve, post, pay), its schedules and payslips, and
attendance feeding it — on SQLite, PostgreSQL and MariaDB. The run's journal is exported
and re-balanced by hledger to the pesewa."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.money import Money
from shared.payroll import month_end
from sync_server.errors import AlreadyExists, Invalid, Refused
from sync_server.ledger.export import account_names, export
from sync_server.ledger.models import Journal, Posting
from sync_server.payroll import attendance, exports, payments, runs
from sync_server.payroll.employees import add_employee, edit_employee, list_employees
from sync_server.reports.ledger import trial_balance
from tests.books.dataset import today
from tests.books.people import ABENA, KOJO, MANAGER, add_directors
from tests.books.test_ledger_export import tool
from tests.server.conftest import ADMIN, World, make_world

M = Money.parse


def last_month() -> str:
    first = today().replace(day=1) - timedelta(days=1)
    return first.strftime("%Y-%m")


def staff(world: World) -> None:
    add_directors(world)
    with world.ctx.scope(world.tenant_id) as scope:
        add_employee(world.ctx, scope, ADMIN, number="E001", name="Akosua Darko", branch="MAIN",
                     role="Cashier", basic="3000", allowances="500",
                     ssnit_number="C018011234567", tin="GHA-123456789-0", pay_method="momo",
                     pay_account="024 123 4567")
        add_employee(world.ctx, scope, ADMIN, number="E002", name="Yaw Mensah Boateng",
                     branch="TEM", role="Branch manager", basic="80000", allowances="10000",
                     tin="P0012345678", pay_method="bank", pay_account="Ecobank 1441000123456")


def month_run(world: World) -> str:
    month = last_month()
    with world.ctx.scope(world.tenant_id) as scope:
        runs.draft_run(world.ctx, scope, ADMIN, month, by=ABENA)
        runs.approve_run(world.ctx, scope, ADMIN, month, by=KOJO)
        runs.post_run(world.ctx, scope, ADMIN, month, by=ABENA)
    return month


def test_employees_are_checked_and_kept_per_tenant(world: World, testdata: Path) -> None:
    staff(world)
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        for bad in ({"tin": "123"}, {"ssnit_number": "X1"}, {"basic": "-5"},
                    {"pay_method": "momo", "pay_account": "12345"}, {"branch": "NOPE"},
                    {"name": "\x00"}, {"basic": "99999999999999999"}):
            kwargs = {"number": "E009", "name": "Esi", "branch": "MAIN", "role": "Cleaner",
                      "basic": "500", **bad}
            with pytest.raises((Invalid, LookupError)):
                add_employee(ctx, scope, ADMIN, **kwargs)
        with pytest.raises(AlreadyExists):
            add_employee(ctx, scope, ADMIN, number="e001", name="Again", branch="MAIN",
                         role="Cashier", basic="100")
        edited = edit_employee(ctx, scope, ADMIN, "E001", allowances="600", active=None)
        assert edited["allowances"] == "600.00"
        edit_employee(ctx, scope, ADMIN, "E001", allowances="500")
        assert [e["number"] for e in list_employees(scope)] == ["E001", "E002"]
        assert list_employees(scope)[0]["pay_account"] == "0241234567"
    other = make_world(ctx, testdata, domain="other.test", name="Other Shop")
    with ctx.scope(other.tenant_id) as scope:
        assert list_employees(scope) == []
        with pytest.raises(LookupError):
            runs.find_run(scope, last_month())


def test_a_payroll_month_posts_balances_in_hledger_and_is_paid(world: World,
                                                                tmp_path: Path) -> None:
    staff(world)
    ctx, month = world.ctx, last_month()
    with ctx.scope(world.tenant_id) as scope:
        data = runs.draft_run(ctx, scope, ADMIN, month, by=ABENA)
        slips = {s["number"]: s for s in data["payslips"]}
        assert slips["E001"]["paye"] == "474.38" and slips["E001"]["net"] == "2860.62"
        assert slips["E002"]["ssnit_employee"] == "3795.00"  # capped at GH₵ 69 000
        assert slips["E002"]["paye"] == "26254.58"
        with pytest.raises(Refused, match="another director"):
            runs.approve_run(ctx, scope, ADMIN, month, by=ABENA)
        with pytest.raises(Refused, match="director"):
            runs.approve_run(ctx, scope, ADMIN, month, by=MANAGER)
        with pytest.raises(Refused, match="approves"):
            runs.post_run(ctx, scope, ADMIN, month, by=ABENA)
        runs.approve_run(ctx, scope, ADMIN, month, by=KOJO)
        with pytest.raises(Refused):
            runs.draft_run(ctx, scope, ADMIN, month, by=ABENA)
        posted = runs.post_run(ctx, scope, ADMIN, month, by=ABENA)
        assert posted["status"] == "posted"
        journal = scope.scalar(select(Journal).where(Journal.id == posted["journal"]))
        assert journal.kind == "payroll" and journal.entry_date == month_end(month)
        lines = list(scope.scalars(select(Posting).where(Posting.journal_id == posted["journal"])))
        assert sum(p.debit for p in lines) == sum(p.credit for p in lines)
        tb = {ln.code: ln.net.pesewas for ln in trial_balance(scope).lines}
        assert tb["6300"] == M("93500").pesewas  # 3 500 + 90 000 gross
        assert tb["6310"] == M("9360").pesewas  # 390 + 8 970
        assert tb["2200"] == -M("26728.96").pesewas  # 474.38 + 26 254.58
        assert tb["2210"] == -M("9720").pesewas  # 405 + 9 315
        assert tb["2220"] == -M("3600").pesewas  # 150 + 3 450
        assert tb["2230"] == -M("62811.04").pesewas  # 2 860.62 + 59 950.42
        # pay PAYE to GRA and the net pay; each once
        pay_day = today().isoformat()
        payments.pay(ctx, scope, ADMIN, month=month, kind="paye", pay_date=pay_day)
        payments.pay(ctx, scope, ADMIN, month=month, kind="net", pay_date=pay_day)
        with pytest.raises(Refused, match="already paid"):
            payments.pay(ctx, scope, ADMIN, month=month, kind="paye", pay_date=pay_day)
        tb = {ln.code: ln.net.pesewas for ln in trial_balance(scope).lines}
        assert tb["2200"] == 0 and tb["2230"] == 0 and tb["2210"] == -M("9720").pesewas
        owed = {p["kind"]: p for p in payments.list_payments(scope, month)}
        assert owed["ssnit"]["paid_on"] == "" and owed["paye"]["paid_on"] == pay_day
        ours = {ln.code: ln.net.pesewas for ln in trial_balance(scope).lines}
        names = account_names(scope)
        path = tmp_path / "books.journal"
        with path.open("w", encoding="utf-8", newline="") as out:
            export(scope, "hledger", first=None, last=today(), out=out, tenant="acme.test")
    hledger = tool("hledger")
    text = subprocess.run([hledger, "-f", str(path), "bal", "-E", "-N", "--flat",
                           "--output-format", "csv"], check=True, capture_output=True,
                          text=True).stdout
    code_of = {name: code for code, name in names.items()}
    theirs = {}
    for row in csv.DictReader(io.StringIO(text)):
        amount = row["balance"].strip().replace(",", "")
        value = re.fullmatch(r"(-?[0-9.]+) GHS", amount)
        theirs[code_of[row["account"]]] = (
            Money.from_decimal(Decimal(value.group(1))).pesewas if value else 0)
    assert {c: v for c, v in theirs.items() if v} == {c: v for c, v in ours.items() if v}


def test_schedules_and_payslips(world: World) -> None:
    staff(world)
    month = month_run(world)
    with world.ctx.scope(world.tenant_id) as scope:
        content, name, _type = exports.schedule(scope, month, "paye", "csv")
        assert name == f"paye-{month}.csv"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert len(rows[0]) == 27 and rows[0][1] == "TIN (11 characters)"
        first = dict(zip(rows[0], rows[1], strict=True))
        assert first["Chargeable Income (18-20)"] == "3335.00"
        assert first["Total Tax Payable to GRA (12+22+24)"] == "474.38"
        assert rows[-1][2] == "TOTALS"
        content, _n, _t = exports.schedule(scope, month, "ssnit", "xlsx")
        assert content.startswith(b"PK")
        content, _n, _t = exports.schedule(scope, month, "paye", "xlsx")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        assert "Acme Trading, TIN C0001234567" in str(sheet["A1"].value)
        assert Decimal(str(sheet.cell(row=3, column=22).value)) == Decimal("474.38")
        content, _n, _t = exports.schedule(scope, month, "ssnit", "csv")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        boateng = next(r for r in rows if r[3].startswith("BOATENG"))
        assert boateng[3] == "BOATENG, Yaw Mensah" and boateng[4] == "69000.00"
        assert boateng[7] == "9315.00" and boateng[9] == "12765.00"
        pdf = exports.payslips_pdf(scope, month)
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(pdf)).pages
        assert len(pages) == 2
        text = pages[0].extract_text()
        assert "Akosua Darko (E001)" in text and "GH₵ 2,860.62" in text
        assert "GH₵ 474.38" in text and "Net pay" in text
        content, _n, _t = exports.schedule(scope, month, "net", "csv")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[1][1:] == ["E002", "Yaw Mensah Boateng", "TEM", "bank",
                               "Ecobank 1441000123456", "59950.42"]
        assert rows[2][4:] == ["momo", "0241234567", "2860.62"]
        with pytest.raises(Invalid):
            exports.schedule(scope, month, "vat", "csv")
        with pytest.raises(Invalid):
            exports.payslips_pdf(scope, month, number="E999")


DEVICE_CSV = """Emp No,Name,Date,Time In,Time Out
E001,Akosua,{d0},07:58,18:00
E001,Akosua,{d1},08:00,
E001,Akosua,{d2},08:00,12:00
E001,Akosua,{d2},11:00,17:00
E777,Nobody,{d0},08:00,17:00
E001,Akosua,31/02/2026,08:00,17:00
E001,Akosua,{d3},25:00,17:00
E001,Akosua,{d3},17:00,08:00
E002,Yaw,{d0},08:00,16:00
E002,Yaw,{d3},08:00,16:00
"""


def _weekdays(month: str) -> list[str]:
    first = date.fromisoformat(month + "-01")
    days = [first + timedelta(days=n) for n in range(31)]
    return [d.isoformat() for d in days if d.month == first.month and d.weekday() < 5]


def test_attendance_upload_summary_report_and_run(world: World) -> None:
    staff(world)
    ctx, month = world.ctx, last_month()
    d = _weekdays(month)
    raw = DEVICE_CSV.format(d0=d[0], d1=d[1], d2=d[2], d3=d[3]).encode("cp1252")
    with ctx.scope(world.tenant_id) as scope:
        summary = attendance.upload(ctx, scope, ADMIN, raw=raw, filename="clock.csv")
        assert (summary["accepted"], summary["rejected"], summary["flagged"]) == (6, 4, 3)
        reasons = " | ".join(r["reason"] for r in summary["rejections"])
        assert "unknown employee E777" in reasons and "not a date" in reasons
        assert "not a time" in reasons and "not after clock-in" in reasons
        again = attendance.upload(ctx, scope, ADMIN, raw=raw, filename="clock.csv")
        assert again["accepted"] == 0 and "already uploaded" in again["rejections"][0]["reason"]
        problems = attendance.discrepancies(scope, month + "-01", month + "-31")
        kinds = sorted(p["problem"].split(" ")[0] for p in problems)
        assert kinds == ["no", "shift", "shift", "unknown"]
        week = attendance.week_report(scope, d[0])
        akosua = week["rows"][0]
        assert akosua["staff_number"] == "E001" and akosua["days_present"] == 3
        with pytest.raises(Invalid):
            attendance.week_report(scope, "\x00")
        with pytest.raises(Invalid):
            attendance.upload(ctx, scope, ADMIN, raw=b"a,b\n1,2\n", filename="x.csv")
        attendance.set_settings(ctx, scope, ADMIN, feeds_run=True)
        data = runs.draft_run(ctx, scope, ADMIN, month, by=ABENA)
        assert data["with_attendance"] and data["discrepancies"]
        slips = {s["number"]: s for s in data["payslips"]}
        # span d0..d3: E001 present on d0, d1, d2 → absent 1; E002 present d0, d3 → absent 2
        assert (slips["E001"]["days_absent"], slips["E002"]["days_absent"]) == (1, 2)
        assert slips["E001"]["overtime_hours"] == "3.03"  # 2 h 02 on d0; 08:00–17:00 on d2: 1 h
        assert Money.parse(slips["E001"]["overtime"]).pesewas > 0
        assert slips["E001"]["overtime_tax"] == "0.00"  # GH₵ 42 000 a year: not junior


def test_an_excel_file_from_the_device_is_read_like_a_csv(world: World) -> None:
    from datetime import datetime, time

    from openpyxl import Workbook

    staff(world)
    d = _weekdays(last_month())
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Work Date", "Check In", "Check Out"])
    sheet.append(["E001", datetime.fromisoformat(d[0]), time(8, 0), time(17, 30)])
    sheet.append(["E002", d[0], "08:15", "16:45"])
    sheet.append(["E001", "not a day", "08:00", "17:00"])
    buffer = io.BytesIO()
    book.save(buffer)
    with world.ctx.scope(world.tenant_id) as scope:
        summary = attendance.upload(world.ctx, scope, ADMIN, raw=buffer.getvalue(),
                                    filename="device.xlsx")
        assert (summary["accepted"], summary["rejected"]) == (2, 1)
        rows = {r["staff_number"]: r for r in attendance.week_report(scope, d[0])["rows"]}
        assert rows["E001"]["hours"] == "9.50" and rows["E002"]["hours"] == "8.50"
        with pytest.raises(Invalid, match="not a workbook"):
            attendance.upload(world.ctx, scope, ADMIN, raw=b"PK\x03\x04broken", filename="x.xlsx")


def test_a_director_records_new_rates_from_a_date(world: World) -> None:
    from sync_server.payroll.rates import add_rate_set, list_rate_sets, rates_on

    staff(world)
    ctx, month = world.ctx, last_month()
    first = month + "-01"
    bands = "500:0, 110:5, 130:10, 3166.67:17.5, 16000:25, 30520:30, rest:35"
    with ctx.scope(world.tenant_id) as scope:
        with pytest.raises(Refused, match="director"):
            add_rate_set(ctx, scope, ADMIN, by=MANAGER, effective=first, bands=bands,
                         max_insurable="70000", source="test")
        for bad in ({"bands": "490:0, 110:5"}, {"bands": "rest:5, 10:5"},
                    {"bands": "490:0, rest:101"}, {"max_insurable": "-1"},
                    {"effective": "\x00"}, {"source": ""}, {"tier2": "99"},
                    {"max_insurable": "9" * 40}):
            kwargs = {"effective": first, "bands": bands, "max_insurable": "70000",
                      "source": "GRA notice", **bad}
            with pytest.raises((Invalid, Refused)):
                add_rate_set(ctx, scope, ADMIN, by=ABENA, **kwargs)
        shown = add_rate_set(ctx, scope, ADMIN, by=ABENA, effective=first, bands=bands,
                             max_insurable="70000", source="GRA notice of a test")
        assert shown["max_insurable"] == "70000.00"
        assert rates_on(scope, month_end(month)).bands[0].width == M("500")
        assert list_rate_sets(scope)[0]["effective"] == first
        data = runs.draft_run(ctx, scope, ADMIN, month, by=ABENA)
        assert data["rates_from"] == first
        # first band 500: 5.50 + 13.00 + (3 335 − 740) × 17.5 % = 472.625
        assert {s["number"]: s for s in data["payslips"]}["E001"]["paye"] == "472.63"
        runs.approve_run(ctx, scope, ADMIN, month, by=KOJO)
        with pytest.raises(Refused, match="already approved"):
            add_rate_set(ctx, scope, ADMIN, by=ABENA, effective=first, bands=bands,
                         max_insurable="70000", source="again")


def test_a_posted_unpaid_payroll_is_reversed_and_drafted_again(world: World) -> None:
    staff(world)
    ctx = world.ctx
    month = month_run(world)
    with ctx.scope(world.tenant_id) as scope:
        with pytest.raises(Refused, match="director"):
            runs.reverse_run(ctx, scope, ADMIN, month, by=MANAGER, reason="wrong basic")
        with pytest.raises(Invalid, match="reason"):
            runs.reverse_run(ctx, scope, ADMIN, month, by=KOJO, reason=" ")
        data = runs.reverse_run(ctx, scope, ADMIN, month, by=KOJO, reason="wrong basic")
        assert data["status"] == "reversed"
        tb = {ln.code: ln.net.pesewas for ln in trial_balance(scope).lines}
        assert all(tb.get(code, 0) == 0 for code in ("6300", "6310", "2200", "2210", "2230"))
        again = runs.draft_run(ctx, scope, ADMIN, month, by=ABENA)
        assert again["status"] == "draft"
        runs.approve_run(ctx, scope, ADMIN, month, by=KOJO)
        runs.post_run(ctx, scope, ADMIN, month, by=ABENA)
        payments.pay(ctx, scope, ADMIN, month=month, kind="net", pay_date=today().isoformat())
        with pytest.raises(Refused, match="already paid"):
            runs.reverse_run(ctx, scope, ADMIN, month, by=KOJO, reason="late")
