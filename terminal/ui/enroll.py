"""Enrolling the till with head office: the server's address and the one-time code an
administrator issued (``bisama-sync`` prints it). The enroll function itself comes from
the sync client and runs on the worker thread; the dialog waits, then says what
happened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from terminal.errors import SetupError
from terminal.till import Till
from terminal.ui.context import EnrollFn
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.tasks import TaskRunner
from terminal.ui.widgets import named


class EnrollDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        enroll: EnrollFn,
        tasks: TaskRunner,
        server_url: str,
        done: Callable[[str], object],
    ) -> None:
        super().__init__(
            parent,
            "enroll",
            translate("EnrollDialog", "Enroll with head office"),
            translate(
                "EnrollDialog",
                "Type the server address and the one-time enrollment code your administrator gave "
                "you. The till makes its own signing key; the code works once.",
            ),
            ok_text=translate("EnrollDialog", "Enroll (Enter)"),
        )
        self._enroll, self._tasks, self._done = enroll, tasks, done
        self.url = named(QLineEdit(server_url), "enroll.url", translate("EnrollDialog", "Server address"))
        self.url.setPlaceholderText("https://pos.example.com")
        self.code = named(QLineEdit(), "enroll.code", translate("EnrollDialog", "Enrollment code"))
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.form.addRow(translate("EnrollDialog", "Server address"), self.url)
        self.form.addRow(translate("EnrollDialog", "Enrollment code"), self.code)
        self.focus_field = self.code
        self.busy = False

    def submit(self) -> bool:
        if self.busy:
            return False
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            raise SetupError(
                translate(
                    "EnrollDialog",
                    "The server address starts with https:// (or http:// on the shop's own network).",
                )
            )
        if not code:
            raise SetupError(translate("EnrollDialog", "Type the enrollment code."))
        self.busy = True
        self.ok_button.setEnabled(False)
        self.message.info(translate("EnrollDialog", "Enrolling… this needs the internet for a few seconds."))
        def work(till: Till) -> str:
            message = self._enroll(url, code)
            till.reload_identity()  # the worker thread's till signs with the new identity too
            return message

        self._tasks.submit(work, self._enrolled, self._failed)
        return False

    def _enrolled(self, message: str) -> None:
        self.busy = False
        self.accept()
        self._done(message)

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.message.error(str(error))
