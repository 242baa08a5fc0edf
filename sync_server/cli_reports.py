"""``bisama-sync`` commands of the books: books reports and ledger exports (issue [9])."""

from __future__ import annotations

import argparse
from typing import Any


def add_reports_commands(commands: Any) -> None:
    """Register this area's commands on the top-level subparsers."""
    del commands


__all__ = ["add_reports_commands", "argparse"]
