"""``bisama-sync db maintain`` and ``db health`` on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json

import pytest

from sync_server.cli import main
from tests.server.conftest import World


def test_maintain_and_health(world: World, database_url: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "maintain", "--db", database_url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["done"] and done["size_after"] > 0
    assert main(["db", "maintain", "--db", database_url, "--analyze-only"]) == 0
    assert "ANALYZE" in capsys.readouterr().out
    assert main(["db", "health", "--db", database_url, "--top", "500", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["database_bytes"] > 0 and report["schema_revision"]
    assert report["engine"] in ("sqlite", "postgresql", "mariadb")
    if report["engine"] != "sqlite":
        assert report["connections"]["open"] >= 1
        assert any(t["table"] == "inv_products" for t in report["largest_tables"])
    # pg_stat_statements or the performance schema: a table where on, else it says why not.
    slow = report["slow_statements"]
    assert slow["available"] or slow["note"]
    assert main(["db", "health", "--db", database_url]) == 0
    text = capsys.readouterr().out
    assert "Largest tables" in text and "Slowest statements" in text
