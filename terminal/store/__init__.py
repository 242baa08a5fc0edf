"""The till's local store: one SQLite file (WAL, ``synchronous=FULL``, foreign keys on)
holding the catalogue, users, carts, sales, journals, stock, the outbox of signed
envelopes, the print queue and the audit log. Services write through
``Database.transaction()``; nothing else opens the file."""
