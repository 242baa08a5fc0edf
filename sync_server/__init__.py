"""Bisama sync server: the sync API, merge into the central database, the tenant ledger,
reports, the head-office dashboard and the admin command line."""

__version__ = "0.1.0"
