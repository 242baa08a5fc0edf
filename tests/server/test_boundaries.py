"""sync_server never imports the terminal or the hardware package: its only contract
with the till is the sync protocol."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sync_server_imports_neither_terminal_nor_hardware() -> None:
    offenders = []
    for path in (ROOT / "sync_server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("terminal", "hardware", "tests")]
    assert offenders == []


def test_tenant_rows_are_reached_only_through_the_tenant_scope() -> None:
    """No module outside sync_server/db opens raw connections or builds Core statements
    on tenant tables behind the scope's back."""
    allowed = {"db", "migrations"}
    offenders = []
    for path in (ROOT / "sync_server").rglob("*.py"):
        if path.relative_to(ROOT / "sync_server").parts[0] in allowed:
            continue
        text = path.read_text()
        for marker in (".connection()", "engine.connect(", "engine.begin(", "__table__"):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []
