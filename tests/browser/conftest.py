"""Browser tests: Playwright driving Debian's chromium against the real server on a
free port (see scene.py). Skipped with the reason when chromium or playwright is
missing locally; under .ci/run (which installs chromium) they must run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.scene import CHROMIUM, CHROMIUM_ARGS, Scene, start_scene


def _require_browser() -> None:
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = "Debian's chromium is not installed (apt-get install -y chromium)"
    if problem:
        if os.environ.get("BISAMA_REQUIRE_SERVICES") == "1":
            pytest.fail(problem + "; .ci/run requires it", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def scene(tmp_path: Path, testdata: Path) -> Iterator[Scene]:
    _require_browser()
    world = start_scene(tmp_path, testdata)
    try:
        yield world
    finally:
        world.stop()


@pytest.fixture
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 900},  # type: ignore[attr-defined]
                                  accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()
