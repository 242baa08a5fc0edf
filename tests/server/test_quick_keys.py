"""Head office's quick-key grid (all three databases): pages of keys for goods without a
barcode are set whole, checked against the catalogue, audited, listed and removed by
``bisama-sync quick-keys``, and travel to the tills as the ``quick_keys`` feed entity."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from sync_server.audit.models import ActivityLog
from sync_server.catalogue.quick_keys import quick_key_pages, remove_quick_keys, set_quick_keys
from sync_server.cli import main
from sync_server.errors import Invalid, NotFound
from sync_server.sync.feed import pull_page
from sync_server.tenants.services import require_tenant
from tests.server.conftest import ADMIN, World


def _fed(world: World, cursor: int = 0) -> list[dict[str, Any]]:
    tenant = require_tenant(world.ctx, world.domain)
    with world.ctx.scope(world.tenant_id) as scope:
        page = pull_page(scope, tenant, "MAIN", cursor, 100_000)
    return [c for c in page["changes"] if c["entity"] == "quick_keys"]


def test_a_page_is_set_whole_and_the_feed_carries_it(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Water",
                       skus=["GH-0036", "GH-0008"])
        set_quick_keys(world.ctx, scope, ADMIN, code="FOOD", name="Kenkey & bread",
                       skus=["GH-0046"], position=0)
    fed = {c["key"]: c["data"] for c in _fed(world)}
    assert fed["WATER"] == {"code": "WATER", "name": "Water", "position": 1,
                            "skus": ["GH-0036", "GH-0008"]}
    assert fed["FOOD"]["position"] == 0 and fed["FOOD"]["skus"] == ["GH-0046"]
    # Set again: the keys are replaced in the new order, the page keeps its place.
    with world.ctx.scope(world.tenant_id) as scope:
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Water",
                       skus=["GH-0009", "GH-0036"])
        assert list(quick_key_pages(scope)) == ["FOOD", "WATER"]
        assert quick_key_pages(scope)["WATER"]["skus"] == ["GH-0009", "GH-0036"]
        actions = scope.scalars(select(ActivityLog.action).where(
            ActivityLog.action.like("quick_keys.%")))
    assert actions.count("quick_keys.set") == 3


def test_a_removed_page_comes_as_deleted(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_quick_keys(world.ctx, scope, ADMIN, code="WATER", name="Water", skus=["GH-0036"])
        remove_quick_keys(world.ctx, scope, ADMIN, "WATER")
        assert quick_key_pages(scope) == {}
    (change,) = _fed(world)
    assert change["deleted"] is True and change["data"] is None


@pytest.mark.parametrize(("skus", "says"), [
    (["NO-SUCH"], "There is no product NO-SUCH"),
    (["GH-0036", "GH-0036"], "GH-0036 named twice"),
    ([], "at least one product"),
    ([f"GH-{n:04d}" for n in range(1, 26)], "up to 24 keys"),
])
def test_a_page_that_makes_no_sense_is_refused_in_words(world: World, skus: list[str],
                                                        says: str) -> None:
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises((Invalid, NotFound), match=says):
        set_quick_keys(world.ctx, scope, ADMIN, code="X", name="X", skus=skus)


def test_the_operator_sets_lists_and_removes_pages(world: World, database_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    common = ("--db", database_url, "--tenant", world.domain)
    assert main(["quick-keys", "set", *common, "--page", "BREAD", "--name", "Bread",
                 "GH-0046", "GH-0036"]) == 0
    assert "Quick-key page Bread (BREAD, place 1): 2 key(s)" in capsys.readouterr().out
    assert main(["quick-keys", "list", *common, "--json"]) == 0
    pages = json.loads(capsys.readouterr().out)
    assert pages == [{"code": "BREAD", "name": "Bread", "position": 1,
                      "skus": ["GH-0046", "GH-0036"]}]
    assert main(["quick-keys", "set", *common, "--page", "BREAD", "NOPE"]) == 2
    assert "There is no product NOPE" in capsys.readouterr().err
    assert main(["quick-keys", "remove", *common, "--page", "BREAD"]) == 0
    capsys.readouterr()
    assert main(["quick-keys", "list", *common]) == 0
    assert "(none)" in capsys.readouterr().out
