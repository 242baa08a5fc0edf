"""Server backups as an operator runs them (``bisama-sync backup …``), on SQLite,
PostgreSQL and MariaDB: a consistent, encrypted copy with a manifest on two machines,
verified by a restore; a damaged copy or a lying manifest fails and alerts; prune keeps
each tier's count."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from sync_server.cli import main
from sync_server.operations.backup import MANIFEST, canonical, prune, run_backup
from sync_server.operations.crypto import load_key, manifest_mac
from sync_server.operations.models import BackupRun
from sync_server.operations.targets import LocalTarget, RsyncTarget
from sync_server.operations.verify import record_report, verify_backup
from tests.server.conftest import World


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_run_copies_to_two_machines_encrypted_and_verified(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        rsync_host: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    local = tmp_path / "backups"
    remote_url, remote_store = rsync_host
    code, data = _cli(capsys, "backup", "run", "--db", database_url, "--key-file", str(key_file),
                      "--tier", "system", "--target", str(local), "--target", remote_url)
    assert code == 0, data
    assert data["verified"]["ok"] and data["engine"] in ("sqlite", "postgresql", "mariadb")
    assert data["copies"] == [str(local), remote_url]
    name = data["name"]
    for folder in (local, remote_store):
        sealed = (folder / "system" / f"{name}.bkp").read_bytes()
        assert sealed.startswith(b"BISAMA-BK1\n")
        assert b"Acme Trading" not in sealed and b"Kofi Traders" not in sealed  # encrypted
    manifest = json.loads((local / "system" / f"{name}{MANIFEST}").read_text())
    tenant = str(world.tenant_id)
    assert manifest["tier"] == "system" and manifest["schema_revision"] == data["schema_revision"]
    assert manifest["tables"]["inv_products"]["tenants"][tenant] > 0
    assert manifest["tables"]["tenants"]["rows"] == 1
    assert manifest["sha256"] == data["sha256"]
    # The other machine lists what it holds; `backup list` shows the files and the runs.
    assert f"system/{name}.bkp" in RsyncTarget(remote_url).list()
    code, listed = _cli(capsys, "backup", "list", "--db", database_url, "--target", remote_url)
    assert code == 0 and [b["name"] for b in listed["backups"]] == [name]
    assert [(r["kind"], r["status"]) for r in listed["runs"]] == [("verify", "ok"), ("backup", "ok")]
    # Verify the copy on the other machine by its name.
    code, report = _cli(capsys, "backup", "verify", name, "--db", database_url,
                        "--key-file", str(key_file), "--target", remote_url)
    assert code == 0 and report["ok"] and report["checked"]["tenants"] == 0  # no sales yet


def test_a_corrupted_byte_fails_verification_and_alerts(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    target = LocalTarget(tmp_path / "backups")
    key = load_key(key_file)
    result = run_backup(database_url, key, "tenants", [target])
    sealed = target.root / "tenants" / f"{result.name}.bkp"
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 0x01
    sealed.write_bytes(bytes(data))
    report = verify_backup(key, sealed, sealed.with_name(result.name + MANIFEST),
                           server_url=database_url)
    assert not report.ok
    assert any("authentication tag" in p for p in report.problems)
    assert any("sha256" in p for p in report.problems)
    from sync_server.db.migrate import head_revision  # noqa: F401  (schema is current)

    record_report(world.ctx, "verify", report, world.ctx.clock.now())
    alerts = world.ctx.notifier.alerts  # type: ignore[attr-defined]
    assert [a.kind for a in alerts] == ["backup_verify_failed"]
    assert "authentication tag" in alerts[0].message
    with world.ctx.system() as session:
        runs = list(session.scalars(select(BackupRun)))
    assert [(r.kind, r.status) for r in runs] == [("verify", "failed")]
    # The command line says the same and exits 1; its alert goes to the log.
    with caplog.at_level(logging.WARNING, logger="bisama.alerts"):
        code, out = _cli(capsys, "backup", "verify", str(sealed), "--db", database_url,
                         "--key-file", str(key_file))
    assert code == 1 and not out["ok"]
    assert "backup_verify_failed" in caplog.text


def test_a_manifest_count_that_does_not_match_fails(
        world: World, database_url: str, key_file: Path, tmp_path: Path) -> None:
    target = LocalTarget(tmp_path / "backups")
    key = load_key(key_file)
    result = run_backup(database_url, key, "full", [target])
    manifest_path = target.root / "full" / f"{result.name}{MANIFEST}"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["inv_products"]["tenants"][str(world.tenant_id)] += 1
    manifest["tables"]["inv_products"]["rows"] += 1
    bad = manifest_path.with_name("x" + MANIFEST)
    bad.write_text(json.dumps(manifest))  # changed without the key: the MAC catches it
    sealed = target.root / "full" / f"{result.name}.bkp"
    report = verify_backup(key, sealed, bad, server_url=database_url)
    assert not report.ok and any("manifest was changed" in p for p in report.problems)
    manifest["mac"] = manifest_mac(key, canonical(manifest))  # a manifest that lies well
    bad.write_text(json.dumps(manifest))
    report = verify_backup(key, sealed, bad, server_url=database_url)
    assert not report.ok
    assert report.problems == [f"table inv_products: {manifest['tables']['inv_products']['rows'] - 1}"
                               f" rows restored, the manifest says "
                               f"{manifest['tables']['inv_products']['rows']}"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_prune_keeps_each_tiers_count(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target = LocalTarget(tmp_path / "backups")
    key = load_key(key_file)
    names = [run_backup(database_url, key, "system", [target]).name for _ in range(3)]
    kept = run_backup(database_url, key, "tenants", [target]).name
    monkeypatch.setenv("BISAMA_BACKUP_KEEP_SYSTEM", "2")
    code, data = _cli(capsys, "backup", "prune", "--target", str(target.root))
    assert code == 0
    assert [r["name"] for r in data["removed"]] == [sorted(names)[0]]
    left = target.list()
    assert len(left) == 6 and f"tenants/{kept}.bkp" in left
    monkeypatch.setenv("BISAMA_BACKUP_KEEP_SYSTEM", "none")
    assert main(["backup", "prune", "--target", str(target.root)]) == 2
    assert prune([target], ["tenants"]) == []


def test_without_a_key_nothing_is_written(database_url: str, ctx: object, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("BISAMA_BACKUP_KEY_FILE", raising=False)
    assert main(["backup", "run", "--db", database_url, "--target", str(tmp_path / "b")]) == 2
    assert "--key-file" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_prune_and_fetch_on_the_other_machine(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        rsync_host: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    remote_url, store = rsync_host
    remote = RsyncTarget(remote_url)
    key = load_key(key_file)
    names = sorted(run_backup(database_url, key, "compliance", [remote]).name for _ in range(2))
    monkeypatch.setenv("BISAMA_BACKUP_KEEP_COMPLIANCE", "1")
    assert [r["name"] for r in prune([remote])] == [names[0]]
    assert sorted(p.name for p in (store / "compliance").iterdir()) == [
        f"{names[1]}.bkp", f"{names[1]}{MANIFEST}"]
    # A backup only the other machine holds is fetched and verified from there.
    from sync_server.operations.backup import locate, private_folder

    with private_folder() as work:
        file, manifest = locate(names[1], [LocalTarget(tmp_path / "empty"), remote], work)
        assert verify_backup(key, file, manifest, server_url=database_url).ok


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_destination_that_fails_fails_the_run_and_alerts(
        world: World, database_url: str, key_file: Path, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    with caplog.at_level(logging.WARNING, logger="bisama.alerts"):
        code = main(["backup", "run", "--db", database_url, "--key-file", str(key_file),
                     "--target", str(tmp_path / "ok"),
                     "--target", "rsync://127.0.0.1:1/nothing/here"])
    assert code == 1
    assert "backup failed" in capsys.readouterr().err and "backup_failed" in caplog.text
    with world.ctx.system() as session:
        assert [(r.kind, r.status) for r in session.scalars(select(BackupRun))] == [
            ("backup", "failed")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_key_inside_the_backup_folder_is_refused(
        world: World, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from sync_server.operations.crypto import new_key_file

    folder = tmp_path / "backups"
    new_key_file(folder / "backup.key")
    with pytest.raises(SystemExit) as refused:
        main(["backup", "run", "--db", database_url, "--key-file", str(folder / "backup.key"),
              "--target", str(folder)])
    assert refused.value.code == 2
    assert "keep the key apart" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["backup.key"]
