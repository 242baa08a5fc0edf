"""The till's program from the command line: ``run --check-start`` opens to the right
first screen, and ``selftest`` sells through the real screens to a virtual printer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def terminal(*args: str, home: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BISAMA_KEY_STORE": "file",
           "BISAMA_KEY_PASSPHRASE": "cli test"}
    return subprocess.run([sys.executable, "-m", "terminal", "--data-dir", home, *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_run_opens_the_first_start_then_the_sign_in_screen(tmp_path, testdata):
    home = str(tmp_path / "till")
    first = terminal("run", "--offscreen", "--check-start", home=home)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout.strip().splitlines()[-1])["screen"] == "first_run"
    imported = terminal("import", "users", str(testdata / "users_sample.csv"), home=home)
    assert imported.returncode == 0, imported.stderr
    second = terminal("run", "--offscreen", "--check-start", home=home)
    assert json.loads(second.stdout.strip().splitlines()[-1])["screen"] == "login"


def test_selftest_sells_and_prints(tmp_path):
    done = terminal("selftest", "--offscreen", home=str(tmp_path / "unused"))
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0 and result["ok"], done.stdout + done.stderr
    assert result["receipt"] == "MAIN-T01-000001" and result["printed"] and result["outbox_grew"]
    assert not (tmp_path / "unused").exists()  # the shop's data folder is never touched
