"""The till's dialog frame: a title, what to do, the fields, an error line and big OK /
Cancel buttons. Dialogs are window-modal but never block the event loop (``open()``, not
``exec()``): the caller passes what to do on success, and an error from a service keeps
the dialog open with the message in the shop's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from terminal.auth import GrantedApproval
from terminal.errors import ApprovalNeeded
from terminal.till import Till
from terminal.ui.i18n import translate
from terminal.ui.widgets import MessageBar, button, form_layout, label

T = TypeVar("T")
ServiceCall = Callable[[GrantedApproval | None], T]


class FormDialog(QDialog):
    """Subclasses add fields to ``self.form`` and implement ``submit``."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        title: str,
        intro: str = "",
        *,
        ok_text: str | None = None,
        ok_role: str = "primary",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"dialog.{name}")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(22, 18, 22, 18)
        outer.setSpacing(12)
        heading = label(title, "heading")
        outer.addWidget(heading)
        self.intro: QLabel = label(intro, wrap=True)
        self.intro.setVisible(bool(intro))
        outer.addWidget(self.intro)
        self.body = QVBoxLayout()
        self.form = form_layout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setVerticalSpacing(10)
        self.body.addLayout(self.form)
        outer.addLayout(self.body)
        self.message = MessageBar(f"dialog.{name}.message")
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(
            translate("FormDialog", "Cancel (Esc)"),
            f"dialog.{name}.cancel",
            accessible=translate("FormDialog", "Cancel"),
            on_click=self.reject,
        )
        self.ok_button = button(
            ok_text or translate("FormDialog", "OK (Enter)"),
            f"dialog.{name}.ok",
            role=ok_role,
            accessible=(ok_text or translate("FormDialog", "OK")).split(" (")[0],
            on_click=self._ok,
        )
        self.ok_button.setDefault(True)
        self.ok_button.setMinimumWidth(180)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        outer.addLayout(row)
        # Set by the navigator that opens the dialog, so a dialog can hand over to the
        # manager approval dialog.
        self.opener: Callable[[QDialog], object] | None = None
        self.focus_field: QWidget | None = None  # where typing goes when the dialog opens

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        field = self.focus_field
        if field is not None:
            field.setFocus(Qt.FocusReason.PopupFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()

    def submit(self) -> bool:
        """Do the thing; True closes the dialog. Raise ``BisamaError`` to show a message."""
        raise NotImplementedError

    def run_service(self, till: Till, call: ServiceCall[T], done: Callable[[T], object]) -> bool:
        """``call(None)``; when a manager must approve, this dialog closes and the
        approval dialog takes over with the same call. Other errors propagate to
        ``_ok``, which shows them here."""
        from terminal.ui.approval import ApprovalDialog

        try:
            result = call(None)
        except ApprovalNeeded as needed:
            self.accept()
            dialog = ApprovalDialog(self.parentWidget(), till, needed, call, done)
            if self.opener is not None:
                self.opener(dialog)
            else:
                dialog.open()
            return False
        done(result)
        return True

    def _ok(self) -> None:
        try:
            finished = self.submit()
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        if finished:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._ok()
            return
        super().keyPressEvent(event)
