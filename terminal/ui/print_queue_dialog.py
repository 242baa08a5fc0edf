"""The print queue as the cashier sees it: what is waiting to print and why ("printer
out of paper — receipt MAIN-T01-000123 waiting"), with Retry (after fixing the printer),
Skip (the customer left; a copy can be printed later) and Reprint of any receipt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from shared.errors import BisamaError
from terminal.errors import NotFound
from terminal.ui.context import UiContext
from terminal.ui.dialogs import FormDialog
from terminal.ui.i18n import translate
from terminal.ui.text import clock_time, kind_name, stored_time
from terminal.ui.widgets import button, label, named


class PrintQueueDialog(FormDialog):
    def __init__(self, parent: QWidget, ctx: UiContext) -> None:
        super().__init__(
            parent,
            "print_queue",
            translate("PrintQueueDialog", "Printer and print queue"),
            "",
            ok_text=translate("PrintQueueDialog", "Close (Enter)"),
        )
        self.setMinimumWidth(760)
        self.ctx = ctx
        self.cancel_button.hide()
        self.state = label("", "subheading", wrap=True)
        self.state.setObjectName("print_queue.state")
        self.body.addWidget(self.state)
        self.jobs = named(
            QListWidget(), "print_queue.jobs", translate("PrintQueueDialog", "Waiting to print")
        )
        self.jobs.setMinimumHeight(220)
        self.jobs.setWordWrap(True)
        self.jobs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.jobs)
        row = QHBoxLayout()
        row.addWidget(
            button(
                translate("PrintQueueDialog", "Retry now"),
                "print_queue.retry",
                role="primary",
                on_click=self.retry,
            )
        )
        row.addWidget(
            button(
                translate("PrintQueueDialog", "Skip the chosen one"),
                "print_queue.skip",
                role="danger",
                on_click=self.skip,
            )
        )
        row.addStretch(1)
        self.body.addLayout(row)
        reprint = QHBoxLayout()
        self.reference = named(
            QLineEdit(), "print_queue.reference", translate("PrintQueueDialog", "Receipt or report number")
        )
        self.reference.setPlaceholderText(
            translate("PrintQueueDialog", "Receipt number to reprint, e.g. MAIN-T01-000123")
        )
        reprint.addWidget(self.reference, 1)
        reprint.addWidget(
            button(translate("PrintQueueDialog", "Reprint"), "print_queue.reprint", on_click=self.reprint)
        )
        self.body.addLayout(reprint)
        ctx.printer.notice_changed.connect(self._news)
        ctx.events.changed.connect(self._news)
        self.finished.connect(self._closed)
        self.refresh()

    def _news(self, _what: object) -> None:
        self.refresh()

    def _closed(self, _result: int) -> None:
        self.ctx.printer.notice_changed.disconnect(self._news)
        self.ctx.events.changed.disconnect(self._news)

    def refresh(self) -> None:
        link = self.ctx.printer
        if link.problem:
            state = link.problem
        elif not link.configured:
            state = translate(
                "PrintQueueDialog",
                "No printer is set up on this till (Manager → Printer and drawer). Receipts wait here.",
            )
        elif link.notice is not None:
            state = link.notice.message
        else:
            state = translate("PrintQueueDialog", "Printer set up: {0}.").format(
                link.config.printer.describe() if link.config.printer else ""
            )
        self.state.setText(state)
        self.jobs.clear()
        now = self.ctx.till.clock.now()
        for job in self.ctx.till.print_queue.waiting():
            made = stored_time(job.created_at)
            copy = translate("PrintQueueDialog", " (copy)") if job.copy else ""
            when = clock_time(made, now) if made else job.created_at
            text = f"{kind_name(job.kind)} {job.reference}{copy} — {when}"
            if job.last_error:
                text += f"\n    {job.last_error}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, job.id)
            self.jobs.addItem(item)
        if self.jobs.count():
            self.jobs.setCurrentRow(0)

    def retry(self) -> None:
        till = self.ctx.till
        count = till.print_queue.retry_now(till.clock.now())
        self.ctx.printer.retry_now()
        self.ctx.changed("print")
        self.message.info(translate("PrintQueueDialog", "Trying again: {0} waiting.").format(count))

    def skip(self) -> None:
        if self.jobs.currentRow() < 0:
            self.message.error(translate("PrintQueueDialog", "Choose what to skip."))
            return
        item = self.jobs.currentItem()
        till = self.ctx.till
        try:
            till.print_queue.skip(
                int(item.data(Qt.ItemDataRole.UserRole)), till.clock.now(), till.auth.session.user.email
            )
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("print")
        self.message.ok(
            translate("PrintQueueDialog", "Skipped. The sale is kept; reprint it later if the customer asks.")
        )

    def reprint(self) -> None:
        till = self.ctx.till
        reference = self.reference.text().strip().upper()
        if not reference:
            self.message.error(translate("PrintQueueDialog", "Type the receipt or report number."))
            return
        try:
            till.print_queue.reprint(reference, till.clock.now(), till.auth.session.user.email)
        except NotFound as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("print")
        self.message.ok(translate("PrintQueueDialog", "A copy of {0} is printing.").format(reference))

    def submit(self) -> bool:
        return True
