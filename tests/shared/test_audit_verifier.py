"""The auditor's standalone verifier (``python -m shared.audit verify``) passes every
good export and fails every bad one with the finding an auditor would look for."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.audit import verify_export
from shared.audit.__main__ import main
from tests.shared.audit_vectors import vectors

VECTORS = list(vectors())


def test_there_are_at_least_forty_vectors() -> None:
    assert len(VECTORS) >= 40
    assert sum(1 for _n, codes, _b in VECTORS if not codes) >= 9


@pytest.mark.parametrize(("name", "codes", "build"), VECTORS, ids=[v[0] for v in VECTORS])
def test_each_vector(tmp_path: Path, name: str, codes: set[str], build) -> None:
    folder = tmp_path / name
    build(folder)
    report = verify_export(str(folder))
    if not codes:
        assert report.ok, [str(f) for f in report.findings]
        assert report.envelopes > 0
    else:
        assert not report.ok
        assert report.codes() & codes, (codes, [str(f) for f in report.findings])


def test_the_command_line_says_good_or_not(tmp_path: Path, capsys) -> None:
    good = next(b for n, c, b in VECTORS if not c)
    good(tmp_path / "good")
    assert main(["verify", str(tmp_path / "good")]) == 0
    assert "GOOD" in capsys.readouterr().out
    bad = next(b for n, c, b in VECTORS if n == "dropped-last-1")
    bad(tmp_path / "bad")
    assert main(["verify", str(tmp_path / "bad")]) == 1
    assert "dropped_last" in capsys.readouterr().out
