"""The till's look: the bundled font (it has the cedi sign ₵ on every PC), the style
sheet in ``resources/style/till.qss`` and the translator for the shop's language."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from terminal.ui.resources import resource

FONT_FAMILY = "DejaVu Sans"


def load_fonts() -> str:
    """Register the bundled fonts; returns the family the style sheet uses."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = resource("fonts", name)
        if path.is_file():
            QFontDatabase.addApplicationFont(str(path))
    return FONT_FAMILY


def style_sheet() -> str:
    return resource("style", "till.qss").read_text(encoding="utf-8")


def install_translator(app: QApplication, language: str | None = None) -> QTranslator | None:
    """Load ``resources/translations/bisama_<lang>.qm`` when there is one (English, the
    source language, needs none). The translator must outlive the app's windows."""
    locale = QLocale(language) if language else QLocale.system()
    translator = QTranslator(app)
    if translator.load(locale, "bisama", "_", str(resource("translations"))):
        app.installTranslator(translator)
        return translator
    return None


def apply_theme(app: QApplication) -> None:
    family = load_fonts()
    font = QFont(family)
    font.setPixelSize(16)
    app.setFont(font)
    app.setStyleSheet(style_sheet())
