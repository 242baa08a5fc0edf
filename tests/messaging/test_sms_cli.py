"""``bisama-sync sms`` as an operator scripts it, against the fake gateway: queue one
message and send it, a bulk message, the status with the balance, opt-out, a staff
number; bad numbers exit 2 with the reason (docs/cli.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sync_server.cli import main
from sync_server.customers.services import add_customer
from tests.messaging.conftest import KEY
from tests.server.conftest import ADMIN, World
from tools.fake_sms import FakeArkesel


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith("{") else out, err


def test_the_sms_commands_end_to_end(world: World, database_url: str, gateway: FakeArkesel,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "arkesel.key"
    key_file.write_text(KEY)
    for name, value in (("BISAMA_SMS_GATEWAY", "arkesel"), ("BISAMA_SMS_URL", gateway.url),
                        ("BISAMA_SMS_API_KEY_FILE", str(key_file)),
                        ("BISAMA_SMS_SENDER_ID", "ACME")):
        monkeypatch.setenv(name, value)
    with world.ctx.scope(world.tenant_id) as scope:
        add_customer(world.ctx, scope, ADMIN, name="Akosua Bread", phone="024 412 3456")
    db, t = ("--db", database_url), ("--tenant", world.domain)

    code, queued, _ = run(capsys, "sms", "send", *db, *t, "--to", "050 111 2222", "--text",
                          "Your order is ready", "--json")
    assert code == 0 and queued["phone"] == "+233501112222"
    code, bulk, _ = run(capsys, "sms", "bulk", *db, *t, "--to", "customers", "--text",
                        "Rice on Friday", "--json")
    assert code == 0 and bulk["queued"] == 1 and bulk["skipped"][0]["name"] == "Kofi Traders"
    code, sent, _ = run(capsys, "sms", "send", *db, "--due", "--json")
    assert code == 0 and sent["done"][0]["sent"] >= 1
    assert gateway.to("233501112222") == ["Your order is ready"]
    code, status, _ = run(capsys, "sms", "status", *db, *t, "--window", "19:00-21:30",
                          "--json")
    assert code == 0 and status["window"]["start"] == "19:00"
    assert status["gateway"] == "arkesel" and status["credits"] == gateway.credits
    code, _, _ = run(capsys, "sms", "optout", *db, *t, "0244123456")
    assert code == 0
    code, listed, _ = run(capsys, "sms", "optout", *db, *t, "--json")
    assert [o["phone"] for o in listed["optouts"]] == ["+233244123456"]
    code, staff, _ = run(capsys, "sms", "staff-phone", *db, *t, "--user", "ama@acme.test",
                         "--phone", "020 555 0101", "--json")
    assert code == 0 and staff == {"name": "Ama Owusu", "phone": "+233205550101"}
    code, _, err = run(capsys, "sms", "send", *db, *t, "--to", "0302 123 456", "--text", "x")
    assert code == 2 and "fixed line" in err
