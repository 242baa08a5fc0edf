"""``bisama-sync held retry``: a held ``duplicate_id`` envelope stays held (it used to be
stored over its original: a traceback, and the whole retry rolled back), a retry that
still breaks a rule keeps it held with its new reason, and one envelope that cannot be
merged at all never holds back the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from sync_server.catalogue.services import import_catalogue
from sync_server.cli import main
from sync_server.sales.models import Sale
from sync_server.sync.models import StoredEnvelope
from tests.server.books import check_books
from tests.server.conftest import ADMIN, TillFactory, World
from tests.server.toy_terminal import ToyTerminal

NEW_ITEMS = ("sku,name,unit,retail_price,cost_price,tax_code\n"
             "NEW-ITEM,New item,bottle,38.00,27.56,B\n"
             "NEW-ITEM-2,Another new item,bottle,38.00,27.56,B\n")


def _retry(capsys: pytest.CaptureFixture[str], database_url: str, world: World
           ) -> tuple[int, dict[str, Any]]:
    code = main(["held", "retry", "--db", database_url, "--tenant", world.domain, "--json"])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def _unknown(t: ToyTerminal, sku: str) -> None:
    sale = t.priced_sale([("GH-0001", 1)]).to_json()
    sale["lines"][0]["sku"] = sku
    t.seal("sale", sale)


def _add_new_items(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        import_catalogue(world.ctx, scope, ADMIN, NEW_ITEMS)


def test_a_held_duplicate_id_stays_held_and_the_others_are_stored(
        world: World, till: TillFactory, database_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    t = till()
    first = t.sell([("GH-0001", 1)])
    t.push()  # (the toy keeps its wire text by envelope id)
    # The same envelope id again (a till whose id generator repeated itself).
    again = t.priced_sale([("GH-0002", 1)]).to_json()
    t.seal_unchecked("sale", again, envelope_id=first.id)
    _unknown(t, "NEW-ITEM")
    t.sell([("GH-0004", 1)])
    body = t.push()[-1]
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("held", "duplicate_id"), ("held", "unknown_product"), ("stored", None)]
    _add_new_items(world)
    code, result = _retry(capsys, database_url, world)
    assert code == 0
    assert [r["seq"] for r in result["stored"]] == [3]
    assert [(r["seq"], r["reason_code"]) for r in result["held"]] == [(2, "duplicate_id")]
    assert result["failed"] == []
    with world.ctx.scope(world.tenant_id) as scope:  # (check_books wants ids unique)
        assert scope.scalar(select(func.count()).select_from(Sale)) == 3
    # Again: nothing changes, nothing breaks.
    code, result = _retry(capsys, database_url, world)
    assert code == 0 and result["stored"] == [] and len(result["held"]) == 1


def test_one_envelope_that_cannot_be_merged_never_holds_back_the_others(
        world: World, till: TillFactory, database_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    t = till()
    _unknown(t, "NEW-ITEM")
    _unknown(t, "NEW-ITEM-2")
    _unknown(t, "NEW-ITEM")
    assert [r["reason_code"] for r in t.push()[-1]["results"]] == ["unknown_product"] * 3
    with world.ctx.scope(world.tenant_id) as scope:  # a body this server cannot read
        scope.execute(update(StoredEnvelope).where(StoredEnvelope.seq == 2)
                      .values(body='{"id": "garbled"}'))
    _add_new_items(world)
    code, result = _retry(capsys, database_url, world)
    assert code == 1  # the operator is told something needs a person
    assert [r["seq"] for r in result["stored"]] == [1, 3]
    assert [f["seq"] for f in result["failed"]] == [2]
    assert "stays held" in result["failed"][0]["reason"]
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 2
    main(["held", "retry", "--db", database_url, "--tenant", world.domain])
    out = capsys.readouterr().out
    assert "0 held envelope(s) now stored; 1 still held." in out and "seq 2" in out


def test_the_retry_of_a_till_with_nothing_wrong_left_is_quiet(
        world: World, till: TillFactory, database_url: str, testdata: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    code, result = _retry(capsys, database_url, world)
    assert code == 0 and result == {"stored": [], "held": [], "failed": []}
