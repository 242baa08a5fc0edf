"""A till whose key is on a PKCS#11 token (SoftHSM2; terminal/pkcs11_signer.py) enrolls,
seals envelopes through the token and pushes them: head office verifies and stores every
one, and checks the receipt QR the token signed — on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import httpx
import pytest

from shared.audit.receipt import receipt_qr
from shared.keys import public_key_text
from sync_server.auditor.receipt import check_receipt
from terminal.pkcs11_signer import Pkcs11Config, Pkcs11Signer
from tests.server.conftest import LiveServer, World
from tests.server.toy_terminal import ToyTerminal
from tests.softhsm import make_token


def test_envelopes_sealed_by_the_token_are_accepted(world: World, live: LiveServer,
                                                    tmp_path_factory: pytest.TempPathFactory,
                                                    request: pytest.FixtureRequest) -> None:
    token = make_token(tmp_path_factory.mktemp("softhsm"))
    # One key per database kind: the token outlives each test.
    signer = Pkcs11Signer(Pkcs11Config(token.module, token.label, str(token.pin_file),
                                       f"server-{request.node.callspec.id}"), create=True)
    try:
        with httpx.Client(base_url=live.url, timeout=60) as http:
            shop = ToyTerminal(http)
            shop.key = signer  # type: ignore[assignment]
            shop.public_key = public_key_text(signer.public_key())
            shop.enroll(world.code())  # the proof of possession is the token's signature too
            shop.pull()
            sale = shop.sell([("GH-0001", 2)])
            refund = shop.refund(sale, [(1, "1")])
            shop.push()
            assert shop.acked == refund.seq  # head office checked both signatures and stored them
            with world.ctx.scope(world.tenant_id) as scope:
                verdict = check_receipt(scope, receipt_qr(sale, signer))
            assert verdict.ok, verdict.message
    finally:
        signer.close()
