"""Where the till keeps its data: ``--data-dir``, else ``BISAMA_TERMINAL_HOME``, else the
per-OS default (Windows ``%LOCALAPPDATA%\\BisamaPOS``, Linux ``$XDG_DATA_HOME/bisama-pos``
or ``~/.local/share/bisama-pos``, macOS ``~/Library/Application Support/BisamaPOS``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

DB_NAME = "bisama-terminal.sqlite3"


def default_data_dir(
    platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    platform = platform or sys.platform
    env = os.environ if env is None else env
    home = home or Path.home()
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "BisamaPOS"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "BisamaPOS"
    xdg = env.get("XDG_DATA_HOME")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base_dir / "bisama-pos"


def resolve_data_dir(
    explicit: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit).expanduser()
    if env.get("BISAMA_TERMINAL_HOME"):
        return Path(env["BISAMA_TERMINAL_HOME"]).expanduser()
    return default_data_dir(platform, env, home)


def resolve_backup_dir(
    data_dir: Path, explicit: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """``--backup-dir``, else ``BISAMA_BACKUP_DIR``, else ``DATA/backups`` (same drive: ``check``
    warns until a second drive is set)."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit).expanduser()
    if env.get("BISAMA_BACKUP_DIR"):
        return Path(env["BISAMA_BACKUP_DIR"]).expanduser()
    return Path(data_dir) / "backups"
