"""Database care, the seed's monthly maintenance window: ``maintain`` refreshes the
planner's statistics and gives back space (SQLite ``VACUUM``/``ANALYZE``/``PRAGMA
optimize``, PostgreSQL ``VACUUM (ANALYZE)``, MariaDB ``ANALYZE TABLE``/``OPTIMIZE TABLE``);
``health`` says how big the database and its largest tables are, how many connections
are open, the slowest statements (``pg_stat_statements`` or MariaDB's performance
schema, where they are on) and replication (where there is a replica)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from sync_server.db.migrate import current_revision
from sync_server.operations.engines import engine_name


def _sqlite_file(engine: Engine) -> Path:
    return Path(str(make_url(engine.url).database))


def database_size(engine: Engine) -> int:
    kind = engine_name(str(engine.url))
    if kind == "sqlite":
        path = _sqlite_file(engine)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as conn:
        if kind == "postgresql":
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
        return int(conn.execute(text(
            "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables "
            "WHERE table_schema = DATABASE()")).scalar_one())


def maintain(engine: Engine, *, analyze_only: bool = False) -> dict[str, Any]:
    """Run the engine's maintenance; returns what was done, the sizes and the time."""
    kind = engine_name(str(engine.url))
    before = database_size(engine)
    started = time.monotonic()
    done: list[str] = []
    if kind == "sqlite":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            statements = ["ANALYZE", "PRAGMA optimize"]
            if not analyze_only:
                statements += ["VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"]
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()
                done.append(statement)
        finally:
            raw.close()
    elif kind == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            statement = "ANALYZE" if analyze_only else "VACUUM (ANALYZE)"
            conn.exec_driver_sql(statement)
            done.append(statement)
    else:
        with engine.connect() as conn:
            tables = [r[0] for r in conn.exec_driver_sql(
                "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")]
            quoted = ", ".join(f"`{t}`" for t in tables)
            for verb in (["ANALYZE"] if analyze_only else ["OPTIMIZE", "ANALYZE"]):
                result = conn.exec_driver_sql(f"{verb} TABLE {quoted}").all()
                problems = [r for r in result if str(r[2]).lower() == "error"]
                if problems:
                    raise RuntimeError(f"{verb} TABLE failed: {problems}")
                done.append(f"{verb} TABLE ({len(tables)} tables)")
            conn.commit()
    return {"engine": kind, "done": done, "size_before": before,
            "size_after": database_size(engine), "seconds": round(time.monotonic() - started, 3)}


def _table_sizes(conn: Connection, kind: str, top: int) -> list[dict[str, Any]]:
    if kind == "postgresql":
        rows = conn.execute(text(
            "SELECT relname, pg_total_relation_size(relid), n_live_tup FROM pg_stat_user_tables "
            "ORDER BY 2 DESC LIMIT :top"), {"top": top})
    elif kind == "mariadb":
        rows = conn.execute(text(
            "SELECT table_name, data_length + index_length, table_rows FROM "
            "information_schema.tables WHERE table_schema = DATABASE() AND "
            "table_type = 'BASE TABLE' ORDER BY 2 DESC LIMIT :top"), {"top": top})
    else:
        try:
            rows = conn.execute(text(
                "SELECT name, SUM(pgsize), NULL FROM dbstat GROUP BY name ORDER BY 2 DESC "
                "LIMIT :top"), {"top": top})
        except Exception:  # dbstat is not compiled into every SQLite
            return []
    return [{"table": str(r[0]), "bytes": int(r[1] or 0),
             "rows_estimate": None if r[2] is None else int(r[2])} for r in rows]


def _connections(conn: Connection, kind: str) -> dict[str, Any]:
    if kind == "postgresql":
        states = {str(r[0] or "other"): int(r[1]) for r in conn.execute(text(
            "SELECT state, COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "GROUP BY state"))}
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
        return {"open": sum(states.values()), "by_state": states, "max": limit}
    if kind == "mariadb":
        status: dict[str, Any] = {str(r[0]): r[1] for r in conn.execute(
            text("SHOW GLOBAL STATUS LIKE 'Threads_connected'"))}
        limit = conn.execute(text("SELECT @@max_connections")).scalar_one()
        return {"open": int(status.get("Threads_connected", 0)), "max": int(limit)}
    return {"open": None, "note": "SQLite is a file inside the server process: no connections"}


def _slow(conn: Connection, kind: str, top: int) -> dict[str, Any]:
    if kind == "postgresql":
        installed = conn.execute(text(
            "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).first()
        if not installed:
            return {"available": False, "note": "pg_stat_statements is not installed: add it "
                    "to shared_preload_libraries and run CREATE EXTENSION pg_stat_statements"}
        try:
            rows = conn.execute(text(
                "SELECT query, calls, total_exec_time, mean_exec_time FROM pg_stat_statements "
                "ORDER BY total_exec_time DESC LIMIT :top"), {"top": top}).all()
        except Exception as exc:  # installed but not preloaded
            return {"available": False, "note": f"pg_stat_statements cannot be read: {exc}"}
        return {"available": True, "statements": [
            {"query": str(r[0])[:300], "calls": int(r[1]), "time_ms": round(float(r[2]), 1),
             "mean_ms": round(float(r[3]), 2)} for r in rows]}
    if kind == "mariadb":
        if not conn.execute(text("SELECT @@performance_schema")).scalar_one():
            return {"available": False, "note": "the performance schema is off (set "
                    "performance_schema=ON); the slow query log is the other source"}
        rows = conn.execute(text(
            "SELECT digest_text, count_star, sum_timer_wait / 1000000000, avg_timer_wait / "
            "1000000000 FROM performance_schema.events_statements_summary_by_digest WHERE "
            "schema_name = DATABASE() ORDER BY sum_timer_wait DESC LIMIT :top"),
            {"top": top}).all()
        return {"available": True, "statements": [
            {"query": str(r[0])[:300], "calls": int(r[1]), "time_ms": round(float(r[2]), 1),
             "mean_ms": round(float(r[3]), 2)} for r in rows]}
    return {"available": False, "note": "SQLite keeps no statement statistics"}


def _replication(conn: Connection, kind: str) -> dict[str, Any]:
    if kind == "postgresql":
        if conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one():
            lag = conn.execute(text(
                "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")).scalar()
            return {"role": "replica", "lag_seconds": None if lag is None else float(lag)}
        replicas = [{"replica": str(r[0]), "replay_lag": str(r[1])} for r in conn.execute(text(
            "SELECT client_addr, replay_lag FROM pg_stat_replication"))]
        return {"role": "primary", "replicas": replicas}
    if kind == "mariadb":
        try:
            rows = conn.execute(text("SHOW SLAVE STATUS")).mappings().all()
        except Exception:  # needs the REPLICATION CLIENT privilege
            return {"role": "unknown", "note": "no privilege to read the replication status"}
        if not rows:
            return {"role": "primary", "replicas": []}
        return {"role": "replica", "lag_seconds": rows[0].get("Seconds_Behind_Master")}
    return {"role": "none", "note": "SQLite has no replicas"}


def health(engine: Engine, *, top: int = 10) -> dict[str, Any]:
    kind = engine_name(str(engine.url))
    with engine.connect() as conn:
        report = {"engine": kind, "schema_revision": current_revision(engine),
                  "database_bytes": database_size(engine),
                  "connections": _connections(conn, kind),
                  "largest_tables": _table_sizes(conn, kind, top),
                  "slow_statements": _slow(conn, kind, top),
                  "replication": _replication(conn, kind)}
    return report
