"""What a payroll run prints and files (issue [14] scope 1).

* **payslips** as one PDF (a page per employee; fpdf2 with the bundled DejaVu Sans, which
  has the cedi sign, as the reports' PDFs);
* the **PAYE schedule** in the columns of GRA's *Employer's monthly tax deductions
  schedule* (DT 0107a, 27 columns), as CSV or XLSX;
* the **SSNIT contribution schedule**: SSNIT number, Ghana Card/TIN, the name as SSNIT
  writes it (Surname, First names), the insurable basic, the 5.5 % and 13 % shares and
  the tier 1 (13.5 %) and tier 2 (5 %) amounts, as CSV or XLSX.

Sources for both shapes are in ``docs/payroll.md``.
"""

from __future__ import annotations

from typing import Any

from shared.money import Money
from shared.payroll import month_end
from sync_server.dashboard.exports import Column, Sheet, to_csv, to_xlsx
from sync_server.db.scope import TenantScope
from sync_server.errors import Invalid
from sync_server.payroll.models import PayRun
from sync_server.payroll.models import Payslip as SlipRow
from sync_server.payroll.rates import rates_on
from sync_server.payroll.runs import find_run, slips
from sync_server.reports.export import FONT_DIR
from sync_server.tenants.models import Tenant

PAYE_COLUMNS: tuple[Column, ...] = (
    Column("ser", "Ser. No"), Column("tin", "TIN (11 characters)"),
    Column("name", "Name of Employee"), Column("position", "Position"),
    Column("non_resident", "Non-Resident (Y/N)"), Column("basic", "Basic salary", money=True),
    Column("secondary", "Secondary Employment (Y/N)"),
    Column("ssf", "Social Security Fund", money=True), Column("third_tier", "Third Tier", money=True),
    Column("allowances", "Cash Allowances", money=True),
    Column("bonus", "Bonus Income (up to 15% of Annual Basic salary)", money=True),
    Column("bonus_tax", "Final Tax on Bonus Income", money=True),
    Column("excess_bonus", "Excess Bonus", money=True),
    Column("cash_emolument", "Total Cash emolument (6+10+13)", money=True),
    Column("accommodation", "Accommodation Element", money=True),
    Column("vehicle", "Vehicle element", money=True),
    Column("non_cash", "Non Cash Benefit", money=True),
    Column("assessable", "Total Assessable Income (14+15+16+17)", money=True),
    Column("deductible_reliefs", "Deductible Reliefs", money=True),
    Column("reliefs", "Total Reliefs (8+9+19)", money=True),
    Column("chargeable", "Chargeable Income (18-20)", money=True),
    Column("tax", "Tax Deductible", money=True),
    Column("overtime", "Overtime Income", money=True),
    Column("overtime_tax", "Overtime Tax", money=True),
    Column("total_tax", "Total Tax Payable to GRA (12+22+24)", money=True),
    Column("severance", "Severance pay paid", money=True), Column("remarks", "Remarks"),
)

SSNIT_COLUMNS: tuple[Column, ...] = (
    Column("ser", "Ser. No"), Column("ssnit_number", "Social Security Number"),
    Column("national_id", "Ghana Card / TIN"), Column("name", "Full Name (Surname, First names)"),
    Column("basic", "Basic Salary", money=True),
    Column("employee", "Employee 5.5%", money=True), Column("employer", "Employer 13%", money=True),
    Column("tier1", "Tier 1 to SSNIT 13.5%", money=True),
    Column("tier2", "Tier 2 to Trustee 5%", money=True),
    Column("total", "Total 18.5%", money=True),
)


NET_COLUMNS: tuple[Column, ...] = (
    Column("ser", "Ser. No"), Column("number", "Staff No."), Column("name", "Name"),
    Column("branch", "Branch"), Column("method", "Paid by"), Column("account", "Account"),
    Column("net", "Net pay", money=True),
)


def net_rows(rows: list[SlipRow]) -> list[dict[str, Any]]:
    """Who gets what: the list the bank or MoMo bulk payment is made from."""
    return [{"ser": n, "number": s.number, "name": s.name, "branch": s.branch_code,
             "method": s.pay_method, "account": s.pay_account, "net": s.net}
            for n, s in enumerate(sorted(rows, key=lambda r: (r.pay_method, r.number)), start=1)]


def _ssnit_name(name: str) -> str:
    parts = name.split()
    if len(parts) < 2:
        return name.upper()
    return f"{parts[-1].upper()}, {' '.join(parts[:-1])}"


def _junior(row: SlipRow) -> bool:
    return row.overtime_tax > 0


def paye_rows(rows: list[SlipRow]) -> list[dict[str, Any]]:
    out = []
    for n, s in enumerate(rows, start=1):
        basic = s.basic - s.absence
        ordinary_ot = 0 if _junior(s) else s.overtime
        allowances = s.allowances + ordinary_ot
        cash = basic + allowances
        out.append({
            "ser": n, "tin": s.tin or "", "name": s.name, "position": s.role,
            "non_resident": "N", "basic": basic, "secondary": "N", "ssf": s.ssnit_employee,
            "third_tier": 0, "allowances": allowances, "bonus": 0, "bonus_tax": 0,
            "excess_bonus": 0, "cash_emolument": cash, "accommodation": 0, "vehicle": 0,
            "non_cash": 0, "assessable": cash, "deductible_reliefs": 0,
            "reliefs": s.ssnit_employee, "chargeable": s.taxable, "tax": s.paye,
            "overtime": s.overtime if _junior(s) else 0, "overtime_tax": s.overtime_tax,
            "total_tax": s.paye + s.overtime_tax, "severance": 0,
            "remarks": "" if s.tin else "no TIN on file"})
    return out


def ssnit_rows(rows: list[SlipRow], cap: int) -> list[dict[str, Any]]:
    return [{"ser": n, "ssnit_number": s.ssnit_number or "", "national_id": s.tin or "",
             "name": _ssnit_name(s.name), "basic": min(s.basic - s.absence, cap),
             "employee": s.ssnit_employee, "employer": s.ssnit_employer, "tier1": s.tier1,
             "tier2": s.tier2, "total": s.tier1 + s.tier2}
            for n, s in enumerate(rows, start=1)]


def _totals(rows: list[dict[str, Any]], columns: tuple[Column, ...], label_key: str
            ) -> dict[str, Any]:
    out: dict[str, Any] = {c.key: sum(r[c.key] for r in rows) for c in columns if c.money}
    out[label_key] = "TOTALS"
    return out


def schedule(scope: TenantScope, month: str, kind: str, fmt: str) -> tuple[bytes, str, str]:
    """The PAYE (``paye``) or SSNIT (``ssnit``) schedule of a run, or its net pay list
    (``net``: who is paid what, by bank, MoMo or cash), as CSV or XLSX: the bytes, the file
    name and the media type."""
    if kind not in ("paye", "ssnit", "net"):
        raise Invalid(f"“{kind}” is not a schedule; choose paye, ssnit or net.")
    if fmt not in ("csv", "xlsx"):
        raise Invalid(f"“{fmt}” is not a format; choose csv or xlsx.")
    run = find_run(scope, month)
    rows = slips(scope, run)
    if kind == "paye":
        lines, columns = paye_rows(rows), PAYE_COLUMNS
        title = f"Employer's monthly tax deductions schedule (PAYE) {run.month[5:]}/{run.month[:4]}"
    elif kind == "net":
        lines, columns = net_rows(rows), NET_COLUMNS
        title = f"Net pay list {run.month[5:]}/{run.month[:4]}"
    else:
        cap = rates_on(scope, month_end(run.month)).max_insurable.pesewas
        lines, columns = ssnit_rows(rows, cap), SSNIT_COLUMNS
        title = f"SSNIT contribution schedule {run.month[5:]}/{run.month[:4]}"
    if lines:
        lines.append(_totals(lines, columns, "name"))
    sheet = Sheet(title[:31] if fmt == "xlsx" else title, columns, lines)
    name = f"{kind}-{run.month}.{fmt}"
    if fmt == "csv":
        return to_csv([sheet]), name, "text/csv; charset=utf-8"
    return (to_xlsx([sheet], heading=f"{title} — employer: {_employer(scope, with_tin=True)}"), name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _employer(scope: TenantScope, *, with_tin: bool = False) -> str:
    from sqlalchemy import select

    tenant = scope.scalar(select(Tenant).where(Tenant.id == scope.tenant_id))
    if tenant is None:
        return ""
    name = str(tenant.name or tenant.domain)
    return f"{name}, TIN {tenant.tin}" if with_tin and tenant.tin else name


def payslips_pdf(scope: TenantScope, month: str, *, number: str | None = None) -> bytes:
    """Every payslip of the run (or one employee's) as a PDF, a page each."""
    from fpdf import FPDF

    run = find_run(scope, month)
    rows = [s for s in slips(scope, run) if number is None or s.number == number.strip().upper()]
    if not rows:
        raise Invalid(f"There is no payslip for {number} in {run.month}.")
    pdf = FPDF(orientation="P", unit="mm", format=(148, 210))  # A5
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    employer = _employer(scope)
    for slip in rows:
        _page(pdf, run, slip, employer)
    return bytes(pdf.output())


def _page(pdf: Any, run: PayRun, s: SlipRow, employer: str) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, employer[:60], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    status = "" if run.status == "posted" else f" — {run.status.upper()}, not final"
    pdf.cell(0, 6, f"Payslip for {run.month}{status}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in (("Employee", f"{s.name} ({s.number})"), ("Position", s.role),
                         ("Branch", s.branch_code), ("SSNIT number", s.ssnit_number or "—"),
                         ("TIN", s.tin or "—"),
                         ("Paid to", f"{s.pay_method.upper()} {s.pay_account}".strip())):
        pdf.cell(35, 5, label)
        pdf.cell(0, 5, value[:60], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    lines: list[tuple[str, int, bool]] = [("Basic salary", s.basic, False)]
    if s.absence:
        lines.append((f"Less {s.days_absent} day(s) absent", -s.absence, False))
    lines.append(("Allowances", s.allowances, False))
    if s.overtime:
        lines.append((f"Overtime ({s.overtime_minutes / 60:.2f} h)", s.overtime, False))
    lines += [("Gross pay", s.gross, True),
              ("SSNIT 5.5 % (employee)", -s.ssnit_employee, False),
              ("Taxable income", s.taxable, True), ("PAYE", -s.paye, False)]
    if s.overtime_tax:
        lines.append(("Overtime tax", -s.overtime_tax, False))
    lines.append(("Net pay", s.net, True))
    for label, amount, bold in lines:
        pdf.set_font("DejaVu", "B" if bold else "", 10)
        pdf.cell(80, 6, label)
        pdf.cell(0, 6, Money(amount).format(), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, f"Employer's SSNIT 13 %: {Money(s.ssnit_employer).format()} "
                         f"(tier 1 to SSNIT {Money(s.tier1).format()}, tier 2 "
                         f"{Money(s.tier2).format()}). Cost to the employer: "
                         f"{Money(s.employer_cost).format()}. Rates in force from "
                         f"{run.rates_effective}." + (f" {s.notes}." if s.notes else ""))


__all__ = ["NET_COLUMNS", "PAYE_COLUMNS", "SSNIT_COLUMNS", "net_rows", "paye_rows", "payslips_pdf",
           "schedule", "ssnit_rows"]
