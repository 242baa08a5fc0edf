"""Manager approval at the till: when a service raises ``ApprovalNeeded`` the screen
asks for a manager's PIN in this dialog, ``AuthService.approve`` records the approval,
and the same call is repeated with it (docs/terminal.md, "Approvals").

``attempt(host, call, done)`` is that whole flow for any service call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from shared.errors import BisamaError
from terminal.auth import User
from terminal.errors import ApprovalNeeded
from terminal.permissions import ACTION_PERMISSION
from terminal.till import Till
from terminal.ui.dialogs import FormDialog, ServiceCall
from terminal.ui.i18n import translate
from terminal.ui.text import role_name
from terminal.ui.widgets import label, named

T = TypeVar("T")


def approvers(till: Till, action: str) -> list[User]:
    """Active users who hold the permission ``action`` needs, managers first."""
    permission = ACTION_PERMISSION[action]
    order = {"manager": 0, "director": 1, "admin": 2}
    found = [u for u in till.auth.users() if u.may(permission)]
    return sorted(found, key=lambda u: (order.get(u.role, 9), u.name))


class ApprovalDialog(FormDialog):
    """The manager picks their name, types their PIN (and a reason); the call that
    needed it is then made with the approval. A refusal keeps the dialog open."""

    def __init__(
        self,
        parent: QWidget | None,
        till: Till,
        needed: ApprovalNeeded,
        call: ServiceCall[T],
        done: Callable[[T], object],
        *,
        what: str = "",
    ) -> None:
        super().__init__(
            parent,
            "approval",
            translate("ApprovalDialog", "Manager approval"),
            str(needed),
            ok_text=translate("ApprovalDialog", "Approve (Enter)"),
        )
        self.till = till
        self.action = needed.action
        self._call = call
        self._done = done
        # What the manager approves, in words, with the line and the amount: the manager
        # reads this before typing a PIN (issue [8]).
        self.what = label(what, "subheading", wrap=True)
        self.what.setObjectName("approval.what")
        self.what.setAccessibleName(translate("ApprovalDialog", "What is approved"))
        self.what.setVisible(bool(what))
        self.body.insertWidget(0, self.what)
        self.approver = named(
            QComboBox(), "approval.approver", translate("ApprovalDialog", "Approving manager")
        )
        for user in approvers(till, self.action):
            self.approver.addItem(f"{user.name} — {role_name(user.role)}", user.email)
        self.pin = named(QLineEdit(), "approval.pin", translate("ApprovalDialog", "Manager's PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setProperty("role", "pin")
        self.pin.setMaxLength(8)
        self.reason = named(QLineEdit(), "approval.reason", translate("ApprovalDialog", "Reason"))
        self.reason.setPlaceholderText(translate("ApprovalDialog", "optional, e.g. loyal customer"))
        self.form.addRow(translate("ApprovalDialog", "Manager"), self.approver)
        self.form.addRow(translate("ApprovalDialog", "PIN"), self.pin)
        self.form.addRow(translate("ApprovalDialog", "Reason"), self.reason)
        if self.approver.count() == 0:
            self.message.error(
                translate("ApprovalDialog", "No user on this till may approve this. Ask head office.")
            )
            self.ok_button.setEnabled(False)
        self.focus_field = self.pin

    def submit(self) -> bool:
        email = self.approver.currentData()
        if not email:
            return False
        pin = self.pin.text()
        self.pin.clear()
        granted = self.till.auth.approve(self.action, str(email), pin, self.reason.text().strip() or None)
        result = self._call(granted)
        self.accept()
        self._done(result)
        return False  # already accepted, after which the caller may open another dialog


def attempt(
    host: QWidget,
    till: Till,
    call: ServiceCall[T],
    *,
    done: Callable[[T], object],
    error: Callable[[str], object],
    open_dialog: Callable[[FormDialog], object],
    what: str = "",
) -> None:
    """``call(None)``; on ``ApprovalNeeded`` ask a manager and call again with the
    approval; ``done(result)`` on success, ``error(message)`` on any other refusal.
    ``what`` says what the manager approves (the line or sale and the amount)."""
    try:
        result = call(None)
    except ApprovalNeeded as needed:
        open_dialog(ApprovalDialog(host, till, needed, call, done, what=what))
        return
    except BisamaError as exc:
        error(str(exc))
        return
    done(result)
