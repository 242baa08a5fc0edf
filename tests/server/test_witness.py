"""Witnessed heads at head office (``sync.witness``; docs/sync-protocol.md §8.2) on
SQLite, PostgreSQL and MariaDB: a till's signed head is kept and answered; a head that
goes backwards or diverges is alerted once; a statement that is not the till's is
refused; migration 0030 goes down and up again."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, inspect, select

from shared.audit import verify_export
from shared.heads import sign_statement
from sync_server.auditor.export import export_audit
from sync_server.db.migrate import alembic_config, upgrade
from sync_server.sync.models import Alert
from tests.server.conftest import TillFactory, World
from tests.server.toy_terminal import ProtocolError, ToyTerminal


def _head(t: ToyTerminal, *, seq: int | None = None, hash_: str | None = None,
          key: Ed25519PrivateKey | None = None) -> dict:  # type: ignore[type-arg]
    return sign_statement(key or t.key, terminal=t.terminal_id,
                          seq=t.seq if seq is None else seq,
                          hash_=hash_ or (t.head if seq is None else "ab" * 32), running=None,
                          at=datetime.now(UTC)).to_json()


def _alerts(world: World) -> list[tuple[str, int | None]]:
    with world.ctx.scope(world.tenant_id) as scope:
        return [(a.kind, a.seq) for a in scope.scalars(select(Alert).order_by(Alert.created_at))]


def test_a_signed_head_is_witnessed_and_a_bad_one_alerted(world: World, till: TillFactory) -> None:
    t = till()
    for _ in range(3):
        t.sell([("GH-0001", 1)])
    t.push()
    beat = t.heartbeat(head=_head(t))
    assert beat["witnessed"]["seq"] == 3 and beat["witnessed"]["hash"] == t.head
    # The same head again, and an older heartbeat without a head: nothing changes.
    assert t.heartbeat(head=_head(t))["witnessed"]["seq"] == 3
    assert t.heartbeat()["witnessed"]["seq"] == 3
    assert _alerts(world) == []
    # Backwards (the till's own seq 1, as after its last two were taken off), twice:
    # alerted once.
    first = t.outbox[0].hash
    t.heartbeat(head=_head(t, seq=1, hash_=first))
    t.heartbeat(head=_head(t, seq=1, hash_=first))
    # The same seq with another hash: a copy.
    reply = t.heartbeat(head=_head(t, seq=3, hash_="cd" * 32))
    assert reply["witnessed"]["hash"] == t.head  # never replaced by it
    assert _alerts(world) == [("head_backwards", 1), ("head_diverged", 3)]
    assert [a.kind for a in world.ctx.notifier.alerts] == ["head_backwards", "head_diverged"]  # type: ignore[attr-defined]


def test_a_head_not_signed_by_the_till_is_refused(world: World, till: TillFactory) -> None:
    t = till()
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(ProtocolError) as refused:
        t.heartbeat(head=_head(t, key=stranger))
    assert refused.value.status == 422
    with pytest.raises(ProtocolError):
        t.heartbeat(head={**_head(t), "terminal": "01938a6e-6fed-7e2d-a8e9-000000000009"})
    with pytest.raises(ProtocolError):
        t.heartbeat(head={**_head(t), "seq": "3"})
    assert _alerts(world) == []


def test_a_push_with_a_head_is_answered_with_the_witnessed_one(world: World,
                                                                till: TillFactory) -> None:
    t = till()
    envs = [t.sell([("GH-0001", 1)]) for _ in range(2)]
    head = _head(t)
    texts = [t.wire_text[e.id] for e in envs]
    raw = ('{"envelopes":[' + ",".join(texts) + '],"head":' + json.dumps(head) + "}").encode()
    reply = t.request("POST", "/api/v1/push", raw=raw)
    assert reply.status_code == 200, reply.text
    assert reply.json()["witnessed"]["seq"] == 2 and reply.json()["stored_through"] == 2


def test_migration_0030_goes_down_and_up(database_url: str) -> None:
    from alembic import command

    engine = create_engine(database_url)
    try:
        upgrade(engine)
        assert "sync_witnessed_heads" in inspect(engine).get_table_names()
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0029")
        assert "sync_witnessed_heads" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert "sync_witnessed_heads" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_export_carries_the_witnessed_head_so_a_forged_end_is_caught(
        world: World, till: TillFactory, tmp_path: Path) -> None:
    t = till()
    for _ in range(4):
        t.sell([("GH-0001", 1)])
    t.push()
    t.heartbeat(head=_head(t))
    today = date.fromisoformat(t.today())
    out = tmp_path / "audit"
    manifest = export_audit(world.ctx, world.tenant_id, today, today, out)
    assert manifest["tills"][0]["witnessed"]["seq"] == 4
    assert verify_export(str(out)).ok
    # The last sale taken out, and the manifest's head, count and checksum forged to match.
    name = next(iter(manifest["files"]))
    lines = (out / name).read_text().splitlines(keepends=True)[:-1]
    (out / name).write_text("".join(lines))
    forged = json.loads((out / "manifest.json").read_text())
    last = json.loads(lines[-1])
    forged["tills"][0].update(head_seq=last["seq"], head_hash=last["hash"], count=len(lines))
    forged["files"][name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(forged))
    assert "dropped_last" in verify_export(str(out)).codes()
