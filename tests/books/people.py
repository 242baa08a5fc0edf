"""People of the books tests: two directors (one drafts, the other approves) besides the
server suite's manager (MAIN branch)."""

from __future__ import annotations

from sync_server.books.journals import Person
from sync_server.tenants.services import add_branch, add_user
from tests.server.conftest import ADMIN, World

PASSWORD = "director password 1"
ABENA = Person("abena@acme.test", "director")
KOJO = Person("kojo@acme.test", "director")
MANAGER = Person("manager@acme.test", "manager", "MAIN")


def add_directors(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_branch(world.ctx, scope, ADMIN, code="TEM", name="Tema Branch")
        for person, name in ((ABENA, "Abena Mensah"), (KOJO, "Kojo Antwi")):
            add_user(world.ctx, scope, ADMIN, email=person.email, name=name, role="director",
                     branch=None, pin=None, password=PASSWORD)
