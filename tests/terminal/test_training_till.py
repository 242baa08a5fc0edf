"""``simulate`` never puts practice sales where real ones go: it runs on a training till
(a till with no business yet becomes one and says which folder it is), a training till
cannot be enrolled and its receipts are never printed, and a till with real sales or an
enrolled one is refused unless ``--real-sales`` asks for it on purpose."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from shared.money import Money
from terminal.cli import main
from terminal.store.identity import load_identity
from terminal.sync.enroll import enroll_till
from terminal.sync.protocol import EnrollmentFailed
from terminal.tenders import cash
from terminal.till import Till


@pytest.fixture
def home(tmp_path, monkeypatch, testdata, capsys):
    home = tmp_path / "till"
    monkeypatch.setenv("BISAMA_TERMINAL_HOME", str(home))
    monkeypatch.setenv("BISAMA_KEY_STORE", "file")
    monkeypatch.setenv("BISAMA_KEY_PASSPHRASE", "training test")
    monkeypatch.delenv("BISAMA_BACKUP_DIR", raising=False)
    assert main(["import", "catalogue", str(testdata / "catalogue_sample.csv")]) == 0
    assert main(["import", "users", str(testdata / "users_sample.csv")]) == 0
    capsys.readouterr()
    return home


def test_simulate_makes_a_training_till_and_says_which(home, capsys):
    assert main(["simulate", "--sales", "5", "--seed", "3"]) == 0
    out = capsys.readouterr()
    assert f"training till in {home}" in out.err and "never reach head office's books" in out.err
    assert len(out.out.splitlines()) == 5  # stdout stays one JSON line per sale
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["terminal"]["training"] is True
    assert status["print_queue_depth"] == 0
    assert main(["status"]) == 0
    assert "a training till" in capsys.readouterr().out
    # Every simulated receipt was skipped, not left for the printer.
    with Till.open(home) as till:
        states = {r[0] for r in till.db.query("SELECT DISTINCT status FROM print_jobs")}
        assert states == {"skipped"}


def test_a_training_till_cannot_be_enrolled(home, capsys):
    assert main(["simulate", "--sales", "1"]) == 0
    capsys.readouterr()
    assert main(["enroll", "--server", "http://127.0.0.1:9", "--code", "15-K7QX-9MPL-2RTD"]) == 1
    err = capsys.readouterr().err
    assert "training till" in err and "cannot be enrolled" in err
    with Till.open(home) as till:
        with pytest.raises(EnrollmentFailed) as caught:
            enroll_till(till.db, till.recorder.key, till.clock, "http://127.0.0.1:9", "15-K7QX-9MPL-2RTD")
        assert caught.value.code == "training_till"
        identity = load_identity(till.db)
        assert identity is not None and not identity.enrolled


def test_a_till_with_real_sales_is_refused(home, capsys):
    # A real sale rung up on the standalone till first (it will sync when enrolled).
    with Till.open(home) as till:
        till.start(take_backup=False)
        till.auth.sign_in_without_pin("ama@acme.example.test", "test")
        till.shifts.open(Money(10_000))
        sku = till.db.scalar("SELECT sku FROM products WHERE active = 1 AND weighed = 0 LIMIT 1")
        till.sales.add(str(sku), 1)
        till.sales.complete([cash(till.sales.view().total)])
    assert main(["simulate", "--sales", "2"]) == 1
    err = capsys.readouterr().err
    assert "already selling for real" in err and "--data-dir NEW-FOLDER" in err
    with Till.open(home) as till:
        assert till.settings.training is False
        assert till.db.scalar("SELECT count(*) FROM sales") == 1
    # On purpose (load tests against a test head office): real sales, said loudly.
    assert main(["simulate", "--sales", "2", "--real-sales"]) == 0
    assert "REAL sales" in capsys.readouterr().err
    with Till.open(home) as till:
        assert till.settings.training is False
        assert till.db.scalar("SELECT count(*) FROM print_jobs WHERE kind = 'sale' AND status = 'waiting'") == 3


@pytest.mark.gui
def test_run_on_a_training_till_prints_to_the_roll_only(home, capsys):
    assert main(["simulate", "--sales", "1"]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "terminal", "run", "--check-start"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "A training till: its receipts go to the on-screen roll, never to a printer." in done.stderr
