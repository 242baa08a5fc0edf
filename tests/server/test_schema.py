"""The schema: models and migrations agree on every database, tenant_id leads every key
of tenant-owned tables, the audit trail cannot be edited, and ``serve`` refuses a
database that is not at this server's schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import UniqueConstraint, inspect, text
from sqlalchemy.exc import DBAPIError

from sync_server.context import ServerContext
from sync_server.db.base import TenantOwned
from sync_server.db.engine import make_engine
from sync_server.db.migrate import SchemaNotReady, require_current, schema_state, upgrade
from sync_server.db.models import Base, metadata


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    metadata)
        assert diff == []
        assert schema_state(engine).ready
    finally:
        engine.dispose()


def test_serve_refuses_a_database_that_is_not_migrated(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with pytest.raises(SchemaNotReady) as refused:
            require_current(engine)
        assert "bisama-sync db upgrade" in str(refused.value)
        upgrade(engine, "0001")
        with pytest.raises(SchemaNotReady):
            require_current(engine)  # one migration behind
        upgrade(engine)
        require_current(engine)
    finally:
        engine.dispose()


def test_tenant_id_leads_every_key_of_tenant_owned_tables() -> None:
    owned = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, TenantOwned)]
    assert len(owned) >= 30
    for model in owned:
        table = model.__table__
        assert next(iter(table.primary_key.columns)).name == "tenant_id", table.name
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                assert next(iter(constraint.columns)).name == "tenant_id", (table.name, constraint)
        for index in table.indexes:
            if index.unique:
                assert next(iter(index.columns)).name == "tenant_id", (table.name, index.name)


def test_the_seed_table_names_exist(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert names >= {"tenants", "tenant_branches", "users", "activity_logs", "sales", "sale_items",
                     "payments", "customers", "inv_products", "inv_movements", "inv_stock_levels",
                     "acc_accounts", "acc_journals", "acc_postings", "returns", "transfers",
                     "tax_profiles", "fiscal_periods"}


def test_the_audit_trail_refuses_edits_and_deletes(ctx: ServerContext) -> None:
    from sync_server.audit.services import Actor
    from sync_server.tenants.services import create_tenant

    create_tenant(ctx, Actor("cli", "tests"), name="Acme", domain="acme.test")
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM activity_logs")).scalar() == 1
        conn.rollback()
        for statement in ("UPDATE activity_logs SET actor = 'someone else'",
                          "DELETE FROM activity_logs"):
            with pytest.raises(DBAPIError, match="append-only"), conn.begin():
                conn.execute(text(statement))
        assert conn.execute(text("SELECT actor FROM activity_logs")).scalar() == "tests"


@pytest.mark.pg
def test_envelope_bodies_are_compressed_with_lz4_on_postgresql(pg_database_url: str) -> None:
    """Migration 0004: storing an envelope's body with lz4 costs PostgreSQL half what
    pglz did (docs/benchmarks.md, fourth round)."""
    engine = make_engine(pg_database_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            method = conn.execute(text(
                "SELECT attcompression FROM pg_attribute WHERE attrelid = "
                "'sync_envelopes'::regclass AND attname = 'body'")).scalar()
            available = conn.execute(text(
                "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
            )).scalar()
        assert method == ("l" if "lz4" in available else "")
    finally:
        engine.dispose()


def test_migration_0009_fills_the_price_history_with_the_current_prices(
        database_url: str) -> None:
    """Every price a till may already have is in the history after the upgrade, as in
    force since ever at version 0 (nothing older is known)."""
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0008")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO tenants (name, domain, status, vat_registered, created_at, updated_at)"
                " VALUES ('Acme', 'acme.test', 'active', true, :t, :t)"), {"t": "2026-01-01 00:00:00"})
            tenant = conn.execute(text("SELECT id FROM tenants")).scalar_one()
            conn.execute(text(
                "INSERT INTO inv_products (tenant_id, sku, name, unit, tax_code, weighed, "
                "cost_price, active, created_at, updated_at) VALUES (:id, 'GH-0001', 'Oil', "
                "'bottle', 'B', false, 2756, true, :t, :t)"), {"id": tenant, "t": "2026-01-01 00:00:00"})
            conn.execute(text("INSERT INTO price_lists (tenant_id, code, name, inclusive) "
                              "VALUES (:id, 'retail', 'Retail', true)"), {"id": tenant})
            conn.execute(text(
                "INSERT INTO prices (tenant_id, price_list, sku, unit, price, updated_at) "
                "VALUES (:id, 'retail', 'GH-0001', 'bottle', 3800, :t)"),
                {"id": tenant, "t": "2026-01-01 00:00:00"})
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT price_list, sku, unit, version, price, effective_at "
                                     "FROM price_history")).all()
        assert [tuple(r[:5]) for r in rows] == [("retail", "GH-0001", "bottle", 0, 3800)]
        assert str(rows[0][5]).startswith("1970-01-01")
    finally:
        engine.dispose()


def _schema(url: str) -> dict[str, object]:
    """Everything about a database's schema a test could notice, and its rows' count."""
    engine = make_engine(url)
    try:
        found = inspect(engine)
        shape: dict[str, object] = {}
        for table in sorted(found.get_table_names()):
            shape[table] = (
                [(c["name"], str(c["type"]), c["nullable"], str(c.get("default")),
                  c.get("autoincrement")) for c in found.get_columns(table)],
                found.get_pk_constraint(table),
                sorted(map(repr, found.get_foreign_keys(table))),
                sorted(map(repr, found.get_indexes(table))),
                sorted(map(repr, found.get_unique_constraints(table))),
                sorted(map(repr, found.get_check_constraints(table))),
            )
        triggers = {
            "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'",
            "postgresql": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                          "WHERE NOT tgisinternal",
            "mysql": "SELECT trigger_name, action_statement FROM information_schema.triggers "
                     "WHERE trigger_schema = DATABASE()",
        }[engine.dialect.name]
        with engine.connect() as conn:
            shape["triggers"] = sorted(map(tuple, conn.execute(text(triggers))))
            shape["rows"] = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()
                             for t in found.get_table_names()}
        return shape
    finally:
        engine.dispose()


def test_a_test_database_copied_from_the_template_is_the_migrated_schema(
        database_url: str) -> None:
    """The suite's databases are copies of one migrated template (tests/dbtemplate.py):
    the copy has the template's tables, columns, keys, indexes, checks, triggers and
    rows, on each kind of database."""
    from tests.dbtemplate import head_database, template_url

    head_database(database_url)
    copy, template = _schema(database_url), _schema(template_url(database_url))
    assert copy == template
    assert len(copy) > 100 and copy["triggers"]
    engine = make_engine(database_url)
    try:
        assert schema_state(engine).ready
    finally:
        engine.dispose()
