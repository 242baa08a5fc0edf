"""Checking an auditor's export (``shared.audit``): pure, no server, no database.

Every problem is a ``Finding`` with a code an auditor can look up in docs/audit.md; the
export is good when there are none. The verifier reads each envelope with the same
parser as the server (``shared.envelope.parse_envelope``), so a line that is not an
envelope of our protocol is a finding too, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from shared.envelope import (
    GENESIS_HASH,
    ChainError,
    ChainHead,
    Envelope,
    EnvelopeError,
    parse_envelope_with_payload,
    verify_chain,
    verify_envelope,
)
from shared.errors import BisamaError
from shared.keys import PublicKey, public_key_from_text
from shared.running import COUNTED, Running, own, running_of

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Kinds whose payload carries a receipt number that must be unique in the tenant.
_RECEIPTS = ("sale", "refund")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    terminal: str | None = None
    seq: int | None = None

    def __str__(self) -> str:
        where = f" [{self.terminal} seq {self.seq}]" if self.terminal and self.seq else (
            f" [{self.terminal}]" if self.terminal else "")
        return f"{self.code}: {self.message}{where}"


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    tills: int = 0
    envelopes: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, code: str, message: str, terminal: str | None = None,
            seq: int | None = None) -> None:
        self.findings.append(Finding(code, message, terminal, seq))

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


class Folder(Protocol):
    """An export's files by their names within it (``a/b.jsonl``): the checks here are
    pure; reading a folder on disk is ``shared.audit.files.DiskFolder``."""

    def names(self) -> list[str]: ...

    def read(self, name: str) -> bytes | None: ...


def verify_export(folder: Folder | str) -> Report:
    """Every check of the module docstring of ``shared.audit`` over ``folder`` (a
    ``Folder``, or the path of one on disk)."""
    if isinstance(folder, str):
        from shared.audit.files import DiskFolder

        folder = DiskFolder(folder)
    root = folder
    report = Report()
    manifest = _manifest(root, report)
    if manifest is None:
        return report
    listed = _checksums(root, manifest, report)
    tenant = manifest.get("tenant", {}).get("id")
    seen_ids: dict[str, tuple[str, int]] = {}
    seen_receipts: dict[str, tuple[str, int]] = {}
    for till in manifest.get("tills", []):
        report.tills += 1
        _till(root, till, tenant, listed, report, seen_ids=seen_ids,
              seen_receipts=seen_receipts)
    return report


def _manifest(root: Folder, report: Report) -> dict[str, Any] | None:
    from shared.audit import FORMAT

    raw = root.read("manifest.json")
    if raw is None:
        report.add("manifest_missing", "manifest.json is not there")
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.add("manifest_bad", f"manifest.json is not JSON ({exc})")
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        report.add("manifest_bad", f"manifest.json is not of the format {FORMAT}")
        return None
    if not isinstance(data.get("files"), dict) or not isinstance(data.get("tills"), list):
        report.add("manifest_bad", "manifest.json lists no files or no tills")
        return None
    return data


def _checksums(root: Folder, manifest: dict[str, Any], report: Report) -> set[str]:
    files: dict[str, Any] = manifest["files"]
    good: set[str] = set()
    for name, expected in sorted(files.items()):
        if ".." in name.split("/") or name.startswith("/") or "\\" in name:
            report.add("manifest_bad", f"the file name {name!r} leaves the export's folder")
            continue
        data = root.read(name)
        if data is None:
            report.add("file_missing", f"{name} is listed in the manifest but not there")
            continue
        if hashlib.sha256(data).hexdigest() != expected:
            report.add("file_checksum", f"{name} is not the file the manifest lists (its "
                       "checksum differs: changed after the export)")
            continue
        good.add(name)
    for name in sorted(root.names()):
        if name != "manifest.json" and name not in files:
            report.add("unlisted_file", f"{name} is in the folder but not in the manifest")
    return good


def _lines(data: bytes, terminal: str,
           report: Report) -> Iterator[tuple[int, Envelope, Any]]:
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            env, typed = parse_envelope_with_payload(json.loads(line.decode("utf-8")))
            yield number, env, typed
        except (json.JSONDecodeError, UnicodeDecodeError, EnvelopeError, BisamaError) as exc:
            report.add("malformed", f"line {number} is not an envelope of the protocol "
                       f"({exc})", terminal)


def _till(root: Folder, till: dict[str, Any], tenant: Any, listed: set[str], report: Report, *,
          seen_ids: dict[str, tuple[str, int]],
          seen_receipts: dict[str, tuple[str, int]]) -> None:
    terminal = str(till.get("terminal", ""))
    name = f"envelopes/{terminal}.jsonl"
    try:
        if not _UUID.fullmatch(terminal):
            raise ValueError("terminal")
        key: PublicKey = public_key_from_text(str(till.get("public_key")))
        first = int(till["first_seq"])
        start_hash = str(till["start_hash"])
        head = ChainHead(int(till["head_seq"]), str(till["head_hash"]))
        count = int(till["count"])
        if first < 1 or not _HEX64.fullmatch(start_hash) or not _HEX64.fullmatch(head.hash):
            raise ValueError("range")
    except (KeyError, TypeError, ValueError, BisamaError):
        report.add("manifest_bad", f"the manifest's entry for till {terminal!r} is incomplete")
        return
    if name not in listed:
        return  # reported by the checksums
    current = ChainHead(first - 1, start_hash if first > 1 else GENESIS_HASH)
    if first == 1 and start_hash != GENESIS_HASH:
        report.add("broken_chain", "a chain that starts at seq 1 starts from the genesis hash",
                   terminal, 1)
    read = 0
    # The running totals before the next counted envelope (shared.running): zero at the
    # start of a chain; unknown (None) mid-chain until the first envelope that has them.
    running: Running | None = Running.ZERO if first == 1 else None
    hashes: dict[int, str] = {}
    for _number, env, typed in _lines(root.read(name) or b"", terminal, report):
        read += 1
        report.envelopes += 1
        if env.terminal != terminal:
            report.add("wrong_terminal", f"envelope {env.id} is till {env.terminal}'s, not this "
                       "till's", terminal, env.seq)
            continue
        if tenant is not None and env.tenant is not None and env.tenant != str(tenant):
            report.add("wrong_tenant", f"envelope {env.id} is of tenant {env.tenant}", terminal,
                       env.seq)
        try:
            verify_envelope(env, key)
        except EnvelopeError as exc:
            report.add(exc.code or "bad_hash", str(exc), terminal, env.seq)
            continue
        if current.seq >= head.seq:
            report.add("beyond_head", f"seq {env.seq} comes after the head the manifest names "
                       f"(seq {head.seq})", terminal, env.seq)
            continue
        try:
            current = verify_chain(current, [env], terminal=terminal)
        except ChainError as exc:
            report.add(exc.code or "broken_chain", str(exc), terminal, env.seq)
            if exc.code == "seq_gap":  # carry on from it, so each break is reported once
                current = ChainHead(env.seq, env.hash)
            continue
        _unique(env, terminal, report, seen_ids, seen_receipts)
        hashes[env.seq] = env.hash
        if env.kind in COUNTED:
            running = _running(env, typed, running, terminal, report)
    _witnessed(till, terminal, head, hashes, report)
    if current != head:
        dropped = head.seq - current.seq
        report.add("dropped_last", f"the till's envelopes end at seq {current.seq}, but the "
                   f"manifest's head is seq {head.seq}: {dropped} envelope(s) at the end are "
                   "missing" if dropped > 0 else "the last envelope is not the manifest's head",
                   terminal, head.seq)
    if read != count:
        report.add("count_mismatch", f"{read} envelopes read, the manifest says {count}",
                   terminal)


def _unique(env: Envelope, terminal: str, report: Report, seen_ids: dict[str, tuple[str, int]],
            seen_receipts: dict[str, tuple[str, int]]) -> None:
    if env.id in seen_ids:
        other = seen_ids[env.id]
        report.add("duplicate_id", f"envelope id {env.id} is also till {other[0]}'s seq "
                   f"{other[1]}", terminal, env.seq)
    seen_ids[env.id] = (terminal, env.seq)
    receipt = env.payload.get("receipt_no") if env.kind in _RECEIPTS else None
    if isinstance(receipt, str):
        if receipt in seen_receipts:
            other = seen_receipts[receipt]
            report.add("duplicate_receipt", f"receipt {receipt} is also till {other[0]}'s seq "
                       f"{other[1]}", terminal, env.seq)
        seen_receipts[receipt] = (terminal, env.seq)


def _running(env: Envelope, typed: Any, before: Running | None, terminal: str,
             report: Report) -> Running | None:
    """Check one counted envelope's running totals follow on; returns them (the next
    one's ``before``)."""
    claimed = running_of(typed)
    if claimed is None:
        return None  # an older schema: the next envelope with running totals starts afresh
    if before is not None:
        expected = before.plus(own(env.kind, typed))
        if expected != claimed:
            report.add("running_total_break", "the running totals do not follow on: the "
                       f"previous ones plus this {env.kind}'s own figures are "
                       f"{expected.describe()}, but it says {claimed.describe()}", terminal,
                       env.seq)
    return claimed


def _witnessed(till: dict[str, Any], terminal: str, head: ChainHead, hashes: dict[int, str],
               report: Report) -> None:
    """The highest head the server witnessed for the till (``shared.heads``), signed by
    the till itself: the export must reach it, and agree with it, whatever the manifest's
    own head says — so records dropped at the end are caught even when the manifest's
    head, count and checksums were edited to match."""
    raw = till.get("witnessed")
    if raw is None:
        return
    from shared.heads import HeadError, parse_statement, verify_statement

    try:
        statement = parse_statement(raw)
        verify_statement(statement, public_key_from_text(str(till.get("public_key"))))
    except (HeadError, BisamaError) as exc:
        report.add("witnessed_bad", f"the witnessed head in the manifest is not one the till "
                   f"signed ({exc})", terminal)
        return
    if statement.terminal != terminal:
        report.add("witnessed_bad", "the witnessed head in the manifest is another till's",
                   terminal)
        return
    if statement.seq > head.seq:
        report.add("dropped_last", f"the till signed a head at seq {statement.seq}, witnessed by "
                   f"head office, but the export ends at seq {head.seq}: "
                   f"{statement.seq - head.seq} envelope(s) at the end are missing", terminal,
                   statement.seq)
    elif statement.seq in hashes and statement.hash != hashes[statement.seq]:
        report.add("witnessed_mismatch", f"the envelope at seq {statement.seq} is not the one the "
                   "till signed as its head", terminal, statement.seq)
