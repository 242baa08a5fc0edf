"""Make the administrator's screenshots in docs/screenshots/dashboard/
(admin-NN-name-1366.png and -768.png) by walking the real pages: the walk of
tests/browser/admin_walk.py on a live server with a small business, at 1366×768 and on
a 768×1024 tablet, through headless Debian chromium.

    python tools/dashboard/admin_screenshots.py [--out docs/screenshots/dashboard]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.admin_walk import SIZES, Walk, administrators_day, prepare  # noqa: E402
from tests.browser.scene import CHROMIUM, CHROMIUM_ARGS, some_sales, start_scene  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "dashboard")
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        scene = start_scene(Path(folder), ROOT / "resources" / "testdata")
        try:
            prepare(scene)
            for branch, name in (("MAIN", "Front till"), ("TEM-02", "Tema till 1")):
                till = scene.till(branch, name)
                some_sales(till, 6)
                till.push()
                till.heartbeat()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              accept_downloads=True)
                walk = Walk(scene, context.new_page(), shots=args.out, size=size)
                administrators_day(walk, expect)
                context.close()
                if walk.too_wide:
                    sys.stderr.write("too wide:\n  " + "\n  ".join(walk.too_wide) + "\n")
                    return 1
            browser.close()
        finally:
            scene.stop()
    sys.stdout.write(f"screenshots in {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
