"""Databases of each released schema version (``vN.sqlite3``, made by
``make_release_db.py``) and the pinned checksum of each released migration: a released
migration is never edited, changes go in a new one."""

RELEASED_CHECKSUMS: dict[int, str] = {
    1: "912f8badadb4f7faca24bb907da78b903f9e07a072d3f66af2b1798c9e20fb68",
    2: "118965d901bcecb8ee84b19212394027a0335f71889b66381055e7d23caea5d6",
}
FIXTURE_PASSPHRASE = "schema-fixture"
