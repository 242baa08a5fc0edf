"""The Stock office pages (issue [12] scope 4): receive goods, transfer between branches,
adjust with a reason and approval, stock value per branch, reorder levels and the
reorder list — head office's own stock movements (``sync_server.stock.office``).

Who may do what: everyone who sees the dashboard sees these pages (a manager only
their own branch's documents); a manager or director books them (``POST_LEDGER``; a
manager only at their own branch: receives there, sends from there, receives transfers
addressed there, adjusts there and approves adjustments there that someone else
entered). Each form carries a document id made when the page was drawn, so a form sent
twice books one document. Pages live under ``/inventory`` (``/stock/…`` is a product's
page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from shared.errors import BisamaError
from sync_server.catalogue.models import Product
from sync_server.clock import today
from sync_server.costing.valuation import inventory_balance, stock_valuation
from sync_server.dashboard.auth import BACK_OFFICE, POST_LEDGER, VIEW
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, Page, PageError, back, field_text
from sync_server.stock import office, reorder
from sync_server.tenants.models import Branch, User

router = APIRouter(include_in_schema=False)
P = f"{PREFIX}/inventory"
LINES_ON_FORM = 6
NUMBER_MAX = 16


def _branch(current: Page, form: CheckedForm, name: str = "branch") -> str:
    """The branch a form posts to: a manager's own, whatever the form says."""
    return current.principal.branch_filter(field_text(form, name) or None) or ""


def _common(current: Page, scope: Any) -> dict[str, Any]:
    """What every page's forms need: branches (a manager: their own first), products,
    people's names, today, a fresh document id."""
    branches = scope.scalars(select(Branch).where(Branch.status == "active").order_by(Branch.code))
    products = scope.execute(select(Product.sku, Product.name, Product.unit)
                             .where(Product.active.is_(True)).order_by(Product.name)).all()
    names = {u.email: u.name for u in scope.scalars(select(User))}
    return {"branches": branches, "branch_names": {b.code: b.name for b in branches},
            "products": products, "names": names, "mine": current.principal.branch_filter(None),
            "today": today(current.ctx.clock).isoformat(), "doc_id": current.ctx.new_id(),
            "lines": range(1, LINES_ON_FORM + 1), "reasons": office.REASON_NAMES}


def _form_lines(form: CheckedForm, *, priced: bool = False) -> list[office.LineIn]:
    lines = []
    for n in range(1, LINES_ON_FORM + 1):
        sku = field_text(form, f"sku{n}").split(" ", 1)[0]
        qty = field_text(form, f"qty{n}")
        if not sku and not qty:
            continue
        lines.append(office.LineIn(sku, qty, field_text(form, f"cost{n}") if priced else ""))
    return lines


def _act(current: Page, url: str, work: Callable[[Any], str],
         done_url: Callable[[], str] | None = None) -> Response:
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            message = work(scope)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(done_url() if done_url else url, message)


def _named(scope: Any, code: str | None) -> str:
    """A branch as people call it."""
    row = scope.get(Branch, code) if code else None
    return row.name if row is not None else (code or "")


def _doc_id(form: CheckedForm) -> str | None:
    value = field_text(form, "doc_id")
    return value if len(value) == 36 else None


def _list(current: Page, kind: str, **filters: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with current.ctx.scope(current.tenant_id) as scope:
        rows = office.list_documents(scope, kind=kind, branch=current.principal.branch_filter(None),
                                     **filters)
        return rows, _common(current, scope)


# -- receive -------------------------------------------------------------------------------
@router.get(f"{P}/receive")
def receive_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    rows, common = _list(current, "receive", limit=50)
    with current.ctx.scope(current.tenant_id) as scope:
        from sync_server.purchases.models import Supplier

        suppliers = scope.scalars(select(Supplier.name).where(Supplier.status == "active")
                                  .order_by(Supplier.name))
    return current.render("stock_receive.html", docs=rows, suppliers=suppliers, **common)


@router.post(f"{P}/receive")
def receive_post(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    made: dict[str, Any] = {}

    def work(scope: Any) -> str:
        invoice = field_text(form, "bill_invoice") or None
        data = office.receive(current.ctx, scope, current.actor(), branch=_branch(current, form),
                              supplier=field_text(form, "supplier"),
                              document_no=field_text(form, "document_no"),
                              lines=_form_lines(form, priced=True), day=field_text(form, "date"),
                              bill_invoice=invoice,
                              bill_tax_code=field_text(form, "bill_tax_code") or "B",
                              doc_id=_doc_id(form))
        made.update(data)
        bill = f" Bill {data['bill']} entered." if data.get("bill") else ""
        return (f"{data['number']}: goods worth GH₵ {data['value']} received at "
                f"{_named(scope, data['branch'])}.{bill} The branch's tills get the new "
                "levels on their next pull.")
    return _act(current, f"{P}/receive", work, lambda: f"{P}/documents/{made['number']}")


# -- transfers -----------------------------------------------------------------------------
@router.get(f"{P}/transfers")
def transfers_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    rows, common = _list(current, "transfer", limit=100)
    with current.ctx.scope(current.tenant_id) as scope:
        transit = office.in_transit(scope, current.principal.branch_filter(None))
    return current.render("stock_transfers.html", docs=rows, transit=transit, **common)


@router.post(f"{P}/transfers")
def transfer_send(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    made: dict[str, Any] = {}

    def work(scope: Any) -> str:
        data = office.send_transfer(current.ctx, scope, current.actor(),
                                    from_branch=_branch(current, form, "from_branch"),
                                    to_branch=field_text(form, "to_branch"),
                                    lines=_form_lines(form), day=field_text(form, "date"),
                                    note=field_text(form, "note"), doc_id=_doc_id(form))
        made.update(data)
        to = _named(scope, data["to_branch"])
        return (f"{data['number']}: goods worth GH₵ {data['value']} sent from "
                f"{_named(scope, data['branch'])} to {to}; in transit until {to} receives them.")
    return _act(current, f"{P}/transfers", work, lambda: f"{P}/documents/{made['number']}")


@router.post(f"{P}/documents/{{number}}/receive")
def transfer_receive(current: Current, form: CheckedForm, number: str) -> Response:
    current.require(POST_LEDGER)
    here = f"{P}/documents/{number[:NUMBER_MAX]}"

    def work(scope: Any) -> str:
        shown = office.show_document(scope, number[:NUMBER_MAX])
        got = {ln["sku"]: field_text(form, f"got_{ln['sku']}") for ln in shown["lines"]}
        data = office.receive_transfer(current.ctx, scope, current.actor(), number[:NUMBER_MAX],
                                       day=field_text(form, "date"), received=got,
                                       branch=current.principal.branch_filter(None))
        short = sum(1 for ln in data["lines"] if ln["received"] != ln["qty"])
        return (f"{data['number']} received at {_named(scope, data['to_branch'])}"
                + (f"; {short} line(s) short, booked as a loss." if short else "."))
    return _act(current, here, work)


# -- adjustments ---------------------------------------------------------------------------
@router.get(f"{P}/adjustments")
def adjustments_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    rows, common = _list(current, "adjust", limit=100)
    with current.ctx.scope(current.tenant_id) as scope:
        limit = office.adjust_limit(scope)
    return current.render("stock_adjustments.html", docs=rows, limit=limit, **common)


@router.post(f"{P}/adjustments")
def adjust_post(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    made: dict[str, Any] = {}

    def work(scope: Any) -> str:
        data = office.adjust(current.ctx, scope, current.actor(), branch=_branch(current, form),
                             reason=field_text(form, "reason"), lines=_form_lines(form),
                             day=field_text(form, "date"), note=field_text(form, "note"),
                             doc_id=_doc_id(form))
        made.update(data)
        if data["status"] == "pending":
            return (f"{data['number']} is worth about GH₵ {data['value']}, above the approval "
                    "limit: it waits for a second person's approval. Nothing has moved yet.")
        return f"{data['number']} posted: GH₵ {data['value']} at average cost."
    return _act(current, f"{P}/adjustments", work, lambda: f"{P}/documents/{made['number']}")


@router.post(f"{P}/adjustments/limit")
def adjust_limit_post(current: Current, form: CheckedForm) -> Response:
    """The value above which an adjustment waits for a second person (directors)."""
    current.require(BACK_OFFICE)

    def work(scope: Any) -> str:
        limit = office.set_adjust_limit(current.ctx, scope, current.actor(),
                                        field_text(form, "limit"))
        return f"Adjustments worth more than GH₵ {limit} now wait for a second person."
    return _act(current, f"{P}/adjustments", work)


@router.post(f"{P}/documents/{{number}}/{{decision}}")
def adjust_decide(current: Current, form: CheckedForm, number: str, decision: str) -> Response:
    current.require(POST_LEDGER)
    if decision not in ("approve", "reject"):
        raise PageError(404, "Not found", "There is no such page.")
    here = f"{P}/documents/{number[:NUMBER_MAX]}"

    def work(scope: Any) -> str:
        data = office.decide_adjustment(current.ctx, scope, current.actor(), number[:NUMBER_MAX],
                                        approve=decision == "approve",
                                        reason=field_text(form, "reason"),
                                        branch=current.principal.branch_filter(None))
        return f"{data['number']} {'approved and posted' if decision == 'approve' else 'rejected'}."
    return _act(current, here, work)


# -- one document --------------------------------------------------------------------------
@router.get(f"{P}/documents/{{number}}")
def document_page(current: Current, number: str) -> HTMLResponse:
    current.require(VIEW)
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        try:
            doc = office.show_document(scope, number[:NUMBER_MAX])
        except BisamaError:
            doc = None
        if doc is None or (mine is not None and mine not in (doc["branch"], doc["to_branch"])):
            raise PageError(404, "Not found", f"There is no stock document {number[:NUMBER_MAX]} "
                            "for you to see.")
        common = _common(current, scope)
    return current.render("stock_document.html", doc=doc, **common)


# -- stock value ---------------------------------------------------------------------------
@router.get(f"{P}/value")
def value_page(current: Current) -> HTMLResponse:
    current.require(VIEW)
    mine = current.principal.branch_filter(None)
    with current.ctx.scope(current.tenant_id) as scope:
        report = stock_valuation(scope, branch=mine)
        transit = office.in_transit(scope)
        common = _common(current, scope)
        rows = []
        codes = [mine] if mine else sorted(set(report.by_branch) | {
            b.code for b in common["branches"]})
        for code in codes:
            lines = [ln for ln in report.lines if ln.branch == code]
            sent = sum(d["value_pesewas"] for d in transit["transfers"] if d["branch"] == code)
            coming = sum(d["value_pesewas"] for d in transit["transfers"] if d["to_branch"] == code)
            rows.append({"code": code, "name": common["branch_names"].get(code, code),
                         "products": len(lines), "value": report.by_branch.get(code, 0),
                         "inventory": inventory_balance(scope, branch=code),
                         "sent": sent, "coming": coming,
                         "negative": sum(1 for ln in lines if ln.qty_milli < 0)})
    return current.render("stock_value.html", rows=rows, report=report, transit=transit, **common)


# -- reorder -------------------------------------------------------------------------------
@router.get(f"{P}/reorder")
def reorder_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    mine = current.principal.branch_filter(request.query_params.get("branch") or None)
    with current.ctx.scope(current.tenant_id) as scope:
        common = _common(current, scope)
        if mine is not None and mine not in common["branch_names"]:
            mine = None
        rows = reorder.reorder_list(scope, mine)
        levels = reorder.reorder_levels(scope, mine)
    names = {p.sku: p.name for p in common["products"]}
    return current.render("stock_reorder.html", rows=rows, levels=levels, shown=mine,
                          product_names=names, **common)


@router.post(f"{P}/reorder")
def reorder_post(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)

    def work(scope: Any) -> str:
        data = reorder.set_reorder_level(current.ctx, scope, current.actor(),
                                         branch=_branch(current, form),
                                         sku=field_text(form, "sku").split(" ", 1)[0],
                                         level=field_text(form, "level") or "0",
                                         target=field_text(form, "target"))
        if data["level"] == "0":
            return f"{data['sku']} is off {_named(scope, data['branch'])}'s reorder list."
        return (f"{data['sku']} at {_named(scope, data['branch'])}: reorder below "
                f"{data['level']}, up to {data['target']}.")
    return _act(current, f"{P}/reorder", work)
