"""Building the application for a server process, from the environment (used by
``bisama-sync serve``, directly or in each of its ``--workers`` processes)."""

from __future__ import annotations

import gc
import os

from fastapi import FastAPI

from sync_server.context import ServerContext
from sync_server.dashboard.settings import DashboardSettings
from sync_server.db.engine import ENV_URL, resolve_url
from sync_server.db.migrate import require_current
from sync_server.messaging.recipients import notifier_from_environment
from sync_server.notify import MailNotifier
from sync_server.web.app import create_app

ENV_SERVER_NAMES = "BISAMA_SERVER_NAMES"
ENV_POOL_SIZE = "BISAMA_POOL_SIZE"
ENV_PUSH_WORKERS = "BISAMA_PUSH_WORKERS"
ENV_PUSH_PROCESSES = "BISAMA_PUSH_PROCESSES"
ENV_PUSH_ORDER = "BISAMA_PUSH_ORDER"  # "database" (sync.order) or "process"
ENV_OPS_TOKEN = "BISAMA_OPS_TOKEN"  # noqa: S105 - a variable name, not a secret


def tune_garbage_collector() -> None:
    """A push allocates hundreds of thousands of short-lived, acyclic objects (parsed
    envelopes, rows); CPython's default collector thresholds then run full collections
    over the whole heap many times per batch (20 % of a push's time, measured). Freeze
    what start-up made and collect far less often; reference counting frees the rest.
    A young generation of 500,000 objects (a batch's worth) rather than 50,000: 4 % of a
    push's check time less again (bench sync_push, alternated; docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(500_000, 50, 100)


def app_from_environment() -> FastAPI:
    ctx = ServerContext.open(resolve_url(os.environ.get(ENV_URL)),
                             pool_size=int(os.environ.get(ENV_POOL_SIZE, "10")))
    require_current(ctx.engine)
    ctx.notifier = notifier_from_environment(ctx, os.environ)  # e-mail when SMTP is set
    names = frozenset(n for n in os.environ.get(ENV_SERVER_NAMES, "").split(",") if n)
    app = create_app(ctx, server_names=names,
                     push_workers=int(os.environ.get(ENV_PUSH_WORKERS, "2")),
                     push_processes=int(os.environ.get(ENV_PUSH_PROCESSES, "0")),
                     shared_order=os.environ.get(ENV_PUSH_ORDER, "process") == "database",
                     dashboard=DashboardSettings.from_environment(),
                     ops_token=os.environ.get(ENV_OPS_TOKEN) or None)
    if isinstance(ctx.notifier, MailNotifier):
        # At shutdown, send what is queued before the process ends.
        app.router.add_event_handler("shutdown", ctx.notifier.close)
    tune_garbage_collector()
    return app
