"""Test vectors for the auditor's verifier (``shared.audit``): good exports and bad ones,
made from real signed envelopes with fixed keys, so every vector is the same each run.

``vectors()`` yields (name, expected codes, builder): the builder writes the export into
a folder; an empty set of codes means the verifier must find nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.audit import FORMAT
from shared.envelope import GENESIS_HASH, Envelope, seal
from shared.heads import sign_statement
from shared.keys import public_key_text
from shared.payloads import parse_payload
from shared.running import Running, own
from shared.schema_examples import payload_examples

TENANT = "7"
TILLS = ("01938a6e-6fed-7e2d-a8e9-000000000001", "01938a6e-6fed-7e2d-a8e9-000000000002")
KEYS = {t: Ed25519PrivateKey.from_private_bytes(bytes([n + 1] * 32)) for n, t in enumerate(TILLS)}
STRANGER = Ed25519PrivateKey.from_private_bytes(bytes([99] * 32))
T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

Builder = Callable[[Path], None]


_SCHEMA = {"sale": 4, "refund": 2, "void": 2}


def chain(terminal: str, count: int, *, key: Ed25519PrivateKey | None = None,
          first_receipt: int = 1, start: tuple[int, str] = (0, GENESIS_HASH),
          prefix: str | None = None, pattern: str = "s",
          skew: dict[int, int] | None = None) -> list[Envelope]:
    """``count`` envelopes of one till: a shift, then sales with receipt numbers from
    ``first_receipt`` (each till its own series). ``pattern`` repeats over the envelopes
    after the shift: ``s`` a sale, ``r`` a refund, ``v`` a void, ``t`` a training sale;
    each carries the running totals after it (shared.running), off by ``skew[seq]``
    pesewas of gross where asked (a till that signed wrong running totals)."""
    examples = payload_examples()
    seq, prev = start
    running = Running.ZERO
    out: list[Envelope] = []
    for n in range(count):
        if seq == 0 and n == 0:
            kind, payload = "shift_open", examples["shift_open"]
        else:
            letter = pattern[(n - 1) % len(pattern)] if start[0] == 0 else pattern[n % len(pattern)]
            kind = {"s": "sale", "t": "sale", "r": "refund", "v": "void"}[letter]
            payload = copy.deepcopy(examples[kind])
            number = f"{prefix or terminal[-4:]}-{first_receipt + n:06d}"
            if kind != "void":
                payload["refund_no" if kind == "refund" else "receipt_no"] = number
            if letter == "t":
                payload["flags"] = ["training"]
            payload["running"] = Running.ZERO.to_json()
            running = running.plus(own(kind, parse_payload(kind, _SCHEMA[kind], payload)))
            payload["running"] = running.to_json()
            if skew and seq + 1 in skew:
                payload["running"]["gross"] += skew[seq + 1]
        env = seal(id=f"01938a6e-9b00-7d2a-8b11-{int(terminal[-1]):04d}{seq + 1:08d}",
                   tenant=TENANT, branch="MAIN", terminal=terminal, user="ama@acme.test",
                   seq=seq + 1, prev_hash=prev, kind=kind, schema=_SCHEMA.get(kind, 1),
                   created_at=T0 + timedelta(minutes=seq), business_date="2026-11-21",
                   payload=payload, key=key or KEYS[terminal])
        out.append(env)
        seq, prev = env.seq, env.hash
    return out


def witnessed(env: Envelope, *, key: Ed25519PrivateKey | None = None) -> dict[str, Any]:
    """The head statement the till signed at ``env`` (what the server keeps and the
    export's manifest carries, shared.heads)."""
    raw = env.payload.get("running")
    running = Running.of_json(raw) if isinstance(raw, dict) else None
    return sign_statement(key or KEYS[env.terminal], terminal=env.terminal, seq=env.seq,
                          hash_=env.hash, running=running,
                          at=T0 + timedelta(minutes=env.seq)).to_json(trail=False)


def _line(env: Envelope | dict[str, Any]) -> str:
    data = env.to_json() if isinstance(env, Envelope) else env
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(folder: Path, tills: dict[str, list[Any]], *, manifest_edit: Callable[[dict[str, Any]], None] | None = None,
          file_edit: Callable[[Path], None] | None = None, head: dict[str, tuple[int, str]] | None = None,
          start: dict[str, tuple[int, str]] | None = None, restamp: bool = True) -> None:
    """An export of ``tills`` (terminal → its envelopes, or raw dicts / text lines). The
    manifest's start, head and count are of the envelopes given unless ``head``/``start``
    say otherwise; ``file_edit`` changes files after the checksums (``restamp``: the
    checksums are made again afterwards, as a forger who edits both would)."""
    (folder / "envelopes").mkdir(parents=True)
    entries = []
    for terminal, envs in tills.items():
        name = folder / "envelopes" / f"{terminal}.jsonl"
        name.write_text("".join(e if isinstance(e, str) else _line(e) for e in envs),
                        encoding="utf-8")
        real = [e for e in envs if isinstance(e, Envelope)]
        first_seq, start_hash = (start or {}).get(terminal, (
            real[0].seq if real else 1, real[0].prev_hash if real else GENESIS_HASH))
        head_seq, head_hash = (head or {}).get(terminal, (
            real[-1].seq if real else 0, real[-1].hash if real else GENESIS_HASH))
        entries.append({"terminal": terminal, "branch": "MAIN", "name": f"Till {terminal[-1]}",
                        "public_key": public_key_text(KEYS[terminal].public_key()),
                        "first_seq": first_seq, "start_hash": start_hash, "head_seq": head_seq,
                        "head_hash": head_hash, "count": len(envs)})
    manifest: dict[str, Any] = {"format": FORMAT, "tenant": {"id": TENANT, "name": "Acme"},
                                "from": "2026-11-01", "to": "2026-11-30", "tills": entries}

    def stamp() -> None:
        manifest["files"] = {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((folder / "envelopes").iterdir())}

    stamp()
    if file_edit is not None:
        file_edit(folder)
        if restamp:
            stamp()
    if manifest_edit is not None:
        manifest_edit(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _good(a: int, b: int) -> dict[str, list[Any]]:
    return {TILLS[0]: chain(TILLS[0], a), TILLS[1]: chain(TILLS[1], b, first_receipt=500)}


def _tampered(env: Envelope, **payload: Any) -> dict[str, Any]:
    data = env.to_json()
    data["payload"] = {**data["payload"], **payload}
    return data


def _body(env: Envelope) -> dict[str, Any]:
    body = env.body()
    body["created_at"] = datetime.fromisoformat(body["created_at"])
    return body


def _resigned(env: Envelope, key: Ed25519PrivateKey, **payload: Any) -> Envelope:
    body = _body(env)
    body["payload"] = {**body["payload"], **payload}
    return seal(**body, key=key)


def vectors() -> Iterator[tuple[str, set[str], Builder]]:
    a, b = TILLS
    # -- good -------------------------------------------------------------------------
    for n, (x, y) in enumerate([(1, 1), (2, 1), (5, 3), (12, 7), (40, 0), (3, 25)]):
        def good(folder: Path, x: int = x, y: int = y) -> None:
            tills = _good(x, y) if y else {a: chain(a, x)}
            write(folder, tills)
        yield f"good-{n}-{x}+{y}", set(), good
    for k in (1, 5, 10):  # a period that starts mid-chain: the start hash is the seq before
        def mid(folder: Path, k: int = k) -> None:
            whole = chain(a, k + 6)
            write(folder, {a: whole[k:]})
        yield f"good-mid-chain-from-{k + 1}", set(), mid
    # -- the last records dropped (the manifest names the head the server witnessed) ----
    for drop in (1, 2, 5, 10, 20, 49):
        def dropped(folder: Path, drop: int = drop) -> None:
            envs = chain(a, 50)
            last = envs[-1]
            write(folder, {a: envs[:-drop]}, head={a: (last.seq, last.hash)},
                  manifest_edit=lambda m: m["tills"][0].update(count=50 - drop))
        yield f"dropped-last-{drop}", {"dropped_last"}, dropped
    for drop in (1, 3):  # dropped, and the count and checksum forged to match the file
        def dropped_forged(folder: Path, drop: int = drop) -> None:
            envs = chain(a, 10)
            write(folder, {a: envs[:-drop]}, head={a: (envs[-1].seq, envs[-1].hash)})
        yield f"dropped-last-{drop}-count-forged", {"dropped_last"}, dropped_forged
    # -- gaps, order, repeats ---------------------------------------------------------
    for gone in (2, 5, 9):
        def gap(folder: Path, gone: int = gone) -> None:
            envs = chain(a, 10)
            write(folder, {a: envs[:gone - 1] + envs[gone:]},
                  manifest_edit=lambda m: m["tills"][0].update(count=10))
        yield f"gap-at-{gone}", {"seq_gap", "count_mismatch"}, gap
    for i in (1, 4, 7):
        def swapped(folder: Path, i: int = i) -> None:
            envs = chain(a, 10)
            envs[i], envs[i + 1] = envs[i + 1], envs[i]
            write(folder, {a: envs})
        yield f"reordered-{i}", {"seq_gap", "seq_repeat"}, swapped
    for i in (2, 6):
        def repeated(folder: Path, i: int = i) -> None:
            envs = chain(a, 8)
            write(folder, {a: [*envs[:i + 1], envs[i], *envs[i + 1:]]})
        yield f"repeated-{i}", {"seq_repeat", "count_mismatch"}, repeated
    def dropped_first(folder: Path) -> None:
        envs = chain(a, 6)
        write(folder, {a: envs[1:]}, start={a: (1, GENESIS_HASH)})
    yield "dropped-first", {"seq_gap"}, dropped_first
    # -- duplicated receipts and ids ----------------------------------------------------
    for n in (2, 5):
        def dup_receipt(folder: Path, n: int = n) -> None:
            write(folder, {a: chain(a, 6, prefix="T"), b: chain(b, n, prefix="T")})
        yield f"duplicate-receipts-{n}", {"duplicate_receipt"}, dup_receipt

    def same_ids(folder: Path) -> None:
        base = chain(a, 3)
        other = [seal(**{**_body(e), "terminal": b, "payload": _receipt(e, 900 + e.seq)},
                      key=KEYS[b]) if e.kind == "sale" else
                 seal(**{**_body(e), "terminal": b}, key=KEYS[b]) for e in base]
        other = _rechain(other, KEYS[b])
        write(folder, {a: base, b: other})
    yield "duplicate-envelope-ids", {"duplicate_id"}, same_ids
    # -- changed figures -----------------------------------------------------------------
    for field, value in (("change", 1), ("order_discount", 0), ("receipt_no", "X-1")):
        def changed(folder: Path, field: str = field, value: Any = value) -> None:
            envs: list[Any] = list(chain(a, 5))
            envs[3] = _tampered(envs[3], **{field: value})
            write(folder, {a: envs})
        yield f"changed-{field}", {"bad_hash"}, changed

    def changed_totals(folder: Path) -> None:
        envs: list[Any] = list(chain(a, 5))
        data = envs[2].to_json()
        data["payload"]["totals"] = {**data["payload"]["totals"], "gross": 1}
        envs[2] = data
        write(folder, {a: envs})
    yield "changed-totals", {"bad_hash"}, changed_totals

    def changed_resigned(folder: Path) -> None:  # changed and signed again with another key
        envs = chain(a, 5)
        envs[4] = _resigned(envs[4], STRANGER, receipt_no="X-000009")
        write(folder, {a: envs})
    yield "changed-and-resigned", {"bad_signature"}, changed_resigned
    # -- signatures and keys -------------------------------------------------------------
    for i in (0, 3):
        def broken_sig(folder: Path, i: int = i) -> None:
            envs: list[Any] = list(chain(a, 5))
            data = envs[i].to_json()
            data["signature"] = ("0" if data["signature"][0] != "0" else "1") + data["signature"][1:]
            envs[i] = data
            write(folder, {a: envs})
        yield f"broken-signature-{i}", {"bad_signature"}, broken_sig

    def foreign_key(folder: Path) -> None:  # a whole chain signed by a key not the till's
        write(folder, {a: chain(a, 4, key=STRANGER)})
    yield "foreign-key", {"bad_signature"}, foreign_key

    def wrong_key_in_manifest(folder: Path) -> None:
        write(folder, {a: chain(a, 4)}, manifest_edit=lambda m: m["tills"][0].update(
            public_key=public_key_text(STRANGER.public_key())))
    yield "manifest-key-not-the-tills", {"bad_signature"}, wrong_key_in_manifest

    def other_tills_envelope(folder: Path) -> None:
        envs: list[Any] = list(chain(a, 4))
        envs.append(chain(b, 5)[4])
        write(folder, {a: envs})
    yield "another-tills-envelope", {"wrong_terminal", "count_mismatch"}, other_tills_envelope

    def other_tenant(folder: Path) -> None:
        envs = chain(a, 3)
        envs = _rechain([seal(**{**_body(e), "tenant": "8"}, key=KEYS[a]) for e in envs], KEYS[a])
        write(folder, {a: envs})
    yield "another-tenants-envelopes", {"wrong_tenant"}, other_tenant
    # -- running totals (shared.running) -------------------------------------------------
    for n, pattern in enumerate(("srsv", "stsrv", "ssvrt", "rvst")):
        def mixed(folder: Path, pattern: str = pattern) -> None:
            write(folder, {a: chain(a, 14, pattern=pattern)})
        yield f"good-running-{n}-{pattern}", set(), mixed

    def mixed_mid(folder: Path) -> None:  # from mid-chain: the first running totals are taken
        write(folder, {a: chain(a, 12, pattern="srv")[5:]})
    yield "good-running-mid-chain", set(), mixed_mid
    for seq, off in ((2, 1), (5, -100), (9, 25_000)):
        def skewed(folder: Path, seq: int = seq, off: int = off) -> None:
            write(folder, {a: chain(a, 10, pattern="srs", skew={seq: off})})
        yield f"running-off-{off}-at-{seq}", {"running_total_break"}, skewed
    for gone in (3, 6):  # a sale taken out and the chain re-signed with the till's own key
        def cut_and_resigned(folder: Path, gone: int = gone) -> None:
            envs = chain(a, 9, pattern="sr")
            write(folder, {a: _rechain(envs[:gone - 1] + [_renumbered(e, -1) for e in
                                                          envs[gone:]], KEYS[a])})
        yield f"sale-{gone}-removed-chain-resigned", {"running_total_break"}, cut_and_resigned

    def training_counted(folder: Path) -> None:  # a training sale's figures counted
        envs = chain(a, 6, pattern="st")
        fixed = [_resigned(e, KEYS[a], flags=[]) if "training" in (e.payload.get("flags") or ())
                 else e for e in envs]
        write(folder, {a: _rechain(fixed, KEYS[a])})
    yield "training-sale-made-real", {"running_total_break"}, training_counted
    # -- the head the server witnessed, signed by the till (shared.heads) ---------------
    for drop in (1, 7, 50):
        def witnessed_dropped(folder: Path, drop: int = drop) -> None:
            envs = chain(a, 60)
            kept = envs[:-drop]
            write(folder, {a: kept}, manifest_edit=lambda m: m["tills"][0].update(
                witnessed=witnessed(envs[-1])))
        yield f"witnessed-head-dropped-last-{drop}", {"dropped_last"}, witnessed_dropped

    def witnessed_good(folder: Path) -> None:
        envs = chain(a, 12, pattern="sr")
        write(folder, {a: envs}, manifest_edit=lambda m: m["tills"][0].update(
            witnessed=witnessed(envs[9])))
    yield "good-witnessed-head-inside", set(), witnessed_good

    def witnessed_forged(folder: Path) -> None:  # the statement re-signed by someone else
        envs = chain(a, 8)
        write(folder, {a: envs[:-3]}, manifest_edit=lambda m: m["tills"][0].update(
            witnessed=witnessed(envs[4], key=STRANGER)))
    yield "witnessed-head-not-the-tills", {"witnessed_bad"}, witnessed_forged

    def witnessed_other_chain(folder: Path) -> None:  # the export's seq 5 is not the one signed
        envs = chain(a, 8)
        other = chain(a, 8, prefix="ZZ")
        write(folder, {a: envs}, manifest_edit=lambda m: m["tills"][0].update(
            witnessed=witnessed(other[4])))
    yield "witnessed-head-diverges", {"witnessed_mismatch"}, witnessed_other_chain
    # -- the files and the manifest ------------------------------------------------------
    def edited_after(folder: Path) -> None:
        write(folder, {a: chain(a, 4)}, file_edit=lambda f: _append(f, a, "\n"), restamp=False)
    yield "file-changed-after-export", {"file_checksum"}, edited_after

    def truncated(folder: Path) -> None:
        def cut(f: Path) -> None:
            p = f / "envelopes" / f"{a}.jsonl"
            p.write_bytes(p.read_bytes()[:-40])
        write(folder, {a: chain(a, 4)}, file_edit=cut)
    yield "truncated-line", {"malformed", "dropped_last", "count_mismatch"}, truncated

    def missing_file(folder: Path) -> None:
        write(folder, {a: chain(a, 3)}, file_edit=lambda f: (f / "envelopes" / f"{a}.jsonl").unlink(),
              restamp=False)
    yield "file-missing", {"file_missing"}, missing_file

    def extra_file(folder: Path) -> None:
        write(folder, {a: chain(a, 3)},
              file_edit=_note, restamp=False)
    yield "unlisted-file", {"unlisted_file"}, extra_file

    def no_manifest(folder: Path) -> None:
        write(folder, {a: chain(a, 3)})
        (folder / "manifest.json").unlink()
    yield "manifest-missing", {"manifest_missing"}, no_manifest

    def bad_manifest(folder: Path) -> None:
        write(folder, {a: chain(a, 3)})
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    yield "manifest-not-json", {"manifest_bad"}, bad_manifest

    def escaping_name(folder: Path) -> None:
        write(folder, {a: chain(a, 3)}, manifest_edit=lambda m: m["files"].update(
            {"../outside.jsonl": "0" * 64}))
    yield "manifest-names-a-file-outside", {"manifest_bad"}, escaping_name

    def beyond(folder: Path) -> None:
        envs = chain(a, 6)
        write(folder, {a: envs}, head={a: (4, envs[3].hash)})
    yield "envelopes-beyond-the-head", {"beyond_head", "count_mismatch"}, beyond

    def not_an_envelope(folder: Path) -> None:
        envs: list[Any] = list(chain(a, 3))
        envs.insert(1, '{"hello": "world"}\n')
        write(folder, {a: envs})
    yield "a-line-that-is-not-an-envelope", {"malformed"}, not_an_envelope


def _receipt(env: Envelope, number: int) -> dict[str, Any]:
    payload = copy.deepcopy(dict(_body(env)["payload"]))
    payload["receipt_no"] = f"B-{number:06d}"
    return payload


def _renumbered(env: Envelope, by: int) -> Envelope:
    return seal(**{**_body(env), "seq": env.seq + by}, key=KEYS[env.terminal])


def _rechain(envs: list[Envelope], key: Ed25519PrivateKey) -> list[Envelope]:
    out: list[Envelope] = []
    prev = GENESIS_HASH
    for env in envs:
        fixed = seal(**{**_body(env), "prev_hash": prev}, key=key)
        out.append(fixed)
        prev = fixed.hash
    return out


def _note(folder: Path) -> None:
    (folder / "envelopes" / "notes.txt").write_text("x")


def _append(folder: Path, terminal: str, text: str) -> None:
    with (folder / "envelopes" / f"{terminal}.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(text)
