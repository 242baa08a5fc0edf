"""Employees a tenant pays (issue [14] scope 1): add, edit, list.

An employee has a staff number (the one the clock-in device prints), a name, a branch,
a role (job title), an SSNIT number, a TIN (GRA's form, ``shared.tin``), how they are
paid (bank account or MoMo number, or cash), a monthly basic salary and cash allowances.
An employee who leaves is made inactive, never deleted: their payslips stay.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from shared.money import Money
from shared.tin import TinError, check_tin
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.errors import AlreadyExists, Invalid, NotFound
from sync_server.payroll.models import Employee
from sync_server.purchases import common as c

PAY_METHODS = ("bank", "momo", "cash")
_SSNIT_RE = re.compile(r"^[A-Z]\d{12}$")  # SSNIT numbers: a letter and twelve digits
_NUMBER_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")
_MOMO_RE = re.compile(r"^0\d{9}$")


def _text(value: str | None, what: str, limit: int, *, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if "\x00" in text:
        raise Invalid(f"The {what} has a character that cannot be stored.")
    if required and not text:
        raise Invalid(f"Give the employee's {what}.")
    if len(text) > limit:
        raise Invalid(f"The {what} is at most {limit} characters.")
    return text


def check_number(value: str | None) -> str:
    number = (value or "").strip().upper()
    if not _NUMBER_RE.fullmatch(number):
        raise Invalid(f"“{value}” is not a staff number: up to 16 letters, digits or dashes "
                      "(e.g. E014), as the clock-in device prints it.")
    return number


def _ssnit(value: str | None) -> str | None:
    text = re.sub(r"\s+", "", value or "").upper()
    if not text:
        return None
    if not _SSNIT_RE.fullmatch(text):
        raise Invalid(f"“{value}” is not an SSNIT number: a letter and twelve digits, as on "
                      "the SSNIT card (e.g. C018011234567).")
    return text


def _tin(value: str | None) -> str | None:
    try:
        return check_tin(value)
    except TinError as exc:
        raise Invalid(str(exc)) from None


def _account(method: str, account: str | None) -> tuple[str, str]:
    method = (method or "").strip().lower()
    if method not in PAY_METHODS:
        raise Invalid(f"“{method}” is not a way to pay salary; use bank, momo or cash.")
    text = _text(account, "bank or MoMo account", 80)
    if method == "momo":
        digits = re.sub(r"[\s-]", "", text)
        if digits.startswith("+233"):
            digits = "0" + digits[4:]
        if not _MOMO_RE.fullmatch(digits):
            raise Invalid(f"“{account}” is not a MoMo number: ten digits starting 0 "
                          "(e.g. 0241234567).")
        text = digits
    elif method == "bank" and not text:
        raise Invalid("Give the bank and account number (e.g. “Ecobank 1441000123456”).")
    return method, text


def _pay(value: str | Money | None, what: str, *, positive: bool) -> int:
    if value is None or value == "":
        if positive:
            raise Invalid(f"Give the {what}.")
        return 0
    amount = c.money(value, what, positive=positive)
    if amount.is_negative:
        raise Invalid(f"The {what} cannot be negative.")
    return amount.pesewas


def employee_json(row: Employee) -> dict[str, Any]:
    return {"number": row.number, "name": row.name, "branch": row.branch_code, "role": row.role,
            "ssnit_number": row.ssnit_number or "", "tin": row.tin or "",
            "pay_method": row.pay_method, "pay_account": row.pay_account,
            "basic": c.cedis(row.basic), "allowances": c.cedis(row.allowances),
            "status": row.status}


def find_employee(scope: TenantScope, number: str, *, lock: bool = False) -> Employee:
    query = select(Employee).where(Employee.number == (number or "").strip().upper())
    row: Employee | None = scope.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(f"There is no employee {number}.")
    return row


def add_employee(ctx: ServerContext, scope: TenantScope, actor: Actor, *, number: str, name: str,
                 branch: str, role: str, basic: str | Money, allowances: str | Money | None = None,
                 ssnit_number: str | None = None, tin: str | None = None,
                 pay_method: str = "bank", pay_account: str | None = None) -> dict[str, Any]:
    number = check_number(number)
    if scope.scalar(select(Employee.id).where(Employee.number == number)) is not None:
        raise AlreadyExists(f"Staff number {number} is already taken.")
    method, account = _account(pay_method, pay_account)
    row = Employee(id=ctx.new_id(), number=number, name=_text(name, "name", 120, required=True),
                   branch_code=c.branch(scope, branch or ""),
                   role=_text(role, "role", 60, required=True),
                   ssnit_number=_ssnit(ssnit_number), tin=_tin(tin), pay_method=method,
                   pay_account=account, basic=_pay(basic, "basic salary", positive=True),
                   allowances=_pay(allowances, "allowances", positive=False), status="active",
                   created_at=ctx.clock.now())
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "payroll.employee_add", subject=number,
           detail={"branch": row.branch_code, "basic": row.basic, "allowances": row.allowances})
    return employee_json(row)


def edit_employee(ctx: ServerContext, scope: TenantScope, actor: Actor, number: str,
                  **changes: Any) -> dict[str, Any]:
    """Change what is given (None leaves a field as it is); ``active`` True/False."""
    row = find_employee(scope, number, lock=True)
    before = employee_json(row)
    if changes.get("name") is not None:
        row.name = _text(changes["name"], "name", 120, required=True)
    if changes.get("branch") is not None:
        row.branch_code = c.branch(scope, changes["branch"])
    if changes.get("role") is not None:
        row.role = _text(changes["role"], "role", 60, required=True)
    if changes.get("ssnit_number") is not None:
        row.ssnit_number = _ssnit(changes["ssnit_number"])
    if changes.get("tin") is not None:
        row.tin = _tin(changes["tin"])
    if changes.get("pay_method") is not None or changes.get("pay_account") is not None:
        row.pay_method, row.pay_account = _account(
            changes.get("pay_method") or row.pay_method,
            changes["pay_account"] if changes.get("pay_account") is not None else row.pay_account)
    if changes.get("basic") not in (None, ""):
        row.basic = _pay(changes["basic"], "basic salary", positive=True)
    if changes.get("allowances") not in (None, ""):
        row.allowances = _pay(changes["allowances"], "allowances", positive=False)
    if changes.get("active") is not None:
        row.status = "active" if changes["active"] else "inactive"
    scope.flush()
    after = employee_json(row)
    record(ctx, scope, actor, "payroll.employee_edit", subject=row.number,
           detail={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return after


def list_employees(scope: TenantScope, *, branch: str | None = None,
                   include_inactive: bool = False) -> list[dict[str, Any]]:
    query = select(Employee).order_by(Employee.number)
    if branch:
        query = query.where(Employee.branch_code == branch.strip().upper())
    if not include_inactive:
        query = query.where(Employee.status == "active")
    return [employee_json(r) for r in scope.scalars(query)]


__all__ = ["PAY_METHODS", "add_employee", "check_number", "edit_employee", "employee_json",
           "find_employee", "list_employees"]
