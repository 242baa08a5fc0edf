"""The E-VAT v8.2 request of a stored sale or refund, built from the merged rows
(``sales``/``sale_items``, ``returns``/``return_items``) — never from the signed
envelope, whose schema belongs to the till. docs/evat.md maps every field.

Amounts are decimal strings in cedis (two places) built from integer pesewas; no float
is ever involved. The levies come from the figures the till and the server agreed on
(``shared.tax`` split per line): ``levyAmountA`` NHIL, ``levyAmountB`` GETFund and,
under a regime that has it (GH-2023), ``levyAmountC`` the COVID-19 levy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from shared.errors import BisamaError
from shared.money import Money
from shared.tax import BUILT_IN_REGIMES, TaxCode
from sync_server.customers.models import Customer
from sync_server.db.scope import TenantScope
from sync_server.sales.models import Return, ReturnItem, Sale, SaleItem
from sync_server.tenants.models import User

WALK_IN_TIN = "C0000000000"  # GRA's TIN for a customer who gives none (docs/evat.md)
WALK_IN_NAME = "Cash Customer"
CATEGORY = {TaxCode.EXEMPT: "EXM", TaxCode.STANDARD: "", TaxCode.ZERO_RATED: "",
            TaxCode.NON_TAXABLE: ""}


class NotReady(BisamaError):
    """The stored rows a submission needs are not there (yet)."""


def amount(pesewas: int) -> str:
    return str(Money(pesewas))


def qty(milli: int) -> str:
    text = str(Decimal(milli) / 1000)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _has_covid(regime_id: str) -> bool:
    regime = BUILT_IN_REGIMES.get(regime_id)
    return regime is not None and regime.covid > 0


def _cashier(scope: TenantScope, email: str) -> str:
    name = scope.scalar(select(User.name).where(User.email == email))
    return str(name or email)[:100]


def _partner(scope: TenantScope, sale: Sale) -> tuple[str, str]:
    """The customer's name and TIN: the TIN the sale carries, else the one head office
    holds for the customer, else GRA's walk-in TIN."""
    name, tin = None, sale.customer_tin
    if sale.customer_id:
        customer = scope.get(Customer, sale.customer_id)
        if customer is not None:
            name, tin = customer.name, tin or customer.tin
    return (str(name) if name else WALK_IN_NAME)[:100], tin or WALK_IN_TIN


def _item(code: str, name: str, sku: str, *, quantity_milli: int, unit_price: int,
          discount: int, nhil: int, getfund: int, covid: int, with_covid: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "itemCode": sku, "itemCategory": CATEGORY.get(TaxCode(code), ""), "taxCode": code,
        "expireDate": "", "description": name[:100], "quantity": qty(quantity_milli),
        "unitPrice": amount(unit_price), "discountAmount": amount(discount),
        "levyAmountA": amount(nhil), "levyAmountB": amount(getfund),
        "levyAmountD": amount(0), "levyAmountE": amount(0), "exciseAmount": amount(0),
        "batchCode": ""}
    if with_covid:
        item["levyAmountC"] = amount(covid)
    return item


def _header(*, number: str, flag: str, day: str, inclusive: bool, user: str, partner: tuple[str, str],
            items: list[dict[str, Any]], list_total: int, discount: int, vat: int, levies: int,
            reference: str) -> dict[str, Any]:
    return {"currency": "GHS", "exchangeRate": "1.0", "invoiceNumber": number,
            "totalLevy": amount(levies), "userName": user, "flag": flag,
            "calculationType": "INCLUSIVE" if inclusive else "EXCLUSIVE",
            "totalVat": amount(vat), "transactionDate": day, "totalAmount": amount(list_total),
            "totalExciseAmount": amount(0), "businessPartnerName": partner[0],
            "businessPartnerTin": partner[1], "saleType": "NORMAL", "discountType": "GENERAL",
            "discountAmount": amount(discount), "reference": reference, "groupReferenceId": "",
            "purchaseOrderReference": "", "items": items}


def _line_total(quantity_milli: int, unit_price: int) -> int:
    return int((Decimal(quantity_milli) * unit_price / 1000).quantize(Decimal(1)))


def sale_request(scope: TenantScope, sale_id: str) -> dict[str, Any]:
    sale = scope.get(Sale, sale_id)
    if sale is None:
        raise NotReady(f"sale {sale_id} is not stored")
    lines = scope.scalars(select(SaleItem).where(SaleItem.sale_id == sale_id)
                          .order_by(SaleItem.line_no))
    covid = _has_covid(sale.regime)
    items = [_item(li.tax_code, li.name, li.sku, quantity_milli=li.qty_milli,
                   unit_price=li.unit_price, discount=li.line_discount + li.order_discount,
                   nhil=li.nhil, getfund=li.getfund, covid=li.covid, with_covid=covid)
             for li in lines]
    return _header(number=sale.receipt_no, flag="INVOICE", day=sale.business_date,
                   inclusive=sale.inclusive, user=_cashier(scope, sale.user_email),
                   partner=_partner(scope, sale), items=items,
                   list_total=sum(_line_total(li.qty_milli, li.unit_price) for li in lines),
                   discount=sum(li.line_discount + li.order_discount for li in lines),
                   vat=sale.vat, levies=sale.nhil + sale.getfund + (sale.covid if covid else 0),
                   reference="")


def refund_request(scope: TenantScope, return_id: str) -> dict[str, Any]:
    """A refund refers to the original invoice (``reference``); ``REFUND`` when it takes
    back every line of the sale in full, else ``PARTIAL_REFUND``."""
    ret = scope.get(Return, return_id)
    if ret is None:
        raise NotReady(f"refund {return_id} is not stored")
    sale = scope.get(Sale, ret.sale_id)
    if sale is None:
        raise NotReady(f"the sale refund {ret.refund_no} refers to is not stored")
    sold = {li.line_no: li for li in scope.scalars(select(SaleItem).where(
        SaleItem.sale_id == sale.id))}
    back = scope.scalars(select(ReturnItem).where(ReturnItem.return_id == return_id)
                         .order_by(ReturnItem.line_no))
    covid = _has_covid(sale.regime)
    items = []
    list_total = discounts = 0
    for r in back:
        li = sold[r.line_no]
        share = Decimal(r.qty_milli) / Decimal(li.qty_milli) if li.qty_milli else Decimal(0)
        discount = int(((li.line_discount + li.order_discount) * share).quantize(Decimal(1)))
        items.append(_item(li.tax_code, li.name, li.sku, quantity_milli=r.qty_milli,
                           unit_price=li.unit_price, discount=discount, nhil=r.nhil,
                           getfund=r.getfund, covid=r.covid, with_covid=covid))
        list_total += _line_total(r.qty_milli, li.unit_price)
        discounts += discount
    whole = ({r.line_no: r.qty_milli for r in back}
             == {n: li.qty_milli for n, li in sold.items()})
    others = scope.scalar(select(Return.id).where(Return.sale_id == sale.id,
                                                  Return.id != return_id).limit(1))
    flag = "REFUND" if whole and others is None else "PARTIAL_REFUND"
    return _header(number=ret.refund_no, flag=flag, day=ret.business_date,
                   inclusive=sale.inclusive, user=_cashier(scope, ret.user_email),
                   partner=_partner(scope, sale), items=items, list_total=list_total,
                   discount=discounts,
                   vat=ret.vat, levies=ret.nhil + ret.getfund + (ret.covid if covid else 0),
                   reference=sale.receipt_no)


def build_request(scope: TenantScope, kind: str, envelope_id: str) -> dict[str, Any]:
    return sale_request(scope, envelope_id) if kind == "sale" else refund_request(scope, envelope_id)
