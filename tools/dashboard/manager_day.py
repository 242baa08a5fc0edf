"""Screenshots of a branch manager's day in the Stock office (issue [12]: receive,
transfer, adjust, reorder list, stock value, a held envelope resolved; the receiving
manager books the transfer) at 1366×768 and 768×1024, into
docs/screenshots/dashboard/. The walk is tests/browser/manager_day.py, which the
browser test drives too.

    python tools/dashboard/manager_day.py [--out docs/screenshots/dashboard]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.manager_day import prepare, walk  # noqa: E402
from tests.browser.scene import CHROMIUM, CHROMIUM_ARGS, start_scene  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "dashboard")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    def shoot(page: Any, name: str) -> None:
        page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)

    with tempfile.TemporaryDirectory() as folder:
        scene = start_scene(Path(folder), ROOT / "resources" / "testdata", refresh_seconds=30)
        try:
            prepare(scene)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                laptop = browser.new_context(viewport={"width": 1366, "height": 768})
                tablet = browser.new_context(viewport={"width": 768, "height": 1024})
                walk(laptop.new_page(), scene, shoot, tablet=tablet.new_page())
                browser.close()
        finally:
            scene.stop()
    print(f"screenshots in {args.out}")  # noqa: T201 - a developer tool reports where it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
