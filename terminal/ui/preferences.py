"""The till PC's own screen preferences (not business data, so not in the ledger): the
customer display window, full screen, the scanner's speed. Kept with ``QSettings`` in
``till-screen.ini`` in the till's data folder, so a restored or moved data folder keeps
them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

DEFAULT_SCANNER_GAP_MS = 40  # hardware.scanner's default: a person never types this fast


class Preferences:
    def __init__(self, data_dir: Path) -> None:
        self._q = QSettings(str(Path(data_dir) / "till-screen.ini"), QSettings.Format.IniFormat)

    def _bool(self, key: str, default: bool) -> bool:
        value = self._q.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes", "on")
        return bool(value)

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self._q.value(key, default)))
        except ValueError:
            return default

    def _text(self, key: str, default: str = "") -> str:
        return str(self._q.value(key, default) or "")

    @property
    def customer_display(self) -> bool:
        return self._bool("customer_display/enabled", False)

    @property
    def customer_display_screen(self) -> int:
        return self._int("customer_display/screen", 1)

    @property
    def momo_number(self) -> str:
        return self._text("customer_display/momo_number")

    @property
    def momo_name(self) -> str:
        return self._text("customer_display/momo_name")

    @property
    def fullscreen(self) -> bool:
        return self._bool("window/fullscreen", False)

    @property
    def scanner_gap_ms(self) -> int:
        return max(10, min(200, self._int("scanner/max_gap_ms", DEFAULT_SCANNER_GAP_MS)))

    def set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)
        self._q.sync()
