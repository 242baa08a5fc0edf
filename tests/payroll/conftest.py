"""The payroll suite reuses the server suite's fixtures (a migrated database of each kind,
a tenant) and the dashboard suite's (an app with a director signed in)."""

from tests.dashboard.conftest import app, director, shop, tills  # noqa: F401
from tests.server.conftest import ctx, database_url, live, till, world  # noqa: F401
