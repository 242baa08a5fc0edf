"""docs/sync-protocol.md is the contract: every error code, hold reason, header and
endpoint the server has must be in it."""

from __future__ import annotations

import re
from pathlib import Path

from sync_server.sync import protocol

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "sync-protocol.md").read_text()


def test_every_error_code_and_hold_reason_is_documented() -> None:
    missing = [c for c in (*protocol.ERRORS, *protocol.HOLD_REASONS) if f"`{c}`" not in DOC]
    assert missing == []


def test_every_hold_reason_the_merge_uses_is_in_the_catalogue() -> None:
    merge = "".join((ROOT / "sync_server" / "sync" / name).read_text()
                    for name in ("merge.py", "masterdata.py"))
    used = set(re.findall(r'Hold\(\s*"([a-z_]+)"', merge))
    assert used and used <= set(protocol.HOLD_REASONS)


def test_every_endpoint_and_header_is_documented() -> None:
    from sync_server.context import ServerContext
    from sync_server.db.engine import make_engine
    from sync_server.web.app import create_app

    app = create_app(ServerContext(make_engine("sqlite://")))
    paths = [p for p in app.openapi()["paths"] if p.startswith(("/api/v1", "/api/health"))]
    assert len(paths) >= 7
    assert [p for p in paths if p not in DOC] == []
    headers = [protocol.HEADER_TENANT, protocol.HEADER_TERMINAL, protocol.HEADER_NONCE,
               protocol.HEADER_SIGNATURE, protocol.HEADER_NEXT_NONCE]
    assert [h for h in headers if h not in DOC] == []
    assert protocol.REQUEST_PREFIX in DOC and protocol.ENROLL_PREFIX in DOC
