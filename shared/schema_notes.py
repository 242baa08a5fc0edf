"""What the parsers cannot say about the sync schema: what each field means, and the
rules between fields that JSON Schema can express.

``FIELDS`` is keyed ``Class.field`` (or a bare field name for one that means the same
wherever it appears); a field the parsers read without an entry here is reported by
``shared.schema.build`` and fails a test. Types, lengths, patterns, ranges and enums are
never written here: they come from the parsers (``shared.schema``).
"""

from __future__ import annotations

from typing import Any

from shared import payloads
from shared.schema_errors import rules_by_class

FIELDS: dict[str, str] = {
    # -- the envelope
    "Envelope.id": "UUID of this envelope (UUIDv7 recommended), never reused.",
    "Envelope.tenant": "The tenant id from enrollment (a decimal string such as \"15\"), or null "
                       "for an envelope sealed before the till was enrolled.",
    "Envelope.branch": "The code of the branch the event happened in: the till's branch.",
    "Envelope.terminal": "This till's terminal id.",
    "Envelope.user": "The e-mail address of the user signed in at the till.",
    "Envelope.seq": "1, 2, 3 … per till, with no gaps; never reused.",
    "Envelope.prev_hash": "The hash of envelope seq − 1; 64 zeros for seq 1.",
    "Envelope.kind": "What the payload is (one schema per kind below).",
    "Envelope.schema": "The payload's schema version for its kind.",
    "Envelope.created_at": "The till's wall clock when it sealed the envelope (may be wrong; never "
                           "used for ordering).",
    "Envelope.business_date": ("The day the books date the event by, YYYY-MM-DD: for a sale, "
                               "refund, void or account payment its own day in Ghana (a shift "
                               "open across midnight or a month end puts each sale in its own "
                               "day and month); for shift events the shift's day."),
    "Envelope.payload": "The event, as the schema of its kind says.",
    "Envelope.hash": "SHA-256, lowercase hex, of the RFC 8785 canonical JSON of the twelve fields "
                     "above (every field but hash and signature).",
    "Envelope.signature": "Ed25519 signature, lowercase hex, of the bytes \"bisama-envelope-v1\\n\" "
                          "followed by the 32 raw bytes of hash.",
    # -- fields that mean the same wherever they appear
    "shift_id": "The id (UUID) of the till's shift the event belongs to.",
    "location": "The stock location code in the envelope's branch (SHOP, STORE …).",
    "approvals": "Manager approvals given at the till for this event (may be empty).",
    "tenders": "How it was paid, one entry per way of paying.",
    "sku": "The product's SKU, as in the catalogue.",
    "name": "The name as the till showed it.",
    "original_id": "The envelope id of the sale this refers to.",
    "original_receipt_no": "The receipt number of that sale.",
    "unit_factor": "Base (stock) units per sold unit: \"12.000\" for a carton of 12, \"1.000\" for "
                   "the base unit.",
    "net": "The amount without tax.",
    "vat": "VAT.",
    "nhil": "NHIL (National Health Insurance Levy).",
    "getfund": "GETFund levy.",
    "covid": "COVID-19 Health Recovery Levy (sales dated before 2026; 0 after).",
    "gross": "What the customer pays: net + vat + nhil + getfund + covid.",
    # -- sale
    "Sale.receipt_no": "The receipt number printed for the customer; unique per till.",
    "Sale.catalogue_rev": "Schema 2 only: the feed cursor (section 7) of the master data the "
                          "till had applied when it priced the sale; 0 for a till that never "
                          "pulled. The server checks each line's price, tax code and unit "
                          "against what it had published by then.",
    "Sale.price_list": "The code of the price list the till priced from (retail, wholesale …).",
    "Sale.inclusive": "Whether the price list's prices include tax (true for shelf prices).",
    "Sale.regime": "The id of the tax regime applied (GH-2026 …): the one in force on the "
                   "business date.",
    "Sale.customer": "The registered customer, or null for a walk-in sale (needed for credit).",
    "Sale.lines": "The priced lines, numbered 1, 2, 3 … in order.",
    "Sale.order_discount": "A discount on the whole sale, shared over the lines before tax.",
    "Sale.totals": "The sums of the lines.",
    "Sale.tenders": "How the customer paid; the amounts add up to totals.gross.",
    "Sale.change": "Cash given back: the cash handed over less the cash applied.",
    "Sale.flags": "Markers the till set (over_credit_limit when a manager allowed a credit sale "
                  "past the limit).",
    "SaleLine.line_no": "The line's number, 1, 2, 3 … in order.",
    "SaleLine.unit": "The unit sold (bottle, carton, kg …).",
    "SaleLine.qty": "How many units were sold (three places: \"0.750\" kg).",
    "SaleLine.unit_price": "The price of one unit in the price list's basis (with or without tax "
                           "as the sale's inclusive says).",
    "SaleLine.tax_code": "The product's GRA tax code: A exempt, B standard-rated, C zero-rated, "
                         "D non-taxable.",
    "SaleLine.unit_cost": "The cost of one sold unit.",
    "SaleLine.line_discount": "A discount on this line alone.",
    "SaleLine.price_override": "Whether the cashier changed the price (needs a price_override "
                               "approval).",
    "SaleLine.list_amount": "unit_price × qty, half-up to the pesewa.",
    "SaleLine.order_discount": "This line's share of the sale's order discount.",
    "SaleLine.amount": "list_amount − line_discount − order_discount, in the price list's basis.",
    "SaleLine.list_net": "list_amount without tax (revenue before discount).",
    "SaleLine.net": "The discounted amount without tax.",
    "SaleLine.cost": "unit_cost × qty, half-up.",
    "SaleTotals.discount": "The sum of the lines' line_discount + order_discount.",
    "SaleTotals.net": "The sum of the lines' net.",
    "SaleTotals.vat": "The sum of the lines' vat.",
    "SaleTotals.nhil": "The sum of the lines' nhil.",
    "SaleTotals.getfund": "The sum of the lines' getfund.",
    "SaleTotals.covid": "The sum of the lines' covid.",
    "SaleTotals.gross": "The sum of the lines' gross: what the customer pays.",
    "SaleTotals.cost": "The sum of the lines' cost.",
    "Tender.method": "How: cash, mobile money, card, or on the customer's account (credit).",
    "Tender.amount": "What this tender settles.",
    "Tender.tendered": "What was handed over: more than amount only for cash (the rest is change).",
    "Tender.provider": "The mobile money network, or the card scheme.",
    "Tender.reference": "The mobile money transaction id, or the card terminal's approval code.",
    "CustomerRef.id": "The customer's id (UUID), as registered.",
    "CustomerRef.name": "The customer's name.",
    "CustomerRef.tin": "The customer's TIN, for a VAT invoice.",
    "Approval.action": "What was approved.",
    "Approval.approver": "The e-mail of the manager who entered their PIN.",
    "Approval.reason": "Why, as the manager typed it.",
    "Approval.sku": ("The SKU of the line the approval is for (a discount or a price change "
                     "on that line); left out for the sale as a whole (its order discount, "
                     "or an action that has no line). Sale schema 3: an approval covers only "
                     "what it names."),
    # -- refund and void
    "Refund.refund_no": "The refund's document number; unique per till.",
    "Refund.lines": "The lines returned, each at most once.",
    "Refund.tenders": "How the money went back; the amounts add up to the lines' gross (none for a "
                      "GH₵ 0.00 return).",
    "Refund.reason": "Why the goods came back.",
    "RefundLine.line_no": "The line of the original sale.",
    "RefundLine.qty": "How many of the sold unit came back.",
    "RefundLine.restock": "Whether the goods go back on the shelf (false: damaged, written off).",
    "RefundLine.net": "Net refunded: the sold line's net in proportion to the quantity.",
    "RefundLine.gross": "Refunded: net + taxes.",
    "RefundLine.cost": "Cost taken back into stock.",
    "Void.reason": "Why the sale was cancelled.",
    # -- running totals (section 3.6, shared.running)
    "Sale.running": "Schema 4: the till's running totals after this sale (section 3.6).",
    "Refund.running": "Schema 2: the till's running totals after this refund (section 3.6).",
    "Void.running": "Schema 2: the till's running totals after this void (section 3.6).",
    "ShiftClose.running": "Schema 2: the till's running totals at the close — the Z report's "
                          "(section 3.6).",
    "Refund.flags": "Schema 2: markers the till set (training on a training till: never "
                    "counted in the running totals).",
    "Void.flags": "Schema 2: markers the till set (training on a training till: never counted "
                  "in the running totals).",
    "Void.totals": "Schema 2: the voided sale's totals — what the void takes off the running "
                   "totals.",
    "Running.count": "Sales, refunds and voids counted so far (training ones never).",
    # -- shifts and cash
    "ShiftOpen.opening_float": "Cash in the drawer at the start.",
    "ShiftClose.opening_float": "Cash in the drawer at the start.",
    "ShiftClose.cash_sales": "Cash taken for sales in the shift (after change).",
    "ShiftClose.cash_refunds": "Cash paid back for refunds.",
    "ShiftClose.cash_in": "Cash put in (float_in, bank_in).",
    "ShiftClose.cash_out": "Cash taken out (paid_out, drop_to_bank, to_safe).",
    "ShiftClose.cash_payments": "Cash customers paid on account.",
    "ShiftClose.expected": "opening_float + cash_sales − cash_refunds + cash_in − cash_out + "
                           "cash_payments.",
    "ShiftClose.counts": "The count by note and coin (may be empty when only the total was typed).",
    "ShiftClose.counted": "The cash counted.",
    "ShiftClose.variance": "counted − expected: positive over, negative short.",
    "ShiftClose.blind": "Whether the cashier counted without seeing the expected figure.",
    "ShiftClose.sales_count": "Sales made in the shift.",
    "ShiftClose.sales_gross": "Their gross, all tenders.",
    "DenominationCount.denomination": "A Ghana cedi note or coin, in pesewas.",
    "DenominationCount.count": "How many of it.",
    "CashMove.purpose": "Why cash moved: float_in and bank_in put cash in; paid_out, drop_to_bank "
                        "and to_safe take it out.",
    "CashMove.amount": "How much.",
    "CashMove.reason": "What for, as the cashier typed it.",
    # -- customers
    "CustomerPayment.payment_no": "The payment's document number; unique per till.",
    "CustomerPayment.customer": "Who paid.",
    "CustomerPayment.amount": "What comes off their balance; the tenders add up to it.",
    "CustomerPayment.tenders": "How they paid (not on credit).",
    "CustomerUpsert.customer_id": "The customer's id (UUID): new, or of the customer corrected.",
    "CustomerUpsert.name": "The customer's name.",
    "CustomerUpsert.phone": "Phone number as typed.",
    "CustomerUpsert.tin": "Ghana TIN.",
    "CustomerUpsert.email": "E-mail address.",
    "ReceiptSms.sale_id": "The sale whose receipt is wanted (its envelope id), sealed on this till before.",
    "ReceiptSms.phone": "The customer's Ghana mobile number, E.164 (+233 and nine digits; "
                        "MTN, Telecel, AirtelTigo or Glo prefix).",
    # -- stock
    "StockReceive.document_no": "The supplier's delivery or invoice number.",
    "StockReceive.supplier": "The supplier's name.",
    "StockReceive.lines": "What arrived.",
    "StockAdjust.reason": "Why stock changed.",
    "StockAdjust.note": "A note as typed.",
    "StockAdjust.lines": "The signed changes: \"-2.000\" takes two out.",
    "StockCount.lines": "The counted quantities and what the till expected.",
    "StockLine.qty": "The quantity in base (stock) units: moved, the signed change (adjustments) "
                     "or counted (counts, received transfers).",
    "StockLine.unit_cost": "Cost of one base unit.",
    "StockLine.expected": "Counts and received transfers: what the till expected (or what was "
                          "sent); null otherwise.",
    "Transfer.kind": "The same as the envelope's kind.",
    "Transfer.transfer_id": "The transfer's id (UUID): both envelopes of one branch transfer carry "
                            "it.",
    "Transfer.from_branch": "The sending branch's code.",
    "Transfer.from_location": "The sending location.",
    "Transfer.to_branch": "The receiving branch's code (the same branch for a van).",
    "Transfer.to_location": "The receiving location.",
    "Transfer.lines": "What moved.",
}

CLASSES: dict[str, str] = {
    "Envelope": "One signed, hash-chained business event of one till (section 3).",
    "Sale": "A completed sale: its priced lines, totals and how it was paid.",
    "SaleTotals": "The sums of the sale's lines.",
    "Running": "A till's perpetual totals after an envelope, in signed pesewas: every sale "
               "adds, every refund and void subtracts (section 3.6).",
    "Figures": "The six amounts a document adds to or takes from the running totals.",
    "ShiftOpen": "A cashier opening a shift with a float.",
    "DenominationCount": "How many of one note or coin were counted.",
    "CustomerRef": "A registered customer named on a sale or payment.",
    "RefundLine": "One sale line (or part of it) returned; its figures are the sold line's in "
                  "proportion to the quantity (docs/tax.md, Returns).",
}

def _words(values: tuple[object, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


# Rules between fields that JSON Schema can state, as ``REFINE`` gives them to the schema
# and in words for the doc.
REFINE_TEXT: dict[str, str] = {
    "Tender": (f"With `method` `momo`, `provider` is the network, one of "
               f"{_words(payloads.MOMO_PROVIDERS)}, and `reference` is required; with `card`, "
               f"`provider` is the card scheme, one of {_words(payloads.CARD_PROVIDERS)} (or null), "
               "and `reference` is required."),
    "DenominationCount": ("`denomination` is one of "
                          f"{_words(payloads.DENOMINATIONS)} (GH₵ 200 down to 1 pesewa)."),
}

REFINE: dict[str, dict[str, Any]] = {
    "Tender": {"allOf": [
        {"if": {"properties": {"method": {"const": "momo"}}, "required": ["method"]},
         "then": {"properties": {"provider": {"enum": list(payloads.MOMO_PROVIDERS)},
                                 "reference": {"type": "string"}},
                  "required": ["provider", "reference"]}},
        {"if": {"properties": {"method": {"const": "card"}}, "required": ["method"]},
         "then": {"properties": {"provider": {"enum": [*payloads.CARD_PROVIDERS, None]},
                                 "reference": {"type": "string"}},
                  "required": ["reference"]}},
    ]},
    "DenominationCount": {"properties": {"denomination": {"enum": list(payloads.DENOMINATIONS)}}},
}


def describe(owner: str, name: str) -> str | None:
    return FIELDS.get(f"{owner}.{name}") or FIELDS.get(name)


def class_description(owner: str) -> str:
    """The class's docstring (its first paragraph, on one line), or a declared text."""
    extra = f" {REFINE_TEXT[owner]}" if owner in REFINE_TEXT else ""
    if owner in CLASSES:
        return CLASSES[owner] + extra
    cls = getattr(payloads, owner, None)
    doc = (cls.__doc__ or "") if cls is not None else ""
    if not doc or doc.startswith(f"{owner}("):  # a dataclass's generated signature
        return extra.strip()
    return " ".join(doc.strip().split("\n\n")[0].split()).replace("``", "`") + extra


def parse_rules() -> dict[str, list[str]]:
    return rules_by_class()
