"""Two-factor sign-in in a real browser, shared by ``test_totp_browser.py`` and the
screenshot script (``tools/dashboard/accountant_walk.py``): the director sets it up on
Your account (QR code and key, the app's first code, the recovery codes shown once),
signs out, and signs in again with password and code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from sync_server.dashboard import totp
from sync_server.tenants.models import User
from tests.browser.scene import PASSWORD, Scene

DIRECTOR = "director@acme.test"


def _code(scene: Scene, pending: bool, steps: int = 0) -> str:
    with scene.ctx.scope(scene.acme.tenant_id) as scope:
        user = scope.scalar(select(User).where(User.email == DIRECTOR))
        assert user is not None
        secret = user.totp_pending if pending else user.totp_secret
    assert secret
    return totp.current_code(secret, scene.ctx.clock.now().timestamp()
                             + steps * totp.STEP_SECONDS)


def walk(page: Any, scene: Scene, shoot: Callable[[str], None]) -> dict[str, str]:
    seen: dict[str, str] = {}
    page.goto(scene.url())
    page.get_by_label("E-mail").fill(DIRECTOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_title("Your account and two-factor sign-in").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    seen["setup"] = page.content()
    shoot("totp-01-set-up")
    page.get_by_label("The 6 digits the app now shows").fill(_code(scene, pending=True))
    page.get_by_role("button", name="Confirm").click()
    seen["codes"] = page.content()
    shoot("totp-02-recovery-codes")
    page.get_by_role("link", name="I have written them down").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("E-mail").fill(DIRECTOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    seen["asked"] = page.content()
    shoot("totp-03-code")
    page.get_by_label("The 6 digits your authenticator app shows").fill(
        _code(scene, pending=False, steps=1))
    page.get_by_role("button", name="Sign in").click()
    seen["in"] = page.content()
    return seen
