"""Trucks and drivers at head office (issue [14], scope 4): the daily driver report,
deposit slips matched to the cash drivers collected, and unpaid van invoices followed
until paid. See docs/drivers.md."""
