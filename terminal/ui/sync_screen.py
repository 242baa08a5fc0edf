"""The sync screen: how the till stands with head office — connected or not and why,
when it last synced and will try next, the clock difference — what is waiting in the
outbox (by kind, oldest first) and what the server holds for a person to resolve."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from shared.errors import BisamaError
from terminal.sync.state import Connection, SyncState
from terminal.ui.context import UiContext
from terminal.ui.enroll import EnrollDialog
from terminal.ui.i18n import translate
from terminal.ui.screen import Navigator, Screen
from terminal.ui.status_bar import connection_text
from terminal.ui.text import age, clock_time, kind_name, stored_time
from terminal.ui.widgets import MessageBar, button, label, named, panel

PENDING_SHOWN = 200


def reference_of(payload: object) -> str:
    for name in ("receipt_no", "refund_no", "payment_no", "z_no", "document_no", "original_receipt_no"):
        value = getattr(payload, name, None)
        if isinstance(value, str):
            return value
    return ""


class SyncScreen(Screen):
    screen_id = "sync"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        self.message = MessageBar("sync.message")
        outer.addWidget(self.message)
        top = QHBoxLayout()
        state_box = panel("sync.state")
        col = QVBoxLayout(state_box)
        col.setContentsMargins(14, 10, 14, 10)
        self.connection = label("", "heading", wrap=True)
        self.connection.setObjectName("sync.connection")
        self.details = label("", wrap=True)
        self.details.setObjectName("sync.details")
        col.addWidget(self.connection)
        col.addWidget(self.details)
        buttons = QHBoxLayout()
        self.sync_now = button(
            translate("SyncScreen", "Sync now"), "sync.now", role="primary", on_click=self._sync_now
        )
        self.enroll = button(
            translate("SyncScreen", "Enroll with a server code…"), "sync.enroll", on_click=self._enroll
        )
        buttons.addWidget(self.sync_now)
        buttons.addWidget(self.enroll)
        buttons.addStretch(1)
        buttons.addWidget(
            button(
                translate("SyncScreen", "Esc  Back"),
                "sync.back",
                accessible=translate("SyncScreen", "Back"),
                on_click=lambda: self.handle("back"),
            )
        )
        col.addLayout(buttons)
        top.addWidget(state_box, 2)
        self.kinds = self._table(
            "sync.by_kind",
            translate("SyncScreen", "Waiting by kind"),
            (translate("SyncScreen", "Kind"), translate("SyncScreen", "Waiting")),
            (0, 90),
        )
        self.kinds.setMaximumWidth(330)
        top.addWidget(self.kinds, 1)
        outer.addLayout(top)
        lists = QHBoxLayout()
        pending_col = QVBoxLayout()
        self.pending_caption = label(translate("SyncScreen", "Waiting to send (oldest first)"), "subheading")
        self.pending_caption.setObjectName("sync.pending_caption")
        pending_col.addWidget(self.pending_caption)
        self.pending = self._table(
            "sync.pending",
            translate("SyncScreen", "Waiting to send"),
            (
                translate("SyncScreen", "No."),
                translate("SyncScreen", "Kind"),
                translate("SyncScreen", "Document"),
                translate("SyncScreen", "Made"),
                translate("SyncScreen", "Day"),
            ),
            (54, 122, 0, 70, 124),
        )
        pending_col.addWidget(self.pending)
        lists.addLayout(pending_col, 3)
        held_col = QVBoxLayout()
        self.held_caption = label(translate("SyncScreen", "Held by head office"), "subheading")
        self.held_caption.setObjectName("sync.held_caption")
        held_col.addWidget(self.held_caption)
        self.held = self._table(
            "sync.held",
            translate("SyncScreen", "Held by head office"),
            (
                translate("SyncScreen", "No."),
                translate("SyncScreen", "Document"),
                translate("SyncScreen", "Reason"),
            ),
            (44, 160, 0),
        )
        held_col.addWidget(self.held)
        lists.addLayout(held_col, 2)
        outer.addLayout(lists, 1)
        ctx.sync.state_changed.connect(self._state_changed)

    def _table(
        self, name: str, accessible: str, headers: tuple[str, ...], widths: tuple[int, ...]
    ) -> QTableWidget:
        table = named(QTableWidget(0, len(headers)), name, accessible)
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for col, width in enumerate(widths):
            table.setColumnWidth(col, width)
        stretch = widths.index(0) if 0 in widths else len(headers) - 1
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _state_changed(self, _state: SyncState) -> None:
        if self.isVisible():
            self.refresh()

    def title(self) -> str:
        return translate("SyncScreen", "Sync")

    def entered(self) -> None:
        self.refresh()

    def handle(self, action: str) -> bool:
        if action == "back":
            self.nav.go("sale")
            return True
        return False

    def refresh(self) -> None:
        state: SyncState = self.ctx.sync.state
        now = self.till.clock.now()
        text, _level = connection_text(state, now)
        self.connection.setText(text)
        ident = self.till.identity
        lines = []
        if state.connection is Connection.NOT_ENROLLED:
            lines.append(
                translate(
                    "SyncScreen",
                    "This till works on its own: every sale is kept, signed and chained here, and will be "
                    "sent when the till is enrolled with head office.",
                )
            )
        if state.server_url:
            lines.append(translate("SyncScreen", "Server: {0}").format(state.server_url))
        lines.append(
            translate("SyncScreen", "Till {0}/{1} ({2})").format(
                ident.branch_code, ident.terminal_code, ident.terminal_id
            )
        )
        if state.last_success_at:
            lines.append(
                translate("SyncScreen", "Last sync: {0} ({1} ago)").format(
                    clock_time(state.last_success_at, now), age(state.last_success_at, now)
                )
            )
        if state.pulled_at:
            lines.append(
                translate("SyncScreen", "Prices and products last brought down: {0}").format(
                    clock_time(state.pulled_at, now)
                )
            )
        if state.next_attempt_at and state.connection is Connection.OFFLINE:
            lines.append(
                translate("SyncScreen", "Next try: {0}").format(clock_time(state.next_attempt_at, now))
            )
        if state.last_error:
            lines.append(state.last_error)
        if state.refused_reason:
            lines.append(state.refused_reason)
        if state.clock_offset_seconds is not None:
            lines.append(
                translate("SyncScreen", "Clock difference with head office: {0} s").format(
                    state.clock_offset_seconds
                )
            )
        self.details.setText("\n".join(lines))
        self.sync_now.setVisible(self.ctx.sync_control is not None)
        self.enroll.setVisible(self.ctx.enroll is not None and not ident.enrolled)
        try:
            by_kind = self.till.outbox.depth_by_kind()
            waiting = self.till.outbox.depth()
            pending = self.till.outbox.pending(limit=PENDING_SHOWN)
            held_local = self.till.outbox.held()
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.kinds.setRowCount(len(by_kind))
        for row, (kind, count) in enumerate(by_kind.items()):
            self.kinds.setItem(row, 0, QTableWidgetItem(kind_name(kind)))
            self.kinds.setItem(row, 1, QTableWidgetItem(str(count)))
        # The count over the list is the list's own length (and says so when the list
        # shows only the oldest part of what waits).
        self.pending_caption.setText(
            translate("SyncScreen", "Waiting to send: {0} (oldest first)").format(len(pending))
            if len(pending) == waiting
            else translate("SyncScreen", "Waiting to send: {0} — the oldest {1} shown").format(
                waiting, len(pending)
            )
        )
        self.pending.setRowCount(len(pending))
        for row, env in enumerate(pending):
            made = stored_time(env.created_at)
            values = (
                str(env.seq),
                kind_name(env.kind),
                reference_of(env.typed_payload()),
                clock_time(made, now) if made else env.created_at,
                env.business_date,
            )
            for col, value in enumerate(values):
                self.pending.setItem(row, col, QTableWidgetItem(value))
        held = {h.seq: (h.reference or kind_name(h.kind), h.reason) for h in state.held}
        for entry in held_local:
            held.setdefault(
                entry.seq,
                (
                    reference_of(entry.envelope.typed_payload()) or kind_name(entry.kind),
                    entry.held_reason or "",
                ),
            )
        self.held_caption.setText(translate("SyncScreen", "Held by head office: {0}").format(len(held)))
        self.held.setRowCount(len(held))
        for row, (seq, (ref, reason)) in enumerate(sorted(held.items())):
            for col, value in enumerate((str(seq), ref, reason)):
                self.held.setItem(row, col, QTableWidgetItem(value))
        self.held.resizeRowsToContents()
        if not held:
            self.message.clear_message()

    def _sync_now(self) -> None:
        control = self.ctx.sync_control
        if control is not None:
            control.sync_now()
            self.message.info(translate("SyncScreen", "Syncing…"))

    def _enroll(self) -> None:
        if self.ctx.enroll is None:
            return
        url = self.ctx.sync.state.server_url or ""
        self.nav.open_dialog(EnrollDialog(self, self.ctx.enroll, self.ctx.tasks, url, self._enrolled))

    def _enrolled(self, message: str) -> None:
        self.message.ok(message)
        self.ctx.changed("sync")
        self.refresh()
