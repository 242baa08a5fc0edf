"""Column types that behave the same on SQLite, PostgreSQL and MariaDB.

* Money is a BIGINT of pesewas, never a float or a NUMERIC that SQLite would store as
  REAL. Quantities are a BIGINT of thousandths (``*_milli`` columns) for the same
  reason: ``qty_milli = qty_milli + :delta`` is then exact on every database.
* Times are stored in UTC; ``UtcDateTime`` hands back aware datetimes and keeps
  microseconds on MariaDB (whose plain DATETIME drops them).
* Long JSON text (envelope bodies) is LONGTEXT on MariaDB, whose TEXT stops at 64 KB.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeDecorator

from shared.money import quantity

MILLI = 1000

Uuid = String(36)
Code = String(32)
Email = String(254)
Sku = String(64)


def long_text() -> Text:
    return Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")


class UtcDateTime(TypeDecorator[datetime]):
    """A UTC timestamp: aware datetimes in, aware (UTC) datetimes out."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=dialect.name == "postgresql"))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_milli(value: Decimal) -> int:
    """A 3-place quantity → integer thousandths (exact)."""
    return int(quantity(value) * MILLI)


def from_milli(value: int) -> Decimal:
    """Integer thousandths → a 3-place Decimal quantity."""
    return quantity(Decimal(value) / MILLI)


def milli_text(value: int) -> str:
    return str(from_milli(value))


__all__ = ["MILLI", "Code", "Email", "Sku", "UtcDateTime", "Uuid", "from_milli", "long_text",
           "milli_text", "to_milli"]
