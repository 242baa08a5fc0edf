"""``bisama-sync tenant restore``: one tenant put back from a tenant archive or a server
backup, the other tenants untouched — the seed's "Restore Specific Tenant":

1. the source: a tenant archive (``tenant export``) or a backup (``backup run``; decrypted
   and checked against its manifest as ``backup verify`` does);
2. a temporary database: a scratch database of the live engine (``scratch_database``),
   brought to the source's schema, the tenant loaded into it (``import_tenant``, which
   checks every checksum, each table's count and the trial balance against the manifest);
3. the consistency checks: every journal balances, the trial balance sums to zero;
4. the migrations, if needed: the scratch database is upgraded to this server's schema
   and the tenant exported from it again (what is swapped in is always at the live
   schema);
5. the swap, in one transaction on the live database: the tenant's rows are deleted and
   the restored ones inserted, then counted and its trial balance checked again — any
   difference rolls the swap back and nothing has changed. ``--dry-run`` stops before.

What the tills need to carry on is kept, not restored: each till's chain head comes
from the restored envelopes (so its next push is answered ``seq_gap`` with the seq where
the restored chain ends, and it resends the rest); a till revoked or re-keyed since the
copy stays so (and its revocation goes out in the feed again); a till enrolled since is
kept, its chain starting again at 0; the tills' unspent nonces are kept; the audit trail
is append-only, so the live entries stay and the copy's missing ones are added; the
pull feed's versions are moved above every version the tills have seen, so each till
pulls the restored master data again.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, select, text, update

from shared.envelope import GENESIS_HASH
from sync_server.db.engine import make_engine
from sync_server.db.migrate import current_revision, upgrade
from sync_server.operations.engines import engine_name, scratch_database
from sync_server.operations.tenant_archive import (
    BATCH,
    ArchiveError,
    _rows,
    _tables,
    _tenant_census,
    check_archive,
    export_tenant,
    import_tenant,
)

# Kept from the live database rather than restored (see the module text).
KEPT = frozenset({"sync_nonces"})
MERGED = frozenset({"activity_logs"})  # append-only: live entries stay, missing ones added
# What a till's identity and standing are: the live row's values win.
TERMINAL_LIVE = ("status", "revoked_at", "revoked_reason", "public_key")
TENANT_LIVE = ("status", "status_reason", "read_only_until")
# Restored, and may hold more: tills enrolled since the copy, revocations made since.
KEPT_TOO = frozenset({"terminals", "sync_feed"})


class RestoreRefused(ArchiveError):
    code = "tenant_restore"


def is_archive(path: Path) -> bool:
    return path.is_file() and zipfile.is_zipfile(path)


@contextmanager
def _scratch_engine(kind: str, like: str, work: Path) -> Iterator[Engine]:
    with scratch_database(kind, like, work) as url:
        engine = make_engine(url, pool_size=1)
        try:
            yield engine
        finally:
            engine.dispose()


def _ledger_problems(found: dict[str, Any]) -> list[str]:
    problems = [f"journal {j[1]} does not balance" for j in found["unbalanced_journals"]]
    tb = found["trial_balance"]
    if tb is not None and tb["debit"] != tb["credit"]:
        problems.append(f"the trial balance does not sum to zero (debits {tb['debit']}, "
                        f"credits {tb['credit']} pesewas)")
    return problems


def prepare_from_archive(archive: Path, domain: str, *, live_url: str, work: Path,
                         steps: list[str]) -> Path:
    """Steps 2–4 for a tenant archive; returns an archive at the live schema."""
    manifest = check_archive(archive)
    if manifest["tenant"]["domain"] != domain:
        raise RestoreRefused(f"{archive.name} is the archive of {manifest['tenant']['domain']}, "
                             f"not of {domain}.")
    steps.append(f"{archive.name}: every checksum matches its manifest")
    with _scratch_engine(engine_name(live_url), live_url, work) as scratch:
        upgrade(scratch, manifest["schema_revision"])
        import_tenant(scratch, archive)
        steps.append("loaded into a temporary database: each table's count and the trial "
                     "balance equal the archive's")
        return _checked_export(scratch, domain, work, steps)


def prepare_from_backup(key: bytes, file: Path, manifest_path: Path, domain: str, *,
                        live_url: str, work: Path, steps: list[str]) -> Path:
    """Steps 1–4 for a server backup; returns an archive of the tenant at the live schema."""
    from sync_server.operations.engines import BackupFailed, census_of, load
    from sync_server.operations.verify import Report, _decrypted, compare, read_manifest

    report = Report(file.name)
    manifest = read_manifest(key, manifest_path, report)
    plain = _decrypted(key, file, manifest, work, report)
    if plain is None or manifest is None or not report.ok:
        raise RestoreRefused(f"{file.name} cannot be used: " + "; ".join(report.problems))
    kind = str(manifest.get("engine"))
    if kind != engine_name(live_url):
        raise RestoreRefused(f"{file.name} is a {kind} backup; this server runs on "
                             f"{engine_name(live_url)}. Use a tenant archive instead.")
    with _scratch_engine(kind, live_url, work) as scratch:
        url = scratch.url.render_as_string(hide_password=False)
        try:
            load(kind, plain, url)
        except BackupFailed as exc:
            raise RestoreRefused(f"{file.name} does not restore: {exc}") from None
        compare(manifest, census_of(url), report)
        if not report.ok:
            raise RestoreRefused(f"{file.name} does not check out: "
                                 + "; ".join(report.problems[:10]))
        steps.append(f"{file.name} restored into a temporary database: every count and "
                     "trial balance equals its manifest")
        return _checked_export(scratch, domain, work, steps)


def _checked_export(scratch: Engine, domain: str, work: Path, steps: list[str]) -> Path:
    from sync_server.tenants.models import Tenant

    tenants = Tenant.__table__
    with scratch.connect() as conn:
        row = conn.execute(select(tenants.c.id).where(tenants.c.domain == domain)).first()
        if row is None:
            raise RestoreRefused(f"The copy has no tenant {domain}.")
        problems = _ledger_problems(_tenant_census(conn, int(row.id)))
    if problems:
        raise RestoreRefused("The copy of the tenant does not check out: " + "; ".join(problems))
    steps.append("consistency checks: every journal balances, the trial balance sums to zero")
    before = current_revision(scratch)
    upgrade(scratch)
    after = current_revision(scratch)
    if before != after:
        steps.append(f"migrations run on the temporary database: schema {before} → {after}")
    out = work / "restored.zip"
    export_tenant(scratch, domain, out)
    return out


def _counts(conn: Connection, tenant: int) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)
                                     .where(t.c.tenant_id == tenant)).scalar_one())
            for t in _tables()}


def plan(engine: Engine, archive: Path, domain: str) -> dict[str, Any]:
    """What a swap would change: each table's live and restored row counts."""
    from sync_server.tenants.models import Tenant

    manifest = check_archive(archive)
    tenants = Tenant.__table__
    with engine.connect() as conn:
        row = conn.execute(select(tenants.c.id).where(tenants.c.domain == domain)).first()
        if row is None:
            raise RestoreRefused(f"There is no tenant {domain} on this server; to bring a "
                                 "tenant to a server without it use `tenant import`.")
        tenant = int(row.id)
        live = _counts(conn, tenant)
    if tenant != manifest["tenant"]["id"]:
        raise RestoreRefused(f"The copy is of tenant id {manifest['tenant']['id']}, but {domain} "
                             f"is tenant id {tenant} on this server.")
    return {"tenant": {"id": tenant, "domain": domain},
            "tables": [{"table": name, "live": live[name],
                        "restored": manifest["files"].get(name, {}).get("rows", 0)}
                       for name in sorted(live)
                       if live[name] or manifest["files"].get(name, {}).get("rows", 0)]}


def swap(engine: Engine, archive: Path, domain: str, *, actor: str, now: Any,
         new_id: Any, source: str) -> dict[str, Any]:
    """Step 5 (see the module text). Returns what was done."""
    from sync_server.db.models import metadata

    plan(engine, archive, domain)  # refuses a copy of another tenant
    manifest = check_archive(archive)
    tenant = int(manifest["tenant"]["id"])
    tenants, terminals = metadata.tables["tenants"], metadata.tables["terminals"]
    feed, counter = metadata.tables["sync_feed"], metadata.tables["sync_feed_counters"]
    audit = metadata.tables["activity_logs"]
    tables = _tables()
    notes: list[str] = []
    with engine.begin() as conn, zipfile.ZipFile(archive) as z:
        live_tenant = conn.execute(select(tenants).where(tenants.c.id == tenant)
                                   .with_for_update()).mappings().one()
        live_tills = {r["id"]: dict(r) for r in conn.execute(
            select(terminals).where(terminals.c.tenant_id == tenant)).mappings()}
        seen = int(conn.execute(select(func.coalesce(func.max(counter.c.version), 0))
                                .where(counter.c.tenant_id == tenant)).scalar_one())
        seen = max(seen, int(conn.execute(select(func.coalesce(func.max(feed.c.version), 0))
                                          .where(feed.c.tenant_id == tenant)).scalar_one()))
        audit_ids = set(conn.scalars(select(audit.c.id).where(audit.c.tenant_id == tenant)))
        revocations = [dict(r) for r in conn.execute(select(feed).where(
            feed.c.tenant_id == tenant, feed.c.entity == "revocation")).mappings()]
        deleted = {}
        for table in reversed(tables):  # children first
            if table.name in KEPT or table.name in MERGED:
                continue
            deleted[table.name] = conn.execute(
                delete(table).where(table.c.tenant_id == tenant)).rowcount
        (row,) = list(_rows(z, "tenants", manifest["files"]["tenants"]))
        conn.execute(update(tenants).where(tenants.c.id == tenant).values(
            {k: v for k, v in row.items() if k != "id" and k not in TENANT_LIVE}))
        inserted: dict[str, int] = {}
        restored_tills: set[str] = set()
        for table in tables:  # parents first
            if table.name in KEPT or table.name not in manifest["files"]:
                continue
            batch: list[dict[str, Any]] = []
            count = 0
            for values in _rows(z, table.name, manifest["files"][table.name]):
                if table.name in MERGED and values["id"] in audit_ids:
                    continue
                if table.name == "terminals":
                    restored_tills.add(values["id"])
                    live = live_tills.get(values["id"])
                    if live is not None:
                        values.update({k: live[k] for k in TERMINAL_LIVE})
                batch.append(values)
                count += 1
                if len(batch) >= BATCH:
                    conn.execute(table.insert(), batch)
                    batch = []
            if batch:
                conn.execute(table.insert(), batch)
            inserted[table.name] = count
        branches = set(conn.scalars(select(metadata.tables["tenant_branches"].c.code)
                                    .where(metadata.tables["tenant_branches"].c.tenant_id
                                           == tenant)))
        for till_id, live in live_tills.items():
            if till_id in restored_tills:
                continue
            if live["branch_code"] not in branches:
                notes.append(f"till {live['name']} was enrolled at branch {live['branch_code']}, "
                             "which the copy does not have: enrol it again")
                continue
            conn.execute(terminals.insert(), [live | {"head_seq": 0, "head_hash": GENESIS_HASH,
                                                      "forks": 0}])
            notes.append(f"till {live['name']} was enrolled after the copy was made: kept, "
                         "its chain starts again at 0 (it resends everything)")
        if seen:  # every till pulls the restored master data again
            conn.execute(update(feed).where(feed.c.tenant_id == tenant)
                         .values(version=feed.c.version + seen))
            conn.execute(update(counter).where(counter.c.tenant_id == tenant)
                         .values(version=counter.c.version + seen))
        _keep_revocations(conn, tenant, revocations)
        problems = _check_swapped(conn, tenant, manifest)
        if problems:  # raising rolls the swap back
            raise RestoreRefused("The restored tenant does not check out; nothing was changed: "
                                 + "; ".join(problems))
        if engine_name(str(engine.url)) == "postgresql":
            _bump_sequences(conn, tables)
        detail = {"source": source, "deleted": sum(deleted.values()),
                  "inserted": sum(inserted.values()), "notes": notes,
                  "exported_at": manifest["exported_at"]}
        conn.execute(audit.insert(), [{"id": new_id(), "tenant_id": tenant, "at": now,
                                       "actor_kind": "cli", "actor": actor[:254],
                                       "action": "tenant.restored", "subject": domain,
                                       "detail": json.dumps(detail, sort_keys=True),
                                       "ip": None}])
    return {"tenant": {"id": tenant, "domain": domain, "name": live_tenant["name"]},
            "deleted": deleted, "inserted": inserted, "notes": notes,
            "copy_made_at": manifest["exported_at"]}


def _keep_revocations(conn: Connection, tenant: int, live: list[dict[str, Any]]) -> None:
    """The feed's revocations the copy lacks (a till revoked since) go out again, after
    everything else, so every till learns of them."""
    from sync_server.db.models import metadata

    feed, counter = metadata.tables["sync_feed"], metadata.tables["sync_feed_counters"]
    have = set(conn.scalars(select(feed.c.entity_key).where(
        feed.c.tenant_id == tenant, feed.c.entity == "revocation")))
    missing = [r for r in live if r["entity_key"] not in have]
    if not missing:
        return
    top = conn.execute(select(counter.c.version).where(counter.c.tenant_id == tenant)).scalar()
    if top is None:
        conn.execute(counter.insert(), [{"tenant_id": tenant, "version": 0}])
        top = 0
    for n, row in enumerate(missing, start=1):
        conn.execute(feed.insert(), [row | {"version": int(top) + n}])
    conn.execute(update(counter).where(counter.c.tenant_id == tenant)
                 .values(version=int(top) + len(missing)))


def _check_swapped(conn: Connection, tenant: int, manifest: dict[str, Any]) -> list[str]:
    found = _tenant_census(conn, tenant)
    problems = _ledger_problems(found)
    if found["trial_balance"] != manifest["trial_balance"]:
        problems.append("the trial balance differs from the copy's")
    for name, expected in manifest["files"].items():
        if name == "tenants" or name in KEPT:
            continue
        got = found["tables"].get(name, 0)
        short = got < expected["rows"] if name in MERGED | KEPT_TOO else got != expected["rows"]
        if short:
            problems.append(f"{name}: {got} rows, the copy has {expected['rows']}")
    return problems


def _bump_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: serial keys continue after the highest restored value."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                    column.autoincrement == "auto" and len(table.primary_key.columns) == 1
                    and column.type.python_type is int):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 1)) "
                    f"WHERE pg_get_serial_sequence('{table.name}', '{column.name}') IS NOT NULL"))


__all__ = ["RestoreRefused", "is_archive", "plan", "prepare_from_archive",
           "prepare_from_backup", "swap"]
