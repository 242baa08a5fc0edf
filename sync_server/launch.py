"""The ``bisama-sync`` entry point: says which extra to install when head office's
packages are missing (a bare ``pip install bisama-pos`` is the domain core only) instead
of a traceback, then runs ``sync_server.cli``."""

from __future__ import annotations

import sys

# Top-level modules that come with ``bisama-pos[server]``.
SERVER_MODULES = {"sqlalchemy", "alembic", "fastapi", "starlette", "pydantic", "uvicorn", "jinja2",
                  "multipart", "python_multipart", "openpyxl", "prometheus_client"}


def main() -> int:
    try:  # some commands import their packages when they run: the same words then
        from sync_server.cli import main as cli_main

        return cli_main()
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in SERVER_MODULES:
            raise
        sys.stderr.write(
            f"Head office's programs are not installed (no module {exc.name}). Install them with:\n"
            "    pip install 'bisama-pos[server]'    (from a source folder: pip install '.[server]')\n"
        )
        return 1
