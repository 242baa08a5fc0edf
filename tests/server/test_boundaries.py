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
    # The operator's whole-database tools work below the tenants: backups and restores by
    # each engine's own tool, VACUUM/OPTIMIZE, database sizes and versions, migrations.
    # ``operations/tenant_archive.py`` reads one tenant's rows by tenant_id on every table,
    # and tests/operations/test_tenant_archive.py proves no other tenant's row comes along.
    # ``tenant_restore.py`` and ``offboarding.py`` replace or purge one tenant's rows by
    # tenant_id on every table; tests/operations/test_tenant_restore.py and
    # test_offboarding.py prove the other tenant's reports and books are unchanged.
    # ``directory/`` works below the tenants too: it opens each tenant database's engine,
    # checks that a server answers at the schema head (``server check``) and reads the
    # system database's schema for its own tables; a tenant move copies and verifies a
    # tenant's rows by tenant_id on every table (tests/server/test_directory.py and the
    # move's tests prove the other tenants' rows stay where they were).
    # ``cluster/`` reads replication and cluster state (Patroni's REST API,
    # ``pg_stat_replication``, Galera's ``wsrep_%`` status) for ``cluster status``: no
    # tenant rows.
    allowed = {"db", "migrations", "operations", "directory", "cluster"}
    # Modules allowed Core statements on tenant tables, and why. Each filters tenant_id on
    # every table by hand, and a test proves another tenant's rows are never touched.
    by_hand = {
        # INSERT … SELECT … GROUP BY upserts the ORM cannot express; checked by
        # tests/dashboard/test_summaries.py::test_summaries_of_one_tenant_never_touch_another
        "reports/summaries.py",
        # Database size and engine version for the admin System page (no tenant rows).
        "system_status.py",
        # `db downgrade`: Alembic needs the connection (after a verified backup).
        "cli_operations.py",
    }
    offenders = []
    for path in (ROOT / "sync_server").rglob("*.py"):
        relative = path.relative_to(ROOT / "sync_server")
        if relative.parts[0] in allowed or relative.as_posix() in by_hand:
            continue
        text = path.read_text()
        for marker in (".connection()", "engine.connect(", "engine.begin(", "__table__"):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []
