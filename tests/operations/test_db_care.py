"""``bisama-sync db maintain`` and ``db health`` on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_downgrade_takes_a_verified_backup_first(
        world: World, database_url: str, tmp_path: Path, key_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sync_server.db.migrate import current_revision, head_revision

    folder = tmp_path / "backups"
    base = ["--db", database_url, "--key-file", str(key_file), "--target", str(folder)]
    for wrong in ("9999", head_revision()):
        with pytest.raises(SystemExit) as refused:
            main(["db", "downgrade", wrong, *base])
        assert refused.value.code == 2
    assert not folder.exists()  # nothing was backed up, nothing changed
    assert "earlier revision" in capsys.readouterr().err
    from alembic.script import ScriptDirectory

    from sync_server.db.migrate import alembic_config

    # The revision before the head (its down_revision: numbers need not be consecutive).
    previous = str(ScriptDirectory.from_config(alembic_config())
                   .get_revision(head_revision()).down_revision)
    assert main(["db", "downgrade", previous, *base, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == head_revision() and data["to"] == previous
    assert (folder / "full" / f"{data['backup']}.bkp").is_file()
    assert current_revision(world.ctx.engine) == previous
    # The backup holds the database as it was before: restorable, at the newer schema.
    assert main(["db", "upgrade", "--db", database_url]) == 0
    assert current_revision(world.ctx.engine) == head_revision()
