"""Screenshots of the director's day at head office (the sales list filtered, a receipt,
the shifts, a shift's cash-up and Z report, the variance report, the daily and weekly
report) at 1366×768 and 768×1024, in docs/screenshots/dashboard/, from the real pages:
a live server on SQLite, toy tills that sync over HTTP, headless Debian chromium.

    python tools/dashboard/director_day.py [--out docs/screenshots/dashboard]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.director_day import SIZES, trade, walk  # noqa: E402
from tests.browser.scene import CHROMIUM, CHROMIUM_ARGS, start_scene  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "dashboard")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        scene = start_scene(Path(folder), ROOT / "resources" / "testdata")
        try:
            trade(scene)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for size in SIZES:
                    seen = walk(browser, scene, shots=args.out, size=size)
                    if seen["sideways"]:
                        print(f"{size}: scrolls sideways on {seen['sideways']}")  # noqa: T201
                browser.close()
        finally:
            scene.stop()
    print(f"screenshots in {args.out}")  # noqa: T201 - a developer tool reports where it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
