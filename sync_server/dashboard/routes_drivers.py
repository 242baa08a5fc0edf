"""Dashboard pages of trucks and drivers (issue [14], scope 4): the daily driver report,
deposit slips (record, match, list what is unmatched, see the scan), and unpaid van
invoices by driver and customer with their follow-ups.

Everyone who sees the dashboard sees these pages, a manager only their own branch's vans;
a manager or director records a deposit slip or a follow-up (``POST_LEDGER``; a slip
posts to the ledger), a manager only for a van of their branch. Plain HTML forms with
the CSRF field; no JavaScript.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from shared.ageing import BUCKETS
from shared.errors import BisamaError
from shared.money import Money
from sync_server.clock import today
from sync_server.dashboard.auth import POST_LEDGER, VIEW
from sync_server.dashboard.web import (
    PREFIX,
    CheckedForm,
    Current,
    Page,
    PageError,
    back,
    field_text,
)
from sync_server.tenants.models import User
from sync_server.trucks import deposits as dep
from sync_server.trucks.followups import set_follow_up, unpaid
from sync_server.trucks.models import DepositSlip
from sync_server.trucks.report import driver_report, vans

router = APIRouter(include_in_schema=False)
P = f"{PREFIX}/drivers"
MAX_RANGE = 366


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2999:
        raise PageError(400, "Not a date", f"“{text[:20]}” is not a date; use YYYY-MM-DD.")
    return day


def _mine(current: Page) -> str | None:
    return current.principal.branch_filter(None)


def _act(current: Page, url: str, work: Any) -> Response:
    try:
        with current.ctx.scope(current.tenant_id) as scope:
            message = work(scope)
    except BisamaError as exc:
        return back(url, str(exc), True)
    return back(url, message)


def _drivers(current: Page, first: frozenset[str] = frozenset()) -> list[User]:
    """The people who may drive a van (cashiers and managers, of the manager's branch),
    those in ``first`` (who have cash to bank) at the top."""
    mine = _mine(current)
    with current.ctx.scope(current.tenant_id) as scope:
        people = [u for u in scope.scalars(select(User).where(User.status == "active")
                                           .order_by(User.name))
                  if u.role in ("user", "manager") and (mine is None or u.branch_code == mine)]
    return sorted(people, key=lambda u: u.email not in first)


@router.get(P)
def report_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    q = request.query_params
    day = _day(q.get("day"), today(current.ctx.clock))
    branch = _mine(current)
    with current.ctx.scope(current.tenant_id) as scope:
        all_vans = vans(scope, branch)
        van = q.get("van") or None
        if van and not any(van in (f"{v.branch_code}/{v.code}", v.code) for v in all_vans):
            raise PageError(404, "No such van", f"There is no van “{van}” here.")
        try:
            report = driver_report(scope, day=day, van=van, branch=branch)
        except BisamaError as exc:
            raise PageError(404, "No such van", str(exc)) from None
    return current.render("drivers_report.html", day=day, vans=all_vans, van=van,
                          report=report, previous=day - timedelta(days=1),
                          next=day + timedelta(days=1))


@router.get(f"{P}/deposits")
def deposits_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    q = request.query_params
    now = today(current.ctx.clock)
    last = _day(q.get("last"), now)
    first = _day(q.get("first"), last - timedelta(days=13))
    if last < first:
        raise PageError(400, "Dates the wrong way round", "The last day is before the first.")
    if (last - first).days > MAX_RANGE:
        raise PageError(400, "Range too long", "Choose at most a year.")
    with current.ctx.scope(current.tenant_id) as scope:
        state = dep.deposits(scope, first=first, last=last, branch=_mine(current))
        all_vans = vans(scope, _mine(current))
    return current.render("drivers_deposits.html", state=state, first=first, last=last,
                          vans=all_vans, today=now.isoformat(),
                          drivers=_drivers(current, frozenset(
                              c["driver_email"] for c in state["unmatched_cash"])),
                          may_post=current.principal.may(POST_LEDGER))


@router.post(f"{P}/deposits")
async def deposit_add(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    url = f"{P}/deposits"
    upload = form.get("scan")
    scan = None
    if upload is not None and not isinstance(upload, str) and upload.filename:
        raw = await upload.read(dep.MAX_SCAN + 1)
        if len(raw) > dep.MAX_SCAN:
            return back(url, "The scan is over 4 MB; take the photo at a lower size.", True)
        if raw:
            scan = (upload.filename[:120], upload.content_type or "", raw)
    try:
        amount = Money.parse(field_text(form, "amount"))
        deposit_date = date.fromisoformat(field_text(form, "date"))
        days = [date.fromisoformat(d.strip()) for d in field_text(form, "days").split(",")
                if d.strip()] or None
    except BisamaError as exc:
        return back(url, str(exc), True)
    except ValueError:
        return back(url, "Dates are written YYYY-MM-DD (several days with commas).", True)

    def work() -> str:
        with current.ctx.scope(current.tenant_id) as scope:
            done = dep.record_slip(current.ctx, scope, current.actor(),
                                   bank=field_text(form, "bank"),
                                   slip_no=field_text(form, "slip_no"), amount=amount,
                                   deposit_date=deposit_date, driver=field_text(form, "driver"),
                                   van=field_text(form, "van"),
                                   account=field_text(form, "account") or "1010", days=days,
                                   scan=scan, by=current.principal.email or "dashboard",
                                   branch=_mine(current))
        return (f"{done['number']}: {done['amount']} banked by {done['driver']} (van "
                f"{done['van']}); matched {done['matched']}, unmatched {done['unmatched']}.")

    try:
        message = await run_in_threadpool(work)
    except BisamaError as exc:
        return back(url, f"Nothing was recorded: {exc}", True)
    return back(url, message)


@router.post(f"{P}/deposits/match")
def deposit_match(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)

    def work(scope: Any) -> str:
        slip = dep.slip_by_number(scope, field_text(form, "number"))
        if _mine(current) not in (None, slip.branch_code):
            raise PageError(403, "Not your branch", "This slip is another branch's.")
        done = dep.match_slip(current.ctx, scope, current.actor(), number=slip.number)
        return f"{done['number']}: matched {done['matched']} more; {done['unmatched']} unmatched."
    return _act(current, f"{P}/deposits", work)


@router.get(f"{P}/deposits/{{number}}/scan")
def deposit_scan(current: Current, number: str) -> Response:
    current.require(VIEW)
    with current.ctx.scope(current.tenant_id) as scope:
        found = scope.scalars(select(DepositSlip).where(DepositSlip.number == number[:16]))
        slip = found[0] if found else None
        if (slip is None or slip.scan is None
                or _mine(current) not in (None, slip.branch_code)):
            raise PageError(404, "No scan", f"Deposit slip “{number[:16]}” has no scan here.")
        data, kind, name = slip.scan, slip.scan_type or "application/octet-stream", slip.scan_name
    safe = "".join(c for c in (name or "slip") if c.isalnum() or c in "._-") or "slip"
    return Response(data, media_type=kind,
                    headers={"Content-Disposition": f'inline; filename="{safe}"',
                             "X-Content-Type-Options": "nosniff"})


@router.get(f"{P}/unpaid")
def unpaid_page(current: Current, request: Request) -> HTMLResponse:
    current.require(VIEW)
    q = request.query_params
    now = today(current.ctx.clock)
    as_of = _day(q.get("as_of"), now)
    driver = q.get("driver") or None
    with current.ctx.scope(current.tenant_id) as scope:
        report = unpaid(scope, as_of=as_of, branch=_mine(current), driver=driver)
    return current.render("drivers_unpaid.html", report=report, as_of=as_of, driver=driver,
                          drivers=_drivers(current), buckets=BUCKETS, today=now.isoformat(),
                          may_post=current.principal.may(POST_LEDGER))


@router.post(f"{P}/follow-up")
def follow_up(current: Current, form: CheckedForm) -> Response:
    current.require(POST_LEDGER)
    url = f"{P}/unpaid"
    on_text = field_text(form, "on")
    try:
        on = date.fromisoformat(on_text) if on_text else None
    except ValueError:
        return back(url, f"“{on_text[:20]}” is not a date; use YYYY-MM-DD.", True)

    def work(scope: Any) -> str:
        done = set_follow_up(current.ctx, scope, current.actor(),
                             invoice=field_text(form, "invoice"), note=field_text(form, "note"),
                             on=on, by=current.principal.email or "dashboard",
                             branch=_mine(current))
        return (f"Invoice {done['invoice']}: follow up "
                f"{done['follow_up_on'] or 'when next seen'} — {done['note']}")
    return _act(current, url, work)
