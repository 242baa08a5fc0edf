"""The operator's side of the directory: adding and listing database servers, checking
that each answers at this server's schema head, and telling where a tenant lives."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from sync_server.audit.models import SYSTEM_TENANT
from sync_server.audit.services import Actor, record
from sync_server.db.engine import describe, make_engine
from sync_server.db.migrate import current_revision, head_revision
from sync_server.directory.models import SYSTEM_SERVER, DbServer
from sync_server.directory.servers import check_server_name, password_variable, stored_url
from sync_server.errors import AlreadyExists, NotFound
from sync_server.tenants.models import Tenant
from sync_server.tenants.services import normalise_domain, require_tenant

if TYPE_CHECKING:
    from sync_server.context import ServerContext


def add_server(ctx: ServerContext, actor: Actor, *, name: str, url: str, default: bool = False,
               new_tenants: bool = True) -> dict[str, Any]:
    """Record a database server tenants may be placed on (its password stays outside:
    ``servers.py``). ``default``: new tenants go there unless told otherwise."""
    name = check_server_name(name)
    if name == SYSTEM_SERVER:
        raise AlreadyExists("“system” is the system database itself; give the server another "
                            "name.")
    stored, engine = stored_url(url)
    now = ctx.clock.now()
    with ctx.sessions() as session, session.begin():
        if session.get(DbServer, name) is not None:
            raise AlreadyExists(f"A database server called {name} exists already.")
        if default:
            session.execute(update(DbServer).values(is_default=False))
        session.add(DbServer(name=name, engine=engine, url=stored,
                             accepts_new_tenants=new_tenants, is_default=default,
                             created_at=now, updated_at=now))
    with ctx.scope(SYSTEM_TENANT) as audit:
        record(ctx, audit, actor, "server.add", subject=name,
               detail={"url": describe(stored), "default": default, "new_tenants": new_tenants})
    return {"name": name, "engine": engine, "url": describe(stored), "default": default,
            "new_tenants": new_tenants, "password_from": password_variable(name)}


def list_servers(ctx: ServerContext) -> list[dict[str, Any]]:
    """``system`` and every added server, with how many tenants each holds."""
    tenants = Counter(p.server for p in ctx.directory.placements())
    with ctx.system() as session:
        rows = list(session.scalars(select(DbServer).order_by(DbServer.name)))
    system_url = ctx.engine.url.render_as_string(hide_password=False)
    listed = [{"name": SYSTEM_SERVER, "engine": make_url(system_url).get_backend_name(),
               "url": describe(system_url), "default": not any(r.is_default for r in rows),
               "new_tenants": True, "tenants": tenants.get(SYSTEM_SERVER, 0)}]
    listed += [{"name": r.name, "engine": r.engine, "url": describe(r.url), "default": r.is_default,
                "new_tenants": r.accepts_new_tenants, "tenants": tenants.get(r.name, 0)}
               for r in rows]
    return listed


def servers_and_tenants(ctx: ServerContext) -> list[dict[str, Any]]:
    """For the admin System page: each server (``list_servers``) with the domains of
    the tenants on it and the database each is in."""
    with ctx.system() as session:
        domains = {row[0]: row[1] for row in session.execute(select(Tenant.id, Tenant.domain))}
    placed: dict[str, list[dict[str, Any]]] = {}
    for placement in ctx.directory.placements():
        placed.setdefault(placement.server, []).append(
            {"domain": domains.get(placement.tenant_id, str(placement.tenant_id)),
             "database": placement.database, "state": placement.state})
    return [{**server, "placed": sorted(placed.get(server["name"], []),
                                        key=lambda p: p["domain"])}
            for server in list_servers(ctx)]


def check_servers(ctx: ServerContext) -> list[dict[str, Any]]:
    """Each database a tenant lives in (and each server's own database): does it
    answer, and at which schema revision. ``ok`` is answering at this server's head."""
    head = head_revision()
    with ctx.system() as session:
        names = [SYSTEM_SERVER, *session.scalars(select(DbServer.name).order_by(DbServer.name))]
    wanted: dict[tuple[str, str | None], int] = {(name, None): 0 for name in names}
    for placement in ctx.directory.placements():
        key = (placement.server, placement.database)
        wanted[key] = wanted.get(key, 0) + 1
    results = []
    for (server, database), tenants in sorted(wanted.items(), key=lambda i: (
            i[0][0] != SYSTEM_SERVER, i[0][0], i[0][1] or "")):
        entry: dict[str, Any] = {"server": server, "database": database, "tenants": tenants}
        try:
            url = ctx.directory.url_of(server, database)
            entry["url"] = describe(url)
            engine = make_engine(url, pool_size=1)
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                revision = current_revision(engine)
            finally:
                engine.dispose()
        except Exception as exc:  # every failure is the operator's to read
            entry.update(ok=False, revision=None, problem=str(exc).splitlines()[0][:300])
        else:
            # A server's shared database no tenant uses yet may be empty: it is upgraded
            # when the first tenant is placed there.
            fine = revision == head or (revision is None and tenants == 0)
            entry.update(ok=fine, revision=revision,
                         problem=None if fine else
                         f"schema {revision or 'none'}, this server needs {head}: "
                         f"bisama-sync db upgrade --db '{entry['url']}'")
        results.append(entry)
    return results


def upgrade_servers(ctx: ServerContext) -> list[dict[str, Any]]:
    """Bring every tenant database of the directory (not the system database: that is
    ``db upgrade``) to this server's schema head; each database's migrations run in
    their own transactions, as ``db upgrade``'s. Back them up first."""
    from sync_server.db.migrate import upgrade

    done = []
    for entry in check_servers(ctx):
        if entry["server"] == SYSTEM_SERVER and entry["database"] is None:
            continue
        if entry["revision"] is None and entry["tenants"] == 0:
            continue  # an unused shared database: upgraded when a tenant is placed there
        step: dict[str, Any] = {"server": entry["server"], "database": entry["database"],
                                "before": entry["revision"]}
        if entry.get("url") is None:  # no URL: the server is not known
            step.update(ok=False, after=None, problem=entry["problem"])
        else:
            engine = make_engine(ctx.directory.url_of(entry["server"], entry["database"]),
                                 pool_size=1)
            try:
                upgrade(engine)
                step.update(ok=True, after=current_revision(engine), problem=None)
            except Exception as exc:  # the operator reads every failure
                step.update(ok=False, after=None, problem=str(exc).splitlines()[0][:300])
            finally:
                engine.dispose()
        done.append(step)
    return done


def where(ctx: ServerContext, domain: str) -> dict[str, Any]:
    """Where the tenant of ``domain`` lives."""
    tenant = require_tenant(ctx, normalise_domain(domain))
    placement = ctx.directory.placement(tenant.id, fresh=True)
    try:
        url = describe(ctx.directory.url_of(placement.server, placement.database))
    except NotFound:
        url = None
    return {"tenant_id": tenant.id, "domain": tenant.domain, **placement.to_json(), "url": url}
