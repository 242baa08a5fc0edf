"""Every envelope a real till seals is valid under the published sync schema
(docs/sync-schema.json): a day of a till on a temp folder — sales paid every way,
weighed goods, a discount and a price override, a refund and a void, a customer and a
payment on account, a receipt asked for by SMS, cash moves, stock in, out and counted, transfers and a van — and
each envelope of its outbox checked with the ``jsonschema`` package."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from shared.money import Money
from shared.payloads import KINDS
from terminal.returns import ReturnItem
from terminal.store.settings import save_settings
from terminal.tenders import card, cash, credit, momo
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO, OIL, TOMATOES

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "sync-schema.json").read_text())


def _approve(till, action: str):
    return till.auth.approve(action, MANAGER, MANAGER_PIN, "checked by manager")


def _a_day_of_trading(till) -> None:
    till.sales.scan(OIL)
    till.sales.complete([cash(Money.cedis(50))])
    till.sales.scan(MILO)
    till.sales.scan(OIL)
    till.sales.discount_line(1, Money.parse("3.10"), approval=_approve(till, "discount"))
    till.sales.override_price(2, Money.cedis(36), "price tag says 36",
                              approval=_approve(till, "price_override"))
    total = till.sales.view().total
    till.sales.complete([momo(Money.cedis(20), "mtn", "44231234567"),
                         card(total - Money.cedis(20), "A1B2C3", "visa")])
    till.sales.scan(TOMATOES, qty=Decimal("0.750"))
    sold = till.sales.complete([cash(till.sales.view().total)])
    till.returns.refund(sold.receipt_no, [ReturnItem(1, Decimal("0.250"))], reason="bruised",
                        approval=_approve(till, "refund"))
    till.sales.scan(MILO)
    twice = till.sales.complete([cash(Money.cedis(62))])
    till.returns.void(twice.receipt_no, reason="rang up twice", approval=_approve(till, "void"))

    customer = till.customers.register("Tema Traders", phone="0244111222", tin="c0099887766")
    till.db.conn.execute("UPDATE customers SET credit_limit = 100000 WHERE id = ?", (customer.id,))
    till.sales.set_customer(customer.id)
    till.sales.scan(OIL)
    till.sales.complete([credit(Money.cedis(38))])
    till.customers.take_payment(customer.id, [cash(Money.cedis(50))])
    till.receipt_texts.request(sold.receipt_no, "024 412 3456")

    till.shifts.cash_move("float_in", Money.cedis(50), "more change from the safe")
    till.shifts.cash_move("paid_out", Money.cedis(20), "fuel for generator",
                          approval=_approve(till, "cash_out"))
    stock = till.stock
    stock.receive("DN-001", "Wilmar Ghana", [("GH-0001", "24", Money(2756))],
                  approval=_approve(till, "stock_adjust"))
    stock.adjust([("GH-0001", "-2")], reason="damaged", note="dropped carton",
                 approval=_approve(till, "stock_adjust"))
    stock.count([("GH-0001", "20")], approval=_approve(till, "stock_adjust"))
    till.transfers.transfer_out("tema", "shop", [("GH-0001", "10")], approval=_approve(till, "stock_adjust"))
    till.transfers.transfer_in("01900000-0000-7000-8000-0000000000ab", "ACCRA", "WH",
                               [("GH-0001", "12", "11")], approval=_approve(till, "stock_adjust"))
    with till.db.transaction() as conn:
        save_settings(conn, location="VAN-1")
    till.reload_settings()
    till.transfers.truck_load("VAN-1", [("GH-0001", "24")], store="WH", approval=_approve(till, "stock_adjust"))
    till.transfers.truck_return("VAN-1", [("GH-0001", "19")], store="WH",
                                approval=_approve(till, "stock_adjust"))
    figures = till.shifts.figures(till.shifts.require_open())
    till.shifts.close({100: figures.expected.pesewas}, approval=_approve(till, "shift_close"))


def test_every_envelope_a_till_seals_is_valid_under_the_schema(till):
    _a_day_of_trading(till)
    validator = validator_for(SCHEMA)(SCHEMA)
    assert validator_for(SCHEMA) is Draft202012Validator
    envelopes = [e.to_json() for e in till.outbox.envelopes()]
    assert {e["kind"] for e in envelopes} == set(KINDS)
    problems = [f"seq {e['seq']} ({e['kind']}): {error.json_path}: {error.message}"
                for e in envelopes for error in validator.iter_errors(e)]
    assert problems == []
    # and the schema does refuse what the protocol does not allow
    sale = json.loads(json.dumps(next(e for e in envelopes if e["kind"] == "sale")))
    sale["payload"]["lines"][0]["qty"] = "1"
    sale["payload"]["tenders"][0]["method"] = "cheque"
    assert len(list(validator.iter_errors(sale))) >= 2
