"""The central database: declarative base and column types, engines for SQLite,
PostgreSQL and MariaDB, the one tenant-scoped query path, and Alembic migrations."""
