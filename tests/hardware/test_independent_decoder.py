"""Our virtual printer must read our receipts the way an ESC/POS decoder we did not write
reads them: emupos (PyPI, Apache-2.0), an ESC/POS printer simulator with its own
tokenizer, print model and text dump.

emupos needs Python ≥ 3.13, so it lives in its own environment
(``tools/receipts/install_emupos.sh``; ``.ci/run`` installs it and sets
``BISAMA_EMUPOS_PYTHON``). Both texts are compared line by line after stripping each
line's leading and trailing spaces: emupos's dump leaves centred lines unindented, ours
indents them as they print. Everything else — every character, wrap, blank line, QR
payload, barcode and image size — must be the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardware.samples import GOLDEN_CASES
from hardware.virtual_printer import decode
from tests.hardware.helpers import GOLDEN

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "receipts" / "emupos_decode.py"
DEFAULT_ENV = Path.home() / ".cache" / "bisama" / "emupos-venv" / "bin" / "python"


def _emupos_python() -> str:
    configured = os.environ.get("BISAMA_EMUPOS_PYTHON")
    if configured:
        if not Path(configured).exists():
            pytest.fail(f"BISAMA_EMUPOS_PYTHON={configured} does not exist", pytrace=False)
        return configured
    if DEFAULT_ENV.exists():
        return str(DEFAULT_ENV)
    pytest.skip("emupos (the independent ESC/POS decoder, Python ≥ 3.13) is not installed: "
                "run tools/receipts/install_emupos.sh")


def _normalise(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("width", sorted({c.profile().dots for c in GOLDEN_CASES}))
def test_emupos_reads_the_golden_receipts_as_we_do(width: int) -> None:
    python = _emupos_python()
    cases = [c for c in GOLDEN_CASES if c.profile().dots == width]
    files = [GOLDEN / f"{c.name}.bin" for c in cases]
    result = subprocess.run([python, str(SCRIPT), "--width-dots", str(width), *map(str, files)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    theirs = json.loads(result.stdout)
    for case, path in zip(cases, files, strict=True):
        ours = "".join(p.text() for p in decode(path.read_bytes(), width))
        assert theirs[path.name]["problems"] == [], f"{case.name}: emupos did not understand: " \
            f"{theirs[path.name]['problems']}"
        assert _normalise(theirs[path.name]["text"]) == _normalise(ours), case.name


def test_the_decoder_script_imports_nothing_of_ours() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    for ours in ("hardware", "shared", "terminal", "sync_server"):
        assert f"import {ours}" not in source and f"from {ours}" not in source
    assert sys.version_info >= (3, 11)
