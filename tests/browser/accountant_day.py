"""The group accountant's day in a real browser, shared by the browser test
(``test_accountant_browser.py``) and the screenshot script
(``tools/dashboard/accountant_walk.py``): sign in, the company-wide trial balance and
VAT return, prepare last month's close, try to approve it and be refused, draft a
journal by hand for another branch, and read the access rights. ``shoot(name)`` is
called at each step with the page as it stands (the test checks it fits; the script
saves it at 1366×768 and 768×1024)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.browser.scene import Scene
from tests.server.conftest import ADMIN

ACCOUNTANT = "efua.accountant@acme.test"
ACCOUNTANT_NAME = "Efua Owusu"
PASSWORD = "accountant password 1"
SIZES = ((1366, 768), (768, 1024))


def add_accountant(scene: Scene) -> None:
    from sync_server.tenants.services import add_user

    with scene.ctx.scope(scene.acme.tenant_id) as scope:
        add_user(scene.ctx, scope, ADMIN, email=ACCOUNTANT, name=ACCOUNTANT_NAME,
                 role="accountant", branch=None, pin=None, password=PASSWORD)


def fits(page: Any) -> bool:
    """No sideways scrolling of the page as a whole (wide tables scroll in their box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    return bool(width <= inner + 1)


# An approval sent as a form would send it (the accountant has no button for it).
SUBMIT = """([period]) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/dashboard/ledger/periods/' + period + '/close';
    const token = document.querySelector('meta[name=csrf-token]').content;
    for (const [name, value] of [['csrf_token', token], ['confirm', period]]) {
        const input = document.createElement('input');
        input.type = 'hidden'; input.name = name; input.value = value;
        form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
}"""


def walk(page: Any, scene: Scene, shoot: Callable[[str], None]) -> dict[str, str]:
    """What the walk saw, by step (for the test's checks)."""
    p = page
    seen: dict[str, str] = {}
    last = (datetime.now(UTC).date().replace(day=1) - timedelta(days=1)).isoformat()[:7]
    p.goto(scene.url())
    p.get_by_label("E-mail").fill(ACCOUNTANT)
    p.get_by_label("Password").fill(PASSWORD)
    shoot("accountant-01-sign-in")
    p.get_by_role("button", name="Sign in").click()
    p.get_by_role("link", name="Trial balance").click()
    seen["tb"] = p.content()
    shoot("accountant-02-trial-balance")
    p.get_by_role("link", name="VAT return").click()
    seen["vat"] = p.content()
    shoot("accountant-03-vat-return")
    p.goto(scene.url(path=f"/dashboard/ledger/periods/{last}"))
    p.get_by_role("button", name="Prepare the close").click()
    seen["prepared"] = p.content()
    shoot("accountant-04-close-prepared")
    # No button to approve: the accountant sends the approval by hand, as a form would,
    # and the server refuses it.
    with p.expect_navigation():
        p.evaluate(SUBMIT, [last])
    seen["approve"] = p.content()
    shoot("accountant-05-approve-refused")
    p.goto(scene.url(path="/dashboard/books/jv/new"))
    p.locator("input[name=memo]").fill("Tema shop rent, last month")
    p.locator("[name=branch]").first.select_option("TEM-02")
    p.locator("[name=account_1]").fill("6000")
    p.locator("[name=debit_1]").fill("1,500.00")
    p.locator("[name=account_2]").fill("1010")
    p.locator("[name=credit_2]").fill("1,500.00")
    shoot("accountant-06-journal-form")
    p.get_by_role("button", name="Save draft").click()
    seen["journal"] = p.content()
    shoot("accountant-07-journal-drafted")
    p.get_by_role("link", name="Access rights").click()
    seen["access"] = p.content()
    shoot("accountant-08-access-rights")
    return seen
