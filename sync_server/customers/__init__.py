"""Customers: registered buyers, their credit limits and what they owe."""
