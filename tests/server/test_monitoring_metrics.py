"""What ``/metrics`` adds for the alert rules and the Grafana dashboard: the disk of the
data folder, the database's size, each till's sync lag, backup ages and failures, the
restore drill. Every metric the rules and the dashboard name is one the server exports."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import httpx
import yaml  # type: ignore[import-untyped]  # PyYAML comes with schemathesis (the test extra)

from sync_server.system_status import BackupRecord, BackupStatus, backup_gauges
from tests.server.conftest import OPS_TOKEN, LiveServer, TillFactory, World

MONITORING = Path(__file__).resolve().parents[2] / "resources" / "monitoring"
METRIC = re.compile(r"\b(bisama_[a-z_]+|up)\b(?!\s*\()")
SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def scrape(live: LiveServer) -> str:
    reply = httpx.get(f"{live.url}/metrics", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
    assert reply.status_code == 200
    return reply.text


def exported(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            names.add(line.split()[2])
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def named_in(expr: str) -> set[str]:
    return set(METRIC.findall(expr))


def test_metrics_say_what_the_rules_watch(world: World, till: TillFactory,
                                          live: LiveServer) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.heartbeat(oldest_unsynced_seconds=7200,  # a sale has waited two hours, on battery
                power={"source": "battery", "battery_percent": 41})
    backups: BackupStatus = live.app.state.backups
    now = world.ctx.clock.now()
    backups.backup_finished("tenants", now - timedelta(hours=40), ok=True)
    backups.backup_finished("tenants", now - timedelta(hours=1), ok=False, detail="disk full")
    backups.backup_finished("system", now - timedelta(minutes=10), ok=True)
    backups.drill_finished(now - timedelta(days=2), ok=False, detail="trial balance differs")
    text = scrape(live)
    lag = re.search(r'bisama_till_sync_lag_seconds\{branch="MAIN",tenant="acme.test",'
                    r'terminal="MAIN/[^"]+"\} ([0-9.e+]+)', text)
    assert lag is not None, text
    assert 7200 <= float(lag.group(1)) < 7200 + 120
    assert re.search(r'bisama_till_battery_percent\{branch="MAIN",tenant="acme.test",'
                     r'terminal="MAIN/[^"]+"\} 41\.0', text)
    age = re.search(r'bisama_backup_age_seconds\{tier="tenants"\} ([0-9.e+]+)', text)
    assert age is not None and 40 * 3600 <= float(age.group(1)) < 40 * 3600 + 120
    assert 'bisama_backup_failed{tier="tenants"} 1.0' in text
    assert 'bisama_backup_failed{tier="system"} 0.0' in text
    assert "bisama_restore_drill_failed 1.0" in text
    free = re.search(r"^bisama_data_disk_free_bytes ([0-9.e+]+)$", text, re.M)
    size = re.search(r"^bisama_data_disk_size_bytes ([0-9.e+]+)$", text, re.M)
    assert free and size and 0 < float(free.group(1)) <= float(size.group(1))
    db = re.search(r"^bisama_database_size_bytes ([0-9.e+]+)$", text, re.M)
    assert db is not None and float(db.group(1)) > 0
    t.push()
    t.heartbeat()  # all delivered, and on mains again
    text = scrape(live)
    assert re.search(r'bisama_till_sync_lag_seconds\{[^}]*\} 0\.0', text)
    assert "bisama_till_battery_percent{" not in text


def test_every_expression_of_the_rules_and_the_dashboard_names_an_exported_metric(
        world: World, till: TillFactory, live: LiveServer) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    t.heartbeat()
    backups: BackupStatus = live.app.state.backups
    now = world.ctx.clock.now()
    backups.backup_finished("full", now, ok=True)
    backups.drill_finished(now, ok=True)
    ours = exported(scrape(live)) | {"up"}  # ``up`` is Prometheus's own, per scrape target
    base = {n for n in ours} | {n[: -len(s)] for n in ours for s in SUFFIXES if n.endswith(s)}
    dashboard = json.loads((MONITORING / "grafana-bisama.json").read_text())
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    exprs += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    assert len(exprs) > 20
    for expr in exprs:
        names = named_in(expr)
        assert names, f"no metric in {expr!r}"
        unknown = {n for n in names if n not in ours and n not in base}
        assert not unknown, f"{expr!r} names {sorted(unknown)}, which the server does not export"


def test_backup_gauges_keep_the_newest_good_backup_and_the_last_attempt(ctx) -> None:  # type: ignore[no-untyped-def]
    now = ctx.clock.now()
    kept = [BackupRecord("tenants", now - timedelta(days=3), True, kind="backup")]
    status = BackupStatus(source=lambda: kept)  # records kept by another process
    status.backup_finished("tenants", now - timedelta(days=1), ok=True)
    status.backup_finished("tenants", now - timedelta(days=2), ok=True)
    status.backup_finished("tenants", now - timedelta(hours=2), ok=False)
    summary = status.summary()
    assert summary.last_ok["tenants"].finished_at == now - timedelta(days=1)
    assert not summary.last_try["tenants"].ok
    gauges = {g.name: g for g in backup_gauges(summary, now)}
    assert gauges["bisama_backup_age_seconds"].samples[0].value == 86400
    assert "bisama_restore_drill_failed" not in gauges  # no drill recorded: no gauge
    assert BackupStatus().summary().empty
