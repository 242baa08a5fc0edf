"""The back office: branches and locations, users and roles, products (one by one or a
CSV import with a validation summary), units, barcodes, price lists and prices,
customers, the tax profile, terminals (enrollment codes, revocation) and the activity
log. Every change goes through the same services as ``bisama-sync``, which record it
in the pull feed so the tills get it."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, or_, select

from shared.errors import BisamaError
from shared.money import Money
from sync_server.catalogue import editing
from sync_server.catalogue.models import PriceList, Product, ProductUnit
from sync_server.catalogue.services import ImportSummary, decode_upload, import_catalogue
from sync_server.customers.services import add_customer, list_customers, set_credit_limit
from sync_server.dashboard.auth import BACK_OFFICE, MANAGE_USERS, VIEW
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, back, field_text, optional
from sync_server.errors import Invalid
from sync_server.tenants.services import add_branch, add_location, add_user, list_branches, list_users
from sync_server.tenants.tax_profile import load_profile, record_registration, registration_entries
from sync_server.tenants.user_admin import check_manager_may, update_user
from sync_server.terminals.services import revoke_terminal

router = APIRouter(include_in_schema=False)
A = f"{PREFIX}/admin"
MAX_UPLOAD = 20 * 1024 * 1024


def _act(current: Page, url: str, work: Any, done: str) -> Response:
    """Run a back-office change in the tenant's scope; come back with what happened."""
    current.require(BACK_OFFICE)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            result = work(scope)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, done.format(**result) if isinstance(result, dict) else done)


# -- branches --------------------------------------------------------------------------


@router.get(f"{A}/branches")
def branches_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = list_branches(scope)
    return current.render("admin_branches.html", branches=rows)


@router.post(f"{A}/branches")
def branch_add(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/branches", lambda scope: add_branch(
        current.ctx, scope, current.actor(), code=field_text(form, "code").upper(),
        name=field_text(form, "name"), address=optional(form, "address"),
        phone=optional(form, "phone")), "Branch {code} added with location {default_location}.")


@router.post(f"{A}/locations")
def location_add(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/branches", lambda scope: add_location(
        current.ctx, scope, current.actor(), branch=field_text(form, "branch"),
        code=field_text(form, "code").upper(), name=field_text(form, "name"),
        kind=field_text(form, "kind") or "store"), "Location {branch}/{code} added.")


# -- users -----------------------------------------------------------------------------


@router.get(f"{A}/users")
def users_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        users = list_users(scope)
        branches = list_branches(scope)
    mine = current.principal.branch_filter(None)
    if mine is not None:
        users = [u for u in users if u["branch"] == mine]
    return current.render("admin_users.html", users=users, branches=branches)


def _user_act(current: Page, work: Any, done: str, *, email: str | None, role: str | None,
              branch: str | None) -> Response:
    """Directors and administrators manage every user; a branch manager the cashiers of
    their own branch only (``user_admin.check_manager_may``)."""
    current.require(MANAGE_USERS)
    principal = current.principal
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            if not principal.may(BACK_OFFICE):
                check_manager_may(scope, principal.branch, email=email, role=role or None,
                                  branch=branch)
            result = work(scope)
    except BisamaError as exc:
        return back(f"{A}/users", str(exc), True)
    return back(f"{A}/users", done.format(**result))


@router.post(f"{A}/users")
def user_add(current: Current, form: CheckedForm) -> Response:
    return _user_act(current, lambda scope: add_user(
        current.ctx, scope, current.actor(), email=field_text(form, "email"),
        name=field_text(form, "name"), role=field_text(form, "role"),
        branch=optional(form, "branch"), pin=optional(form, "pin"),
        password=optional(form, "password")), "Added {role} {name} <{email}>.",
        email=None, role=field_text(form, "role") or "user", branch=optional(form, "branch"))


@router.post(f"{A}/users/edit")
def user_edit(current: Current, form: CheckedForm) -> Response:
    status = field_text(form, "status")
    branch = field_text(form, "branch") if "branch" in form else None
    return _user_act(current, lambda scope: update_user(
        current.ctx, scope, current.actor(), email=field_text(form, "email"),
        name=optional(form, "name"), role=optional(form, "role"), branch=branch,
        active=None if not status else status == "active", pin=optional(form, "pin"),
        password=optional(form, "password"), unlock=field_text(form, "unlock") == "1"),
        "Saved {email}.", email=field_text(form, "email"), role=optional(form, "role"),
        branch=branch)


# -- products, units, barcodes, prices -------------------------------------------------


@router.get(f"{A}/products")
def products_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    search = (request.query_params.get("q") or "").strip()
    with current.ctx.scope(current.tenant_id) as scope:
        stmt = select(Product).order_by(Product.sku).limit(300)
        if search:
            pattern = f"%{search.lower()}%"
            stmt = stmt.where(or_(func.lower(Product.name).like(pattern),
                                  func.lower(Product.sku).like(pattern)))
        products = scope.scalars(stmt)
        count = int(scope.scalar(select(func.count()).select_from(Product)) or 0)
    return current.render("admin_products.html", products=products, search=search, count=count)


@router.post(f"{A}/products")
def product_add(current: Current, form: CheckedForm) -> Response:
    def work(scope: Any) -> dict[str, Any]:
        made = editing.save_product(
            current.ctx, scope, current.actor(), sku=field_text(form, "sku"),
            name=field_text(form, "name"), unit=field_text(form, "unit"),
            tax_code=field_text(form, "tax_code"),
            cost_price=Money.parse(field_text(form, "cost_price") or "0"),
            weighed=field_text(form, "weighed") == "1", create=True)
        if field_text(form, "retail_price"):
            editing.set_price(current.ctx, scope, current.actor(), price_list="retail",
                              sku=made["sku"], unit=made["unit"],
                              price=Money.parse(field_text(form, "retail_price")))
        if field_text(form, "barcode"):
            editing.add_barcode(current.ctx, scope, current.actor(), sku=made["sku"],
                                barcode=field_text(form, "barcode"), unit=made["unit"])
        return made

    return _act(current, f"{A}/products", work, "Product {sku} ({name}) added.")


@router.post(f"{A}/products/import")
async def product_import(current: Current, form: CheckedForm) -> Response:
    from starlette.concurrency import run_in_threadpool

    current.require(BACK_OFFICE)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return back(f"{A}/products", "Choose a CSV file to import.", True)
    raw = await upload.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return back(f"{A}/products", "The file is over 20 MB; split it.", True)
    try:
        text, encoding = decode_upload(raw)  # UTF-8, UTF-16 or Excel's Windows-1252
    except Invalid as exc:
        return back(f"{A}/products", str(exc), True)
    name = upload.filename or "upload.csv"

    def work() -> ImportSummary:
        with current.ctx.scope(current.tenant_id) as scope:
            return import_catalogue(current.ctx, scope, current.actor(), text,
                                    source=f"dashboard:{name}", encoding=encoding)

    try:
        summary = await run_in_threadpool(work)
    except Invalid as exc:
        return back(f"{A}/products", f"Nothing was imported: {exc}", True)
    return current.render("admin_import.html", summary=summary, filename=name)


@router.get(f"{A}/products/{{sku:path}}")
def product_page(current: Current, sku: str) -> HTMLResponse:
    current.require(VIEW)
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            detail = editing.product_detail(scope, sku)
    except BisamaError as exc:
        from sync_server.dashboard.web import PageError

        raise PageError(404, "Not found", str(exc)) from None
    return current.render("admin_product.html", **detail)


def _product_url(form: Any) -> str:
    return f"{A}/products/{field_text(form, 'sku')}"


@router.post(f"{A}/product/edit")
def product_edit(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.save_product(
        current.ctx, scope, current.actor(), sku=field_text(form, "sku"),
        name=field_text(form, "name"), unit=field_text(form, "unit"),
        tax_code=field_text(form, "tax_code"),
        cost_price=Money.parse(field_text(form, "cost_price") or "0"),
        weighed=field_text(form, "weighed") == "1", active=field_text(form, "active") == "1"),
        "Saved {sku}.")


@router.post(f"{A}/product/plu")
def product_plu(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.set_plu(
        current.ctx, scope, current.actor(), sku=field_text(form, "sku"),
        plu=field_text(form, "plu") or None), "Scale PLU of {sku}: {plu}.")


@router.post(f"{A}/product/unit")
def product_unit(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.set_unit(
        current.ctx, scope, current.actor(), sku=field_text(form, "sku"),
        unit=field_text(form, "unit"), factor=field_text(form, "factor")),
        "Unit {unit} holds {factor}.")


@router.post(f"{A}/product/barcode")
def product_barcode(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.add_barcode(
        current.ctx, scope, current.actor(), sku=field_text(form, "sku"),
        barcode=field_text(form, "barcode"), unit=field_text(form, "unit")),
        "Barcode {barcode} added.")


@router.post(f"{A}/product/barcode/remove")
def product_barcode_remove(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.remove_barcode(
        current.ctx, scope, current.actor(), barcode=field_text(form, "barcode")),
        "Barcode removed.")


@router.post(f"{A}/product/price")
def product_price(current: Current, form: CheckedForm) -> Response:
    return _act(current, _product_url(form), lambda scope: editing.set_price(
        current.ctx, scope, current.actor(), price_list=field_text(form, "price_list"),
        sku=field_text(form, "sku"), unit=field_text(form, "unit"),
        price=Money.parse(field_text(form, "price") or "x")), "Price set: {price_list} {unit} "
        "{price}.")


@router.get(f"{A}/price-lists")
def price_lists_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        lists = scope.scalars(select(PriceList).order_by(PriceList.code))
        units = scope.scalars(select(ProductUnit).where(ProductUnit.factor_milli != 1000)
                              .order_by(ProductUnit.sku, ProductUnit.unit).limit(500))
        from sync_server.catalogue.models import Price

        counts = {r.price_list: int(r.n) for r in scope.execute(
            select(Price.price_list, func.count().label("n")).group_by(Price.price_list))}
    return current.render("admin_prices.html", lists=lists, counts=counts, units=units)


@router.post(f"{A}/price-lists")
def price_list_add(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/price-lists", lambda scope: editing.add_price_list(
        current.ctx, scope, current.actor(), code=field_text(form, "code"),
        name=field_text(form, "name"), inclusive=field_text(form, "inclusive") != "0"),
        "Price list {code} added.")


# -- customers -------------------------------------------------------------------------


@router.get(f"{A}/customers")
def customers_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        rows = list_customers(scope)
    return current.render("admin_customers.html", customers=rows)


@router.post(f"{A}/customers")
def customer_add(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/customers", lambda scope: add_customer(
        current.ctx, scope, current.actor(), name=field_text(form, "name"),
        phone=optional(form, "phone"), tin=optional(form, "tin"), email=optional(form, "email"),
        credit_limit=Money.parse(field_text(form, "credit_limit") or "0")),
        "Customer {name} registered.")


@router.post(f"{A}/customers/limit")
def customer_limit(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/customers", lambda scope: set_credit_limit(
        current.ctx, scope, current.actor(), field_text(form, "id"),
        Money.parse(field_text(form, "credit_limit") or "x")), "{name}: credit limit saved.")


# -- tax profile, terminals, activity --------------------------------------------------


@router.get(f"{A}/tax")
def tax_profile_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    assert current.tenant is not None
    today = current.ctx.clock.now().date()
    with current.ctx.scope(current.tenant_id) as scope:
        profile = load_profile(scope, current.tenant)
        entries = registration_entries(scope)
    return current.render("admin_tax.html", profile=profile, entries=entries,
                          today=today.isoformat(), now=profile.registration_on(today))


@router.post(f"{A}/tax")
def tax_registration(current: Current, form: CheckedForm) -> Response:
    """A change of VAT registration or TIN from a date on (a new entry, never an edit)."""
    status = field_text(form, "vat_registered")
    try:
        effective = date.fromisoformat(field_text(form, "effective_from"))
    except ValueError:
        return back(f"{A}/tax", "Give the date the change takes effect (YYYY-MM-DD).", True)
    if status not in ("1", "0"):
        return back(f"{A}/tax", "Say whether the business is VAT-registered from that date.",
                    True)
    return _act(current, f"{A}/tax", lambda scope: record_registration(
        current.ctx, scope, current.actor(), effective_from=effective,
        vat_registered=status == "1", tin=optional(form, "tin"), note=optional(form, "note")),
        "From {effective_from} the business is {status}. The tills charge accordingly from "
        "their next sync.")


# The Terminals page, enrollment codes and the activity log: routes_hq_admin.


@router.post(f"{A}/terminals/revoke")
def terminal_revoke(current: Current, form: CheckedForm) -> Response:
    return _act(current, f"{A}/terminals", lambda scope: revoke_terminal(
        current.ctx, scope, current.actor(), field_text(form, "terminal_id"),
        reason=optional(form, "reason")), "Terminal revoked: its requests are refused from now "
        "on; what it sent stays.")
