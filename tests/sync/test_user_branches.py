"""A till holds the PIN hashes of the people who may sign in at it and nobody else's
(issue [7], abuse resistance): its own branch's people and the directors. A person
moved to another branch is removed from the tills of the branch they left — their
PIN hash wiped — and arrives at the tills of the new one."""

from __future__ import annotations

import pytest

from sync_server.tenants.services import add_branch, add_user
from sync_server.tenants.user_admin import update_user
from tests.server.conftest import ADMIN

pytestmark = pytest.mark.security


def _people(till) -> dict[str, tuple[int, bool]]:
    """email → (active, has a PIN hash) on the till."""
    return {r["email"]: (r["active"], bool(r["pin_hash"]))
            for r in till.till.db.query("SELECT email, active, pin_hash FROM users")}


def test_tills_get_only_the_pin_hashes_of_people_who_sign_in_there(world, live, make_till):
    ctx = world.ctx
    with ctx.scope(world.tenant_id) as scope:
        add_branch(ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        add_user(ctx, scope, ADMIN, email="esi@acme.test", name="Esi Tema", role="user",
                 branch="TEM", pin="2580", password=None)
        add_user(ctx, scope, ADMIN, email="boss@acme.test", name="Abena Boss",
                 role="director", branch=None, pin="9753", password=None)
    main, tema = make_till("main"), make_till("tema")
    main.enroll(live.url, world.code("MAIN"))
    tema.enroll(live.url, world.code("TEM"))
    assert main.sync().ok and tema.sync().ok
    at_main, at_tema = _people(main), _people(tema)
    assert at_main["ama@acme.test"] == (1, True) and at_main["boss@acme.test"] == (1, True)
    assert "esi@acme.test" not in at_main
    assert at_tema["esi@acme.test"] == (1, True) and at_tema["boss@acme.test"] == (1, True)
    assert "ama@acme.test" not in at_tema and "manager@acme.test" not in at_tema

    # Ama moves to Tema: gone from the main till (no PIN hash left), there at Tema.
    with ctx.scope(world.tenant_id) as scope:
        update_user(ctx, scope, ADMIN, email="ama@acme.test", branch="TEM")
    assert main.sync().ok and tema.sync().ok
    assert _people(main)["ama@acme.test"] == (0, False)
    assert _people(tema)["ama@acme.test"] == (1, True)
    tema.sell("GH-0001", user="ama@acme.test", pin="1357")  # she signs in at her new branch
    with pytest.raises(Exception, match="do not match an active user"):
        main.till.auth.login("ama@acme.test", "1357")
