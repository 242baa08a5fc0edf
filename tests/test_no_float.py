"""No float anywhere near an amount of money.

``shared/`` (where every amount is computed) may not use floats at all. Elsewhere a
float is allowed for timings, percentages of battery and the like, but not when the
line mentions money: ``float(`` calls, ``float`` annotations and float literals on lines
that talk about amounts fail this test, and ``Decimal(<float>)`` fails everywhere.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONEY_WORDS = re.compile(
    r"amount|price|total|cost|pesewa|cedi|money|\btax|vat|nhil|getfund|covid|change_due|"
    r"tender|balance|discount|gross|\bnet\b|revenue|debit|credit|payable|float_amount|opening_float",
    re.IGNORECASE)


def _float_uses(tree: ast.AST) -> list[tuple[int, str]]:
    uses: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "float":
            uses.append((node.lineno, "float"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            uses.append((node.lineno, f"float literal {node.value!r}"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Decimal"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, float)):
            uses.append((node.lineno, "Decimal(float)"))
    return uses


def offences(path: Path, *, strict: bool, root: Path = ROOT) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for lineno, what in _float_uses(ast.parse(text, filename=str(path))):
        line = lines[lineno - 1]
        if strict and not ("isinstance" in line or "TypeError" in line or "type(" in line):
            found.append(f"{path.relative_to(root)}:{lineno}: {what} in shared/")
        elif not strict and (what == "Decimal(float)" or MONEY_WORDS.search(line)):
            found.append(f"{path.relative_to(root)}:{lineno}: {what} next to money: {line.strip()}")
    return found


def product_sources():
    for package in ("shared", "terminal", "sync_server", "hardware"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations/versions" not in path.as_posix():
                yield package, path


def test_no_float_near_money():
    problems = [o for package, path in product_sources() for o in offences(path, strict=package == "shared")]
    assert not problems, "\n".join(problems)


def test_the_check_itself_catches_floats(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("total_amount = float(price) * 1.5\nx: float = 2.0\nd = Decimal(0.1)\ntimeout = 3.0\n")
    lenient = offences(bad, strict=False, root=tmp_path)
    assert any(o.startswith("bad.py:1:") for o in lenient)
    assert any(o.startswith("bad.py:3:") and "Decimal(float)" in o for o in lenient)
    assert not any(o.startswith("bad.py:4:") for o in lenient)  # a timeout is not money
    strict = offences(bad, strict=True, root=tmp_path)
    assert {o.split(":")[1] for o in strict} == {"1", "2", "3", "4"}
