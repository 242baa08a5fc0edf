"""Who may do what on the dashboard: the one table of roles and their permissions, and
the permission every dashboard address needs. ``web.page`` enforces ``ROUTES`` on every
request, ``Principal.may`` reads ``PERMISSIONS``, and the access-rights page
(``routes_access``) prints both, with the till's matrix (``shared.permissions``): what
the page says is what the code does, because it is the same table.

Roles: the seed's fixed four (admin, director, manager, user = cashier) and the group
accountant, who keeps the books of every branch and prepares what a director approves
(separation of duties: the one who prepares a close or a journal never approves it).
"""

from __future__ import annotations

from dataclasses import dataclass

# -- permissions -----------------------------------------------------------------------
VIEW = "view"
ALL_BRANCHES = "all_branches"
RESOLVE_HELD = "resolve_held"
POST_LEDGER = "post_ledger"
CLOSE_PERIOD = "close_period"
MANAGE_USERS = "manage_users"
BACK_OFFICE = "back_office"
ADMIN_TENANTS = "admin_tenants"

# Not permissions a role holds: what an address needs when it needs no role.
PUBLIC = "public"  # before signing in
SIGNED_IN = "signed_in"  # anyone signed in, whatever their role

DESCRIPTIONS: dict[str, str] = {
    VIEW: "See the dashboard's pages: sales, stock, sync, books and reports",
    ALL_BRANCHES: "See every branch and company-wide figures (VAT return, ledger export); "
                  "without it, only one's own branch",
    RESOLVE_HELD: "Resolve held transactions and alerts from the tills",
    POST_LEDGER: "Prepare a month-end close, draft journals by hand, enter bills and "
                 "expenses",
    CLOSE_PERIOD: "Approve or send back a month-end close and journals by hand, waive "
                  "checks, reopen a month (never what one prepared oneself)",
    MANAGE_USERS: "Add and change users (a branch manager: the cashiers of their own "
                  "branch only)",
    BACK_OFFICE: "Back office: branches, products, prices, customers, tax profile, "
                 "terminals, chart of accounts, opening balances, activity log",
    ADMIN_TENANTS: "System administration: every business on the server, the system page",
    PUBLIC: "Anyone, before signing in",
    SIGNED_IN: "Anyone signed in",
}

# How a refusal names what was missing, in the shop's words.
NEEDED: dict[str, str] = {
    VIEW: "The dashboard is for directors, accountants and managers.",
    ALL_BRANCHES: "This covers every branch; your role sees its own branch.",
    RESOLVE_HELD: "Only directors and managers resolve held transactions.",
    POST_LEDGER: "Only accountants, managers and directors prepare closes and draft journals.",
    CLOSE_PERIOD: "Only a director approves closes and journals by hand, and never one they "
                  "prepared or drafted.",
    MANAGE_USERS: "Only directors manage users (and managers, the cashiers of their branch).",
    BACK_OFFICE: "The back office is for directors and system administrators.",
    ADMIN_TENANTS: "Only system administrators see every business and the server.",
    SIGNED_IN: "Sign in first.",
}

# The order the access page shows them in.
ORDER = (VIEW, ALL_BRANCHES, RESOLVE_HELD, POST_LEDGER, CLOSE_PERIOD, MANAGE_USERS,
         BACK_OFFICE, ADMIN_TENANTS)

_DIRECTOR = frozenset({VIEW, ALL_BRANCHES, RESOLVE_HELD, POST_LEDGER, CLOSE_PERIOD,
                       MANAGE_USERS, BACK_OFFICE})
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": _DIRECTOR | {ADMIN_TENANTS},
    "director": _DIRECTOR,
    "accountant": frozenset({VIEW, ALL_BRANCHES, POST_LEDGER}),
    "manager": frozenset({VIEW, RESOLVE_HELD, POST_LEDGER, MANAGE_USERS}),
    "user": frozenset(),
}

# Roles that sign in to the dashboard (a cashier works at the till with a PIN; a system
# administrator is ``admin``, not a user of a business).
DASHBOARD_ROLES = ("director", "accountant", "manager")


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    seed: bool  # one of the seed's fixed roles (a preset), or added here
    summary: str


ROLES: tuple[Role, ...] = (
    Role("admin", "System administrator", True,
         "Runs the server: every business, its users and back office."),
    Role("director", "Director", True,
         "The whole business, every branch; approves closes and journals others prepared."),
    Role("accountant", "Group accountant", False,
         "Every branch's books and company-wide VAT; prepares closes and journals, never "
         "approves them; no back office, no till approvals."),
    Role("manager", "Branch manager", True,
         "Their own branch only; prepares its books, resolves its held sales, manages its "
         "cashiers."),
    Role("user", "Cashier", True,
         "Sells at the till with a PIN; no dashboard."),
)


def may(role: str, permission: str) -> bool:
    if permission == PUBLIC:
        return True
    if permission == SIGNED_IN:
        return role in PERMISSIONS and role != "user"
    return permission in PERMISSIONS.get(role, frozenset())


# -- what every address needs ----------------------------------------------------------
P = "/dashboard"
G, S = "GET", "POST"

ROUTES: dict[tuple[str, str], str] = {
    (G, "/"): PUBLIC,
    (G, f"{P}/login"): PUBLIC,
    (S, f"{P}/login"): PUBLIC,
    (G, f"{P}/login/code"): PUBLIC,
    (S, f"{P}/login/code"): PUBLIC,
    (G, f"{P}/login/enrol"): PUBLIC,
    (S, f"{P}/login/enrol"): PUBLIC,
    (S, f"{P}/logout"): SIGNED_IN,
    (G, f"{P}/account"): SIGNED_IN,
    (S, f"{P}/account/totp"): SIGNED_IN,
    (G, f"{P}/access"): VIEW,
    (G, f"{P}/tenants"): ADMIN_TENANTS,
    (S, f"{P}/tenants/choose"): ADMIN_TENANTS,
    (G, f"{P}/system"): ADMIN_TENANTS,
    # overview, sync and held transactions
    (G, f"{P}/"): VIEW,
    (G, f"{P}/sync/panel"): VIEW,
    (G, f"{P}/held"): VIEW,
    (G, f"{P}/held/{{terminal_id}}/{{seq}}"): VIEW,
    (S, f"{P}/held/{{terminal_id}}/{{seq}}/retry"): RESOLVE_HELD,
    (S, f"{P}/held/{{terminal_id}}/{{seq}}/reject"): RESOLVE_HELD,
    (S, f"{P}/held/{{terminal_id}}/{{seq}}/attach"): BACK_OFFICE,
    (S, f"{P}/held/{{terminal_id}}/{{seq}}/customer"): BACK_OFFICE,
    (S, f"{P}/alerts/{{alert_id}}/resolve"): RESOLVE_HELD,
    # sales and stock
    (G, f"{P}/sales"): VIEW,
    (G, f"{P}/sales/top"): VIEW,
    (G, f"{P}/sales/report"): VIEW,
    (G, f"{P}/sales/export.{{fmt}}"): VIEW,
    (G, f"{P}/sales/find"): VIEW,
    (G, f"{P}/sales/{{sale_id}}"): VIEW,
    (G, f"{P}/stock"): VIEW,
    (G, f"{P}/stock/{{sku:path}}"): VIEW,
    # the ledger and the month-end close
    (G, f"{P}/ledger/trial-balance"): VIEW,
    (G, f"{P}/ledger/profit-loss"): VIEW,
    (G, f"{P}/ledger/balance-sheet"): VIEW,
    (G, f"{P}/ledger/journals"): VIEW,
    (G, f"{P}/ledger/journals/{{journal_id}}"): VIEW,
    (G, f"{P}/ledger/tax"): VIEW,
    (G, f"{P}/ledger/postings"): VIEW,
    (S, f"{P}/ledger/postings/retry"): POST_LEDGER,
    (G, f"{P}/ledger/periods"): VIEW,
    (G, f"{P}/ledger/periods/{{period}}"): VIEW,
    (S, f"{P}/ledger/periods/{{period}}/prepare"): POST_LEDGER,
    (S, f"{P}/ledger/periods/{{period}}/move-late"): POST_LEDGER,
    (S, f"{P}/ledger/periods/{{period}}/waive"): CLOSE_PERIOD,
    (S, f"{P}/ledger/periods/{{period}}/close"): CLOSE_PERIOD,
    (S, f"{P}/ledger/periods/{{period}}/reject"): CLOSE_PERIOD,
    (S, f"{P}/ledger/periods/{{period}}/open"): CLOSE_PERIOD,
    (G, f"{P}/ledger/vat-return"): ALL_BRANCHES,
    (G, f"{P}/ledger/vat-return.{{fmt}}"): ALL_BRANCHES,
    # books
    (G, f"{P}/books/accounts"): VIEW,
    (S, f"{P}/books/accounts"): BACK_OFFICE,
    (S, f"{P}/books/accounts/{{code}}/rename"): BACK_OFFICE,
    (S, f"{P}/books/accounts/{{code}}/{{action}}"): BACK_OFFICE,
    (G, f"{P}/books/drawers"): VIEW,
    (G, f"{P}/books/jv"): VIEW,
    (G, f"{P}/books/jv/new"): POST_LEDGER,
    (S, f"{P}/books/jv"): POST_LEDGER,
    (G, f"{P}/books/jv/{{number}}"): VIEW,
    (G, f"{P}/books/jv/{{number}}/edit"): POST_LEDGER,
    (S, f"{P}/books/jv/{{number}}/edit"): POST_LEDGER,
    (S, f"{P}/books/jv/{{number}}/approve"): CLOSE_PERIOD,
    (S, f"{P}/books/jv/{{number}}/reject"): CLOSE_PERIOD,
    (S, f"{P}/books/jv/{{number}}/delete"): POST_LEDGER,
    (S, f"{P}/books/jv/{{number}}/reverse"): POST_LEDGER,
    (S, f"{P}/books/reverse"): POST_LEDGER,
    (G, f"{P}/books/recurring/{{number}}"): VIEW,
    (S, f"{P}/books/recurring/{{number}}/{{action}}"): POST_LEDGER,
    (S, f"{P}/books/recurring-run"): BACK_OFFICE,
    (G, f"{P}/books/stock-valuation"): VIEW,
    (G, f"{P}/books/stock-valuation.{{fmt}}"): VIEW,
    (G, f"{P}/books/opening"): BACK_OFFICE,
    (S, f"{P}/books/opening/{{what}}"): BACK_OFFICE,
    (G, f"{P}/books/gl"): VIEW,
    (G, f"{P}/books/cash-flow"): VIEW,
    (G, f"{P}/books/receivables"): VIEW,
    (G, f"{P}/books/statement"): VIEW,
    (S, f"{P}/books/credit-notes"): BACK_OFFICE,
    (S, f"{P}/books/receivables/reallocate"): BACK_OFFICE,
    (G, f"{P}/books/ledger-export"): VIEW,
    (G, f"{P}/books/export/{{which}}"): VIEW,
    # purchases
    (G, f"{P}/purchases/suppliers"): VIEW,
    (S, f"{P}/purchases/suppliers"): BACK_OFFICE,
    (G, f"{P}/purchases/suppliers/{{supplier_id}}/statement"): VIEW,
    (G, f"{P}/purchases/ageing"): VIEW,
    (G, f"{P}/purchases/bills"): VIEW,
    (S, f"{P}/purchases/bills"): POST_LEDGER,
    (G, f"{P}/purchases/bills/{{number}}"): VIEW,
    (S, f"{P}/purchases/pay"): POST_LEDGER,
    (G, f"{P}/purchases/expenses"): VIEW,
    (S, f"{P}/purchases/expenses"): POST_LEDGER,
    (S, f"{P}/purchases/tax"): BACK_OFFICE,
    (G, f"{P}/purchases/settlements"): VIEW,
    (S, f"{P}/purchases/statements"): BACK_OFFICE,
    (S, f"{P}/purchases/statements/{{statement_id}}/match"): BACK_OFFICE,
    (S, f"{P}/purchases/statements/{{statement_id}}/settle"): BACK_OFFICE,
    (S, f"{P}/purchases/settle"): BACK_OFFICE,
    # back office
    (G, f"{P}/admin/branches"): VIEW,
    (S, f"{P}/admin/branches"): BACK_OFFICE,
    (S, f"{P}/admin/locations"): BACK_OFFICE,
    (G, f"{P}/admin/users"): VIEW,
    (S, f"{P}/admin/users"): MANAGE_USERS,
    (S, f"{P}/admin/users/edit"): MANAGE_USERS,
    (G, f"{P}/admin/products"): VIEW,
    (S, f"{P}/admin/products"): BACK_OFFICE,
    (S, f"{P}/admin/products/import"): BACK_OFFICE,
    (G, f"{P}/admin/products/{{sku:path}}"): VIEW,
    (S, f"{P}/admin/product/edit"): BACK_OFFICE,
    (S, f"{P}/admin/product/plu"): BACK_OFFICE,
    (S, f"{P}/admin/product/unit"): BACK_OFFICE,
    (S, f"{P}/admin/product/barcode"): BACK_OFFICE,
    (S, f"{P}/admin/product/barcode/remove"): BACK_OFFICE,
    (S, f"{P}/admin/product/price"): BACK_OFFICE,
    (G, f"{P}/admin/price-lists"): VIEW,
    (S, f"{P}/admin/price-lists"): BACK_OFFICE,
    (G, f"{P}/admin/customers"): VIEW,
    (S, f"{P}/admin/customers"): BACK_OFFICE,
    (S, f"{P}/admin/customers/limit"): BACK_OFFICE,
    (G, f"{P}/admin/tax"): VIEW,
    (S, f"{P}/admin/tax"): BACK_OFFICE,
    (G, f"{P}/admin/terminals"): VIEW,
    (S, f"{P}/admin/terminals/code"): BACK_OFFICE,
    (S, f"{P}/admin/terminals/revoke"): BACK_OFFICE,
    (G, f"{P}/admin/activity"): BACK_OFFICE,
    (G, f"{P}/admin/activity.{{fmt}}"): BACK_OFFICE,
    (S, f"{P}/admin/branches/edit"): BACK_OFFICE,
    (S, f"{P}/admin/branches/close"): BACK_OFFICE,
    (S, f"{P}/admin/branches/reopen"): BACK_OFFICE,
    (G, f"{P}/admin/terminals/code/{{key}}"): BACK_OFFICE,
    (S, f"{P}/admin/terminals/code/cancel"): BACK_OFFICE,
    # system administration: the businesses on the server
    (G, f"{P}/admin/tenants"): ADMIN_TENANTS,
    (S, f"{P}/admin/tenants"): ADMIN_TENANTS,
    (S, f"{P}/admin/tenants/suspend"): ADMIN_TENANTS,
    (S, f"{P}/admin/tenants/reactivate"): ADMIN_TENANTS,
    (S, f"{P}/admin/tenants/offboard"): ADMIN_TENANTS,
    # backups and the reports that arrive
    (G, f"{P}/backups"): BACK_OFFICE,
    (G, f"{P}/backups/restore-check"): VIEW,  # empty for whoever has no back office
    (S, f"{P}/backups/recipients"): BACK_OFFICE,
    # GRA E-VAT
    (G, f"{P}/evat"): VIEW,
    (S, f"{P}/evat/retry"): RESOLVE_HELD,
    # the list of sales, shifts and cash-ups
    (G, f"{P}/receipts"): VIEW,
    (G, f"{P}/receipts/totals"): VIEW,
    (G, f"{P}/receipts.{{fmt}}"): VIEW,
    (G, f"{P}/receipts/{{sale_id}}/journal"): VIEW,
    (G, f"{P}/shifts"): VIEW,
    (G, f"{P}/shifts.{{fmt}}"): VIEW,
    (G, f"{P}/shifts/variance"): VIEW,
    (G, f"{P}/shifts/variance.{{fmt}}"): VIEW,
    (G, f"{P}/shifts/{{shift_id}}"): VIEW,
    # stock from head office
    (G, f"{P}/inventory/receive"): VIEW,
    (S, f"{P}/inventory/receive"): POST_LEDGER,
    (G, f"{P}/inventory/transfers"): VIEW,
    (S, f"{P}/inventory/transfers"): POST_LEDGER,
    (S, f"{P}/inventory/documents/{{number}}/receive"): POST_LEDGER,
    (G, f"{P}/inventory/adjustments"): VIEW,
    (S, f"{P}/inventory/adjustments"): POST_LEDGER,
    (S, f"{P}/inventory/adjustments/limit"): BACK_OFFICE,
    (S, f"{P}/inventory/documents/{{number}}/{{decision}}"): POST_LEDGER,
    (G, f"{P}/inventory/documents/{{number}}"): VIEW,
    (G, f"{P}/inventory/value"): VIEW,
    (G, f"{P}/inventory/reorder"): VIEW,
    (S, f"{P}/inventory/reorder"): POST_LEDGER,
    # audit: check a receipt's verifiable QR
    (G, f"{P}/audit/receipt"): VIEW,
    (S, f"{P}/audit/receipt"): VIEW,
    # payroll and attendance
    (G, f"{P}/payroll/employees"): BACK_OFFICE,
    (S, f"{P}/payroll/employees"): BACK_OFFICE,
    (S, f"{P}/payroll/employees/{{number}}"): BACK_OFFICE,
    (G, f"{P}/payroll/runs"): BACK_OFFICE,
    (S, f"{P}/payroll/rates"): BACK_OFFICE,
    (S, f"{P}/payroll/runs"): BACK_OFFICE,
    (G, f"{P}/payroll/runs/{{month}}"): BACK_OFFICE,
    (S, f"{P}/payroll/runs/{{month}}/approve"): BACK_OFFICE,
    (S, f"{P}/payroll/runs/{{month}}/reject"): BACK_OFFICE,
    (S, f"{P}/payroll/runs/{{month}}/post"): BACK_OFFICE,
    (S, f"{P}/payroll/runs/{{month}}/reverse"): BACK_OFFICE,
    (S, f"{P}/payroll/runs/{{month}}/pay"): BACK_OFFICE,
    (G, f"{P}/payroll/runs/{{month}}/payslips.pdf"): BACK_OFFICE,
    (G, f"{P}/payroll/runs/{{month}}/schedule/{{kind}}.{{fmt}}"): BACK_OFFICE,
    (G, f"{P}/payroll/attendance"): VIEW,
    (S, f"{P}/payroll/attendance/upload"): BACK_OFFICE,
    (S, f"{P}/payroll/attendance/settings"): BACK_OFFICE,
    # SMS messages
    (G, f"{P}/sms"): VIEW,
    (S, f"{P}/sms/bulk"): BACK_OFFICE,
    (S, f"{P}/sms/window"): BACK_OFFICE,
    (S, f"{P}/sms/optout"): BACK_OFFICE,
    (S, f"{P}/sms/resume"): BACK_OFFICE,
    # trucks and drivers
    (G, f"{P}/drivers"): VIEW,
    (G, f"{P}/drivers/deposits"): VIEW,
    (S, f"{P}/drivers/deposits"): POST_LEDGER,
    (S, f"{P}/drivers/deposits/match"): POST_LEDGER,
    (G, f"{P}/drivers/deposits/{{number}}/scan"): VIEW,
    (G, f"{P}/drivers/unpaid"): VIEW,
    (S, f"{P}/drivers/follow-up"): POST_LEDGER,
}


def route_needs(method: str, path: str) -> str | None:
    """The permission an address (its route's pattern) needs; None when it is not in
    the table (``tests/dashboard/test_access_matrix.py`` lists every route that is not)."""
    return ROUTES.get((method, path))


def roles_allowed(permission: str) -> list[str]:
    return [r.code for r in ROLES if may(r.code, permission)]


def route_groups() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The table for people: grouped by area, each address with its permission."""
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for (method, path), needs in ROUTES.items():
        parts = path.removeprefix(P).strip("/").split("/")
        area = parts[0] if parts and parts[0] else "overview"
        groups.setdefault(area, []).append((method, path, needs))
    return list(groups.items())
