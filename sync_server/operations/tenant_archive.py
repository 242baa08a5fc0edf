"""One tenant at a time: ``tenant export`` writes every row of one tenant as a
checksummed archive; ``tenant import`` loads it into another server (or a scratch
database) and checks it.

The archive is a zip: ``manifest.json`` (the tenant, schema revision, time, every
table's row count and the sha256 of its file, the tenant's trial balance),
``manifest.sha256`` (the manifest's own checksum) and ``tables/<table>.jsonl``, one JSON
object per row. Values JSON has no type for are tagged: ``{"$t": ISO}`` a timestamp,
``{"$d": ISO}`` a date, ``{"$b": base64}`` bytes, ``{"$n": text}`` a decimal.

The rows are read in one consistent transaction (a snapshot on PostgreSQL and MariaDB).
This is an operator's tool: it reads and writes the tables directly, across the
``TenantScope``, for exactly one tenant id, and refuses to import over a tenant that
is there already.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, text

from shared.errors import BisamaError
from sync_server.db.migrate import current_revision
from sync_server.operations.engines import census, engine_name

BATCH = 1000


class ArchiveError(BisamaError):
    code = "tenant_archive"


def _tables() -> list[Table]:
    from sync_server.db.models import metadata

    # ``tenant_placements`` says where a tenant lives, not what it owns: an archive
    # neither carries nor restores it (the directory places an imported tenant).
    return [t for t in metadata.sorted_tables
            if "tenant_id" in t.c and t.name != "tenant_placements"]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, body), = value.items()
        if tag == "$t":
            parsed = datetime.fromisoformat(body)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if tag == "$d":
            return date.fromisoformat(body)
        if tag == "$b":
            return base64.b64decode(body)
        if tag == "$n":
            return Decimal(body)
    return value


def _tenant_census(conn: Connection, tenant: int) -> dict[str, Any]:
    full = census(conn)
    key = str(tenant)
    tables = {name: t["tenants"].get(key, 0) for name, t in full["tables"].items()
              if "tenants" in t}
    return {"revision": full["revision"], "tables": tables,
            "trial_balance": full["trial_balance"].get(key),
            "unbalanced_journals": [j for j in full["unbalanced_journals"] if j[0] == key]}


def export_tenant(engine: Engine, domain: str, out: Path) -> dict[str, Any]:
    """Write the archive of the tenant with ``domain`` to ``out``; returns its manifest."""
    from sync_server.tenants.models import Tenant

    if out.exists():
        raise ArchiveError(f"{out} exists already; give a new file name.")
    kind = engine_name(str(engine.url))
    with engine.connect() as plain:
        conn = plain if kind == "sqlite" else plain.execution_options(
            isolation_level="REPEATABLE READ")
        with conn.begin():
            row = conn.execute(select(Tenant.__table__).where(
                Tenant.__table__.c.domain == domain)).mappings().first()
            if row is None:
                raise ArchiveError(f"There is no tenant {domain}.")
            tenant = int(row["id"])
            files: dict[str, Any] = {}
            partial = out.with_name(out.name + ".partial")
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for table in [Tenant.__table__, *_tables()]:
                    assert isinstance(table, Table)
                    key = table.c.id if table.name == "tenants" else table.c.tenant_id
                    digest = hashlib.sha256()
                    count = 0
                    with archive.open(f"tables/{table.name}.jsonl", "w") as sink:
                        for values in conn.execute(select(table).where(key == tenant)
                                                   .order_by(*table.primary_key.columns)):
                            line = (json.dumps({k: _encode(v) for k, v in
                                                values._mapping.items()},
                                               sort_keys=True, separators=(",", ":"))
                                    + "\n").encode()
                            digest.update(line)
                            sink.write(line)
                            count += 1
                    files[table.name] = {"rows": count, "sha256": digest.hexdigest()}
                counted = _tenant_census(conn, tenant)
                manifest = {"format": 1, "tenant": {"id": tenant, "domain": row["domain"],
                                                    "name": row["name"]},
                            "engine": kind, "schema_revision": counted["revision"],
                            "exported_at": datetime.now(UTC).isoformat(), "files": files,
                            "trial_balance": counted["trial_balance"]}
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                archive.writestr("manifest.json", body)
                archive.writestr("manifest.sha256", hashlib.sha256(body).hexdigest() + "\n")
    partial.rename(out)
    return manifest


def _read(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        body = archive.read("manifest.json")
        checksum = archive.read("manifest.sha256").decode().strip()
    except KeyError:
        raise ArchiveError("This is not a Bisama tenant archive (no manifest).") from None
    if hashlib.sha256(body).hexdigest() != checksum:
        raise ArchiveError("The archive's manifest does not match its checksum.")
    manifest: dict[str, Any] = json.loads(body)
    return manifest


def _rows(archive: zipfile.ZipFile, name: str, expected: dict[str, Any]) -> Iterator[dict[str, Any]]:
    digest = hashlib.sha256()
    count = 0
    with archive.open(f"tables/{name}.jsonl") as source:
        for line in source:
            digest.update(line)
            count += 1
            yield {k: _decode(v) for k, v in json.loads(line).items()}
    if digest.hexdigest() != expected["sha256"] or count != expected["rows"]:
        raise ArchiveError(f"tables/{name}.jsonl does not match its checksum in the manifest "
                           "(changed or damaged); nothing was imported.")


def archived_tenant_row(path: Path) -> dict[str, Any]:
    """The archive's ``tenants`` row, as it was exported (checked against the manifest)."""
    with zipfile.ZipFile(path) as archive:
        manifest = _read(archive)
        rows = list(_rows(archive, "tenants", manifest["files"]["tenants"]))
    if len(rows) != 1:
        raise ArchiveError("The archive does not hold exactly one tenant row.")
    return rows[0]


def check_archive(path: Path) -> dict[str, Any]:
    """Every file of the archive against the manifest's checksums (reads it all)."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read(archive)
            for name, expected in manifest["files"].items():
                for _ in _rows(archive, name, expected):
                    pass
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"{path.name} is not a readable archive: {exc}") from None
    return manifest


def import_tenant(engine: Engine, path: Path) -> dict[str, Any]:
    """Load the archive into the database of ``engine`` (at the same schema, without that
    tenant), in one transaction; then check counts and trial balance."""
    from sync_server.db.models import metadata
    from sync_server.tenants.models import Tenant

    manifest = check_archive(path)
    tenant = manifest["tenant"]
    revision = current_revision(engine)
    if revision != manifest["schema_revision"]:
        raise ArchiveError(f"The archive is of schema {manifest['schema_revision']}, this "
                           f"database is at {revision}: bring both to the same schema first.")
    tenants = Tenant.__table__
    with engine.begin() as conn:
        clash = conn.execute(select(tenants.c.id, tenants.c.domain).where(
            (tenants.c.id == tenant["id"]) | (tenants.c.domain == tenant["domain"]))).first()
        if clash is not None:
            raise ArchiveError(f"This server already has tenant {clash.id} ({clash.domain}); "
                               "import into a server without it.")
        with zipfile.ZipFile(path) as archive:
            order = ["tenants", *(t.name for t in _tables())]  # parents first
            unknown = set(manifest["files"]) - set(order)
            if unknown:
                raise ArchiveError(f"The archive has tables this server does not know: "
                                   f"{', '.join(sorted(unknown))}.")
            for name in [n for n in order if n in manifest["files"]]:
                expected = manifest["files"][name]
                table = metadata.tables[name]
                batch: list[dict[str, Any]] = []
                for row in _rows(archive, name, expected):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        conn.execute(table.insert(), batch)
                        batch = []
                if batch:
                    conn.execute(table.insert(), batch)
        if engine_name(str(engine.url)) == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('tenants', 'id'), "
                              "(SELECT MAX(id) FROM tenants))"))
        found = _tenant_census(conn, int(tenant["id"]))
        problems = []
        for name, expected in manifest["files"].items():
            got = found["tables"].get(name, 0) if name != "tenants" else 1
            if got != expected["rows"]:
                problems.append(f"{name}: {got} rows imported, the archive has "
                                f"{expected['rows']}")
        if found["trial_balance"] != manifest["trial_balance"]:
            problems.append("the trial balance differs from the archive's")
        problems += [f"journal {j[1]} does not balance" for j in found["unbalanced_journals"]]
        if problems:  # raising rolls the whole import back
            raise ArchiveError("The import does not check out, nothing was kept: "
                               + "; ".join(problems))
    return {"tenant": tenant, "rows": sum(f["rows"] for f in manifest["files"].values()),
            "tables": len(manifest["files"]), "ok": True}
