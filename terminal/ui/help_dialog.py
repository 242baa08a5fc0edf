"""F1: the keyboard map of the screen, on screen (the same table as docs/keyboard.md)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.keymap import GLOBAL, Key, key_text
from terminal.ui.widgets import named


class KeysDialog(FormDialog):
    def __init__(self, parent: QWidget, title: str, keys: tuple[Key, ...]) -> None:
        super().__init__(
            parent,
            "keys",
            translate("KeysDialog", "Keys — {0}").format(title),
            "",
            ok_text=translate("KeysDialog", "Close (Enter)"),
        )
        self.setMinimumSize(820, 560)
        self.cancel_button.hide()
        rows = (*keys, *GLOBAL)
        table = named(QTableWidget(len(rows), 2), "keys.table", translate("KeysDialog", "Keyboard map"))
        table.setHorizontalHeaderLabels(
            [translate("KeysDialog", "Key"), translate("KeysDialog", "What it does")]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 130)
        table.setWordWrap(True)
        for i, key in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(key_text(key.keys)))
            table.setItem(i, 1, QTableWidgetItem(key.help))
        table.resizeRowsToContents()
        self.body.addWidget(table)

    def submit(self) -> bool:
        return True
