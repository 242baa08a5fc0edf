"""``bisama-terminal run`` closes cleanly on Ctrl+C (and SIGTERM) in its console: Qt's
loop ends, the till's workers stop and its database is closed, and the exit status
says it was interrupted — not a Python traceback and a window that stays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from terminal.cli import main

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"])
def test_run_stops_on_ctrl_c(sig, tmp_path, testdata, monkeypatch, capsys):
    home = tmp_path / "till"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BISAMA_TERMINAL_HOME": str(home),
           "BISAMA_KEY_STORE": "file", "BISAMA_KEY_PASSPHRASE": "ctrl c"}
    for key in ("BISAMA_TERMINAL_HOME", "BISAMA_KEY_STORE", "BISAMA_KEY_PASSPHRASE"):
        monkeypatch.setenv(key, env[key])
    assert main(["import", "catalogue", str(testdata / "catalogue_sample.csv")]) == 0
    assert main(["import", "users", str(testdata / "users_sample.csv")]) == 0
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        till = subprocess.Popen([sys.executable, "-m", "terminal", "run", "--windowed"], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "The till is open" not in log.read_text(errors="replace"):
            assert till.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        till.send_signal(sig)
        assert till.wait(timeout=60) == 128 + sig
    finally:
        if till.poll() is None:
            till.kill()
    said = log.read_text(errors="replace")
    assert "Traceback" not in said, said
    capsys.readouterr()
    assert main(["check"]) == 0  # the database was closed properly
    assert "Check passed" in capsys.readouterr().out
