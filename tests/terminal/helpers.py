"""Checks the till's tests share: the chain verifies, journals balance, stock adds up."""

from __future__ import annotations

from decimal import Decimal

from shared.envelope import ChainHead, verify_chain, verify_envelope
from shared.keys import public_key_from_text
from terminal.store.ledger import unbalanced_journals
from terminal.till import Till


def assert_books_sound(till: Till) -> None:
    public = public_key_from_text(till.identity.public_key)
    envelopes = list(till.outbox.envelopes())
    for envelope in envelopes:
        verify_envelope(envelope, public)
    head = verify_chain(ChainHead(), envelopes, terminal=till.identity.terminal_id)
    assert head == till.outbox.head()
    assert unbalanced_journals(till.db) == []
    assert till.db.scalar("SELECT coalesce(sum(debit) - sum(credit), 0) FROM journal_lines") == 0
    assert till.check().ok, till.check().problems


def stock(till: Till, sku: str) -> Decimal:
    value = till.db.scalar(
        "SELECT coalesce(sum(qty_milli), 0) FROM stock_levels WHERE sku = ?", (sku,)
    )
    return Decimal(value) / 1000
