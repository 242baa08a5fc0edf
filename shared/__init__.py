"""Bisama POS domain core: money, Ghana tax, transaction envelopes, chart of accounts, posting rules.

Pure code: no Qt, no HTTP, no database, no file or clock access. The terminal and the
sync server both import this package so that a sale is priced, taxed, signed and posted
the same way on both sides. See ``docs.md`` beside this file.
"""
