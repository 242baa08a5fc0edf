"""Running totals (``shared.running``), as a property over random chains of sales,
refunds, voids and training sales: an honest chain always verifies, and a running total
off by any amount at any envelope is always found there (``running_total_break``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.audit import verify_export
from shared.running import Running, own, running_of
from tests.shared.audit_vectors import TILLS, chain, write

PATTERNS = st.text(alphabet="srvt", min_size=1, max_size=6)
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(pattern=PATTERNS, count=st.integers(min_value=2, max_value=16))
def test_an_honest_chain_adds_up_and_verifies(pattern: str, count: int) -> None:
    envs = chain(TILLS[0], count, pattern=pattern)
    running = Running.ZERO
    for env in envs[1:]:
        typed = env.typed_payload()
        running = running.plus(own(env.kind, typed))
        assert running_of(typed) == running
    training = sum(1 for e in envs if "training" in (e.payload.get("flags") or ()))
    assert running.count == count - 1 - training
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp) / "x", {TILLS[0]: envs})
        report = verify_export(str(Path(tmp) / "x"))
    assert report.ok, [str(f) for f in report.findings]


@FEW
@given(pattern=PATTERNS, count=st.integers(min_value=3, max_value=16), data=st.data())
def test_a_running_total_off_anywhere_is_found_there(pattern: str, count: int, data) -> None:  # type: ignore[no-untyped-def]
    at = data.draw(st.integers(min_value=2, max_value=count))
    off = data.draw(st.integers(min_value=-10**9, max_value=10**9).filter(bool))
    envs = chain(TILLS[0], count, pattern=pattern, skew={at: off})
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp) / "x", {TILLS[0]: envs})
        report = verify_export(str(Path(tmp) / "x"))
    assert {(f.code, f.seq) for f in report.findings if f.code == "running_total_break"} >= {
        ("running_total_break", at)}
