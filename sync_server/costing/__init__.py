"""Stock at moving average cost and opening balances (issue [9]; docs/costing.md)."""
