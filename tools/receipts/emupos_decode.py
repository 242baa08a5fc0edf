"""Decode ESC/POS files with emupos — an ESC/POS printer simulator we did not write — and
print each file's text dump as JSON: ``{"file.bin": "text…"}``.

Run it with the Python of a separate emupos environment (emupos needs Python ≥ 3.13; see
``install_emupos.sh``); it imports nothing from this repository, so its reading of our
bytes is independent of our own decoder::

    ~/.cache/bisama/emupos-venv/bin/python tools/receipts/emupos_decode.py \\
        --width-dots 576 tests/hardware/golden/sale-80mm-48col-discounts.bin
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from emupos.config import FontCell, PrinterProfile
from emupos.printer.printer import Printer

# Epson's ESC t numbering, as in emupos's own TM-T20III profile.
CODE_PAGES = {0: "PC437", 2: "PC850", 3: "PC860", 4: "PC863", 5: "PC865", 16: "WPC1252",
              17: "PC866", 18: "PC852", 19: "PC858"}


def decode(data: bytes, width_dots: int) -> tuple[str, list[str]]:
    profile = PrinterProfile(type="printer", name=f"generic {width_dots} dots", dpi=203,
                             width_dots=width_dots, font_a=FontCell(width=12, height=24),
                             font_b=FontCell(width=9, height=17), code_pages=CODE_PAGES,
                             default_code_page=0, drawer_sensor_open_level="high")
    printer = Printer("golden", profile, sensor_open_level="high", job_idle_timeout_ms=1000)
    printer.open_connection("pos", 0.0)
    out = printer.receive("pos", data, 0.0) + printer.close_connection("pos", 0.0)
    text = "".join(receipt.text for receipt in out.receipts)
    problems = [f"{event.type}: {event.data}" for event in out.events
                if "unknown" in str(event.type) or "unsupported" in str(event.type)]
    return text, problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--width-dots", type=int, required=True)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    result = {}
    for path in args.files:
        text, problems = decode(path.read_bytes(), args.width_dots)
        result[path.name] = {"text": text, "problems": problems}
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
