"""Closing the shift: count the drawer note by note and coin by coin (Ghana cedi
denominations), see the total counted against what the drawer should hold (unless the
till does blind counts), close — the variance is recorded and the Z report prints — and
reprint the Z report."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from shared.money import Money, total
from shared.payloads import DENOMINATIONS
from terminal.errors import NotAllowed
from terminal.shift import CloseResult
from terminal.ui.approval import attempt
from terminal.ui.context import UiContext
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.keymap import COUNT, Key, Keys
from terminal.ui.line_dialogs import ConfirmDialog
from terminal.ui.screen import Navigator, Screen
from terminal.ui.widgets import (
    FitLabel,
    MessageBar,
    NumPad,
    button,
    figure_row,
    label,
    named,
    panel,
    set_role,
)

DONE_KEYS: Keys = (
    Key("F12", "close", QT_TRANSLATE_NOOP("keys", "Sign out"), "After the close: sign out."),
    Key("Esc", "back", QT_TRANSLATE_NOOP("keys", "Sign out"), "After the close: sign out."),
)


def denomination_name(pesewas: int) -> str:
    # GH₵ 1 and 2 are notes and coins both, counted together: the coins' heading says so.
    if pesewas >= 100:
        return f"GH₵ {pesewas // 100}"
    return f"{pesewas} p"


class CountScreen(Screen):
    screen_id = "count"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.expected: Money | None = None
        self.result: CloseResult | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        self.message = MessageBar("count.message")
        outer.addWidget(self.message)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._count_page())
        self.pages.addWidget(self._result_page())

    def _count_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        counts = panel("count.denominations")
        grid = QGridLayout(counts)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        # Two columns (notes, then coins down to 1 pesewa) so thirteen denominations fit a
        # 768-pixel-high screen; Enter still walks them in order, largest first.
        columns = (
            (translate("CountScreen", "Notes"), [d for d in DENOMINATIONS if d >= 500]),
            (
                translate("CountScreen", "Coins (GH₵ 2 and 1: notes too)"),
                [d for d in DENOMINATIONS if d < 500],
            ),
        )
        self.spins: dict[int, QSpinBox] = {}
        self.line_totals: dict[int, QLabel] = {}
        for group, (heading, denominations) in enumerate(columns):
            c = group * 4
            grid.addWidget(label(heading, "subheading", wrap=True), 0, c, 1, 3)
            for i, pesewas in enumerate(denominations):
                r = i + 1
                name = denomination_name(pesewas)
                spin = named(
                    QSpinBox(), f"count.{pesewas}", translate("CountScreen", "Number of {0}").format(name)
                )
                set_role(spin, "count")
                spin.setRange(0, 100_000)
                spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                spin.setFixedWidth(86)
                spin.valueChanged.connect(self._recount)
                spin.installEventFilter(self)
                line = label("", "figure")
                line.setObjectName(f"count.{pesewas}.total")
                line.setMinimumWidth(112)
                line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label(name, "figure-label"), r, c)
                grid.addWidget(spin, r, c + 1)
                grid.addWidget(line, r, c + 2)
                self.spins[pesewas] = spin
                self.line_totals[pesewas] = line
        grid.setColumnMinimumWidth(3, 12)
        grid.setRowStretch(len(columns[1][1]) + 1, 1)
        row.addWidget(counts, 1)
        side = panel("count.summary")
        col = QVBoxLayout(side)
        col.setContentsMargins(14, 10, 14, 10)
        col.addWidget(label(translate("CountScreen", "Counted"), "subheading"))
        self.counted = FitLabel("count.counted", translate("CountScreen", "Counted"), "due", max_px=44)
        col.addWidget(self.counted)
        col.addWidget(label(translate("CountScreen", "The drawer should hold"), "subheading"))
        self.expected_label = label("", "total", wrap=True)
        self.expected_label.setObjectName("count.expected")
        col.addWidget(self.expected_label)
        self.variance_caption = label(translate("CountScreen", "Over / short"), "subheading")
        col.addWidget(self.variance_caption)
        self.variance = FitLabel(
            "count.variance", translate("CountScreen", "Over / short"), "total", max_px=38
        )
        col.addWidget(self.variance)
        col.addStretch(1)
        col.addWidget(NumPad("count.numpad", self._focused_field, decimal=False))
        col.addWidget(
            button(
                translate("CountScreen", "Esc  Back"),
                "count.back",
                accessible=translate("CountScreen", "Back"),
                on_click=lambda: self.handle("back"),
            )
        )
        col.addWidget(
            button(
                translate("CountScreen", "F12  Close shift"),
                "count.close",
                role="pay",
                accessible=translate("CountScreen", "Close shift"),
                on_click=lambda: self.handle("close"),
            )
        )
        side.setFixedWidth(330)
        row.addWidget(side)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        box = panel("count.result")
        col = QVBoxLayout(box)
        col.setContentsMargins(28, 20, 28, 20)
        col.addWidget(label(translate("CountScreen", "Shift closed"), "heading"))
        self.result_text = label("", "subheading", wrap=True)
        self.result_text.setObjectName("count.result_text")
        col.addWidget(self.result_text)
        figures = QGridLayout()
        self.result_counted = figure_row(
            figures, 0, translate("CountScreen", "Counted"), "count.result_counted"
        )
        self.result_expected = figure_row(
            figures, 1, translate("CountScreen", "Expected"), "count.result_expected"
        )
        col.addLayout(figures)
        self.result_variance = FitLabel(
            "count.result_variance", translate("CountScreen", "Over or short"), "change", max_px=52
        )
        col.addWidget(self.result_variance)
        col.addStretch(1)
        col.addWidget(
            button(translate("CountScreen", "Reprint Z report"), "count.reprint_z", on_click=self._reprint_z)
        )
        self.done_button = button(
            translate("CountScreen", "Sign out (Enter)"),
            "count.done",
            role="primary",
            accessible=translate("CountScreen", "Sign out"),
            on_click=self._finish,
        )
        self.done_button.setAutoDefault(True)
        col.addWidget(self.done_button)
        box.setFixedWidth(620)
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        return page

    # -- screen ------------------------------------------------------------------------------
    def title(self) -> str:
        return translate("CountScreen", "Close shift")

    def entered(self) -> None:
        self.result = None
        self.pages.setCurrentIndex(0)
        self.message.clear_message()
        for spin in self.spins.values():
            spin.setValue(0)
        try:
            self.expected = self.till.shifts.expected_cash()
        except NotAllowed:
            self.expected = None  # blind close: the cashier counts without seeing it
        except BisamaError as exc:
            self.message.error(str(exc))
            self.expected = None
        self._recount()
        self.spins[DENOMINATIONS[0]].setFocus()
        self.spins[DENOMINATIONS[0]].selectAll()

    def focus_target(self) -> QWidget | None:
        return self.done_button if self.result is not None else self.spins[DENOMINATIONS[0]]

    def _focused_field(self) -> QLineEdit | None:
        for spin in self.spins.values():
            if spin.hasFocus():
                return spin.lineEdit()
        return None

    def counts(self) -> dict[int, int]:
        return {d: spin.value() for d, spin in self.spins.items() if spin.value()}

    def counted_total(self) -> Money:
        return total([Money(d) * n for d, n in self.counts().items()])

    def _recount(self) -> None:
        for d, spin in self.spins.items():
            n = spin.value()
            self.line_totals[d].setText((Money(d) * n).format() if n else "")
        counted = self.counted_total()
        self.counted.setText(counted.format())
        if self.expected is None:
            self.expected_label.setText(
                translate("CountScreen", "Blind count: the expected amount is not shown. Count carefully.")
            )
            self.variance_caption.hide()
            self.variance.hide()
            return
        self.expected_label.setText(self.expected.format())
        self.variance_caption.show()
        self.variance.show()
        diff = counted - self.expected
        self.variance.setText(("+" if diff.pesewas > 0 else "") + diff.format())
        self.variance.set_colour(
            "color: #8c1d18;" if diff.is_negative else "color: #0a5c2b;" if diff.pesewas > 0 else ""
        )
        self.variance_caption.setText(
            translate("CountScreen", "Short")
            if diff.is_negative
            else translate("CountScreen", "Over")
            if diff.pesewas > 0
            else translate("CountScreen", "Over / short")
        )

    def keys(self) -> tuple[Key, ...]:
        return DONE_KEYS if self.result is not None else COUNT

    def handle(self, action: str) -> bool:
        if action == "close" and self.result is not None:
            self._finish()
        elif action == "close":
            self._confirm_close()
        elif action == "back":
            if self.result is not None:
                self._finish()
            else:
                self.nav.go("shift")
        elif action == "next":
            self.focusNextChild()
        else:
            return False
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(obj, QSpinBox)
        ):
            order = list(self.spins.values())
            index = order.index(obj) if obj in order else -1
            if 0 <= index < len(order) - 1:
                order[index + 1].setFocus()
                order[index + 1].selectAll()
            else:
                self._confirm_close()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.result is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            return
        super().keyPressEvent(event)

    def _confirm_close(self) -> None:
        if self.result is not None:
            return
        counted = self.counted_total()
        question = translate(
            "CountScreen",
            "Close the shift with {0} counted? The Z report prints and the shift cannot be reopened.",
        ).format(counted.format())
        self.nav.open_dialog(
            ConfirmDialog(
                self,
                "close_shift",
                translate("CountScreen", "Close the shift"),
                question,
                yes=translate("CountScreen", "Close the shift"),
                keep=translate("CountScreen", "Keep counting (Enter)"),
                action=self._close,
                danger=True,
            )
        )

    def _close(self) -> None:
        counts = self.counts()
        attempt(
            self,
            self.till,
            lambda ok: self.till.shifts.close(counts, approval=ok),
            done=self._closed,
            error=self.message.error,
            open_dialog=self.nav.open_dialog,
            what=translate("CountScreen", "Close the shift with {0} counted in the drawer").format(
                self.counted_total().format()
            ),
        )

    def _closed(self, result: CloseResult) -> None:
        self.result = result
        self.ctx.changed("shift")
        lines = [translate("CountScreen", "Z report {0} is printing.").format(result.z_no)]
        self.result_counted.setText(result.counted.format())
        self.result_expected.setText(result.expected.format() if result.expected is not None else "—")
        if result.expected is not None and result.variance is not None:
            v = result.variance
            word = (
                translate("CountScreen", "Short by {0}")
                if v.is_negative
                else translate("CountScreen", "Over by {0}")
                if v.pesewas > 0
                else translate("CountScreen", "{0}")
            )
            self.result_variance.setText(
                word.format(abs(v).format())
                if not v.is_zero
                else translate("CountScreen", "Exact — no variance")
            )
            set_role(self.result_variance, "short" if v.is_negative else "change")
            self.result_variance.show()
        else:
            lines.append(
                translate("CountScreen", "Blind count: the manager sees the variance on the Z report.")
            )
            self.result_variance.hide()
        self.result_text.setText("\n".join(lines))
        self.pages.setCurrentIndex(1)
        self.nav.refresh_keys()
        self.done_button.setFocus()

    def _reprint_z(self) -> None:
        if self.result is None:
            return
        try:
            self.till.print_queue.reprint(
                self.result.z_no, self.till.clock.now(), self.till.auth.session.user.email
            )
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("print")
        self.message.ok(
            translate("CountScreen", "A copy of the Z report {0} is printing.").format(self.result.z_no)
        )

    def _finish(self) -> None:
        self.nav.sign_out()
