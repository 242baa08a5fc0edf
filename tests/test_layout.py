"""The import rules of ARCHITECTURE.md, checked on the source (no imports executed).

- ``shared`` imports nothing from ``terminal``, ``sync_server`` or ``hardware``, and
  nothing that does I/O (no Qt, HTTP, database, files, sockets, processes, clock).
- ``terminal`` and ``sync_server`` never import each other.
- ``hardware`` imports neither ``terminal`` nor ``sync_server``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("shared", "terminal", "sync_server", "hardware")

FORBIDDEN = {
    "shared": {"terminal", "sync_server", "hardware", "PySide6", "httpx", "sqlalchemy", "sqlite3",
               "sqlite_utils", "fastapi", "starlette", "uvicorn", "alembic", "socket", "subprocess",
               "escpos", "usb", "serial", "keyring", "requests", "urllib", "os", "pathlib", "time",
               "random", "secrets", "threading", "asyncio", "shutil", "tempfile", "io", "logging"},
    "terminal": {"sync_server"},
    "sync_server": {"terminal", "hardware", "PySide6"},
    "hardware": {"terminal", "sync_server"},
}


def imported_roots(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations/versions" not in p.as_posix())


# The auditor's verifier has to open the export folder it is given (``python -m
# shared.audit verify DIR``, issue [13]); only this module of it touches files.
EXEMPT = {"shared/audit/files.py": {"pathlib"}}


@pytest.mark.parametrize("package", PACKAGES)
def test_import_rules(package):
    assert sources(package), f"{package}/ has no Python files"
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sources(package)
        for module, line in imported_roots(path)
        if module in FORBIDDEN[package]
        and module not in EXEMPT.get(path.relative_to(ROOT).as_posix(), set())
    ]
    assert not offences, "\n".join(offences)


def test_the_check_itself_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom terminal.store import x\n")
    assert {m for m, _ in imported_roots(bad)} == {"os", "terminal"}
