"""Fiscal periods: months that are open for posting or closed."""
