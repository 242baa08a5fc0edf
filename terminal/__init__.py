"""Bisama terminal: the till's local store and ledger, its services (sale, returns,
shifts, stock), the sync client and the Qt user interface."""

__version__ = "0.1.0"
