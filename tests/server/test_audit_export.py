"""The auditor's export of a tenant's envelopes (``bisama-sync audit export``) passes the
standalone verifier (``python -m shared.audit verify``), and a record taken off its end
after the export is found — on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from shared.audit import verify_export
from sync_server.auditor.export import export_audit
from tests.server.conftest import TillFactory, World


def test_an_export_verifies_and_a_dropped_last_record_is_found(world: World, till: TillFactory,
                                                               tmp_path: Path) -> None:
    main, second = till(), till()
    for t, n in ((main, 4), (second, 2)):
        for _ in range(n):
            t.sell([("GH-0001", 1)])
        t.push()
    today = date.fromisoformat(main.today())
    out = tmp_path / "audit"
    manifest = export_audit(world.ctx, world.tenant_id, today, today, out)
    assert sorted(t["count"] for t in manifest["tills"]) == [2, 4]
    report = verify_export(str(out))
    assert report.ok, [str(f) for f in report.findings]
    assert (report.tills, report.envelopes) == (2, 6)
    # A verifier that has only Python and this package: the command line.
    done = subprocess.run([sys.executable, "-m", "shared.audit", "verify", str(out), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and json.loads(done.stdout)["ok"]
    # The last sale of a till taken out, and the checksums forged to match: still found.
    name = next(f for f in manifest["files"] if main.terminal_id in f)
    path = out / name
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))
    forged = json.loads((out / "manifest.json").read_text())
    import hashlib

    forged["files"][name] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(forged))
    assert "dropped_last" in verify_export(str(out)).codes()
