"""The ``bisama-terminal`` entry point: says which extra to install when the till's
packages are missing (a bare ``pip install bisama-pos`` is the domain core only) instead
of a traceback, then runs ``terminal.cli``."""

from __future__ import annotations

import sys

# Top-level modules that come with ``bisama-pos[till]``.
TILL_MODULES = {"PySide6", "shiboken6", "sqlite_utils", "httpx", "keyring", "psutil", "escpos",
                "usb", "serial", "qrcode", "PIL", "barcode"}


def main() -> int:
    try:  # some commands import their packages when they run: the same words then
        from terminal.cli import main as cli_main

        return cli_main()
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in TILL_MODULES:
            raise
        sys.stderr.write(
            f"The till's programs are not installed (no module {exc.name}). Install them with:\n"
            "    pip install 'bisama-pos[till]'    (from a source folder: pip install '.[till]')\n"
        )
        return 1
