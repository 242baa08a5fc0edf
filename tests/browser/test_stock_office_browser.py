"""A branch manager's day in the Stock office in a real browser (tests/browser/
manager_day.py), at a laptop's and a tablet's width, every page without sideways
scrolling; the screenshot script walks the same day."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.manager_day import prepare, walk
from tests.browser.scene import Scene

pytestmark = pytest.mark.browser


def test_a_branch_managers_day(page: Any, browser: Any, scene: Scene) -> None:
    prepare(scene)
    tablet = browser.new_context(viewport={"width": 768, "height": 1024}).new_page()
    try:
        walk(page, scene, lambda _page, _name: None, tablet=tablet)
    finally:
        tablet.context.close()
