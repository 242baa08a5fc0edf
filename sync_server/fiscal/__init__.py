"""GRA E-VAT: the tenant's setting, the outbox of stored sales and refunds to submit,
the worker that submits them, GRA's answers (clearances) and the daily reconciliation.
See docs/evat.md."""
