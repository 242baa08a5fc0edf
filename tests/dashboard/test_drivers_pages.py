"""The Drivers pages (issue [14] scope 4) on every database: the driver report of a van's
day, a deposit slip recorded with its scan and matched, unpaid van invoices with a
follow-up; a manager of another branch sees none of it; odd parameters never fail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.books.test_drivers import drivers_day
from tests.dashboard.conftest import PASSWORD, csrf_of, flash_of, make_till, sign_in
from tests.server.conftest import World

JPEG = b"\xff\xd8\xff\xe0 a photo of the slip"


def test_the_drivers_pages(app: object, world: World, tills: TestClient,
                           director: TestClient) -> None:
    drivers_day(world, lambda: make_till(world, tills))
    page = director.get("/dashboard/drivers")
    assert page.status_code == 200, page.text
    text = page.text
    assert "Van VAN-1" in text and "Ama Owusu" in text and 'data-testid="variance"' in text
    assert "164.00" in text and "290.00" in text and "ama@acme.test" not in text

    token = csrf_of(director, "/dashboard/drivers/deposits")
    reply = director.post("/dashboard/drivers/deposits", data={
        "csrf_token": token, "bank": "GCB Bank", "slip_no": "778812", "amount": "150.00",
        "date": drivers_today(), "driver": "ama@acme.test", "van": "MAIN/VAN-1",
        "account": "1010", "days": ""}, files={"scan": ("slip.jpg", JPEG, "image/jpeg")},
        follow_redirects=False)
    assert reply.status_code == 303
    assert flash_of(reply) == ("done", "DS-000001: 150.00 banked by Ama Owusu (van VAN-1); "
                                       "matched 150.00, unmatched 0.00.")
    deposits = director.get("/dashboard/drivers/deposits").text
    assert "DS-000001" in deposits and "14.00" in deposits and 'data-testid="unmatched"' in deposits
    scan = director.get("/dashboard/drivers/deposits/DS-000001/scan")
    assert scan.status_code == 200 and scan.content == JPEG
    assert scan.headers["content-type"] == "image/jpeg"
    bad = director.post("/dashboard/drivers/deposits", data={
        "csrf_token": token, "bank": "GCB Bank", "slip_no": "778812", "amount": "10",
        "date": drivers_today(), "driver": "ama@acme.test", "van": "MAIN/VAN-1"},
        follow_redirects=False)
    assert flash_of(bad) == ("error", "Nothing was recorded: Slip 778812 of GCB Bank is "
                                      "already recorded as DS-000001.")

    unpaid = director.get("/dashboard/drivers/unpaid").text
    assert "Kofi Traders" in unpaid and 'data-testid="due"' in unpaid and "385.00" in unpaid
    number = unpaid.split('name="invoice" value="')[1].split('"')[0]
    reply = director.post("/dashboard/drivers/follow-up", data={
        "csrf_token": token, "invoice": number, "note": "Promised Friday", "on": "2999-01-01"},
        follow_redirects=False)
    assert flash_of(reply)[0] == "done"  # type: ignore[index]
    assert "Promised Friday" in director.get("/dashboard/drivers/unpaid").text
    nocsrf = director.post("/dashboard/drivers/follow-up", data={"invoice": number, "note": "x"})
    assert nocsrf.status_code == 403


def test_another_branchs_manager_sees_no_van(app: object, world: World,
                                             tills: TestClient) -> None:
    drivers_day(world, lambda: make_till(world, tills))
    with TestClient(app, base_url="http://acme.test") as manager:  # type: ignore[arg-type]
        assert sign_in(manager, "tema.manager@acme.test", PASSWORD).status_code == 303
        assert "VAN-1" not in manager.get("/dashboard/drivers").text
        assert manager.get("/dashboard/drivers?van=MAIN/VAN-1").status_code == 404
        assert "Kofi Traders" not in manager.get("/dashboard/drivers/unpaid").text
        token = csrf_of(manager, "/dashboard/drivers/deposits")
        reply = manager.post("/dashboard/drivers/deposits", data={
            "csrf_token": token, "bank": "GCB", "slip_no": "1", "amount": "10",
            "date": drivers_today(), "driver": "ama@acme.test", "van": "MAIN/VAN-1"},
            follow_redirects=False)
        assert flash_of(reply)[0] == "error" and "No van" in flash_of(reply)[1]  # type: ignore[index]


def test_odd_parameters_never_fail(app: object, world: World, tills: TestClient,
                                   director: TestClient) -> None:
    drivers_day(world, lambda: make_till(world, tills))
    huge = "9" * 60
    for path in ("/dashboard/drivers?day=9999-99-99", "/dashboard/drivers?day=9999-12-31",
                 f"/dashboard/drivers?day={huge}", "/dashboard/drivers?van=" + "x" * 300,
                 "/dashboard/drivers/deposits?first=0001-01-01",
                 "/dashboard/drivers/deposits?first=2026-01-01&last=2020-01-01",
                 f"/dashboard/drivers/unpaid?as_of={huge}", "/dashboard/drivers/unpaid?driver=%25",
                 "/dashboard/drivers/deposits/%00/scan", "/dashboard/drivers/deposits/X/scan",
                 "/dashboard/drivers?day=a%00b"):
        assert director.get(path).status_code in (200, 400, 404, 422), path
    token = csrf_of(director, "/dashboard/drivers/deposits")
    for field, value in (("amount", huge), ("amount", "-" + huge), ("date", "0001-01-01"),
                         ("date", "9999-12-31"), ("days", "2026-13-40"), ("bank", "x" * 300),
                         ("account", huge), ("van", huge), ("driver", "%")):
        form = {"csrf_token": token, "bank": "GCB", "slip_no": "9", "amount": "10",
                "date": drivers_today(), "driver": "ama@acme.test", "van": "VAN-1", field: value}
        reply = director.post("/dashboard/drivers/deposits", data=form, follow_redirects=False)
        assert reply.status_code == 303 and flash_of(reply)[0] == "error", (field, value)  # type: ignore[index]
    for field, value in (("on", "9999-99-99"), ("invoice", huge), ("note", "x" * 400)):
        form = {"csrf_token": token, "invoice": "T-1", "note": "x", field: value}
        reply = director.post("/dashboard/drivers/follow-up", data=form, follow_redirects=False)
        assert reply.status_code == 303 and flash_of(reply)[0] == "error", (field, value)  # type: ignore[index]


def drivers_today() -> str:
    from tests.books.dataset import today

    return today().isoformat()
