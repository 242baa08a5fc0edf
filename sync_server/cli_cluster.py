"""``bisama-sync cluster status``: which database node leads and how far behind the
others are — from Patroni's REST API (``--patroni``), else from the database ``--db``
names (PostgreSQL's streaming replication, or a Galera node's ``wsrep_`` status).
Exit status 0 when the cluster can take writes, 1 when it cannot: usable from a
monitoring check."""

from __future__ import annotations

import argparse
from typing import Any

from sync_server.cli import database_options, emit, table


def cmd_cluster_status(args: argparse.Namespace) -> int:
    from sync_server.cluster.galera import galera_status
    from sync_server.cluster.patroni import patroni_members, postgres_replication
    from sync_server.db.engine import describe, make_engine, resolve_url

    if args.patroni:
        members = patroni_members(args.patroni)
        return _members(args, "patroni", members)
    url = resolve_url(args.db)
    engine = make_engine(url, pool_size=1)
    try:
        backend = engine.url.get_backend_name()
        if backend == "postgresql":
            return _members(args, "postgresql", postgres_replication(engine))
        if backend == "mysql":
            status = galera_status(engine)
            if status is None:
                emit(args, {"kind": "mariadb", "galera": None},
                     f"{describe(url)} is a single MariaDB server (not a Galera node).")
                return 0
            data = {"kind": "galera", **status.to_json()}
            emit(args, data, f"Galera: {status.cluster_size} node(s), {status.cluster_status}, "
                 f"this node {status.local_state}"
                 + ("" if status.ready else ", NOT READY for queries") + ".")
            return 0 if status.healthy else 1
        emit(args, {"kind": "sqlite"}, "An SQLite file: a single server, no cluster.")
        return 0
    finally:
        engine.dispose()


def _members(args: argparse.Namespace, kind: str, members: list[Any]) -> int:
    leaders = [m for m in members if m.role in ("leader", "standby_leader")
               and m.state in ("running", "streaming")]
    rows = [m.to_json() for m in members]
    emit(args, {"kind": kind, "members": rows, "leader": leaders[0].name if leaders else None},
         lambda _d: table(rows, ["name", "role", "state", "address", "lag_bytes", "timeline"])
         + ("" if leaders else "\nNO LEADER: writes fail until one is elected."))
    return 0 if leaders else 1


def add_cluster_commands(commands: Any) -> None:
    cluster = commands.add_parser("cluster", help="the replicated database: leader, standbys, lag")
    sub = cluster.add_subparsers(dest="cluster_command", metavar="CLUSTER_COMMAND")
    p = sub.add_parser("status", parents=[database_options()],
                       help="which node leads, the standbys' lag, the Galera cluster size",
                       description="Show the database cluster: with --patroni, the members as "
                                   "Patroni's REST API reports them; otherwise what the --db "
                                   "database says (PostgreSQL streaming replication, or a "
                                   "Galera node's wsrep status). Exit status 1 when no node "
                                   "can take writes.")
    p.add_argument("--patroni", action="append", metavar="URL",
                   help="a Patroni REST API, e.g. http://10.0.0.11:8008 (repeat for each "
                        "member; the first that answers is asked)")
    p.set_defaults(handler=cmd_cluster_status)
