"""``bisama-sync`` commands of the books: suppliers, bills, expenses, settlements (issue [9])."""

from __future__ import annotations

import argparse
from typing import Any


def add_purchases_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    del commands


__all__ = ["add_purchases_commands", "argparse"]
