"""An outside developer's till, written from docs/sync-protocol.md and GET /api/v1/schema
alone (``doc_client.py``, which imports nothing of this project), builds, signs and
pushes sales that the real server stores: inclusive and exclusive price lists, weighed
goods, cartons, line and order discounts with a remainder to share, exempt and
standard-rated lines, on SQLite, PostgreSQL and MariaDB.

Also: the schema the server serves is docs/sync-schema.json, without authentication.
"""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import select

from shared.money import Money
from sync_server.catalogue.editing import add_price_list, set_price
from sync_server.sales.models import Sale
from sync_server.sync.models import StoredEnvelope
from tests.server.conftest import ADMIN, World
from tests.server.doc_client import DocClient, Line

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def test_the_doc_client_imports_nothing_of_the_project() -> None:
    tree = ast.parse((HERE / "doc_client.py").read_text())
    modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    ours = {m for m in modules if m.split(".")[0] in ("shared", "terminal", "sync_server", "hardware",
                                                       "tests", "bench")}
    assert ours == set()


def test_the_server_serves_the_published_schema_without_authentication(client: httpx.Client) -> None:
    reply = client.get("/api/v1/schema")
    assert reply.status_code == 200
    assert reply.json() == json.loads((ROOT / "docs" / "sync-schema.json").read_text())


def test_sales_built_from_the_doc_alone_are_stored(world: World, client: httpx.Client) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_price_list(world.ctx, scope, ADMIN, code="trade", name="Trade, before tax", inclusive=False)
        for sku, price in (("GH-0001", 3167), ("GH-0039", 2083), ("GH-0002", 375)):
            unit = "kg" if sku == "GH-0039" else "bottle" if sku == "GH-0001" else "tin"
            set_price(world.ctx, scope, ADMIN, price_list="trade", sku=sku, unit=unit, price=Money(price))
    till = DocClient(client, user="ama@acme.test")
    till.enroll(world.code())
    till.pull()
    day = datetime.now(UTC).date().isoformat()
    sales = [
        till.sale([Line("GH-0001", "2.000")], day=day, tendered=10000, receipt_no="DOC-1"),
        # a remainder to share: 10.00 off 3 lines whose rests do not divide it evenly
        till.sale([Line("GH-0001", "3.000", line_discount=400), Line("GH-0039", "0.750"),
                   Line("GH-0002", "7.000")], day=day, order_discount=800, receipt_no="DOC-2"),
        till.sale([Line("GH-0001", "1.000"), Line("GH-0039", "1.255"), Line("GH-0002", "3.000")],
                  day=day, price_list="trade", order_discount=7, receipt_no="DOC-3"),
        till.sale([Line("GH-0001", "2.000", unit="carton"), Line("GH-0002", "1.000", unit="carton")],
                  day=day, price_list="wholesale", order_discount=333, receipt_no="DOC-4"),
    ]
    reply = till.push([till.seal("sale", sale, day) for sale in sales])
    body = reply.json()
    assert reply.status_code == 200, body
    assert [(r["status"], r.get("reason")) for r in body["results"]] == [("stored", None)] * 4
    with world.ctx.scope(world.tenant_id) as scope:
        stored = list(scope.scalars(select(StoredEnvelope.status)))
        receipts = sorted(s.receipt_no for s in scope.scalars(select(Sale)))
    assert stored == ["stored"] * 4 and receipts == ["DOC-1", "DOC-2", "DOC-3", "DOC-4"]
    assert sales[2]["inclusive"] is False and sales[2]["totals"]["vat"] > 0
    assert sales[3]["lines"][0]["unit_factor"] == "12.000"


def test_a_figure_a_pesewa_off_is_held_not_stored(world: World, client: httpx.Client) -> None:
    """The doc client's arithmetic is checked, not just accepted: one pesewa moved from
    VAT to net still adds up, and is held."""
    till = DocClient(client, user="ama@acme.test")
    till.enroll(world.code())
    till.pull()
    day = datetime.now(UTC).date().isoformat()
    sale = till.sale([Line("GH-0001", "1.000")], day=day)
    for part in (sale["lines"][0], sale["totals"]):
        part["vat"] -= 1
        part["net"] += 1
    body = till.push([till.seal("sale", sale, day)]).json()
    assert body["results"][0]["status"] == "held"
    assert body["results"][0]["reason_code"] == "totals_mismatch"
