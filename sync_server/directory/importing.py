"""``tenant import ARCHIVE --database-server NAME [--own-database]``: a tenant archive
loaded into the database the directory chooses, then its ``tenants`` row and placement
recorded in the system database. Without the options, or for ``system``, the archive is
loaded into the system database as before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from sync_server.db.engine import make_engine
from sync_server.directory.placing import (
    choose_target,
    create_database,
    drop_database,
    place,
    prepare_database,
)
from sync_server.operations.tenant_archive import (
    ArchiveError,
    archived_tenant_row,
    check_archive,
    import_tenant,
)
from sync_server.tenants.models import Tenant

if TYPE_CHECKING:
    from sync_server.context import ServerContext


def import_placed(ctx: ServerContext, path: Path, *, server: str | None = None,
                  own_database: bool = False) -> dict[str, Any]:
    """Load the archive at ``path`` where the directory places it (see the module text).
    The copy in the tenant's database is checked (counts, trial balance) before the
    system database learns of the tenant; an own database made here is dropped again
    when anything fails."""
    manifest = check_archive(path)
    domain = str(manifest["tenant"]["domain"])
    target = choose_target(ctx, server, own_database, domain)
    if target.on_system_database:
        return import_tenant(ctx.engine, path) | {"server": target.server, "database": None}
    row = archived_tenant_row(path)
    with ctx.system() as session:
        clash = session.execute(select(Tenant.id, Tenant.domain).where(
            (Tenant.id == row["id"]) | (Tenant.domain == domain))).first()
    if clash is not None:
        raise ArchiveError(f"This server already has tenant {clash.id} ({clash.domain}); "
                           "import into a server without it.")
    created = create_database(ctx, target)
    try:
        prepare_database(ctx, target)
        engine = make_engine(ctx.directory.url_of(target.server, target.database), pool_size=1)
        try:
            data = import_tenant(engine, path)
        finally:
            engine.dispose()
        with ctx.sessions() as session, session.begin():
            session.add(Tenant(**row))
            session.flush()
            place(session, int(row["id"]), target, ctx.clock.now())
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT setval(pg_get_serial_sequence('tenants', 'id'), "
                                     "(SELECT MAX(id) FROM tenants))"))
    except BaseException:
        if created:
            drop_database(ctx, target)
        raise
    ctx.directory.forget(int(row["id"]))
    return data | {"server": target.server, "database": target.database}
