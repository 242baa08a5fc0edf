"""The till's ``hardware.toml`` as the settings screen edits it: read it as plain tables,
change one section, check the whole with ``hardware.config.parse_config`` (so a mistake is
reported with its field before anything is written), and write it back atomically.

TOML is written by hand because the file holds only tables of strings, integers and
booleans, and the standard library reads TOML but does not write it.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hardware.config import HardwareConfig, HardwareConfigError, parse_config

FILE_NAME = "hardware.toml"


def config_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def read_tables(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise HardwareConfigError(f"{path} cannot be read: {exc}") from None


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (same escapes, \\uXXXX included).
        return json.dumps(value)
    raise TypeError(f"hardware.toml holds text, whole numbers and yes/no only, not {type(value).__name__}")


def to_toml(tables: Mapping[str, Any]) -> str:
    lines = [
        "# The till's printer, cash drawer, customer display and scanner.",
        "# Written by the till's settings screen; the reference is docs/hardware.md.",
        "",
    ]

    def write(prefix: str, table: Mapping[str, Any]) -> None:
        scalars = {k: v for k, v in table.items() if not isinstance(v, Mapping) and v is not None}
        nested = {k: v for k, v in table.items() if isinstance(v, Mapping)}
        lines.append(f"[{prefix}]")
        lines.extend(f"{k} = {_value(v)}" for k, v in scalars.items())
        lines.append("")
        for key, sub in nested.items():
            write(f"{prefix}.{key}", sub)

    for name, table in tables.items():
        if isinstance(table, Mapping):
            write(name, table)
    return "\n".join(lines)


def update(path: Path, section: str, values: Mapping[str, Any] | None) -> HardwareConfig:
    """Replace one section (``None`` removes it), check the result, then write it.
    Raises ``HardwareConfigError`` naming the field, and writes nothing, when it is wrong."""
    tables = read_tables(path)
    if values is None:
        tables.pop(section, None)
    else:
        kept = {k: v for k, v in tables.get(section, {}).items() if isinstance(v, Mapping)}
        tables[section] = {**{k: v for k, v in values.items() if v is not None and v != ""}, **kept}
    config = parse_config(tables, str(path))
    text = to_toml(tables)
    part = path.with_suffix(".toml.part")
    part.write_text(text, encoding="utf-8")
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(part, path)
    return config


def load(path: Path) -> HardwareConfig:
    """The configuration in force (an empty one when there is no file yet)."""
    return parse_config(read_tables(path), str(path))
