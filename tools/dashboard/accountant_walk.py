"""Screenshots of the group accountant's day (tests/browser/accountant_day.py) and of a
director setting up two-factor sign-in (tests/browser/totp_walk.py) at 1366×768 and
768×1024, into docs/screenshots/dashboard/: a live server with a small business on
SQLite, a few sales from toy tills, headless Debian chromium (Playwright).

    python tools/dashboard/accountant_walk.py [--out docs/screenshots/dashboard]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser import totp_walk  # noqa: E402
from tests.browser.accountant_day import SIZES, add_accountant, walk  # noqa: E402
from tests.browser.scene import CHROMIUM, CHROMIUM_ARGS, some_sales, start_scene  # noqa: E402
from tests.conftest import TESTDATA  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "dashboard")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        scene = start_scene(Path(folder), TESTDATA)
        try:
            add_accountant(scene)
            for branch, name in (("MAIN", "Front till"), ("TEM-02", "Tema till 1")):
                till = scene.till(branch, name)
                some_sales(till, 6)
                till.push()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})

                def shoot(name: str) -> None:
                    for width, height in SIZES:
                        page.set_viewport_size({"width": width, "height": height})
                        page.screenshot(path=str(args.out / f"{name}-{width}.png"))
                    page.set_viewport_size({"width": 1366, "height": 768})

                walk(page, scene, shoot)
                page.context.clear_cookies()
                totp_walk.walk(page, scene, shoot)
                browser.close()
        finally:
            scene.stop()
    print(f"screenshots in {args.out}")  # noqa: T201 - a developer tool reports where it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
