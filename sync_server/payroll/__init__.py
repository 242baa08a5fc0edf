"""Payroll and attendance at head office (issue [14] scopes 1 and 2)."""
