"""``bisama-sync`` commands of the books: chart of accounts, journals by hand (issue [9])."""

from __future__ import annotations

import argparse
from typing import Any


def add_books_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    del commands


__all__ = ["add_books_commands", "argparse"]
