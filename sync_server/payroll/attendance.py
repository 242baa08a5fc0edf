"""Attendance from a clock-in device (issue [14] scope 2).

A device's export — CSV (any encoding ``shared.csv_import.decode_csv`` reads) or Excel
(the first sheet, read as the opening-balance import reads it) — has a row per clock-in:
staff number, date, clock-in time and clock-out time (column names as devices write
them: ``staff_number``/``emp no``/``employee``, ``date``, ``clock_in``/``time in``,
``clock_out``/``time out``). Each row is accepted or rejected with its reason (bad date
or time, clock-out before clock-in, an unknown employee, already uploaded); nothing is
half-imported. Accepted rows may still be doubtful, and are flagged: a missing clock-out,
or a shift overlapping another of the same person's. Flags and unknown staff numbers are
the *discrepancies* shown before the payroll run.

When the tenant's setting ``attendance_feeds_run`` is on, the run withholds pay for
weekdays absent (weekdays inside the uploaded span with no clock-in) and pays overtime
(minutes beyond the working day, at the setting's multiplier).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.csv_import import ImportRejected, decode_csv
from shared.money import Money
from shared.payroll import absence_pay, overtime_pay
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.costing.opening import xlsx_text
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.payroll.models import AttendanceRecord, AttendanceUpload, Employee, PaySettings

MAX_BYTES = 5_000_000
ALIASES = {
    "staff_number": ("staff_number", "staff_no", "emp_no", "employee_no", "employee_number",
                     "employee", "emp_id", "employee_id", "id", "number"),
    "date": ("date", "work_date", "day"),
    "clock_in": ("clock_in", "time_in", "in", "check_in"),
    "clock_out": ("clock_out", "time_out", "out", "check_out"),
}
_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")
DEFAULTS = {"attendance_feeds_run": False, "hours_per_day": 8, "overtime_multiplier_pct": 150}


# -- settings ---------------------------------------------------------------------------
def settings(scope: TenantScope) -> dict[str, Any]:
    row = scope.get(PaySettings, 1)
    if row is None:
        return dict(DEFAULTS)
    return {"attendance_feeds_run": row.attendance_feeds_run, "hours_per_day": row.hours_per_day,
            "overtime_multiplier_pct": row.overtime_multiplier_pct}


def set_settings(ctx: ServerContext, scope: TenantScope, actor: Actor, *,
                 feeds_run: bool | None = None, hours_per_day: int | None = None,
                 overtime_multiplier_pct: int | None = None) -> dict[str, Any]:
    if hours_per_day is not None and not 1 <= hours_per_day <= 16:
        raise Invalid("A working day is 1 to 16 hours.")
    if overtime_multiplier_pct is not None and not 100 <= overtime_multiplier_pct <= 300:
        raise Invalid("The overtime rate is 100 % to 300 % of the hourly rate.")
    row = scope.get(PaySettings, 1)
    if row is None:
        row = PaySettings(id=1, **DEFAULTS)
        scope.add(row)
    if feeds_run is not None:
        row.attendance_feeds_run = feeds_run
    if hours_per_day is not None:
        row.hours_per_day = hours_per_day
    if overtime_multiplier_pct is not None:
        row.overtime_multiplier_pct = overtime_multiplier_pct
    scope.flush()
    now = settings(scope)
    record(ctx, scope, actor, "payroll.settings", detail=now)
    return now


# -- reading a device's file ------------------------------------------------------------
def _day(text: str) -> str | None:
    text = text.strip().split(" ")[0].split("T")[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


def _time(text: str) -> str | None:
    text = text.strip()
    if " " in text:  # "2026-11-02 07:05:00" from a spreadsheet's date-time cell
        text = text.rsplit(" ", 1)[1]
    match = _TIME_RE.fullmatch(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return f"{int(match[1]):02d}:{match[2]}"


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _header(cells: list[str]) -> dict[str, int]:
    names = [re.sub(r"[\s\-]+", "_", c.strip().lower()) for c in cells]
    found: dict[str, int] = {}
    for key, options in ALIASES.items():
        for index, name in enumerate(names):
            if name in options and key not in found:
                found[key] = index
    missing = [k for k in ("staff_number", "date", "clock_in") if k not in found]
    if missing:
        raise ImportRejected("This is not a clock-in file: the first row must name the columns "
                             f"staff_number, date, clock_in and clock_out (missing: "
                             f"{', '.join(missing)}). Nothing was uploaded.")
    return found


def read_rows(raw: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    if len(raw) > MAX_BYTES:
        raise ImportRejected("The file is larger than 5 MB; upload a week or a month at a time.")
    if filename.lower().endswith(".xlsx") or raw.startswith(b"PK\x03\x04"):
        text = xlsx_text(raw)
    else:
        text, _encoding = decode_csv(raw)
    text = text.removeprefix("\ufeff").replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected(f"This is not a readable CSV file ({exc}); nothing was uploaded.") \
            from None
    if not rows:
        raise ImportRejected("The file is empty; nothing was uploaded.")
    columns = _header(rows[0])
    out = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append((line, {k: (cells[i].strip() if i < len(cells) else "")
                           for k, i in columns.items()}))
    return out


def upload(ctx: ServerContext, scope: TenantScope, actor: Actor, *, raw: bytes,
           filename: str) -> dict[str, Any]:
    """Read a device's file; store the accepted rows (flagged when doubtful) and the
    summary. Returns the validation summary."""
    try:
        rows = read_rows(raw, filename)
    except ImportRejected as exc:
        raise Invalid(str(exc)) from None
    staff = {e.number: e for e in scope.scalars(select(Employee))}
    taken = {(r.employee_id, r.work_date, r.clock_in)
             for r in scope.scalars(select(AttendanceRecord))}
    accepted: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    upload_id = ctx.new_id()
    for line, cell in rows:
        number = cell["staff_number"].upper()
        day, start = _day(cell["date"]), _time(cell["clock_in"])
        end_text = cell.get("clock_out", "")
        end = _time(end_text) if end_text else None
        person = staff.get(number)
        reason = None
        if not number:
            reason = "no staff number"
        elif day is None:
            reason = f"“{cell['date']}” is not a date (YYYY-MM-DD or DD/MM/YYYY)"
        elif start is None:
            reason = f"clock-in “{cell['clock_in']}” is not a time (HH:MM)"
        elif end_text and end is None:
            reason = f"clock-out “{end_text}” is not a time (HH:MM)"
        elif person is None:
            reason = f"unknown employee {number}: add them under Employees, then upload again"
        elif end is not None and _minutes(end) <= _minutes(start):
            reason = f"clock-out {end} is not after clock-in {start}"
        elif (person.id, day, start) in taken:
            reason = f"{number} clocked in at {start} on {day} is already uploaded"
        if reason is not None:
            rejected.append({"line": line, "staff_number": number, "date": day or cell["date"],
                             "reason": reason, "unknown": person is None and bool(number)})
            continue
        assert person is not None and day is not None and start is not None
        taken.add((person.id, day, start))
        accepted.append({"id": ctx.new_id(), "upload_id": upload_id, "employee_id": person.id,
                         "work_date": day, "clock_in": start, "clock_out": end,
                         "minutes": _minutes(end) - _minutes(start) if end else 0,
                         "flag": None if end else "missing_out"})
    scope.add(AttendanceUpload(id=upload_id, filename=(filename or "upload")[:200],
                               uploaded_by=actor.name[:300], uploaded_at=ctx.clock.now(),
                               accepted=len(accepted), rejected=len(rejected),
                               rejections=json.dumps(rejected[:2000])))
    scope.flush()
    if accepted:
        scope.insert_rows(AttendanceRecord, accepted)
        _flag_overlaps(scope, {(a["employee_id"], a["work_date"]) for a in accepted})
    record(ctx, scope, actor, "payroll.attendance_upload", subject=filename[:100],
           detail={"accepted": len(accepted), "rejected": len(rejected)})
    flagged = len(scope.scalars(select(AttendanceRecord.id).where(
        AttendanceRecord.upload_id == upload_id, AttendanceRecord.flag.is_not(None))))
    return {"upload": upload_id, "filename": filename, "accepted": len(accepted),
            "rejected": len(rejected), "flagged": flagged, "rejections": rejected,
            "summary": f"{len(accepted)} row(s) accepted ({flagged} flagged), "
                       f"{len(rejected)} rejected."}


def _flag_overlaps(scope: TenantScope, keys: set[tuple[str, str]]) -> None:
    people = {k[0] for k in keys}
    days = {k[1] for k in keys}
    found = scope.scalars(select(AttendanceRecord).where(
        AttendanceRecord.employee_id.in_(people), AttendanceRecord.work_date.in_(days)))
    by_day: dict[tuple[str, str], list[AttendanceRecord]] = {}
    for row in found:
        by_day.setdefault((row.employee_id, row.work_date), []).append(row)
    for rows in by_day.values():
        rows.sort(key=lambda r: r.clock_in)
        for before, after in itertools.pairwise(rows):
            end = before.clock_out or "24:00"
            if after.clock_in < end:
                before.flag = before.flag or "overlap"
                after.flag = after.flag or "overlap"
    scope.flush()


# -- what the run and the reports read --------------------------------------------------
def _records(scope: TenantScope, first: str, last: str) -> list[AttendanceRecord]:
    return list(scope.scalars(select(AttendanceRecord).where(
        AttendanceRecord.work_date >= first, AttendanceRecord.work_date <= last)
        .order_by(AttendanceRecord.work_date, AttendanceRecord.clock_in)))


def _weekdays(first: str, last: str) -> list[str]:
    day, end, out = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= end:
        if day.weekday() < 5:
            out.append(day.isoformat())
        day += timedelta(days=1)
    return out


def _worked(spans: list[tuple[int, int]]) -> int:
    """Minutes covered by a day's shifts, overlaps counted once (an overlap is flagged,
    never paid twice)."""
    total, end = 0, -1
    for start, stop in sorted(spans):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


def _summary(scope: TenantScope, first: str, last: str, hours_per_day: int
             ) -> dict[str, dict[str, Any]]:
    """Per employee id: days present, minutes worked, overtime minutes, weekdays absent
    (inside the uploaded span), flags."""
    records = _records(scope, first, last)
    if not records:
        return {}
    span = _weekdays(records[0].work_date, max(r.work_date for r in records))
    out: dict[str, dict[str, Any]] = {}
    shifts: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for r in records:
        entry = out.setdefault(r.employee_id, {"days": set(), "minutes": 0, "flags": 0})
        entry["days"].add(r.work_date)
        entry["flags"] += 1 if r.flag else 0
        if r.clock_out:
            shifts.setdefault((r.employee_id, r.work_date), []).append(
                (_minutes(r.clock_in), _minutes(r.clock_out)))
    per_day = {key: _worked(spans) for key, spans in shifts.items()}
    for (emp_id, _day), minutes in per_day.items():
        out[emp_id]["minutes"] += minutes
    for emp_id, entry in out.items():
        entry["overtime"] = sum(max(0, m - hours_per_day * 60)
                                for (e, _d), m in per_day.items() if e == emp_id)
        entry["absent"] = sum(1 for d in span if d not in entry["days"])
    for emp_id in scope.scalars(select(Employee.id).where(Employee.status == "active")):
        out.setdefault(emp_id, {"days": set(), "minutes": 0, "flags": 0, "overtime": 0,
                                "absent": len(span)})
    return out


def month_figures(scope: TenantScope, month: str) -> dict[str, tuple[int, int]]:
    """Per employee id: (weekdays absent, overtime minutes) in ``YYYY-MM``."""
    from shared.payroll import month_end

    hours = settings(scope)["hours_per_day"]
    return {e: (v["absent"], v["overtime"])
            for e, v in _summary(scope, month + "-01", month_end(month), hours).items()}


def absence_deduction(basic: Money, days: int, month: str) -> Money:
    return absence_pay(basic, days, month) if days else Money.ZERO


def overtime_amount(basic: Money, minutes: int, month: str, setting: dict[str, Any]) -> Money:
    if not minutes:
        return Money.ZERO
    return overtime_pay(basic, minutes, month, hours_per_day=setting["hours_per_day"],
                        multiplier_pct=setting["overtime_multiplier_pct"])


def discrepancies(scope: TenantScope, first: str, last: str) -> list[dict[str, str]]:
    """What to sort out with HR before the run: missing clock-outs, overlapping shifts,
    rows from staff numbers nobody has."""
    names = {e.id: (e.number, e.name) for e in scope.scalars(select(Employee))}
    out = [{"date": r.work_date, "staff_number": names.get(r.employee_id, ("?", ""))[0],
            "name": names.get(r.employee_id, ("?", ""))[1],
            "problem": {"missing_out": f"no clock-out after {r.clock_in}",
                        "overlap": f"shift from {r.clock_in} overlaps another"}.get(
                            r.flag or "", r.flag or "")}
           for r in _records(scope, first, last) if r.flag]
    known = {n for n, _ in names.values()}
    seen: set[tuple[str, str]] = set()
    for up in scope.scalars(select(AttendanceUpload).order_by(AttendanceUpload.uploaded_at)):
        for rej in json.loads(up.rejections or "[]"):
            if rej.get("unknown") and first <= str(rej.get("date", "")) <= last \
                    and rej.get("staff_number") not in known \
                    and (rej["date"], rej["staff_number"]) not in seen:
                seen.add((rej["date"], rej["staff_number"]))
                out.append({"date": rej["date"], "staff_number": rej["staff_number"],
                            "name": "", "problem": f"unknown employee (in {up.filename})"})
    return sorted(out, key=lambda d: (d["date"], d["staff_number"]))


def week_report(scope: TenantScope, monday: str) -> dict[str, Any]:
    """The week from ``monday``: each active employee's days, hours, overtime, absences."""
    try:
        start = date.fromisoformat((monday or "").strip())
    except ValueError:
        raise Invalid(f"“{monday}” is not a date; give the week's Monday as YYYY-MM-DD.") from None
    start -= timedelta(days=start.weekday())
    first, last = start.isoformat(), (start + timedelta(days=6)).isoformat()
    hours = settings(scope)["hours_per_day"]
    summary = _summary(scope, first, last, hours)
    rows = []
    for e in scope.scalars(select(Employee).where(Employee.status == "active")
                           .order_by(Employee.number)):
        s = summary.get(e.id, {"days": set(), "minutes": 0, "overtime": 0, "absent": 0,
                               "flags": 0})
        rows.append({"staff_number": e.number, "name": e.name, "branch": e.branch_code,
                     "days_present": len(s["days"]), "hours": f"{s['minutes'] / 60:.2f}",
                     "overtime_hours": f"{s['overtime'] / 60:.2f}", "days_absent": s["absent"],
                     "flags": s["flags"]})
    return {"week": first, "to": last, "rows": rows,
            "discrepancies": discrepancies(scope, first, last)}


def list_uploads(scope: TenantScope) -> list[dict[str, Any]]:
    return [{"id": u.id, "filename": u.filename, "uploaded_by": u.uploaded_by,
             "uploaded_at": u.uploaded_at.isoformat(timespec="minutes"), "accepted": u.accepted,
             "rejected": u.rejected}
            for u in scope.scalars(select(AttendanceUpload)
                                   .order_by(AttendanceUpload.uploaded_at.desc()))]


__all__ = ["absence_deduction", "discrepancies", "list_uploads", "month_figures",
           "overtime_amount", "read_rows", "set_settings", "settings", "upload", "week_report"]
