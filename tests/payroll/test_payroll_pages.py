"""The payroll pages as a payroll officer and a second director use them; roles (a
manager sees their own branch's attendance only, no pay); and the fuzz: no parameter of
``routes_payroll`` makes a 5xx."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from sync_server.dashboard import routes_payroll
from sync_server.payroll.employees import add_employee
from sync_server.payroll.runs import approve_run, draft_run
from sync_server.tenants.services import add_user
from tests.books.people import KOJO
from tests.dashboard.conftest import PASSWORD, csrf_of, flash_of, sign_in
from tests.dashboard.test_fuzz import VALUES
from tests.payroll.test_payroll_server import _weekdays, last_month
from tests.server.conftest import ADMIN, World

FIELDS = ["number", "name", "branch", "role", "basic", "allowances", "ssnit", "tin",
          "pay_method", "account", "status", "month", "reason", "kind", "date", "method",
          "reference", "hours_per_day", "overtime_rate", "feeds_run", "week", "employee", "all",
          "effective", "bands", "max_insurable", "source", "employee", "employer", "tier2"]


def _staff(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_user(world.ctx, scope, ADMIN, email=KOJO.email, name="Kojo Antwi", role="director",
                 branch=None, pin=None, password=PASSWORD)
        add_employee(world.ctx, scope, ADMIN, number="E002", name="Yaw Boateng", branch="TEM",
                     role="Storekeeper", basic="2000", pay_method="cash")


def test_a_payroll_month_in_the_dashboard(app: object, world: World,
                                          director: TestClient) -> None:
    _staff(world)
    month = last_month()
    csrf = csrf_of(director, "/dashboard/payroll/employees")
    reply = director.post("/dashboard/payroll/employees", data={
        "csrf_token": csrf, "number": "E001", "name": "Akosua Darko", "branch": "MAIN",
        "role": "Cashier", "basic": "3000", "allowances": "500", "pay_method": "momo",
        "account": "0241234567", "tin": "GHA-123456789-0"}, follow_redirects=False)
    assert flash_of(reply) == ("done", "Added E001 Akosua Darko.")
    reply = director.post("/dashboard/payroll/employees", data={
        "csrf_token": csrf, "number": "E003", "name": "X", "branch": "MAIN", "role": "x",
        "basic": "100", "tin": "nope", "pay_method": "cash"}, follow_redirects=False)
    said = flash_of(reply)
    assert said is not None and said[0] == "error" and "not a Ghana TIN" in said[1]
    page = director.get("/dashboard/payroll/employees").text
    assert "Akosua Darko" in page and "Yaw Boateng" in page
    day = _weekdays(month)[0]
    files = {"file": ("clock.csv", f"Emp No,Date,Time In,Time Out\nE001,{day},08:00,\n"
                                   f"E404,{day},08:00,17:00\n".encode(), "text/csv")}
    reply = director.post("/dashboard/payroll/attendance/upload", data={"csrf_token": csrf},
                          files=files)
    assert reply.status_code == 200
    assert "1</b> row(s) accepted (1 flagged)" in reply.text and "unknown employee E404" in reply.text
    reply = director.post("/dashboard/payroll/runs", data={"csrf_token": csrf, "month": month},
                          follow_redirects=False)
    assert reply.headers["location"] == f"/dashboard/payroll/runs/{month}"
    page = director.get(f"/dashboard/payroll/runs/{month}").text
    assert "474.38" in page and "Waiting for a director who did not prepare it" in page
    assert "no clock-out after 08:00" in page and "director@acme.test" not in page
    reply = director.post(f"/dashboard/payroll/runs/{month}/approve", data={"csrf_token": csrf},
                          follow_redirects=False)
    said = flash_of(reply)
    assert said is not None and said[0] == "error" and "another director" in said[1]
    with world.ctx.scope(world.tenant_id) as scope:
        approve_run(world.ctx, scope, ADMIN, month, by=KOJO)
    reply = director.post(f"/dashboard/payroll/runs/{month}/post", data={"csrf_token": csrf},
                          follow_redirects=False)
    assert flash_of(reply) == ("done", "Posted to the ledger.")
    page = director.get(f"/dashboard/payroll/runs/{month}").text
    assert "PAYE to GRA" in page and "Kojo Antwi" in page
    reply = director.post(f"/dashboard/payroll/runs/{month}/pay", data={
        "csrf_token": csrf, "kind": "paye", "date": f"{month}-28", "method": "bank"},
        follow_redirects=False)
    assert flash_of(reply) == ("done", "Paid and posted.")
    pdf = director.get(f"/dashboard/payroll/runs/{month}/payslips.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = director.get(f"/dashboard/payroll/runs/{month}/schedule/paye.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert director.get(f"/dashboard/payroll/runs/{month}/schedule/vat.csv").status_code == 404
    page = director.get("/dashboard/payroll/runs").text
    assert "13728.67" in page and "69000.00" in page  # GRA's cumulative tax, SSNIT's cap
    reply = director.post("/dashboard/payroll/rates", data={
        "csrf_token": csrf, "effective": f"{month}-01", "bands": "490:0, rest:5",
        "max_insurable": "70000", "source": "x"}, follow_redirects=False)
    said = flash_of(reply)
    assert said is not None and said[0] == "error" and "already approved" in said[1]
    reply = director.post("/dashboard/payroll/rates", data={
        "csrf_token": csrf, "effective": "2099-01-01", "bands": "490:0, rest:5",
        "max_insurable": "70000", "source": "a test notice"}, follow_redirects=False)
    assert flash_of(reply) == ("done", "Recorded PAYE and SSNIT rates from 2099-01-01.")


def test_a_manager_sees_only_their_branch_attendance_and_no_pay(app: object, world: World) -> None:
    _staff(world)
    with world.ctx.scope(world.tenant_id) as scope:
        add_employee(world.ctx, scope, ADMIN, number="E001", name="Akosua Darko", branch="MAIN",
                     role="Cashier", basic="3000", pay_method="cash")
    with TestClient(app, base_url="http://acme.test") as client:  # type: ignore[arg-type]
        assert sign_in(client, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = client.get("/dashboard/payroll/attendance").text
        assert "Yaw Boateng" in page and "Akosua Darko" not in page
        assert client.get("/dashboard/payroll/employees").status_code == 403
        assert client.get("/dashboard/payroll/runs").status_code == 403


def test_other_tenants_see_nothing(app: object, world: World, director: TestClient) -> None:
    _staff(world)
    with world.ctx.scope(world.tenant_id) as scope:
        draft_run(world.ctx, scope, ADMIN, last_month(), by=KOJO)
    assert director.get(f"/dashboard/payroll/runs/{last_month()}").status_code == 200
    from tests.dashboard.conftest import sign_in as again

    with TestClient(app, base_url="http://other.test") as client:  # type: ignore[arg-type]
        again(client, "manager@acme.test", "long enough password")
        assert client.get(f"/dashboard/payroll/runs/{last_month()}").status_code in (303, 401,
                                                                                      403, 404)


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: quote(value, safe=""), path)


@pytest.mark.security
@pytest.mark.slow
def test_no_payroll_parameter_makes_a_server_error(world: World, director: TestClient) -> None:
    _staff(world)
    with world.ctx.scope(world.tenant_id) as scope:
        draft_run(world.ctx, scope, ADMIN, last_month(), by=KOJO)
    routes = [r for r in routes_payroll.router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 10
    csrf = csrf_of(director, "/dashboard/payroll/runs")
    for route in routes:
        for value in VALUES:
            fields = dict.fromkeys(FIELDS, value)
            for path in sorted({_fill(route.path, value), _fill(route.path, last_month()),
                                _fill(route.path, "E002")}):
                for method in sorted(route.methods or ()):
                    if method == "GET":
                        reply = director.get(path, params=fields, follow_redirects=False)
                    else:
                        reply = director.post(path, data={**fields, "csrf_token": csrf},
                                              follow_redirects=False)
                    assert reply.status_code < 500, (method, path[:80], value[:20],
                                                     reply.text[:300])
