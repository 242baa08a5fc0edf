"""Registering customers and setting their credit limits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.money import Money
from shared.payloads import EMAIL_RE
from shared.tin import TinError, check_tin
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.errors import AlreadyExists, Invalid, NotFound
from sync_server.sync.changes import Change, record_changes


def customer_json(row: Customer) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "phone": row.phone, "tin": row.tin, "email": row.email,
            "credit_limit": row.credit_limit, "balance": row.balance, "status": row.status}


def add_customer(ctx: ServerContext, scope: TenantScope, actor: Actor, *, name: str,
                 phone: str | None = None, tin: str | None = None, email: str | None = None,
                 credit_limit: Money = Money.ZERO,
                 customer_id: str | None = None) -> dict[str, Any]:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Invalid("A customer needs a name (up to 200 characters).")
    if tin is not None:
        try:
            tin = check_tin(tin)
        except TinError as exc:
            raise Invalid(str(exc)) from None
    if email is not None and not EMAIL_RE.fullmatch(email.strip()):
        raise Invalid(f"“{email}” is not an e-mail address.")
    if phone is not None and len(phone) > 20:
        raise Invalid("A phone number has at most 20 characters.")
    if credit_limit.is_negative:
        raise Invalid("A credit limit cannot be negative.")
    if tin is not None and scope.scalar(select(Customer.id).where(Customer.tin == tin)):
        raise AlreadyExists(f"A customer with TIN {tin} is already registered.")
    now = ctx.clock.now()
    row = Customer(id=customer_id or ctx.new_id(), name=name, phone=phone, tin=tin,
                   email=email.strip() if email else None, credit_limit=credit_limit.pesewas,
                   balance=0, status="active", created_at=now, updated_at=now)
    if scope.get(Customer, row.id) is not None:
        raise AlreadyExists(f"Customer {row.id} already exists.")
    scope.add(row)
    scope.flush()
    record(ctx, scope, actor, "customer.add", subject=row.id,
           detail={"name": name, "credit_limit": str(credit_limit)})
    record_changes(scope, [Change("customer", row.id)])
    return customer_json(row)


def set_credit_limit(ctx: ServerContext, scope: TenantScope, actor: Actor, customer_id: str,
                     limit: Money) -> dict[str, Any]:
    if limit.is_negative:
        raise Invalid("A credit limit cannot be negative.")
    row = scope.get(Customer, customer_id)
    if row is None:
        raise NotFound(f"No customer has the id {customer_id}.")
    row.credit_limit = limit.pesewas
    row.updated_at = ctx.clock.now()
    scope.flush()
    record(ctx, scope, actor, "customer.credit_limit", subject=customer_id,
           detail={"credit_limit": str(limit)})
    record_changes(scope, [Change("customer", customer_id)])
    return customer_json(row)


def list_customers(scope: TenantScope) -> list[dict[str, Any]]:
    return [customer_json(c) for c in scope.scalars(select(Customer).order_by(Customer.name))]
