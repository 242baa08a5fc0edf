"""``bisama-sync`` commands of the books: stock at moving average cost, opening balances (issue [9])."""

from __future__ import annotations

import argparse
from typing import Any


def add_costing_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    del commands


__all__ = ["add_costing_commands", "argparse"]
