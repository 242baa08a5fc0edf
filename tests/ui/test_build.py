"""The till PC build: ``build.spec`` makes a PyInstaller one-folder build on this machine;
the built program answers ``--version`` and passes its offscreen self-test (a sale through
the real screens to a virtual printer) — fonts, style sheet, Qt plugins and python-escpos's
printer database all came along."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terminal import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_one_folder_build_runs(tmp_path):
    pytest.importorskip("PyInstaller", reason="pip install -e '.[test]' brings PyInstaller")
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert built.returncode == 0, built.stderr[-4000:]
    folder = tmp_path / "dist" / "bisama-terminal"
    exe = folder / ("bisama-terminal.exe" if os.name == "nt" else "bisama-terminal")
    assert (folder / ("bisama-till.exe" if os.name == "nt" else "bisama-till")).is_file()
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert version.stdout.strip() == f"bisama-terminal {__version__}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    test = subprocess.run([str(exe), "selftest", "--offscreen"], capture_output=True, text=True, timeout=180,
                          env=env, cwd=tmp_path, check=False)
    result = json.loads(test.stdout.strip().splitlines()[-1])
    assert test.returncode == 0 and result["ok"], test.stdout + test.stderr[-2000:]
    assert not any(name.startswith("sync_server") for name in os.listdir(folder / "_internal"))
