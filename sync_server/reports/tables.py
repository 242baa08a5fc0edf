"""Each books report as an ``export.Report`` (title, typed columns, rows): what the CLI's
``--format`` and the dashboard's export buttons write. A new report (AP ageing, stock
valuation …) adds one function here, or anywhere, returning a ``Report``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shared.ageing import BUCKETS
from shared.money import Money
from sync_server.reports.export import Col, Report


def _cedis(text: str) -> int:
    return Money.from_decimal(Decimal(text)).pesewas


def _branch(branch: str | None) -> str:
    return f"Branch {branch}" if branch else "All branches"


def trial_balance_report(tb: Any, *, period: str | None, branch: str | None,
                         business: str) -> Report:
    rows = [{"code": ln.code, "name": ln.name, "debit": ln.debit.pesewas,
             "credit": ln.credit.pesewas} for ln in tb.lines]
    return Report("Trial balance", [Col("code", "Account"), Col("name", "Name"),
                                    Col("debit", "Debit", "money"),
                                    Col("credit", "Credit", "money")], rows,
                  heading=[business, f"At the end of {period or 'all time'}", _branch(branch)],
                  totals={"name": "Total", "debit": tb.total_debit.pesewas,
                          "credit": tb.total_credit.pesewas},
                  name=f"trial-balance-{period or 'all'}")


def profit_and_loss_report(data: dict[str, Any], *, business: str) -> Report:
    rows: list[dict[str, Any]] = [
        {"line": "Sales", "amount": _cedis(data["sales"])},
        {"line": "Less returns and discounts", "amount": -_cedis(data["returns_and_discounts"])},
        {"line": "Net sales", "amount": _cedis(data["net_sales"])},
        {"line": "Cost of goods sold", "amount": -_cedis(data["cost_of_sales"])},
        {"line": "Gross profit", "amount": _cedis(data["gross_profit"])},
        *({"line": f"{e['code']} {e['name']}", "amount": -_cedis(e["amount"])}
          for e in data["expenses"]),
        {"line": "Total expenses", "amount": -_cedis(data["total_expenses"])},
    ]
    return Report("Profit and loss", [Col("line", "", width=40), Col("amount", "GHS", "money")],
                  rows, heading=[business, f"{data['first']} to {data['last']}",
                                 _branch(data.get("branch"))],
                  totals={"line": "Net profit", "amount": _cedis(data["net_profit"])},
                  name=f"profit-loss-{data['first']}-{data['last']}")


def balance_sheet_report(data: dict[str, Any], *, business: str) -> Report:
    rows: list[dict[str, Any]] = []
    for title, key, total in (("Assets", "assets", "total_assets"),
                              ("Liabilities", "liabilities", "total_liabilities"),
                              ("Equity", "equity", "total_equity")):
        rows.append({"line": title})
        rows.extend({"line": f"  {i['code']} {i['name']}", "amount": _cedis(i["amount"])}
                    for i in data[key])
        if key == "equity":
            rows.append({"line": "  Current earnings", "amount": _cedis(data["current_earnings"])})
        rows.append({"line": f"Total {title.lower()}", "amount": _cedis(data[total])})
    return Report("Balance sheet", [Col("line", "", width=40), Col("amount", "GHS", "money")],
                  rows, heading=[business, f"At the end of {data['period'] or 'all time'}",
                                 _branch(data.get("branch")),
                                 "Balanced" if data["balanced"] else "NOT BALANCED"],
                  name=f"balance-sheet-{data['period'] or 'all'}")


def general_ledger_report(gl: dict[str, Any], *, business: str) -> Report:
    cols = [Col("date", "Date", "date"), Col("kind", "Kind", width=14),
            Col("reference", "Reference", width=18), Col("memo", "Memo", width=30),
            Col("branch", "Branch", width=10), Col("debit", "Debit", "money"),
            Col("credit", "Credit", "money"), Col("balance", "Balance", "money")]
    rows = [{"date": gl["first"], "memo": "Opening balance", "balance": gl["opening"]},
            *(_blank_zero(ln) for ln in gl["lines"])]
    return Report(f"General ledger — {gl['account']} {gl['name']}", cols, rows,
                  heading=[business, f"{gl['first']} to {gl['last']}", _branch(gl["branch"]),
                           "Balance: debit − credit"],
                  totals={"memo": "Closing balance", "debit": gl["debit"],
                          "credit": gl["credit"], "balance": gl["closing"]},
                  name=f"general-ledger-{gl['account']}-{gl['first']}-{gl['last']}")


def cash_flow_report(cf: dict[str, Any], *, business: str) -> Report:
    rows: list[dict[str, Any]] = [{"line": "Opening cash", "amount": cf["opening"]}]
    for section in cf["sections"]:
        rows.append({"line": section["title"]})
        rows.extend({"line": f"  {r['account']} {r['name']}", "inflow": r["inflow"],
                     "outflow": r["outflow"], "amount": r["net"]} for r in section["rows"])
        rows.append({"line": f"Net cash from {section['title'].lower()}",
                     "inflow": section["inflow"], "outflow": section["outflow"],
                     "amount": section["net"]})
    rows.append({"line": "Net change in cash", "amount": cf["net"]})
    accounts = ", ".join(f"{a['code']} {a['name']}" for a in cf["cash_accounts"])
    return Report("Cash flow statement (direct method)",
                  [Col("line", "", width=40), Col("inflow", "In", "money"),
                   Col("outflow", "Out", "money"), Col("amount", "Net", "money")], rows,
                  heading=[business, f"{cf['first']} to {cf['last']}", _branch(cf["branch"]),
                           f"Cash: {accounts}"],
                  totals={"line": "Closing cash", "amount": cf["closing"]},
                  footer=["Opening + net change = closing: "
                          + ("yes" if cf["reconciles"] else "NO")],
                  name=f"cash-flow-{cf['first']}-{cf['last']}")


def ar_ageing_report(data: dict[str, Any], *, business: str) -> Report:
    cols = [Col("customer", "Customer", width=25), Col("number", "Invoice", width=20),
            Col("date", "Date", "date"), Col("due", "Due", "date"), Col("days", "Days over", "int"),
            Col("bucket_title", "Bucket", width=14), Col("amount", "Invoiced", "money"),
            Col("open", "Open", "money")]
    titles = dict(BUCKETS)
    rows = [{**r, "bucket_title": titles[r["bucket"]]} for r in data["rows"]]
    footer = [f"{titles[k]}: {Money(v)}" for k, v in data["totals"].items()]
    if data["ledger"] is not None:
        footer.append(f"Account 1100 Accounts Receivable: {Money(data['ledger'])}; "
                      f"difference {Money(data['difference'])}")
    return Report("Accounts receivable ageing", cols, rows,
                  heading=[business, f"As of {data['as_of']}", _branch(data["branch"])],
                  totals={"customer": "Total", "open": data["total"]}, footer=footer,
                  name=f"ar-ageing-{data['as_of']}")


def statement_report(data: dict[str, Any], *, business: str) -> Report:
    cols = [Col("date", "Date", "date"), Col("kind", "", width=12),
            Col("number", "Number", width=18), Col("due", "Due", "date"),
            Col("debit", "Charged", "money"), Col("credit", "Paid / credited", "money"),
            Col("balance", "Balance", "money")]
    rows = [{"date": data["first"], "kind": "Opening balance", "balance": data["opening"]},
            *(_blank_zero(ln) for ln in data["lines"])]
    titles = dict(BUCKETS)
    footer = ["Ageing: " + "; ".join(f"{titles[k]} {Money(v)}"
                                     for k, v in data["ageing"].items())]
    heading = [business, f"{data['customer']}" + (f" (TIN {data['tin']})" if data["tin"] else ""),
               f"{data['first']} to {data['last']}", "Amounts in Ghana cedis (GH₵)"]
    return Report("Customer statement", cols, rows, heading=heading,
                  totals={"kind": "Amount due", "balance": data["closing"]}, footer=footer,
                  name=f"statement-{_slug(data['customer'])}-{data['last']}")


def _blank_zero(line: dict[str, Any]) -> dict[str, Any]:
    """A line's debit or credit of nil as an empty cell, as a ledger is printed."""
    return {**line, "debit": line["debit"] or None, "credit": line["credit"] or None}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:40] or "customer"


def today_text(day: date) -> str:
    return day.isoformat()


__all__ = ["ar_ageing_report", "balance_sheet_report", "cash_flow_report",
           "general_ledger_report", "profit_and_loss_report", "statement_report",
           "trial_balance_report"]
