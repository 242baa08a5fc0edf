"""Marking text for translation where it cannot be translated yet (tables built at
import time): ``QT_TRANSLATE_NOOP(context, text)`` returns the text unchanged and is the
name ``pyside6-lupdate`` looks for; ``QCoreApplication.translate(context, text)`` then
translates it where it is shown. (PySide6's own ``QT_TRANSLATE_NOOP`` is typed as
returning ``object``, which would hide every label's type.)"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def translate(context: str, text: str) -> str:
    """Text in the shop's language; ``pyside6-lupdate`` collects every
    ``translate("Context", "literal")`` call into ``resources/translations``."""
    return QCoreApplication.translate(context, text)
