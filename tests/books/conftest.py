"""The books suite reuses the server suite's fixtures (a migrated database of each
kind, a tenant with a catalogue, a live server and toy tills)."""

from tests.server.conftest import ctx, database_url, live, till, world  # noqa: F401
