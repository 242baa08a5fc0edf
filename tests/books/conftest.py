"""The books suite reuses the server suite's fixtures (a migrated database of each
kind, a tenant with a catalogue, a live server and toy tills) and the dashboard suite's
(an app with a director signed in, a small shop)."""

from tests.dashboard.conftest import app, director, shop, tills  # noqa: F401
from tests.server.conftest import ctx, database_url, live, till, world  # noqa: F401
