"""The shipped Prometheus alert rules (resources/monitoring/alerts.yml) pass
``promtool check rules`` and their unit tests (``promtool test rules alerts_test.yml``).
Without promtool the test is skipped on a developer's PC and fails under .ci/run
(``BISAMA_REQUIRE_SERVICES=1``), which installs Debian's ``prometheus`` package."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MONITORING = Path(__file__).resolve().parents[2] / "resources" / "monitoring"


def _promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        problem = "promtool is not installed (apt-get install -y prometheus)"
        if os.environ.get("BISAMA_REQUIRE_SERVICES") == "1":
            pytest.fail(problem + "; .ci/run requires it", pytrace=False)
        pytest.skip(problem)
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_promtool(), *args], cwd=MONITORING, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_alert_rules_are_valid() -> None:
    result = _run("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout + result.stderr


def test_the_alert_rules_fire_when_they_should_and_only_then() -> None:
    result = _run("test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_catches_a_wrong_expectation(tmp_path: Path) -> None:
    """The rule tests mean something: one expecting an alert that does not fire fails."""
    (tmp_path / "alerts.yml").write_text((MONITORING / "alerts.yml").read_text())
    (tmp_path / "wrong_test.yml").write_text(
        "rule_files: [alerts.yml]\nevaluation_interval: 1m\ntests:\n"
        "  - interval: 1m\n    input_series:\n"
        "      - series: 'up{job=\"bisama\", instance=\"hq:8470\"}'\n        values: '1x10'\n"
        "    alert_rule_test:\n      - eval_time: 5m\n        alertname: SystemDown\n"
        "        exp_alerts:\n          - exp_labels: {severity: critical, job: bisama, "
        "instance: \"hq:8470\"}\n")
    result = subprocess.run([_promtool(), "test", "rules", "wrong_test.yml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "SystemDown" in result.stdout + result.stderr
