"""The tax profile page's VAT registration form: a director records a change from a
date (the history is shown, nothing is overwritten), a backdated change or a
registration without a TIN is refused in words, a manager may look but not change it,
and the tills get the history in the feed's ``tax_profile`` entity."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.dashboard.conftest import PASSWORD, csrf_of, make_till, sign_in
from tests.server.conftest import World


def test_a_director_records_a_registration_change(app: object, world: World, tills: TestClient,
                                                  director: TestClient) -> None:
    till = make_till(world, tills)
    today = world.ctx.clock.now().date()
    page = director.get("/dashboard/admin/tax").text
    assert re.search(r'data-testid="vat-status">VAT registered<', page)
    token = csrf_of(director, "/dashboard/admin/tax")
    reply = director.post("/dashboard/admin/tax", data={
        "csrf_token": token, "effective_from": (today - timedelta(days=3)).isoformat(),
        "vat_registered": "0"}, follow_redirects=True)
    assert "cannot take effect before today" in html.unescape(reply.text)
    reply = director.post("/dashboard/admin/tax", data={
        "csrf_token": token, "effective_from": today.isoformat(), "vat_registered": "0",
        "note": "below the VAT threshold"}, follow_redirects=True)
    text = html.unescape(reply.text)
    assert f"From {today.isoformat()} the business is not VAT-registered." in text
    assert re.search(r'data-testid="vat-status">not VAT registered<', reply.text)
    assert "below the VAT threshold" in text and "no VAT lines and no TIN" in text
    later = (today + timedelta(days=30)).isoformat()
    director.post("/dashboard/admin/tax", data={
        "csrf_token": token, "effective_from": later, "vat_registered": "1",
        "tin": "c0007778889"})
    page = director.get("/dashboard/admin/tax").text
    assert page.count("<td class=\"num\">") >= 3 and "C0007778889" in page  # three entries

    changes = {(c["entity"], c["key"]): c["data"] for c in till.pull()}
    profile = changes[("tax_profile", "tenant")]
    assert [(r["effective_from"], r["vat_registered"], r["tin"])
            for r in profile["registrations"]] == [
        (today.isoformat(), False, "C0001234567"), (later, True, "C0007778889")]
    assert till.profile.vat_registered_on(today) is False
    assert till.profile.vat_registered_on(date.fromisoformat(later)) is True


def test_a_manager_sees_the_registration_but_cannot_change_it(app: object) -> None:
    with TestClient(app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        page = tema.get("/dashboard/admin/tax")
        assert page.status_code == 200 and "Record a change" not in page.text
        refused = tema.post("/dashboard/admin/tax", data={
            "csrf_token": csrf_of(tema, "/dashboard/admin/tax"), "effective_from": "2099-01-01",
            "vat_registered": "0"})
        assert refused.status_code == 403
