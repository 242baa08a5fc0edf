"""Checking envelopes before the push transaction (``sync.prepare``): the pool of
processes finds exactly what the pushing process finds, and a push decides the same
way from those results as from checking in its own transaction — including when the
results are stale (the till was re-keyed in between)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

import sync_server.sync.push as push_module
from shared.envelope import BODY_FIELDS, SIGNING_PREFIX, body_hash
from shared.keys import public_key_text
from sync_server.sync.models import StoredEnvelope
from sync_server.sync.pipeline import ProcessRunner, Pushes
from sync_server.sync.prepare import check_all
from sync_server.sync.push import Prechecked, push
from sync_server.tenants.models import Tenant
from sync_server.tenants.tax_profile import load_profile
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ToyTerminal


def _tenant(world: World) -> Tenant:
    """A detached tenant row, as authentication hands it to push."""
    with world.ctx.system() as session:
        tenant = session.get(Tenant, world.tenant_id)
        assert tenant is not None
        session.expunge(tenant)
        return tenant


def _mixed_batch(t: ToyTerminal, size: int) -> list[dict[str, Any]]:
    """``size`` sales: one whose figures do not recompute, one tampered after signing,
    one malformed; the rest honest."""
    for n in range(size):
        if n == 3:
            wrong = t.priced_sale([("GH-0002", 2)]).to_json()
            wrong["lines"][0]["vat"] -= 1
            wrong["lines"][0]["net"] += 1
            wrong["totals"]["vat"] -= 1
            wrong["totals"]["net"] += 1
            t.seal("sale", wrong)
        else:
            t.sell([("GH-0001", 1), ("GH-0003", 1 + n % 3)])
    raws = [e.to_json() for e in t.outbox]
    raws[size - 4]["payload"]["lines"][0]["qty"] = "10.000"  # tampered
    malformed = raws[size - 2]
    malformed["seq"] = "two"  # malformed, yet signed as it is: a till's bug, not tampering
    malformed["hash"] = body_hash({name: malformed[name] for name in BODY_FIELDS})
    malformed["signature"] = t.key.sign(SIGNING_PREFIX + bytes.fromhex(malformed["hash"])).hex()
    return raws


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_push_helper_process_decides_exactly_as_the_server_process(
        world: World, till: TillFactory) -> None:
    """The same mixed batch (a sale that does not reprice, a tampered one, a malformed
    one) pushed through a helper process (``serve --push-processes``): the same
    refusal at the same index, the same hold, the same books."""
    t = till()
    size = 70
    raws = _mixed_batch(t, size)
    tenant = _tenant(world)
    with world.ctx.scope(world.tenant_id) as scope:
        profile = load_profile(scope, tenant)
    alone = check_all(raws, t.public_key, profile)
    assert len(alone) == size - 1  # stops at the malformed one
    assert alone[3].problems and "vat" in alone[3].problems[1]
    assert alone[size - 4].forged is not None and alone[size - 4].forged.code == "bad_hash"
    assert alone[size - 2].malformed is not None and alone[size - 2].malformed.code == "malformed"
    assert all(c.forged is None and c.problems == () for i, c in enumerate(alone[:size - 4])
               if i != 3)

    url = world.ctx.engine.url.render_as_string(hide_password=False)
    pushes = Pushes(world.ctx, None, ProcessRunner(url, 1, wait=True))
    try:
        result = asyncio.run(pushes.push(tenant, t.terminal_id, raws, t.public_key))
    finally:
        pushes.close()
    assert result.refused is not None and result.refused["code"] == "bad_hash"
    assert result.refused["index"] == size - 4 and result.stored_through == size - 4
    assert [r.get("reason_code") for r in result.results][3] == "totals_mismatch"
    assert check_books(world.ctx, world.tenant_id).sales == size - 5


def test_stale_checks_are_not_trusted(world: World, till: TillFactory,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Results made under another key (the till re-enrolled in between) are thrown
    away: the push checks again in its transaction and refuses the tampered envelope."""
    t = till()
    honest = t.sell([("GH-0001", 1)]).to_json()
    tampered = t.sell([("GH-0001", 1)]).to_json()
    tampered["payload"]["lines"][0]["qty"] = "10.000"
    raws = [honest, tampered]
    other = public_key_text(Ed25519PrivateKey.generate().public_key())
    real = push_module.precheck

    def stale(*args: Any, **kwargs: Any) -> Prechecked | None:
        checked = real(*args, **kwargs)
        assert checked is not None and checked.results[1].forged is not None
        # Pretend the other key had found both authentic.
        authentic = [type(c)(c.envelope, c.payload, c.body, problems=c.problems)
                     for c in checked.results]
        return Prechecked(other, checked.profile, authentic)

    monkeypatch.setattr(push_module, "precheck", stale)
    result = push(world.ctx, None, _tenant(world), t.terminal_id, raws)
    assert result.refused is not None and result.refused["code"] == "bad_hash"
    assert result.refused["index"] == 1 and result.stored_through == 1
    with world.ctx.scope(world.tenant_id) as scope:
        assert len(scope.scalars(select(StoredEnvelope))) == 1
