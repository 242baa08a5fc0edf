"""``bisama-sync branch edit/close/reopen`` and ``terminal codes/cancel-code``: the
services behind the dashboard's administration pages, from the command line."""

from __future__ import annotations

import json

import pytest

from sync_server.cli import main
from sync_server.errors import Refused
from sync_server.terminals.services import issue_code
from tests.server.conftest import ADMIN, TillFactory, World
from tests.server.toy_terminal import ProtocolError


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_branches_and_codes_from_the_command_line(world: World, database_url: str,
                                                  till: TillFactory,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    t = ("--db", database_url, "--tenant", world.domain, "--json")
    assert main(["branch", "add", *t[:4], "--code", "TEM", "--name", "Tema"]) == 0
    capsys.readouterr()
    edited = _json(capsys, "branch", "edit", *t, "--code", "TEM", "--name", "Tema Harbour",
                   "--phone", "0302 000 000")
    assert edited == {"code": "TEM", "name": "Tema Harbour", "address": None,
                      "phone": "0302 000 000"}
    tema = till("TEM", name="Tema till")
    code = world.code("TEM")
    codes = _json(capsys, "terminal", "codes", *t, "--branch", "TEM")
    assert isinstance(codes, list) and codes[0]["state"] == "open"
    assert codes[0]["code"] == f"…{code[-4:]}" and codes[1]["till"] == "Tema till"
    cancelled = _json(capsys, "terminal", "cancel-code", *t, "--ref", codes[0]["ref"])
    assert cancelled == {"branch": "TEM", "hint": f"…{code[-4:]}"}
    assert main(["terminal", "cancel-code", *t, "--ref", codes[0]["ref"]]) == 2
    assert "cancelled" in capsys.readouterr().err
    open_code = world.code("TEM")
    closed = _json(capsys, "branch", "close", *t, "--code", "TEM", "--reason", "lease ended")
    assert closed == {"code": "TEM", "name": "Tema Harbour", "status": "closed", "tills": 1,
                      "codes": 1}
    with pytest.raises(ProtocolError) as refused:
        tema.pull()
    assert "terminal_revoked" in str(refused.value.args)
    with world.ctx.scope(world.tenant_id) as scope, pytest.raises(Refused, match="closed"):
        issue_code(world.ctx, scope, ADMIN, branch="TEM")
    with pytest.raises(Exception, match="cancelled"):
        till("MAIN").enroll(open_code)  # cancelled when the branch closed
    assert _json(capsys, "branch", "reopen", *t, "--code", "TEM")["status"] == "open"  # type: ignore[index]
    till("TEM", name="Tema till 2")  # a new code enrolls a till again
