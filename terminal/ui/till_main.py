"""The till PC's windowed program (``bisama-till.exe`` in the one-folder build): the same
as ``bisama-terminal run`` with any extra arguments, without a console window."""

from __future__ import annotations

import sys

from terminal.cli import main


def launch(argv: list[str]) -> int:
    options = [a for a in argv if a.startswith("--data-dir") or a.startswith("--backup-dir")]
    rest = [a for a in argv if a not in options]
    # ``--data-dir=X`` style keeps each global option in one argument.
    return main([*options, "run", *rest])


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1:]))
