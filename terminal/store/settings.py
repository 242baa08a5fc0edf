"""The till's settings (shop details, tax profile, limits, options), kept as JSON values
in the ``settings`` table. Per-tenant options (blind close, discount limits) arrive from
the server in [3]; a standalone till sets them with ``bisama-terminal setup``."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from shared.permissions import DISCOUNT_LIMITS
from shared.tax import DEFAULT_PROFILE, TaxProfile
from terminal.store.db import Database

DEFAULT_DISCOUNT_LIMITS = DISCOUNT_LIMITS  # one table for the till and the server
# GS1 restricted-circulation prefixes 20–29 on scale labels: 2X PPPPP VVVVV C.
DEFAULT_WEIGHED_PREFIXES = {
    "20": "weight",
    "21": "weight",
    "22": "weight",
    "23": "weight",
    "24": "weight",
    "25": "price",
    "26": "price",
    "27": "price",
    "28": "price",
    "29": "price",
}


@dataclass(frozen=True)
class Settings:
    shop_name: str = "Bisama Shop"
    shop_address: str = ""
    shop_phone: str = ""
    branch_name: str = ""  # printed on receipts ("Accra Central"); empty: the branch's code
    location: str = "SHOP"
    # Blind close is the default: the cashier counts without seeing what the drawer should
    # hold (issue [8]); a tenant may turn it off through the feed.
    blind_close: bool = True
    max_pin_failures: int = 5
    lockout_minutes: int = 15
    discount_limits: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DISCOUNT_LIMITS))
    weighed_prefixes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_WEIGHED_PREFIXES))
    receipt_footer: str = "Thank you for shopping with us."
    print_not_synced: bool = False
    drawer_kick_seconds: int = 5
    default_price_list: str = "retail"
    backup_keep: int = 30
    tax_profile: dict[str, Any] | None = None  # TaxProfile JSON; None = Ghana built-ins
    # Above these a cashier needs a manager (tenant settings, from the feed's tenant entity;
    # amounts in pesewas): cancelling a cart worth more or with more lines, closing the
    # shift with a shortage bigger than the limit. See terminal/safeguards.py.
    cancel_approval_pesewas: int = 10000
    cancel_approval_lines: int = 10
    shortage_approval_pesewas: int = 2000
    # A training till (``simulate`` makes one): practice sales only. It is never enrolled, so
    # nothing it rings up reaches head office's books, and its receipts never reach a printer.
    training: bool = False
    # The till on battery (terminal/power.py): at or below ``power_low_percent`` it takes
    # a backup and warns; at or below ``power_critical_percent`` it refuses new carts and
    # closes itself once the sale in progress is done. Tenant settings, from the feed's
    # tenant entity (``till_limits``).
    power_low_percent: int = 25
    power_critical_percent: int = 10
    # Acknowledged envelopes and receipts older than this many days, in head office's
    # verified backup, are pruned at start-up and shift close (terminal/prune.py).
    prune_after_days: int = 90

    def discount_limit(self, role: str) -> Decimal:
        """The largest discount (percent of what it is on) this role may give alone."""
        return Decimal(self.discount_limits.get(role, "0"))

    def profile(self) -> TaxProfile:
        if not self.tax_profile:
            return DEFAULT_PROFILE
        return TaxProfile.from_json(self.tax_profile)

    @property
    def tin(self) -> str | None:
        return self.profile().tin


NAMES = {f.name for f in fields(Settings)}


def load_settings(db: Database) -> Settings:
    values = {r["key"]: json.loads(r["value"]) for r in db.query("SELECT key, value FROM settings")}
    return Settings(**{k: v for k, v in values.items() if k in NAMES})


def save_settings(conn: sqlite3.Connection, **values: Any) -> None:
    for key, value in values.items():
        if key not in NAMES:
            raise KeyError(f"unknown setting {key}")
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def profile_json(profile: TaxProfile) -> dict[str, Any]:
    return profile.to_json()
