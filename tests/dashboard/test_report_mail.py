"""Reports that arrive (issue [11], scope 7), against a real SMTP server (aiosmtpd on a
free port): the people a tenant names get the daily and weekly sales reports with the
PDF and the XLSX attached, whose figures are the dashboard's; the files are in the data
folder; a second run sends nothing; a mail that failed is sent by the next run, and
only it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sync_server.cli import main
from sync_server.messaging.mail import SmtpMailer, SmtpSettings
from sync_server.report_mail.services import (
    ENV_REPORTS_DIR,
    ReportMailError,
    due_periods,
    list_recipients,
    send_due,
    set_recipients,
)
from tests.dashboard.conftest import Shop
from tests.server.conftest import ADMIN, World, free_port
from tests.server.test_alert_mail import SmtpServer, smtp  # noqa: F401

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def mailer(port: int) -> SmtpMailer:
    return SmtpMailer(SmtpSettings(host="127.0.0.1", port=port, starttls=False,
                                   sender="Bisama POS <reports@bisama.test>", timeout=5))


def modern(mail: Message) -> EmailMessage:
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def attachments(mail: Message) -> dict[str, tuple[str, bytes]]:
    found = {}
    for part in modern(mail).iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[part.get_filename() or ""] = (part.get_content_type(), payload)
    return found


def sheet_rows(book_bytes: bytes, title: str) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(book_bytes))
    return [tuple(r) for r in book[title].iter_rows(values_only=True)]


def figure(rows: list[tuple[Any, ...]], name: str) -> Decimal:
    for row in rows:
        if row and row[0] == name:
            value = next(v for v in row[1:] if v is not None)
            return Decimal(str(value))
    raise AssertionError(f"{name} not in {rows}")


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def dashboard_export(director: TestClient, first: str, last: str) -> bytes:
    reply = director.get(f"/dashboard/sales/export.xlsx?first={first}&last={last}")
    assert reply.status_code == 200
    body: bytes = reply.content
    return body


def test_reports_arrive_once_with_both_files_and_the_dashboards_figures(
        shop: Shop, director: TestClient, smtp: SmtpServer, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = shop.world.ctx
    root = tmp_path / "reports"
    monkeypatch.setenv(ENV_REPORTS_DIR, str(root))
    with ctx.scope(shop.world.tenant_id) as scope:
        set_recipients(ctx, scope, ADMIN, daily="director@acme.test, Books@Acme.test",
                       weekly=["director@acme.test"])
        assert [(r["email"], r["daily"], r["weekly"]) for r in list_recipients(scope)] == [
            ("books@acme.test", True, False), ("director@acme.test", True, True)]
    today = date.fromisoformat(shop.today)
    now = datetime.combine(today + timedelta(days=1), time(2, 0), UTC)
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    weekly_start = monday if sunday == today else monday - timedelta(days=7)
    assert ("daily", today) in due_periods(now) and ("weekly", weekly_start) in due_periods(now)
    assert ("daily", today) not in due_periods(now - timedelta(hours=1, minutes=30))  # 00:30

    done = send_due(ctx, mailer(smtp.port), now)
    acme = [o for o in done if o.tenant == "acme.test"]
    assert all(not o.failed for o in done)
    assert sorted(len(o.sent) for o in acme) == [1, 2, 2, 2]  # three days and the week
    inbox = smtp.inbox.messages
    assert len(inbox) == 7
    assert all(len(m.to) == 1 for m in inbox)  # one message per person
    daily = [m for m in inbox if m.to == ["director@acme.test"]
             and m.mail["Subject"].endswith(f"Daily sales report, {today}")]
    assert len(daily) == 1
    files = attachments(daily[0].mail)
    assert files[f"daily-sales-{today}.pdf"][0] == "application/pdf"
    assert files[f"daily-sales-{today}.pdf"][1].startswith(b"%PDF")
    assert files[f"daily-sales-{today}.xlsx"][0] == XLSX
    body = modern(daily[0].mail).get_body(("plain",))
    assert body is not None and "Takings GH₵" in body.get_content()

    # The XLSX's figures are the dashboard's (its export of the same day).
    mine = files[f"daily-sales-{today}.xlsx"][1]
    theirs = dashboard_export(director, shop.today, shop.today)
    totals, summary = sheet_rows(mine, "Totals"), sheet_rows(theirs, "Summary")
    # The dashboard's Summary sheet: Figure | Number | GH₵ (typed columns, [12]).
    cedis = {r[0]: Decimal(str(r[2])) for r in summary[2:] if r and r[2] is not None}
    counts = {r[0]: r[1] for r in summary[2:] if r and r[1] is not None}
    for name in ("Takings", "Gross", "Refunds"):
        assert figure(totals, f"{name} (GH₵)") == cedis[name], name
    assert figure(totals, "Sales") == counts["Sales"]
    assert figure(totals, "Tax collected (GH₵)") == cedis["Tax"]
    assert figure(totals, "Voided sales") == counts["Voided sales"] == 1
    assert figure(totals, "Takings (GH₵)") > 0
    method_rows = {r[0]: Decimal(str(r[2])) for r in sheet_rows(mine, "By payment method")[4:]}
    dash_methods = {r[0]: Decimal(str(r[2])) for r in sheet_rows(theirs, "By method")[2:]}
    assert method_rows == dash_methods and len(method_rows) >= 3
    branch_takings = sorted(Decimal(str(r[5])) for r in sheet_rows(mine, "By branch")[4:])
    dash_branches = sorted(Decimal(str(r[5])) for r in sheet_rows(theirs, "By branch")[2:])
    assert branch_takings == dash_branches
    assert any(r[0] == "Tema Branch (TEM)" for r in sheet_rows(mine, "By branch"))

    # The PDF says the same figures, as the dashboard formats them.
    pdf = pdf_text(files[f"daily-sales-{today}.pdf"][1])
    takings = cedis["Takings"]
    assert f"Takings (GH₵) {takings:,.2f}" in pdf
    assert f"Tax collected (GH₵) {cedis['Tax']:,.2f}" in pdf
    for label, amount in dash_methods.items():
        assert f"{label} " in pdf and f" {amount:,.2f}" in pdf
    assert "Tema Branch (TEM)" in pdf and "Acme Trading — daily sales report" in pdf

    weekly = [m for m in inbox if "Weekly sales report" in m.mail["Subject"]]
    assert len(weekly) == 1 and weekly[0].to == ["director@acme.test"]
    wfiles = attachments(weekly[0].mail)
    stem = f"weekly-sales-{weekly_start}-to-{weekly_start + timedelta(days=6)}"
    assert set(wfiles) == {f"{stem}.pdf", f"{stem}.xlsx"}
    week_theirs = dashboard_export(director, weekly_start.isoformat(),
                                   (weekly_start + timedelta(days=6)).isoformat())
    week_takings = next(Decimal(str(r[2])) for r in sheet_rows(week_theirs, "Summary")
                        if r and r[0] == "Takings")
    assert figure(sheet_rows(wfiles[f"{stem}.xlsx"][1], "Totals"), "Takings (GH₵)") == \
        week_takings
    assert f"Takings (GH₵) {week_takings:,.2f}" in pdf_text(wfiles[f"{stem}.pdf"][1])

    # Written to the data folder, for every active tenant (the other has nobody named).
    year = f"{today:%Y}"
    assert (root / "acme.test" / year / f"daily-sales-{today}.pdf").is_file()
    assert (root / "acme.test" / year / f"daily-sales-{today}.xlsx").read_bytes() == mine
    assert (root / "other.test" / year / f"daily-sales-{today}.pdf").is_file()

    # A second run owes nothing and sends nothing.
    assert send_due(ctx, mailer(smtp.port), now) == []
    assert len(smtp.inbox.messages) == 7

    # A new person while the mail server is down: recorded as failed, sent (alone) by the
    # next run, from the files already written.
    with ctx.scope(shop.world.tenant_id) as scope:
        set_recipients(ctx, scope, ADMIN, daily="director@acme.test,books@acme.test,"
                       "late@acme.test", weekly="director@acme.test")
    down = send_due(ctx, mailer(free_port()), now)
    assert {p for o in down for p in o.failed} == {"late@acme.test"}
    assert not any(o.written for o in down)
    assert "report_mail_failed" in [a.kind for a in ctx.notifier.alerts]  # type: ignore[attr-defined]
    assert len(smtp.inbox.messages) == 7
    again = send_due(ctx, mailer(smtp.port), now)
    assert [p for o in again for p in o.sent] == ["late@acme.test"] * 3
    assert all(m.to == ["late@acme.test"] for m in smtp.inbox.messages[7:])
    assert send_due(ctx, mailer(smtp.port), now) == []


def test_recipients_refuse_what_is_not_an_address(shop: Shop) -> None:
    ctx = shop.world.ctx
    with ctx.scope(shop.world.tenant_id) as scope, pytest.raises(ReportMailError,
                                                                 match="not an e-mail"):
        set_recipients(ctx, scope, ADMIN, daily="director@acme.test, not an address",
                       weekly=None)
    with ctx.scope(shop.world.tenant_id) as scope:
        assert list_recipients(scope) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_reports_commands(shop: Shop, database_url: str, smtp: SmtpServer,  # noqa: F811
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(ENV_REPORTS_DIR, str(tmp_path / "reports"))
    monkeypatch.setenv("BISAMA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BISAMA_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("BISAMA_SMTP_STARTTLS", "0")
    db = ["--db", database_url]
    assert main(["reports", "recipients", "set", *db, "--tenant", "acme.test",
                 "--daily", "director@acme.test", "--weekly", "owner@acme.test"]) == 0
    assert main(["reports", "recipients", "list", *db, "--tenant", "acme.test"]) == 0
    out = capsys.readouterr().out
    assert "director@acme.test" in out and "owner@acme.test" in out
    assert main(["reports", "send", *db, "--day", shop.today, "--tenant", "acme.test"]) == 0
    assert "sent to director@acme.test" in capsys.readouterr().out
    assert [m.to for m in smtp.inbox.messages] == [["director@acme.test"]]
    assert main(["reports", "send", *db, "--day", shop.today, "--tenant", "acme.test"]) == 0
    assert "already sent to director@acme.test" in capsys.readouterr().out
    assert len(smtp.inbox.messages) == 1
    assert main(["reports", "send", *db, "--day", shop.today, "--kind", "weekly",
                 "--tenant", "acme.test"]) == 0
    assert [m.to for m in smtp.inbox.messages][1:] == [["owner@acme.test"]]
    assert main(["reports", "recipients", "set", *db, "--tenant", "acme.test",
                 "--daily", "x@"]) != 0
    assert "not an e-mail address" in capsys.readouterr().err
    # What the timer runs: everything owed now, once.
    before = len(smtp.inbox.messages)
    assert main(["reports", "send", *db, "--due"]) == 0
    assert len(smtp.inbox.messages) > before
    after = len(smtp.inbox.messages)
    assert main(["reports", "send", *db, "--due"]) == 0
    assert len(smtp.inbox.messages) == after and "Nothing was due." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["reports", "send", *db, "--due", "--day", shop.today])
    assert "--due runs what the schedule owes" in capsys.readouterr().err


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_drill_that_fails_from_the_timer_is_e_mailed_to_the_operator(
        world: World, database_url: str, smtp: SmtpServer, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands a timer runs alert through the server's notifier (e-mail when SMTP is
    set), not only the log: a drill with no backup to restore fails and is e-mailed."""
    from sync_server.operations.crypto import new_key_file

    key = tmp_path / "keys" / "backup.key"
    new_key_file(key)
    monkeypatch.setenv("BISAMA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BISAMA_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("BISAMA_SMTP_STARTTLS", "0")
    monkeypatch.setenv("BISAMA_ALERT_OPERATOR", "ops@bisama.test")
    assert main(["backup", "drill", "--db", database_url, "--key-file", str(key),
                 "--target", str(tmp_path / "no-backups")]) == 1
    mails = [m for m in smtp.inbox.messages if m.to == ["ops@bisama.test"]]
    assert len(mails) == 1 and "backup_drill_failed" in mails[0].mail["Subject"]
