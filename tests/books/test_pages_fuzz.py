"""No parameter of the books pages makes the server fail: every route of
``routes_books`` is sent NUL bytes, amounts and numbers beyond any column, dates that
are no dates and over-long text, in its path, query and form fields (the dashboard
suite's fuzz, applied to this module), and must answer with anything but a 5xx."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from shared.journals import make_line
from sync_server.books.journals import draft_journal
from sync_server.dashboard import routes_books
from tests.books.people import MANAGER
from tests.dashboard import conftest as dashboard_suite
from tests.dashboard.conftest import csrf_of
from tests.dashboard.test_fuzz import VALUES
from tests.server.conftest import ADMIN, World

pytestmark = [pytest.mark.security, pytest.mark.slow]

app = dashboard_suite.app  # the dashboard suite's fixtures, reused
director = dashboard_suite.director

FIELDS = ["code", "name", "type", "contra", "branch", "date", "memo", "auto_reverse_on",
          "monthly_on", "until", "reason", "journal", "account_1", "debit_1", "credit_1",
          "branch_1", "memo_1", "account_2", "debit_2", "credit_2"]


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: quote(value, safe=""), path)


def test_no_books_parameter_makes_a_server_error(world: World, director: TestClient) -> None:
    with world.ctx.scope(world.tenant_id) as scope:  # a real draft for the paths to name
        draft_journal(world.ctx, scope, ADMIN, by=MANAGER, entry_date="2026-03-31",
                      branch="MAIN", memo="fuzz", lines=[make_line("6000", "1", "", "MAIN"),
                                                         make_line("1000", "", "1", "MAIN")])
    routes = [r for r in routes_books.router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 15
    csrf = csrf_of(director, "/dashboard/books/jv")
    for route in routes:
        for value in VALUES:
            fields = dict.fromkeys(FIELDS, value)
            for path in sorted({_fill(route.path, value), _fill(route.path, "JV-000001"),
                                _fill(route.path, "1000")}):
                for method in sorted(route.methods or ()):
                    if method == "GET":
                        reply = director.get(path, params=fields, follow_redirects=False)
                    else:
                        reply = director.post(path, data={**fields, "csrf_token": csrf},
                                              follow_redirects=False)
                    assert reply.status_code < 500, (method, path[:80], value[:20],
                                                     reply.text[:400])
