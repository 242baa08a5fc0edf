"""What a cashier and a screen reader need from every screen: a stable object name and an
accessible name on every interactive widget, all of it fitting 1024 × 768, every text
through Qt translation, and the keyboard map in docs/keyboard.md matching the keys the
screens really have."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

from terminal.store.quick_keys import StoredPage, write_pages
from terminal.ui.keymap import markdown
from tests.terminal.conftest import MANAGER, MANAGER_PIN, MILO

from .helpers import key, open_shift, scan, sign_in

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPlainTextEdit)
INTERNAL_PARENTS = (QAbstractSpinBox, QComboBox, QAbstractItemView, QScrollBar, QTabBar)


def unnamed(root: QWidget) -> list[str]:
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or w.objectName().startswith("qt_"):
            continue
        parent = w.parentWidget()
        internal = False
        while parent is not None and parent is not root:
            if isinstance(parent, INTERNAL_PARENTS):
                internal = True
                break
            parent = parent.parentWidget()
        if internal:
            continue
        if not w.objectName() or not w.accessibleName():
            found.append(f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r}")
    return found


def test_keyboard_doc_matches_the_keymap():
    text = (ROOT / "docs" / "keyboard.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- keymap:start -->\n"), text.index("<!-- keymap:end -->")
    assert text[start + len("<!-- keymap:start -->\n"):end].strip() == markdown().strip(), (
        "docs/keyboard.md is out of date: paste python -c 'from terminal.ui.keymap import markdown; "
        "print(markdown())' between the keymap markers")


def test_every_interactive_widget_is_named_and_everything_fits(qtbot, stocked, make_app, virtual_printer):
    with stocked.db.transaction() as conn:  # a full quick-key page, as the feed writes it
        write_pages(conn, [StoredPage("WATER", "Water and drinks", 1,
                                      tuple(f"GH-{n:04d}" for n in range(1, 25)))])
    run = make_app(stocked)
    window = run.window
    problems = []
    sign_in(qtbot, run, MANAGER, MANAGER_PIN)
    open_shift(qtbot, run)
    scan(qtbot, run, MILO)
    chrome = (window.centralWidget().layout().itemAt(0).widget().minimumSizeHint().height()
              + window.fkeys.minimumSizeHint().height() + window.status.minimumSizeHint().height())
    for screen_id in ("first_run", "login", "shift", "sale", "payment", "returns", "count", "sync", "settings",
                      "stock", "exchange", "account_payment"):
        if screen_id not in ("login", "first_run"):
            window.go(screen_id)
        hint = window.screens[screen_id].minimumSizeHint()
        if hint.width() > 1024 or hint.height() + chrome > 768:
            problems.append(f"{screen_id} needs {hint.width()}×{hint.height() + chrome}")
    for bar in (window.fkeys, window.status, window.centralWidget().layout().itemAt(0).widget()):
        if bar.minimumSizeHint().width() > 1024:
            problems.append(f"{bar.objectName()} needs {bar.minimumSizeHint().width()} px")
    window.go("sale")
    problems += unnamed(window)
    for action in ("quantity", "line_discount", "order_discount", "price", "customer", "park", "no_sale", "help",
                   "quick_keys", "price_check"):
        window.dispatch(action)
        dialog = window.dialog
        assert dialog is not None, action
        problems += [f"{dialog.objectName()}: {p}" for p in unnamed(dialog)]
        if dialog.sizeHint().height() > 768 or dialog.sizeHint().width() > 1024:
            problems.append(f"{dialog.objectName()} is larger than the screen")
        dialog.reject()
    window.dispatch("print_queue")
    problems += [f"{window.dialog.objectName()}: {p}" for p in unnamed(window.dialog)]
    window.dialog.reject()
    window.go("shift")
    for action in ("cash_in", "cash_out", "no_sale"):
        window.dispatch(action)
        problems += [f"{window.dialog.objectName()}: {p}" for p in unnamed(window.dialog)]
        window.dialog.reject()
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # a cashier now
    sign_in(qtbot, run)
    scan(qtbot, run, MILO)
    window.dispatch("line_discount")
    window.dialog.percent.setText("50")
    key(qtbot, Qt.Key.Key_Return)
    assert window.dialog.objectName() == "dialog.approval"
    problems += [f"dialog.approval: {p}" for p in unnamed(window.dialog)]
    window.dialog.reject()
    assert not problems, "\n".join(problems)


# Which positional arguments of these calls are words a person reads.
USER_TEXT = {"button": (0,), "label": (0,), "named": (2, 3), "FitLabel": (1,), "setText": (0,),
             "setPlaceholderText": (0,), "setWindowTitle": (0,), "setToolTip": (0,), "error": (0,),
             "warning": (0,), "info": (0,), "ok": (0,), "show_message": (0,), "addTab": (1,),
             "setAccessibleName": (0,), "QLabel": (0,), "QPushButton": (0,), "QCheckBox": (0,),
             "figure_row": (2,)}


def reads_as_words(text: str) -> bool:
    """Words a person reads, not a code, a URL or an amount (GH₵ 200)."""
    text = text.replace("GH₵", "").replace("GHS", "")
    words = re.findall(r"[A-Za-z]{2,}", text)
    return bool(words) and (" " in text.strip() or any(w[0].isupper() and w[1:].islower() for w in words))


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "log":
            continue  # the log is for developers
        for index in USER_TEXT.get(name, ()):
            if index < len(node.args):
                arg = node.args[index]
                texts = [arg.value] if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else [
                    v.value for v in getattr(arg, "values", []) if isinstance(v, ast.Constant)
                    and isinstance(v.value, str)]
                if any(reads_as_words(t) for t in texts):
                    found.append(f"{path.name}:{node.lineno} {name}({ast.unparse(arg)[:60]})")
    return found


def test_user_text_goes_through_translation():
    problems = []
    for path in sorted((ROOT / "terminal" / "ui").glob("*.py")):
        if path.name in ("screenshots.py", "driver.py"):
            continue  # tools, not screens
        problems += untranslated(path)
    assert not problems, "wrap these in _tr()/QCoreApplication.translate():\n" + "\n".join(problems)


def test_the_translation_check_itself_catches_a_bare_string(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('button("Pay now", "x.pay")\nbutton(_tr("Pay"), "x.pay")\nlabel(f"Paid {x}")\n')
    assert [line.split()[0] for line in untranslated(bad)] == ["bad.py:1", "bad.py:3"]
