"""Receivables: ageing, allocations, statements and credit notes (issue [9], scope 7)."""
