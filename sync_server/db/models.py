"""Every table of the central database, imported in one place so ``Base.metadata`` is
complete for Alembic and for the model/migration agreement test."""

from __future__ import annotations

from sync_server.audit.models import ActivityLog
from sync_server.catalogue.models import (
    AttributeHistory,
    Barcode,
    Price,
    PriceHistory,
    PriceList,
    Product,
    ProductUnit,
    QuickKeyCategory,
    QuickKeyItem,
)
from sync_server.customers.models import Customer
from sync_server.dashboard.models import EndedSession, SignInFailures
from sync_server.db.base import Base
from sync_server.ledger.models import Account, Journal, Posting
from sync_server.periods.models import FiscalPeriod
from sync_server.reports.models import (
    PaymentsDaySummary,
    ProductsDaySummary,
    ReturnsDaySummary,
    SalesDaySummary,
)
from sync_server.sales.models import (
    CashMove,
    Payment,
    Return,
    ReturnItem,
    Sale,
    SaleItem,
    Shift,
    Transfer,
)
from sync_server.stock.models import Location, Movement, StockLevel
from sync_server.sync.models import Alert, FeedCounter, FeedEntry, StoredEnvelope
from sync_server.tenants.models import (
    Branch,
    SystemUser,
    TaxRegimeRow,
    TaxRegistrationRow,
    Tenant,
    User,
)
from sync_server.terminals.models import EnrollmentCode, Heartbeat, Nonce, Terminal

metadata = Base.metadata

__all__ = [
    "Account",
    "ActivityLog",
    "Alert",
    "AttributeHistory",
    "Barcode",
    "Base",
    "Branch",
    "CashMove",
    "Customer",
    "EndedSession",
    "EnrollmentCode",
    "FeedCounter",
    "FeedEntry",
    "FiscalPeriod",
    "Heartbeat",
    "Journal",
    "Location",
    "Movement",
    "Nonce",
    "Payment",
    "PaymentsDaySummary",
    "Posting",
    "Price",
    "PriceHistory",
    "PriceList",
    "Product",
    "ProductUnit",
    "ProductsDaySummary",
    "QuickKeyCategory",
    "QuickKeyItem",
    "Return",
    "ReturnItem",
    "ReturnsDaySummary",
    "Sale",
    "SaleItem",
    "SalesDaySummary",
    "Shift",
    "SignInFailures",
    "StockLevel",
    "StoredEnvelope",
    "SystemUser",
    "TaxRegimeRow",
    "TaxRegistrationRow",
    "Tenant",
    "Terminal",
    "Transfer",
    "User",
    "metadata",
]
