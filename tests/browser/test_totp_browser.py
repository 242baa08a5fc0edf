"""Two-factor sign-in in a real browser: set up on Your account with the QR code, the
recovery codes shown once, then password and code at the next sign-in (the logic, the
lockout and the refusals are in tests/dashboard/test_totp.py)."""

from __future__ import annotations

import pytest

from tests.browser.accountant_day import SIZES, fits
from tests.browser.scene import Scene
from tests.browser.totp_walk import walk

pytestmark = pytest.mark.browser


def test_a_director_sets_up_two_factor_and_signs_in_with_a_code(page, scene: Scene) -> None:
    too_wide: list[str] = []

    def check(name: str) -> None:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            if not fits(page):
                too_wide.append(f"{name} at {width}")
        page.set_viewport_size({"width": 1366, "height": 768})

    seen = walk(page, scene, check)
    assert "<svg" in seen["setup"] and "otpauth://totp/" in seen["setup"]
    assert seen["codes"].count("<li>") == 8 and "shown only now" in seen["codes"]
    assert "Your sign-in code" in seen["asked"]
    assert "Sign out" in seen["in"] and "Your sign-in code" not in seen["in"]
    assert not too_wide, "pages wider than the screen: " + ", ".join(too_wide)
