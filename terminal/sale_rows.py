"""The rows of a completed sale in the till's database (``sales``, ``sale_lines``,
``sale_tenders`` and the customer's credit): the one writer of them, used by
``terminal.sale.SaleService.commit_in`` and by recovery (``terminal.sync.replay``).
Split from ``terminal.sale`` to keep that file under ~800 lines."""

from __future__ import annotations

import json
import sqlite3

from shared.money import total
from shared.payloads import Sale
from terminal.customers import post_to_account


def write_sale_rows(
    conn: sqlite3.Connection,
    *,
    sale_id: str,
    seq: int,
    sale: Sale,
    user: str,
    business_date: str,
    created_at: str,
) -> None:
    """The rows of a completed sale: ``sales``, ``sale_lines``, ``sale_tenders`` and the
    customer's credit (if any tender is on account). The one writer of these rows, used
    by ``SaleService.commit_in`` and by recovery (``terminal.sync.replay``)."""
    t = sale.totals
    conn.execute(
        "INSERT INTO sales (id, seq, receipt_no, shift_id, user, customer_id, price_list, "
        "inclusive, regime, "
        "business_date, created_at, discount, net, vat, nhil, getfund, covid, gross, cost, "
        "change, flags) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sale_id,
            seq,
            sale.receipt_no,
            sale.shift_id,
            user,
            sale.customer.id if sale.customer else None,
            sale.price_list,
            int(sale.inclusive),
            sale.regime,
            business_date,
            created_at,
            t.discount.pesewas,
            t.net.pesewas,
            t.vat.pesewas,
            t.nhil.pesewas,
            t.getfund.pesewas,
            t.covid.pesewas,
            t.gross.pesewas,
            t.cost.pesewas,
            sale.change.pesewas,
            json.dumps(list(sale.flags)),
        ),
    )
    conn.executemany(
        "INSERT INTO sale_lines (sale_id, line_no, sku, name, unit, unit_factor, qty, "
        "unit_price, tax_code, "
        "price_override, list_amount, line_discount, order_discount, amount, net, vat, nhil, "
        "getfund, covid, "
        "gross, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                sale_id,
                ln.line_no,
                ln.sku,
                ln.name,
                ln.unit,
                str(ln.unit_factor),
                str(ln.qty),
                ln.unit_price.pesewas,
                ln.tax_code.value,
                int(ln.price_override),
                ln.list_amount.pesewas,
                ln.line_discount.pesewas,
                ln.order_discount.pesewas,
                ln.amount.pesewas,
                ln.net.pesewas,
                ln.vat.pesewas,
                ln.nhil.pesewas,
                ln.getfund.pesewas,
                ln.covid.pesewas,
                ln.gross.pesewas,
                ln.cost.pesewas,
            )
            for ln in sale.lines
        ],
    )
    conn.executemany(
        "INSERT INTO sale_tenders (sale_id, n, method, provider, reference, amount, tendered) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (sale_id, n, x.method, x.provider, x.reference, x.amount.pesewas, x.tendered.pesewas)
            for n, x in enumerate(sale.tenders, start=1)
        ],
    )
    on_credit = total([x.amount for x in sale.tenders if x.method == "credit"])
    if sale.customer is not None and not on_credit.is_zero:
        post_to_account(conn, sale.customer.id, seq, on_credit, sale.receipt_no)
