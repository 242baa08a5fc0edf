"""The access-rights page (the IT continuity SOP's "Departmental Access Rights Matrix"):
each role and what it may do on the dashboard, at the till and in approvals, printed
from the very tables the code enforces (``dashboard.access`` for the dashboard and its
addresses, ``shared.permissions`` for the till). The roles are fixed presets — the
seed's four and the group accountant; a person's role is changed on the Users page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from shared import permissions as till
from sync_server.dashboard import access
from sync_server.dashboard.web import PREFIX, Current

router = APIRouter(include_in_schema=False)

# What each head-office approval needs: the permission, and who may never give it.
APPROVALS = (
    ("Approve a month-end close", access.CLOSE_PERIOD, "never the one who prepared it"),
    ("Send a prepared close back", access.CLOSE_PERIOD, ""),
    ("Waive a check of the close, reopen a month", access.CLOSE_PERIOD, "with a reason"),
    ("Approve or reject a journal by hand", access.CLOSE_PERIOD, "never the one who drafted it"),
    ("Prepare a month-end close", access.POST_LEDGER, ""),
    ("Draft a journal by hand", access.POST_LEDGER, "a manager: own branch only"),
)


@router.get(f"{PREFIX}/access")
def access_page(current: Current) -> HTMLResponse:
    roles = access.ROLES
    dashboard = [(p, access.DESCRIPTIONS[p], {r.code: access.may(r.code, p) for r in roles})
                 for p in access.ORDER]
    till_rows = [(p, _till_label(p), {r.code: till.allowed(r.code, p) for r in roles})
                 for p in till.PERMISSIONS]
    till_approvals = [(action, {r.code: till.may_approve(r.code, action) for r in roles})
                      for action in till.ACTION_PERMISSION]
    approvals = [(what, {r.code: access.may(r.code, needs) for r in roles}, note)
                 for what, needs, note in APPROVALS]
    addresses = [(area, [(method, path, needs, access.roles_allowed(needs))
                         for method, path, needs in rows])
                 for area, rows in access.route_groups()]
    return current.render("access.html", roles=roles, dashboard=dashboard, till=till_rows,
                          till_approvals=till_approvals, approvals=approvals,
                          addresses=addresses, limits=till.DISCOUNT_LIMITS,
                          dashboard_roles=access.DASHBOARD_ROLES)


def _till_label(permission: str) -> str:
    return permission.replace("_", " ").capitalize()
