"""Every table of the central database, imported in one place so ``Base.metadata`` is
complete for Alembic and for the model/migration agreement test."""

from __future__ import annotations

from sync_server.audit.models import ActivityLog
from sync_server.books.models import ManualJournal, ManualJournalLine, RecurringJournal
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
from sync_server.closing.models import (
    FiscalYearClose,
    LateMove,
    PeriodCloseEvent,
    PeriodWaiver,
)
from sync_server.costing.models import (
    CostAverage,
    CostMove,
    CostSettings,
    OpeningCustomerBalance,
)
from sync_server.customers.models import Customer
from sync_server.dashboard.models import EndedSession, SignInFailures
from sync_server.db.base import Base
from sync_server.directory.fence import TenantFence
from sync_server.directory.models import DbServer, TenantPlacement
from sync_server.fiscal.models import EvatClearance, EvatSetting, EvatSubmission
from sync_server.ledger.models import Account, Journal, Posting
from sync_server.messaging.models import SmsMessage, SmsOptOut, SmsSetting, SmsStaffPhone
from sync_server.operations.models import ArchivedMonth, BackupRun, TenantDeletion
from sync_server.payroll.models import (
    AttendanceRecord,
    AttendanceUpload,
    Employee,
    PayPayment,
    PayRateSet,
    PayRun,
    PaySettings,
)
from sync_server.payroll.models import Payslip as PayslipRow
from sync_server.periods.models import FiscalPeriod
from sync_server.purchases.models import (
    Allocation,
    Bill,
    BillLine,
    BillReceipt,
    Expense,
    SettledTender,
    Settlement,
    Statement,
    StatementLineRow,
    Supplier,
    SupplierPayment,
    TaxPayment,
)
from sync_server.receivables.models import CreditNote, CustomerTerms, ManualAllocation
from sync_server.report_mail.models import ReportRecipient, SalesReportFile, SalesReportMail
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
from sync_server.stock.models import (
    Location,
    Movement,
    OfficeDocument,
    OfficeLine,
    ReorderLevel,
    StockLevel,
    StockSettings,
)
from sync_server.sync.models import Alert, FeedCounter, FeedEntry, PushInFlight, StoredEnvelope
from sync_server.tenants.models import (
    Branch,
    SystemUser,
    TaxRegimeRow,
    TaxRegistrationRow,
    Tenant,
    User,
)
from sync_server.terminals.models import EnrollmentCode, Heartbeat, Nonce, Terminal
from sync_server.trucks.models import DepositMatch, DepositSlip, FollowUp

metadata = Base.metadata

__all__ = [
    "Account",
    "ActivityLog",
    "Alert",
    "Allocation",
    "ArchivedMonth",
    "AttendanceRecord",
    "AttendanceUpload",
    "AttributeHistory",
    "BackupRun",
    "Barcode",
    "Base",
    "Bill",
    "BillLine",
    "BillReceipt",
    "Branch",
    "CashMove",
    "CostAverage",
    "CostMove",
    "CostSettings",
    "CreditNote",
    "Customer",
    "CustomerTerms",
    "DbServer",
    "DepositMatch",
    "DepositSlip",
    "Employee",
    "EndedSession",
    "EnrollmentCode",
    "EvatClearance",
    "EvatSetting",
    "EvatSubmission",
    "Expense",
    "FeedCounter",
    "FeedEntry",
    "FiscalPeriod",
    "FiscalYearClose",
    "FollowUp",
    "Heartbeat",
    "Journal",
    "LateMove",
    "Location",
    "ManualAllocation",
    "ManualJournal",
    "ManualJournalLine",
    "Movement",
    "Nonce",
    "OfficeDocument",
    "OfficeLine",
    "OpeningCustomerBalance",
    "PayPayment",
    "PayRateSet",
    "PayRun",
    "PaySettings",
    "Payment",
    "PaymentsDaySummary",
    "PayslipRow",
    "PeriodCloseEvent",
    "PeriodWaiver",
    "Posting",
    "Price",
    "PriceHistory",
    "PriceList",
    "Product",
    "ProductUnit",
    "ProductsDaySummary",
    "PushInFlight",
    "QuickKeyCategory",
    "QuickKeyItem",
    "RecurringJournal",
    "ReorderLevel",
    "ReportRecipient",
    "Return",
    "ReturnItem",
    "ReturnsDaySummary",
    "Sale",
    "SaleItem",
    "SalesDaySummary",
    "SalesReportFile",
    "SalesReportMail",
    "SettledTender",
    "Settlement",
    "Shift",
    "SignInFailures",
    "SmsMessage",
    "SmsOptOut",
    "SmsSetting",
    "SmsStaffPhone",
    "Statement",
    "StatementLineRow",
    "StockLevel",
    "StockSettings",
    "StoredEnvelope",
    "Supplier",
    "SupplierPayment",
    "SystemUser",
    "TaxPayment",
    "TaxRegimeRow",
    "TaxRegistrationRow",
    "Tenant",
    "TenantDeletion",
    "TenantFence",
    "TenantPlacement",
    "Terminal",
    "Transfer",
    "User",
    "metadata",
]
