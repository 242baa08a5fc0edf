"""Customers: registration at the till and payments on account."""

from __future__ import annotations

import pytest

from shared.money import Money
from shared.payloads import CustomerPayment, CustomerUpsert
from terminal.errors import TenderError, TillError
from terminal.tenders import cash, credit, momo
from tests.terminal.conftest import OIL
from tests.terminal.helpers import assert_books_sound


def test_register_a_business_customer(till):
    customer = till.customers.register("Kaneshie Wholesale", phone="0244111222", tin="c0099887766",
                                       price_list="wholesale")
    assert customer.tin == "C0099887766" and customer.credit_limit == Money.ZERO
    envelope = till.outbox.pending()[-1]
    assert envelope.kind == "customer_upsert"
    assert isinstance(envelope.typed_payload(), CustomerUpsert)
    assert [c.id for c in till.customers.search("kaneshie")] == [customer.id]
    with pytest.raises(TillError, match="not a TIN"):
        till.customers.register("X", tin="12")
    with pytest.raises(TillError, match="name"):
        till.customers.register("  ")


def test_payment_on_account(till):
    customer = till.customers.register("Tema Traders")
    till.db.conn.execute("UPDATE customers SET credit_limit = 100000 WHERE id = ?", (customer.id,))
    till.sales.set_customer(customer.id)
    till.sales.scan(OIL)
    till.sales.complete([credit(Money.cedis(38))])
    assert till.customers.get(customer.id).balance == Money.cedis(38)
    with pytest.raises(TenderError, match="cannot itself be on credit"):
        till.customers.take_payment(customer.id, [credit(Money.cedis(5))])
    paid = till.customers.take_payment(customer.id, [cash(Money.cedis(50))])
    assert paid.amount == Money.cedis(38) and paid.change == Money.cedis(12) and paid.balance == Money.ZERO
    assert paid.payment_no == "MAIN-T01-P000001"
    payload = till.outbox.pending()[-1].typed_payload()
    assert isinstance(payload, CustomerPayment)
    with pytest.raises(TenderError, match="owes nothing"):
        till.customers.take_payment(customer.id, [cash(Money.cedis(5))])
    figures = till.shifts.figures(till.shifts.require_open())
    assert figures.cash_payments == Money.cedis(38)
    assert figures.expected == Money.cedis(238)
    prepay = till.customers.take_payment(customer.id, [momo(Money.cedis(20), "mtn", "44231234569")])
    assert prepay.balance == Money.cedis(-20)  # paid ahead by mobile money
    assert_books_sound(till)
