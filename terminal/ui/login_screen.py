"""Signing in: choose your name, type your PIN (keyboard or the on-screen pad), Enter.
Wrong PINs say how many tries are left; a locked account says until when. What start-up
found (a recovered cart, receipts waiting to print, the key store warning) is shown here
first, so the cashier knows before selling."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from shared.errors import BisamaError
from terminal.auth import User
from terminal.errors import AccountLocked
from terminal.ui.context import UiContext
from terminal.ui.i18n import translate
from terminal.ui.screen import Navigator, Screen
from terminal.ui.text import role_name
from terminal.ui.widgets import MessageBar, NumPad, button, label, named, panel, set_role


class LoginScreen(Screen):
    screen_id = "login"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        self.users: list[User] = []
        self.tiles: list[QPushButton] = []
        # The cashier who last signed in here: chosen for them next time. Nobody else is
        # ever chosen in advance (the director's name must not wait under a cashier's PIN).
        self.last_cashier: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 10)
        self.notes = MessageBar("login.startup")
        outer.addWidget(self.notes)
        row = QHBoxLayout()
        row.setSpacing(24)
        # -- who
        who = panel("login.users_panel")
        who_col = QVBoxLayout(who)
        who_col.setContentsMargins(14, 10, 14, 10)
        who_col.addWidget(label(translate("LoginScreen", "Who is signing in?"), "heading"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tile_box = QWidget()
        self.tile_grid = QGridLayout(self.tile_box)
        self.tile_grid.setSpacing(8)
        self.tile_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.tile_box)
        who_col.addWidget(scroll, 1)
        self.tile_group = QButtonGroup(self)
        self.tile_group.setExclusive(True)
        row.addWidget(who, 3)
        # -- PIN
        pin_box = panel("login.pin_panel")
        pin_col = QVBoxLayout(pin_box)
        pin_col.setContentsMargins(18, 10, 18, 10)
        self.chosen = label(translate("LoginScreen", "Choose your name"), "subheading", wrap=True)
        self.chosen.setObjectName("login.chosen")
        pin_col.addWidget(self.chosen)
        self.pin = named(
            QLineEdit(),
            "login.pin",
            translate("LoginScreen", "PIN"),
            translate("LoginScreen", "Your 4 to 8 digit PIN, then Enter."),
        )
        set_role(self.pin, "pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.returnPressed.connect(self.sign_in)
        self.pin.installEventFilter(self)
        pin_col.addWidget(self.pin)
        self.message = MessageBar("login.message")
        pin_col.addWidget(self.message)
        pin_col.addWidget(
            NumPad(
                "login.numpad",
                lambda: self.pin,
                decimal=False,
                enter=self.sign_in,
                enter_text=translate("LoginScreen", "Sign in"),
            )
        )
        pin_box.setFixedWidth(380)
        row.addWidget(pin_box)
        outer.addLayout(row, 1)
        self.footer = label("", "muted")
        self.footer.setObjectName("login.footer")
        outer.addWidget(self.footer)

    def title(self) -> str:
        return translate("LoginScreen", "Sign in")

    def entered(self) -> None:
        self._load_users()
        self.pin.clear()
        self.message.clear_message()
        ident = self.till.identity
        self.footer.setText(
            translate("LoginScreen", "{0} — till {1}/{2} — {3} products").format(
                self.till.settings.shop_name,
                ident.branch_code,
                ident.terminal_code,
                self.till.catalogue.count(),
            )
        )
        self.pin.setFocus()

    def focus_target(self) -> QWidget | None:
        return self.pin

    def show_startup(self, messages: tuple[str, ...]) -> None:
        if messages:
            self.notes.info("\n".join(messages))
        else:
            self.notes.clear_message()

    def _load_users(self) -> None:
        for tile in self.tiles:
            self.tile_group.removeButton(tile)
            tile.deleteLater()
        self.tiles = []
        self.users = list(self.till.auth.users())
        for i, user in enumerate(self.users):
            text = f"{user.name}\n{role_name(user.role)}"
            tile = button(
                text,
                f"login.user.{i}",
                role="tile",
                accessible=f"{user.name}, {role_name(user.role)}",
                checkable=True,
                on_click=partial(self.choose, i),
            )
            tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.tile_group.addButton(tile)
            self.tile_grid.addWidget(tile, i // 2, i % 2)
            self.tiles.append(tile)
        self.chosen.setText(translate("LoginScreen", "Choose your name (↑ ↓ or tap), then type your PIN"))
        if self.last_cashier is not None:
            self.choose_email(self.last_cashier)

    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.users):
            return
        self.tiles[index].setChecked(True)
        user = self.users[index]
        self.chosen.setText(
            translate("LoginScreen", "{0} ({1}): type your PIN").format(user.name, role_name(user.role))
        )
        self.message.clear_message()
        self.pin.setFocus()

    def choose_email(self, email: str) -> None:
        for i, user in enumerate(self.users):
            if user.email == email:
                self.choose(i)

    def current_user(self) -> User | None:
        for tile, user in zip(self.tiles, self.users, strict=True):
            if tile.isChecked():
                return user
        return None

    def sign_in(self) -> None:
        user = self.current_user()
        if user is None:
            self.pin.clear()  # a PIN typed before a name was chosen is not kept
            self.message.error(translate("LoginScreen", "Choose your name first."))
            return
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            self.message.error(translate("LoginScreen", "Type your PIN."))
            return
        try:
            self.till.auth.login(user.email, pin)
        except AccountLocked as exc:
            self.message.error(str(exc))
            return
        except BisamaError as exc:
            self.message.warning(str(exc))
            return
        self.notes.clear_message()
        self.last_cashier = user.email if user.role == "user" else self.last_cashier
        self.nav.signed_in()

    def handle(self, action: str) -> bool:
        if action == "clear":
            self.pin.clear()
            self.message.clear_message()
            return True
        if action == "sign_in":
            self.sign_in()
            return True
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.pin and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            current = next((i for i, t in enumerate(self.tiles) if t.isChecked()), None)
            if event.key() == Qt.Key.Key_Down:
                self.choose(0 if current is None else min(len(self.tiles) - 1, current + 1))
                return True
            if event.key() == Qt.Key.Key_Up:
                self.choose(0 if current is None else max(0, current - 1))
                return True
        return False
