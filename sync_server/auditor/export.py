"""Writing an auditor's export of one tenant (format: ``shared.audit``, docs/audit.md).

For each till, the envelopes whose business day is in the range, widened to a run of
seqs with no gap (an envelope of another day between two of the range is in it too, or
the chain could not be checked): exactly the JSON the till signed, as stored
(``sync_envelopes.body``), forks left out (they are the tills' own copies of a seq
already stored, listed in the manifest). The manifest names each till's public key, the
hash before its first exported envelope and its head within the export: the verifier
then finds records dropped at the end as surely as in the middle. Where head office
witnessed a head of the till (``sync.witness``), the till's signed statement of it is in
the till's entry (``witnessed``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from shared.audit import FORMAT
from shared.envelope import GENESIS_HASH
from sync_server.context import ServerContext
from sync_server.errors import Refused
from sync_server.sync.models import StoredEnvelope, WitnessedHead
from sync_server.terminals.models import Terminal


class ArchivedMonth(Refused):
    """An envelope to export is in an archived month (``operations.month_archive``)."""


def export_audit(ctx: ServerContext, tenant_id: int, first: date, last: date,
                 out: Path) -> dict[str, Any]:
    """Write the export to the new folder ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=False)
    (out / "envelopes").mkdir()
    tills: list[dict[str, Any]] = []
    files: dict[str, str] = {}
    from sync_server.tenants.models import Tenant

    with ctx.system() as session:
        tenant = session.get(Tenant, tenant_id)
        about = {"id": str(tenant_id), "name": tenant.name if tenant else None,
                 "domain": tenant.domain if tenant else None,
                 "tin": tenant.tin if tenant else None}
    with ctx.scope(tenant_id) as scope:
        terminals = scope.scalars(select(Terminal).order_by(Terminal.id))
        for terminal in terminals:
            span: Any = scope.execute(
                select(func.min(StoredEnvelope.seq), func.max(StoredEnvelope.seq)).where(
                    StoredEnvelope.terminal_id == terminal.id, StoredEnvelope.fork_no == 0,
                    StoredEnvelope.business_date >= first.isoformat(),
                    StoredEnvelope.business_date <= last.isoformat())).one()
            low, high = span[0], span[1]
            if low is None:
                continue
            forks = scope.scalar(select(func.count()).select_from(StoredEnvelope).where(
                StoredEnvelope.terminal_id == terminal.id, StoredEnvelope.fork_no > 0,
                StoredEnvelope.seq.between(low, high))) or 0
            start = GENESIS_HASH if low == 1 else scope.scalar(
                select(StoredEnvelope.hash).where(StoredEnvelope.terminal_id == terminal.id,
                                                  StoredEnvelope.seq == low - 1,
                                                  StoredEnvelope.fork_no == 0))
            name = f"envelopes/{terminal.id}.jsonl"
            count, head_hash = 0, start
            digest = hashlib.sha256()
            with (out / name).open("w", encoding="utf-8", newline="\n") as fh:
                rows: Any = scope.execute(
                    select(StoredEnvelope.body, StoredEnvelope.hash).where(
                        StoredEnvelope.terminal_id == terminal.id, StoredEnvelope.fork_no == 0,
                        StoredEnvelope.seq.between(low, high)).order_by(StoredEnvelope.seq))
                for row in rows:
                    body, env_hash = row[0], row[1]
                    if body.startswith('{"archived"'):
                        raise ArchivedMonth(f"the envelopes of till {terminal.name} around seq "
                                            f"{low}–{high} are in an archived month: bring it "
                                            "back (bisama-sync archive restore) and export again")
                    line = json.dumps(json.loads(body), ensure_ascii=False,
                                      separators=(",", ":")) + "\n"
                    fh.write(line)
                    digest.update(line.encode("utf-8"))
                    count += 1
                    head_hash = env_hash
            files[name] = digest.hexdigest()
            tills.append({
                "terminal": str(terminal.id), "name": terminal.name,
                "branch": terminal.branch_code, "public_key": terminal.public_key,
                "first_seq": low, "start_hash": start or GENESIS_HASH,
                "head_seq": high, "head_hash": head_hash, "count": count,
                "forks_left_out": forks, "status": terminal.status})
            witnessed = scope.get(WitnessedHead, terminal.id)
            # The till's own signed head (shared.heads): inside the export it must match the
            # envelope at its seq; beyond an export that reaches the server's head it says
            # the envelopes after it never arrived — whatever the rest of the manifest says.
            if witnessed is not None and (low <= witnessed.seq <= high or (
                    high == terminal.head_seq and witnessed.seq > high)):
                tills[-1]["witnessed"] = json.loads(witnessed.statement)
        manifest = {
            "format": FORMAT,
            "tenant": about,
            "from": first.isoformat(), "to": last.isoformat(),
            "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tills": tills, "files": files,
            "verify_with": "python -m shared.audit verify <this folder>",
        }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return manifest
