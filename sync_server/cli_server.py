"""``bisama-sync serve`` and ``bisama-sync db …``: running the server and its schema."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from sync_server.cli import UsageError, database_options, emit, say
from sync_server.db.engine import DEFAULT_FILE, describe, resolve_url, server_home


def _open(args: argparse.Namespace, *, require_schema: bool = True) -> Any:
    from sync_server.context import ServerContext
    from sync_server.db.migrate import require_current

    ctx = ServerContext.open(resolve_url(args.db))
    if require_schema:
        try:
            require_current(ctx.engine)
        except Exception:
            ctx.close()
            raise
    return ctx


def _is_new_default(url: str, explicit: str | None) -> bool:
    """The default SQLite file, not created yet: ``serve`` may set it up by itself."""
    import os

    from sync_server.db.engine import ENV_URL

    if explicit or os.environ.get(ENV_URL):
        return False
    path = server_home() / DEFAULT_FILE
    return url.endswith(str(path)) and (not path.exists() or path.stat().st_size == 0)


def default_push_processes(url: str) -> int:
    """``serve``'s default ``--push-processes``: one per core (at most 4) where the
    database takes writers side by side; none on SQLite or a one-core machine."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if url.startswith("sqlite") or not cores or cores < 2:
        return 0
    return min(cores, 4)


def default_push_order(url: str, workers: int) -> str:
    """``serve``'s default ``--push-order``: in the database (``sync.order``) wherever
    another process may share the database — PostgreSQL and MariaDB, which replicas
    behind a balancer use, or several ``--workers``; one SQLite process keeps the order
    in its memory (its single writer would only queue the extra rows)."""
    return "process" if url.startswith("sqlite") and workers == 1 else "database"


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from sync_server.context import ServerContext
    from sync_server.db.engine import ENV_URL
    from sync_server.db.migrate import require_current, upgrade
    from sync_server.web.factory import (
        ENV_POOL_SIZE,
        ENV_PUSH_ORDER,
        ENV_PUSH_PROCESSES,
        ENV_PUSH_WORKERS,
        ENV_SERVER_NAMES,
        app_from_environment,
    )

    if args.workers < 1 or args.push_workers < 1 or args.pool_size < 1:
        raise UsageError("--workers, --push-workers and --pool-size are at least 1")
    if args.push_processes is not None and args.push_processes < 0:
        raise UsageError("--push-processes is 0 or more")
    url = resolve_url(args.db)
    push_processes = (args.push_processes if args.push_processes is not None
                      else default_push_processes(url))
    fresh = _is_new_default(url, args.db)
    ctx = ServerContext.open(url, pool_size=1)
    try:
        if fresh:
            # A first run with no --db: set up the embedded database so a newcomer needs
            # no setup. Any other database is only ever upgraded on purpose.
            upgrade(ctx.engine)
            say(f"Created a new database at {describe(url)}")
        require_current(ctx.engine)
        # Tenant databases of the directory: one that is down or behind is said here,
        # but does not keep the server (and every other tenant) from starting.
        from sync_server.directory.admin import check_servers

        for problem in check_servers(ctx):
            if not problem["ok"]:
                database = problem["database"] or "its database"
                say(f"warning: server {problem['server']}, {database} "
                    f"({problem['tenants']} tenants): {problem['problem']}")
    finally:
        ctx.close()
    from sync_server.dashboard.settings import ENV_BASE_DOMAIN, ENV_DEFAULT_TENANT, ENV_INSECURE

    if args.base_domain:
        os.environ[ENV_BASE_DOMAIN] = args.base_domain
    if args.default_tenant:
        os.environ[ENV_DEFAULT_TENANT] = args.default_tenant
    if args.insecure_cookies:
        os.environ[ENV_INSECURE] = "1"
    if args.public_url:
        from sync_server.dashboard.settings import ENV_PUBLIC_URL

        os.environ[ENV_PUBLIC_URL] = args.public_url
    if args.ops_token_file:
        from sync_server.web.factory import ENV_OPS_TOKEN

        try:
            token = Path(args.ops_token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"Cannot read the operator token file {args.ops_token_file}: "
                             f"{exc.strerror}") from None
        if len(token) < 16:
            raise UsageError("The operator token file must hold a token of at least 16 "
                             "characters (e.g. the output of `openssl rand -hex 32`).")
        os.environ[ENV_OPS_TOKEN] = token
    os.environ.update({ENV_URL: url, ENV_POOL_SIZE: str(args.pool_size),
                       ENV_PUSH_WORKERS: str(args.push_workers),
                       ENV_PUSH_PROCESSES: str(push_processes),
                       ENV_PUSH_ORDER: args.push_order or default_push_order(url, args.workers),
                       ENV_SERVER_NAMES: ",".join(args.server_name or ())})
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    say(f"Bisama sync server on http://{args.host}:{args.port} using {describe(url)}"
        + (f" ({args.workers} worker processes)" if args.workers > 1 else "")
        + (f", pushes in {push_processes} helper processes per worker" if push_processes else ""))
    common = {"host": args.host, "port": args.port, "log_level": args.log_level,
              "proxy_headers": True, "timeout_graceful_shutdown": 10}
    if args.workers > 1:
        uvicorn.run("sync_server.web.factory:app_from_environment", factory=True,
                    workers=args.workers, **common)
    else:
        uvicorn.run(app_from_environment(), **common)
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from sync_server.db.migrate import schema_state, upgrade

    ctx = _open(args, require_schema=False)
    try:
        before = schema_state(ctx.engine)
        upgrade(ctx.engine)
        after = schema_state(ctx.engine)
    finally:
        ctx.close()
    data = {"database": describe(resolve_url(args.db)), "from": before.current, "to": after.current}
    emit(args, data, f"Database {data['database']} is at schema {after.current}"
         + (f" (was {before.current or 'empty'})" if before.current != after.current else
            " (already up to date)"))
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    from sync_server.db.migrate import schema_state

    ctx = _open(args, require_schema=False)
    try:
        state = schema_state(ctx.engine)
    finally:
        ctx.close()
    data = {"database": describe(resolve_url(args.db)), "current": state.current,
            "head": state.head, "ready": state.ready}
    emit(args, data, f"{data['database']}: schema {state.current or 'none'}, this server needs "
         f"{state.head} — {'ready' if state.ready else 'run `bisama-sync db upgrade`'}")
    return 0 if state.ready else 1


def add_server_commands(commands: Any) -> None:
    common = database_options()
    serve = commands.add_parser("serve", parents=[common], help="run the sync server",
                                description="Serve the sync API, /api/health and /metrics.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8470, help="port (default 8470)")
    serve.add_argument("--server-name", action="append", metavar="NAME",
                       help="a host name of the server itself (not a tenant's); repeatable")
    serve.add_argument("--pool-size", type=int, default=10,
                       help="database connections per worker process (default 10)")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (default 1; one per CPU core for many tills)")
    serve.add_argument("--push-workers", type=int, default=2,
                       help="pushes merged at once per process (default 2)")
    serve.add_argument("--push-processes", type=int, default=None, metavar="N",
                       help="helper processes per worker that run pushes, so that a till's "
                            "next batch is checked while its last one is saved (default: "
                            "one per CPU core, at most 4, on PostgreSQL or MariaDB; 0 on "
                            "SQLite, whose single writer gains nothing)")
    serve.add_argument("--push-order", choices=["database", "process"], default=None,
                       help="where a till's pushes are put in seq order: 'database' across "
                            "every server process on the database (replicas behind a "
                            "balancer), 'process' in this process's memory only (default: "
                            "database, except one process on SQLite)")
    serve.add_argument("--default-tenant", metavar="DOMAIN",
                       help="the tenant the dashboard serves on the server's own address "
                            "(127.0.0.1, localhost, an IP): a single shop or the demo")
    serve.add_argument("--base-domain", metavar="DOMAIN",
                       help="lets NAME.localhost stand for NAME.DOMAIN on a local install, "
                            "e.g. --base-domain bisamapos.com serves acme.bisamapos.com at "
                            "http://acme.localhost:8470/dashboard/")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address tills reach this server at, printed with enrollment "
                            "codes (or set BISAMA_PUBLIC_URL); default: the address the "
                            "administrator's browser used")
    serve.add_argument("--insecure-cookies", action="store_true",
                       help="dashboard cookies without the Secure flag, for plain http on a "
                            "LAN address (behind HTTPS leave it off)")
    serve.add_argument("--ops-token-file", metavar="PATH",
                       help="a file holding the operator token: /metrics and "
                            "/api/openapi.json answer only requests with 'Authorization: "
                            "Bearer TOKEN' (or set BISAMA_OPS_TOKEN); without one they are off")
    serve.add_argument("--log-level", default="info",
                       choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="the database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    upgrade = db_commands.add_parser("upgrade", parents=[common],
                                     help="create or upgrade the tables to this server's schema")
    upgrade.set_defaults(handler=cmd_db_upgrade)
    status = db_commands.add_parser("status", parents=[common],
                                    help="say whether the database schema is up to date")
    status.set_defaults(handler=cmd_db_status)
    from sync_server.cli_operations import add_db_care_commands

    add_db_care_commands(db_commands)
