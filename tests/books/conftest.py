"""The books suite reuses the server suite's fixtures (a migrated database of each
kind, a tenant with a catalogue)."""

from tests.server.conftest import ctx, database_url, world  # noqa: F401
