"""Scale PLUs on head office's product master (all three databases): the catalogue
import takes an optional ``plu`` column (a weighed item gets the last five digits of its
SKU, as a till's own import gives it), a PLU names one product only, the dashboard's
edit keeps it unless changed, and the feed's product entity carries it."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select

from sync_server.catalogue.editing import set_plu
from sync_server.catalogue.models import Product
from sync_server.catalogue.services import import_catalogue
from sync_server.db.engine import make_engine
from sync_server.db.migrate import alembic_config, upgrade
from sync_server.errors import AlreadyExists, Invalid
from sync_server.sync.feed import pull_page
from sync_server.tenants.services import require_tenant
from tests.server.conftest import ADMIN, World

HEADER = ("sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
          "cost_price,tax_code,weighed,plu\n")


def _plus(world: World) -> dict[str, str | None]:
    with world.ctx.scope(world.tenant_id) as scope:
        return {p.sku: p.plu for p in scope.scalars(select(Product).where(Product.plu.is_not(None)))}


def _fed_products(world: World) -> dict[str, dict[str, object]]:
    tenant = require_tenant(world.ctx, world.domain)
    with world.ctx.scope(world.tenant_id) as scope:
        page = pull_page(scope, tenant, "MAIN", 0, 100_000)
    return {c["key"]: c["data"] for c in page["changes"] if c["entity"] == "product"}


def test_import_gives_weighed_items_their_plu_and_the_feed_carries_it(world: World) -> None:
    plus = _plus(world)
    # catalogue_sample.csv has no plu column: its weighed items get one from the SKU.
    assert plus["GH-0039"] == "00039" and plus["GH-0041"] == "00041"
    assert "GH-0001" not in plus  # a bottle of oil is not weighed: no scale label
    fed = _fed_products(world)
    assert fed["GH-0039"]["plu"] == "00039" and fed["GH-0001"]["plu"] is None


def test_a_plu_names_one_product(world: World) -> None:
    text = HEADER + ("SC-1,,Smoked Fish,kg,60.00,,,,40.00,A,1,00500\n"
                     "SC-2,,Dried Fish,kg,70.00,,,,50.00,A,1,00500\n"
                     "SC-3,,Snails,kg,90.00,,,,60.00,A,1,00039\n"
                     "SC-4,,Kenkey,ball,2.00,,,,1.00,A,0,5\n"
                     "SC-5,,Plantain,kg,12.00,,,,8.00,A,0,00123\n")
    with world.ctx.scope(world.tenant_id) as scope:
        summary = import_catalogue(world.ctx, scope, ADMIN, text)
    reasons = {r["sku"]: r["reason"] for r in summary.rejected}
    assert summary.accepted == 2
    assert "00500 is already used on line 2" in reasons["SC-2"]
    assert "PLU 00039 belongs to GH-0039 already" in reasons["SC-3"]
    assert "must be 5 digits" in reasons["SC-4"]
    plus = _plus(world)
    assert plus["SC-1"] == "00500" and plus["SC-5"] == "00123"  # given, though not weighed
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises(AlreadyExists, match="GH-0039"):
        set_plu(world.ctx, scope, ADMIN, sku="GH-0041", plu="00039")
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises(Invalid, match="5 digits"):
        set_plu(world.ctx, scope, ADMIN, sku="GH-0041", plu="39")


def test_a_plu_set_by_hand_survives_an_import_and_reaches_the_feed(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        set_plu(world.ctx, scope, ADMIN, sku="GH-0001", plu="00901")  # oil sold from a drum
        set_plu(world.ctx, scope, ADMIN, sku="GH-0041", plu=None)
    again = HEADER + "GH-0001,6030010001371,Frytol Vegetable Oil 1L,bottle,38.00,,,,27.56,B,0,\n"
    with world.ctx.scope(world.tenant_id) as scope:
        assert import_catalogue(world.ctx, scope, ADMIN, again).accepted == 1
    plus = _plus(world)
    assert plus["GH-0001"] == "00901" and "GH-0041" not in plus
    fed = _fed_products(world)
    assert fed["GH-0001"]["plu"] == "00901" and fed["GH-0041"]["plu"] is None


def test_the_migration_gives_existing_weighed_products_their_plu(world: World,
                                                                 database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")  # a server from before PLUs were master data
        upgrade(engine)
    finally:
        engine.dispose()
    assert _plus(world) == {"GH-0039": "00039", "GH-0041": "00041"}
