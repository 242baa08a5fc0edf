"""Benchmarks that print numbers: ``python -m bench NAME [--quick]``.

Each benchmark is a module ``bench/NAME.py`` with ``run(quick: bool) -> Iterable[Metric]``.
Every metric is printed as one JSON line
``{"metric", "value", "unit", "baseline", "ratio"}`` where ``baseline`` is a physical
limit or a peer measured in the same run (a raw SQLite fsync commit, a raw PostgreSQL
COPY of the same rows) and ``ratio`` is value / baseline. Results and the machine they
ran on are recorded in ``docs/benchmarks.md``. Tests never assert timings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    note: str = ""

    def to_json(self) -> str:
        ratio = (self.value / self.baseline) if self.baseline else None
        record: dict[str, object] = {
            "metric": self.metric,
            "value": round(self.value, 4),
            "unit": self.unit,
            "baseline": None if self.baseline is None else round(self.baseline, 4),
            "ratio": None if ratio is None else round(ratio, 3),
        }
        if self.note:
            record["note"] = self.note
        return json.dumps(record)


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of timing samples (not money)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def machine_speed() -> Metric:
    """How fast this machine runs plain Python right now: five million additions in a
    loop, best of three. The development VM's speed moves by up to 2× over an hour with
    its host's load; this puts each run's figures in context (docs/benchmarks.md)."""
    import time

    best = math.inf
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for n in range(5_000_000):
            total += n
        best = min(best, time.perf_counter() - started)
    return Metric("machine_python_loop_seconds", best, "s",
                  note="5,000,000 additions in a Python loop, best of 3: lower is faster")
