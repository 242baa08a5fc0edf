"""The administrator's day in a real browser at 1366×768 and on a 768×1024 tablet, and
every page of the menu at both sizes without sideways scrolling (issue [12] scopes 7
and 8). The walk itself is in admin_walk.py (shared with the screenshot script)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.admin_walk import SIZES, Walk, administrators_day, every_page_fits, prepare
from tests.browser.scene import Scene, some_sales

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", list(SIZES))
def test_an_administrators_day(browser: Any, scene: Scene, size: str) -> None:
    from playwright.sync_api import expect

    prepare(scene)
    till = scene.till("MAIN", "Till 1")
    some_sales(till, 4)
    till.push()
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    try:
        walk = Walk(scene, context.new_page(), size=size)
        code = administrators_day(walk, expect)
        assert code.startswith(f"{scene.acme.tenant_id}-")
        every_page_fits(walk)
        assert walk.too_wide == []
    finally:
        context.close()
