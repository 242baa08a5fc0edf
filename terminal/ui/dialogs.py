"""The till's dialog frame: a title, what to do, the fields, an error line and big OK /
Cancel buttons. Dialogs are window-modal but never block the event loop (``open()``, not
``exec()``): the caller passes what to do on success, and an error from a service keeps
the dialog open with the message in the shop's words.

In every dialog Enter presses the button the focus ring is on (Tab to "Cancel", Enter:
cancelled); from a typing field it is the dialog's OK.

A *destructive* dialog (cancel a sale, close the shift, void) turns the keys round: its
safe button ("Keep the sale") is the default and has the focus ring, Enter only ever
presses the button that has focus, and the destructive button must be reached on
purpose (Tab, or a click). A cashier leaning on Enter keeps the sale (issue [8])."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
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
        destructive: bool = False,
        keep_text: str | None = None,
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
        self.destructive = destructive
        self.cancel_button = button(
            keep_text or translate("FormDialog", "Cancel (Esc)"),
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
        self.ok_button.setMinimumWidth(180)
        if destructive:
            # The safe button is the default and is pressed by Enter; the destructive one
            # comes after it in the tab order so that it is reached only on purpose.
            self.cancel_button.setDefault(True)
            self.cancel_button.setMinimumWidth(180)
            row.addWidget(self.ok_button)
            row.addWidget(self.cancel_button)
        else:
            self.ok_button.setDefault(True)
            row.addWidget(self.cancel_button)
            row.addWidget(self.ok_button)
        outer.addLayout(row)
        # Set by the navigator that opens the dialog, so a dialog can hand over to the
        # manager approval dialog.
        self.opener: Callable[[QDialog], object] | None = None
        self.focus_field: QWidget | None = None  # where typing goes when the dialog opens
        if destructive:
            self.focus_field = self.cancel_button  # the focus ring sits on what Enter does: keep

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.destructive:
            # Tab from the safe button goes to the destructive one (set once every field
            # of the subclass exists).
            QWidget.setTabOrder(self.cancel_button, self.ok_button)
        field = self.focus_field
        if field is not None:
            field.setFocus(Qt.FocusReason.PopupFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()

    def fit(self) -> None:
        """Grow to what the dialog now shows (a message, found lines), word-wrapped text
        at its full height, so nothing is squeezed over anything else."""
        self.adjustSize()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def submit(self) -> bool:
        """Do the thing; True closes the dialog. Raise ``BisamaError`` to show a message."""
        raise NotImplementedError

    def run_service(
        self, till: Till, call: ServiceCall[T], done: Callable[[T], object], what: str = ""
    ) -> bool:
        """``call(None)``; when a manager must approve, this dialog closes and the
        approval dialog takes over with the same call, saying ``what`` is approved (the
        line or sale and the amount). Other errors propagate to ``_ok``, which shows
        them here."""
        from terminal.ui.approval import ApprovalDialog

        try:
            result = call(None)
        except ApprovalNeeded as needed:
            self.accept()
            dialog = ApprovalDialog(self.parentWidget(), till, needed, call, done, what=what)
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
            self.fit()  # room for the message: the fields above are not squeezed
            return
        if finished:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus):
                # Enter presses the button the focus ring is on — never another one.
                if focus.isEnabled():
                    focus.click()
            elif self.destructive:
                self._enter_safely()
            else:
                self._ok()
            return
        super().keyPressEvent(event)

    def _enter_safely(self) -> None:
        """Enter from a typing field of a destructive dialog moves to the safe button and
        says how to go on, so a second Enter still keeps things as they were."""
        self.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
        self.message.info(
            translate(
                "FormDialog",
                "To go ahead press Tab to “{0}” and then Enter; Enter or Esc keeps things as they were.",
            ).format(self.ok_button.accessibleName())
        )
