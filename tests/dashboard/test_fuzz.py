"""No dashboard parameter makes the server fail: every route of the dashboard, read
from the application itself, is sent NUL bytes, numbers far beyond any column's range
and other values no person types — in its path, its query string and its form fields —
and must answer with anything but a 5xx (the attacker's side of issue [7])."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.dashboard.conftest import Shop, csrf_of

pytestmark = [pytest.mark.security, pytest.mark.slow]

# Every name the dashboard's routes read from a query string or a form (grep of
# field_text/optional/query_params in sync_server/dashboard), so each gets each value.
NAMES = ["action", "active", "address", "after", "barcode", "branch", "branch_code", "branch_name", "by", "cashier", "code", "confirm", "copy_from", "cost_price", "credit_limit", "cursor", "customer", "daily", "day", "director_email", "director_name", "director_password", "domain", "email", "factor", "first", "fmt", "from", "hours", "id", "inclusive", "kind", "last", "limit", "low", "max", "method", "min", "name", "next", "note", "page", "password", "period", "phone", "pin", "price", "price_list", "product", "q", "range", "reason", "receipt", "ref", "request_key", "retail_price", "role", "sheet", "sku", "state", "status", "tax_code", "tenant_id", "terminal", "terminal_id", "text", "tin", "to", "unit", "unlock", "variance", "vat_registered", "view", "weekly", "weeks", "weighed", "who"]

HUGE = "9" * 60
VALUES = [
    "a\x00b",                       # NUL: PostgreSQL refuses it in text
    HUGE,                           # beyond BIGINT and any Money
    "-" + HUGE,
    "1e999",                        # a float overflow where a number is parsed
    "99999999999999999999.999",
    "9999-99-99",                   # a date that is no date
    "2026-13-40",
    "%",                            # a LIKE wildcard
    "x" * 300,                      # longer than most columns (the URL must stay sendable)
]
# Sign-out would end the session the rest of the fuzz needs; it is tested on its own.
SKIP = {"/dashboard/logout"}


def _routes() -> list[APIRoute]:
    """Every route of the dashboard's routers (as ``install_dashboard`` mounts them)."""
    from sync_server.dashboard import (
        routes_admin,
        routes_audit,
        routes_auth,
        routes_backups,
        routes_drivers,
        routes_hq_admin,
        routes_ledger,
        routes_sales,
        routes_sales_list,
        routes_shifts,
        routes_stock,
        routes_sync,
    )

    modules = (routes_auth, routes_sync, routes_sales, routes_stock, routes_ledger, routes_admin,
               routes_backups, routes_hq_admin, routes_sales_list, routes_shifts,
               routes_drivers, routes_audit)
    return [r for m in modules for r in m.router.routes
            if isinstance(r, APIRoute) and r.path.startswith("/dashboard")
            and r.path not in SKIP]


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: quote(value, safe=""), path)


def _check(reply, what: str) -> None:
    assert reply.status_code < 500, (what, reply.status_code, reply.text[:400])


def test_no_dashboard_parameter_makes_a_server_error(shop: Shop, director: TestClient) -> None:
    routes = _routes()
    assert len(routes) > 40  # the dashboard's routes were found
    csrf = csrf_of(director)
    for route in routes:
        for value in VALUES:
            query = dict.fromkeys(NAMES, value)
            # The value in the path, then (where the path has parameters) in the query or
            # form of a path that names something real.
            paths = {_fill(route.path, value), _fill(route.path, "GH-0001")}
            for path in sorted(paths):
                for method in sorted(route.methods or ()):
                    if method == "GET":
                        _check(director.get(path, params=query, follow_redirects=False),
                               f"GET {path[:80]} ?{value[:20]!r}")
                    elif method == "POST":
                        _check(director.post(path, data={**query, "csrf_token": csrf},
                                             follow_redirects=False),
                               f"POST {path[:80]} {value[:20]!r}")


def test_nul_bytes_in_an_address_or_a_form_are_refused_as_bad_input(
        shop: Shop, director: TestClient) -> None:
    assert director.get("/dashboard/sales?first=2026-01-01%00").status_code == 400
    assert director.get("/dashboard/stock/GH%000001").status_code == 400
    reply = director.post("/dashboard/admin/branches",
                          data={"csrf_token": csrf_of(director), "code": "X\x00", "name": "Y"})
    assert reply.status_code == 400 and "NUL" in reply.text


def test_the_sign_in_form_takes_any_bytes_without_failing(app) -> None:
    from tests.dashboard.conftest import login_token

    with TestClient(app, base_url="http://acme.test") as client:
        for email, password in (("director@acme.test\x00", "x\x00y"), (HUGE, HUGE),
                                ("x" * 5000, "y" * 100_000)):
            token = login_token(client.get("/dashboard/login").text)
            reply = client.post("/dashboard/login", data={
                "csrf_token": token, "email": email, "password": password})
            assert reply.status_code in (401, 413), reply.text[:300]
