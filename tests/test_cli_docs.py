"""Every command of ``bisama-sync`` and ``bisama-terminal`` is documented in docs/cli.md.

The commands are read from the real argparse parsers, so a new command without a
``### `bisama-… command` `` heading in docs/cli.md fails here (the sqlite-utils habit)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sync_server.cli import build_parser as sync_parser
from terminal.cli import build_parser as terminal_parser

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def leaf_commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return [prefix]
    commands: list[str] = []
    for action in subparsers:
        for name, sub in action.choices.items():
            commands.extend(leaf_commands(sub, f"{prefix} {name}"))
    return commands


def documented() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^#{2,4} `([^`]+)`", text, re.MULTILINE)}


@pytest.mark.parametrize("program", ["bisama-sync", "bisama-terminal"])
def test_every_command_is_documented(program):
    parser = sync_parser() if program == "bisama-sync" else terminal_parser()
    commands = [c for c in leaf_commands(parser, program) if c != program]
    headings = documented()
    missing = [c for c in commands if c not in headings]
    assert not missing, f"add a '### `COMMAND`' section to docs/cli.md for: {', '.join(missing)}"


def test_every_command_has_help_text():
    for parser, program in ((sync_parser(), "bisama-sync"), (terminal_parser(), "bisama-terminal")):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help, f"{program} {choice.dest} has no help text"
