"""Where the till's resources (fonts, style sheet, translations, sample data, the example
hardware.toml) are: ``resources/`` beside the packages in a source checkout, inside the
bundle in the PyInstaller one-folder build, and the package ``bisama_resources`` in an
installed wheel (``pip install '.[till]'``; setup.py maps the folder to that name)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "resources"


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    if _CHECKOUT.is_dir():
        return _CHECKOUT
    spec = importlib.util.find_spec("bisama_resources")
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    # Nothing found: the caller's "no such file" then names the folder that was expected.
    return _CHECKOUT


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
