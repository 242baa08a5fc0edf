"""Head office checks a receipt's verifiable QR (``bisama-sync audit receipt``,
``sync_server.auditor.receipt``): signed by a till of the business and the same as the
envelope it stores — on SQLite, PostgreSQL and MariaDB. Forged, changed, foreign and
not-yet-synced receipts each get their own verdict."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.audit.receipt import receipt_fields, receipt_qr, sign_receipt
from shared.money import Money
from sync_server.auditor.receipt import check_receipt
from sync_server.cli import main
from tests.server.conftest import TillFactory, World, make_world


def _check(world: World, text: str, branch: str | None = None) -> Any:
    with world.ctx.scope(world.tenant_id) as scope:
        return check_receipt(scope, text, branch=branch)


def test_genuine_receipts_pass_and_changed_ones_fail(world: World, till: TillFactory,
                                                     testdata: Path) -> None:
    shop = till()
    sale = shop.sell([("GH-0001", 2), ("GH-0005", 1)])
    refund = shop.refund(sale, [(1, "1")])
    other = shop.sell([("GH-0001", 1)])
    void = shop.void(other)
    shop.push()
    for envelope, original in ((sale, None), (refund, None), (void, other)):
        verdict = _check(world, receipt_qr(envelope, shop.key, original))
        assert verdict.ok, verdict.message
        assert verdict.qr.fields == receipt_fields(envelope, original)
    assert "GENUINE" in _check(world, receipt_qr(sale, shop.key)).message
    text = receipt_qr(sale, shop.key)
    # A changed total with the old signature: forged.
    fields = receipt_fields(sale)
    changed = text.replace(f"|{fields.gross}|", f"|{fields.gross + Money.cedis(1)}|")
    assert changed != text and _check(world, changed).code == "bad_signature"
    # Re-signed with another key (a fake till): still not this till's.
    fake = sign_receipt(replace(fields, gross=fields.gross + Money.cedis(1)),
                        Ed25519PrivateKey.generate())
    assert _check(world, fake).code == "bad_signature"
    # Signed by the till, but not what head office holds (a till's own forged receipt).
    lie = sign_receipt(replace(fields, gross=fields.gross + Money.cedis(1)), shop.key)
    verdict = _check(world, lie)
    assert verdict.code == "mismatch" and verdict.differences == ("gross",)
    assert "the total" in verdict.message
    # Genuine, but head office has not received it yet.
    later = shop.sell([("GH-0005", 1)])
    assert _check(world, receipt_qr(later, shop.key)).code == "not_received"
    assert _check(world, "not a receipt").code == "malformed"
    assert _check(world, text, branch="ACC").code == "unknown_till"  # a manager of another branch
    # Another business's receipts are not this one's.
    other_world = make_world(world.ctx, testdata, domain="other.test", name="Other")
    assert _check(other_world, text).code == "unknown_till"


def test_the_command_line(world: World, till: TillFactory, database_url: str,
                          capsys: pytest.CaptureFixture[str]) -> None:
    shop = till()
    sale = shop.sell([("GH-0001", 1)])
    shop.push()
    text = receipt_qr(sale, shop.key)
    code = main(["audit", "receipt", "--db", database_url, "--tenant", world.domain, text])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("GENUINE"), out
    code = main(["audit", "receipt", "--db", database_url, "--tenant", world.domain, "--json",
                 text[:-1] + ("A" if text[-1] != "A" else "Q")])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["code"] in ("bad_signature", "malformed") and not data["ok"]


def test_offline_against_an_auditors_export(world: World, till: TillFactory,
                                            tmp_path: Path) -> None:
    from datetime import date

    from shared.audit.receipt import ReceiptError, check_in_export
    from sync_server.auditor.export import export_audit

    shop = till()
    sale = shop.sell([("GH-0001", 2)])
    refund = shop.refund(sale, [(1, "1")])
    other = shop.sell([("GH-0005", 1)])
    void = shop.void(other)
    shop.push()
    day = date.fromisoformat(shop.today())
    out = tmp_path / "audit"
    export_audit(world.ctx, world.tenant_id, day, day, out)
    for envelope, original in ((sale, None), (refund, None), (void, other)):
        assert check_in_export(receipt_qr(envelope, shop.key, original), str(out))
    fields = receipt_fields(sale)
    lie = sign_receipt(replace(fields, tax=fields.tax + Money.cedis(1)), shop.key)
    with pytest.raises(ReceiptError) as caught:
        check_in_export(lie, str(out))
    assert caught.value.code == "mismatch" and caught.value.field == "tax"
    later = shop.sell([("GH-0005", 1)])  # not in the export
    with pytest.raises(ReceiptError) as caught:
        check_in_export(receipt_qr(later, shop.key), str(out))
    assert caught.value.code == "not_in_export"
    stranger = till()
    stranger_sale = stranger.sell([("GH-0001", 1)])
    with pytest.raises(ReceiptError) as caught:
        check_in_export(receipt_qr(stranger_sale, stranger.key), str(out))
    assert caught.value.code == "unknown_till"
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "shared.audit", "receipt",
                           receipt_qr(sale, shop.key), "--export", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("GOOD"), done.stdout + done.stderr
