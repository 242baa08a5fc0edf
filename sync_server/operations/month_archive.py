"""Archiving (issue [11] scope 4): the bulky envelope bodies of a tenant's old, closed
and backed-up months leave ``sync_envelopes`` for a verifiable compressed file, one per
tenant-month, recorded in ``archived_months``; ``restore`` puts them back exactly.

What leaves and what stays (docs/operations.md, "Archiving"): only ``body`` — the
envelope JSON as received, the bulk of a sale on the server — is moved. The envelope row
itself stays, with its seq, hash, status and a small marker body
``{"archived":"YYYY-MM"}``, so the chain, duplicate and fork checks of a push keep
working (the bodies of stock receipts stay: the stock movements report names deliveries
from them); every row the reports read stays: ``sales``, ``sale_items`` (the VAT return
sums them by tax code), ``returns``, ``payments``, journals and postings, and the
summaries. The trial balance, P&L, VAT return and sales reports of an archived month
are therefore the same figures by construction, and the tests hold them equal before,
after archiving and after a restore.

A month is archived only when it is closed (``fiscal_periods``), nothing in it is held
or waits to be posted, and a backup verified by a restore (``backup_runs``: a
``backup`` and a ``verify`` with the same checksum, both ``ok``) was started after the
month closed — so the bodies are also in a verified backup.

The file is a zip (deflated): ``bodies.jsonl`` (one line per envelope: terminal, seq,
fork, envelope id, hash, body), ``manifest.json`` (tenant, month, count, the sha256 of
``bodies.jsonl``, the sha256 of every body) and ``manifest.sha256``. It is written and
read back before the database changes; the database change is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select, tuple_, update
from sqlalchemy.orm import aliased

from shared.errors import BisamaError
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.operations.models import ArchivedMonth, BackupRun
from sync_server.periods.models import FiscalPeriod
from sync_server.periods.services import bounds
from sync_server.sync.models import StoredEnvelope, is_archived_body

ENV_ARCHIVE_DIR = "BISAMA_ARCHIVE_DIR"
ENV_KEEP_MONTHS = "BISAMA_ARCHIVE_KEEP_MONTHS"
KEEP_MONTHS = 24
BATCH = 500
# Bodies a report reads, which stay live: a stock receipt's delivery note and supplier
# name its movements (``reports/stock_detail.receipts``). Few and small beside sales.
KEPT_KINDS = ("stock_receive",)
FORMAT = 1


class MonthArchiveError(BisamaError):
    code = "month_archive"


def marker(month: str) -> str:
    return json.dumps({"archived": month}, separators=(",", ":"))


def default_folder() -> Path:
    from sync_server.operations.backup import default_folder as backups

    return Path(os.environ.get(ENV_ARCHIVE_DIR) or backups().parent / "archives")


def keep_months() -> int:
    text = os.environ.get(ENV_KEEP_MONTHS, "").strip()
    if not text:
        return KEEP_MONTHS
    if not text.isdigit() or int(text) < 1:
        raise MonthArchiveError(f"{ENV_KEEP_MONTHS} must be a whole number of months (1 or more).")
    return int(text)


def cutoff(today: date, months: int) -> str:
    """The first month kept live when ``months`` months (this one included) stay."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def check_month(text: str) -> str:
    if (len(text) != 7 or text[4] != "-" or not text[:4].isdigit() or not text[5:].isdigit()
            or not 1 <= int(text[5:]) <= 12 or text[:4] == "0000"):
        raise MonthArchiveError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2024-03.")
    return text


def last_verified_backup(ctx: ServerContext) -> datetime | None:
    """When the newest backup that a restore verified was started (tiers holding tenant
    data: tenants, full, compliance)."""
    check = aliased(BackupRun)
    with ctx.system() as session:
        value = session.scalar(
            select(func.max(BackupRun.started_at))
            .join(check, and_(check.sha256 == BackupRun.sha256, check.kind == "verify",
                              check.status == "ok"))
            .where(BackupRun.kind == "backup", BackupRun.status == "ok",
                   BackupRun.tier.in_(("tenants", "full", "compliance"))))
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@dataclass(frozen=True)
class Candidate:
    month: str
    envelopes: int
    ready: bool
    why: str


def candidates(ctx: ServerContext, scope: TenantScope, before: str) -> list[Candidate]:
    """Every month of the tenant before ``before`` with bodies still live, and whether
    it may be archived (and why not)."""
    backed_up = last_verified_backup(ctx)
    archived = {r.month for r in scope.scalars(select(ArchivedMonth).where(
        ArchivedMonth.status == "archived"))}
    periods = {p.period: p for p in scope.scalars(select(FiscalPeriod).where(
        FiscalPeriod.period < before))}
    month = func.substr(StoredEnvelope.business_date, 1, 7)
    counts = {r.month: int(r.n) for r in scope.execute(
        select(month.label("month"), func.count().label("n"))
        .where(StoredEnvelope.business_date < f"{before}-01")
        .group_by(month))}
    found = []
    for m in sorted(set(counts) | set(periods)):
        if m in archived or m >= before:
            continue
        period = periods.get(m)
        first, last = bounds(m)
        waiting = scope.scalar(select(func.count()).select_from(StoredEnvelope).where(
            StoredEnvelope.business_date >= first, StoredEnvelope.business_date <= last,
            or_(StoredEnvelope.status == "held",
                StoredEnvelope.posting_status.in_(("pending", "failed")))))
        closed_at = _aware(period.closed_at) if period is not None else None
        if period is None or period.status != "closed":
            ready, why = False, "the month is not closed"
        elif waiting:
            ready, why = False, f"{waiting} envelope(s) of the month are held or not posted"
        elif backed_up is None or closed_at is None or backed_up <= closed_at:
            ready, why = False, "no verified backup was taken since the month closed"
        else:
            ready, why = True, "ready"
        found.append(Candidate(m, counts.get(m, 0), ready, why))
    return found


def _month_rows(scope: TenantScope, month: str) -> Iterator[Any]:
    """The month's envelopes in key order, a page at a time (plain rows: the session
    keeps no object of them, so a big month is never all in memory)."""
    e = StoredEnvelope
    first, last = bounds(month)
    after: tuple[str, int, int] = ("", 0, -1)
    while True:
        rows = list(scope.execute(
            select(e.terminal_id, e.seq, e.fork_no, e.envelope_id, e.hash, e.body).where(
                StoredEnvelope.business_date >= first, StoredEnvelope.business_date <= last,
                StoredEnvelope.kind.not_in(KEPT_KINDS),
                or_(StoredEnvelope.terminal_id > after[0],
                    and_(StoredEnvelope.terminal_id == after[0], StoredEnvelope.seq > after[1]),
                    and_(StoredEnvelope.terminal_id == after[0], StoredEnvelope.seq == after[1],
                         StoredEnvelope.fork_no > after[2])))
            .order_by(StoredEnvelope.terminal_id, StoredEnvelope.seq, StoredEnvelope.fork_no)
            .limit(BATCH)))
        if not rows:
            return
        yield from rows
        last_row = rows[-1]
        after = (last_row.terminal_id, last_row.seq, last_row.fork_no)


def _file_for(folder: Path, domain: str, month: str) -> Path:
    """A new file: ``DOMAIN-YYYY-MM.zip``, or ``DOMAIN-YYYY-MM-2.zip`` … for a month that
    was archived, restored and is archived again (a file is never overwritten)."""
    path = folder / domain / f"{domain}-{month}.zip"
    n = 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        n += 1
        path = folder / domain / f"{domain}-{month}-{n}.zip"
    return path


def _file_sha(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def archive_month(ctx: ServerContext, tenant: int, domain: str, month: str, *,
                  folder: Path, actor: Actor) -> dict[str, Any]:
    """Write the month's bodies to its file, read it back, then replace them in one
    transaction with the marker and record the file."""
    path = _file_for(folder, domain, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    keys: list[tuple[str, int, int, str]] = []
    with ctx.scope(tenant) as scope:
        digest = hashlib.sha256()
        bodies: dict[str, str] = {}
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open("bodies.jsonl", "w") as sink:
                for row in _month_rows(scope, month):
                    if is_archived_body(row.body):
                        continue
                    line = (json.dumps({"terminal_id": row.terminal_id, "seq": row.seq,
                                        "fork_no": row.fork_no, "envelope_id": row.envelope_id,
                                        "hash": row.hash, "body": row.body},
                                       sort_keys=True, separators=(",", ":")) + "\n").encode()
                    digest.update(line)
                    sink.write(line)
                    key = f"{row.terminal_id}:{row.seq}:{row.fork_no}"
                    bodies[key] = _sha(row.body)
                    keys.append((row.terminal_id, row.seq, row.fork_no, bodies[key]))
            manifest = {"format": FORMAT, "tenant": {"id": tenant, "domain": domain},
                        "month": month, "envelopes": len(keys),
                        "bodies_sha256": digest.hexdigest(), "body_sha256": bodies,
                        "archived_at": ctx.clock.now().isoformat()}
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            archive.writestr("manifest.json", body)
            archive.writestr("manifest.sha256", hashlib.sha256(body).hexdigest() + "\n")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    partial.rename(path)
    try:
        checked = check_file(path)
    except MonthArchiveError:
        path.unlink(missing_ok=True)
        raise
    sha = _file_sha(path)
    with ctx.scope(tenant) as scope:
        text = marker(month)
        changed = 0
        for start in range(0, len(keys), BATCH):
            chunk = [(k[0], k[1], k[2]) for k in keys[start:start + BATCH]]
            result = scope.execute(update(StoredEnvelope).where(
                tuple_(StoredEnvelope.terminal_id, StoredEnvelope.seq,
                       StoredEnvelope.fork_no).in_(chunk),
                StoredEnvelope.body != text)
                .values(body=text).execution_options(synchronize_session=False))
            changed += int(getattr(result, "rowcount", 0) or 0)
        if changed != len(keys):  # raising rolls the transaction back
            path.unlink(missing_ok=True)
            raise MonthArchiveError(f"{changed} of {len(keys)} envelopes of {month} could be "
                                    "archived (another archive run at the same time?); "
                                    "nothing was changed.")
        existing = scope.get(ArchivedMonth, month)
        if existing is not None:  # archived, restored, archived again
            existing.file, existing.sha256, existing.size = str(path), sha, path.stat().st_size
            existing.envelopes, existing.status = len(keys), "archived"
            existing.archived_at, existing.restored_at = ctx.clock.now(), None
        else:
            scope.add(ArchivedMonth(month=month, file=str(path), sha256=sha,
                                    size=path.stat().st_size, envelopes=len(keys),
                                    status="archived", archived_at=ctx.clock.now()))
        record(ctx, scope, actor, "archive.month", subject=month,
               detail={"file": str(path), "envelopes": len(keys), "sha256": sha})
    return {"month": month, "file": str(path), "envelopes": checked["envelopes"],
            "size": path.stat().st_size, "sha256": sha}


def _open(path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise MonthArchiveError(f"{path.name} is not a readable archive: {exc}") from None
    try:
        body = archive.read("manifest.json")
        checksum = archive.read("manifest.sha256").decode().strip()
    except (KeyError, zipfile.BadZipFile, zlib.error, UnicodeDecodeError, OSError):
        archive.close()
        raise MonthArchiveError(f"{path.name} is not a readable month archive (no manifest).") from None
    if hashlib.sha256(body).hexdigest() != checksum:
        archive.close()
        raise MonthArchiveError(f"{path.name}: the manifest does not match its checksum.")
    return archive, json.loads(body)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    archive, manifest = _open(path)
    digest = hashlib.sha256()
    count = 0
    try:
        with archive, archive.open("bodies.jsonl") as source:
            for line in source:
                digest.update(line)
                count += 1
                item = json.loads(line)
                key = f"{item['terminal_id']}:{item['seq']}:{item['fork_no']}"
                if manifest["body_sha256"].get(key) != _sha(item["body"]):
                    raise MonthArchiveError(f"{path.name}: envelope {key} does not match the "
                                            "manifest.")
                yield item
    except (KeyError, zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        if isinstance(exc, MonthArchiveError):
            raise
        raise MonthArchiveError(f"{path.name} is damaged: {exc}") from None
    if digest.hexdigest() != manifest["bodies_sha256"] or count != manifest["envelopes"]:
        raise MonthArchiveError(f"{path.name}: bodies.jsonl does not match its checksum in the "
                                "manifest (changed or damaged).")


def check_file(path: Path) -> dict[str, Any]:
    """Every line of the file against the manifest; returns the manifest."""
    for _ in _lines(path):
        pass
    archive, manifest = _open(path)
    archive.close()
    return manifest


def verify_month(ctx: ServerContext, tenant: int, row: ArchivedMonth) -> list[str]:
    """The file (its sha256 as recorded, every body against the manifest) and the
    database (every archived envelope still there, carrying the marker). Returns the
    problems, none when it verifies."""
    path = Path(row.file)
    problems: list[str] = []
    if not path.is_file():
        return [f"{path} is missing"]
    if _file_sha(path) != row.sha256:
        problems.append(f"{path.name} does not match the checksum recorded when it was written")
    try:
        manifest = check_file(path)
    except MonthArchiveError as exc:
        return [*problems, str(exc)]
    if manifest["month"] != row.month or manifest["tenant"]["id"] != tenant:
        problems.append(f"{path.name} is the archive of another tenant or month")
    with ctx.scope(tenant) as scope:
        first, last = bounds(row.month)
        live = scope.scalar(select(func.count()).select_from(StoredEnvelope).where(
            StoredEnvelope.business_date >= first, StoredEnvelope.business_date <= last,
            StoredEnvelope.body == marker(row.month)))
    if live != manifest["envelopes"]:
        problems.append(f"{live} envelope(s) carry the archive marker, the archive has "
                        f"{manifest['envelopes']}")
    return problems


def restore_month(ctx: ServerContext, tenant: int, month: str, actor: Actor) -> dict[str, Any]:
    """Put the bodies back, each checked against its envelope's hash, in one transaction."""
    with ctx.scope(tenant) as scope:
        row = scope.get(ArchivedMonth, month)
        if row is None or row.status != "archived":
            raise MonthArchiveError(f"{month} is not archived for this tenant.")
        path = Path(row.file)
        if not path.is_file():
            raise MonthArchiveError(f"The archive {path} is missing; bring it back from the "
                                    "backups' copies first.")
        if _file_sha(path) != row.sha256:
            raise MonthArchiveError(f"{path.name} does not match the checksum recorded when it "
                                    "was written; nothing was restored.")
        restored = 0
        text = marker(month)
        for item in _lines(path):
            live = scope.get(StoredEnvelope, item["terminal_id"], item["seq"], item["fork_no"])
            if live is None or live.hash != item["hash"] or live.body != text:
                raise MonthArchiveError(
                    f"envelope {item['terminal_id']}:{item['seq']} in the database does not "
                    "match the archive; nothing was restored.")
            if json.loads(item["body"]).get("hash") != live.hash:
                raise MonthArchiveError(f"envelope {item['terminal_id']}:{item['seq']}: the "
                                        "archived body is not the envelope's; nothing was "
                                        "restored.")
            scope.execute(update(StoredEnvelope).where(
                StoredEnvelope.terminal_id == item["terminal_id"],
                StoredEnvelope.seq == item["seq"],
                StoredEnvelope.fork_no == item["fork_no"]).values(body=item["body"])
                .execution_options(synchronize_session=False))
            restored += 1
        row.status = "restored"
        row.restored_at = ctx.clock.now()
        record(ctx, scope, actor, "archive.restore", subject=month,
               detail={"file": str(path), "envelopes": restored})
    return {"month": month, "file": str(path), "envelopes": restored}


def archived(scope: TenantScope) -> list[ArchivedMonth]:
    return scope.scalars(select(ArchivedMonth).order_by(ArchivedMonth.month))


__all__ = ["ENV_ARCHIVE_DIR", "KEEP_MONTHS", "Candidate", "MonthArchiveError", "archive_month",
           "archived", "candidates", "check_file", "check_month", "cutoff", "default_folder",
           "keep_months", "last_verified_backup", "marker", "restore_month",
           "verify_month"]
