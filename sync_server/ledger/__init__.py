"""The tenant's double-entry ledger: accounts, journals, postings, and posting."""
