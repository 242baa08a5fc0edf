"""What every full-window screen of the till has in common, and the navigator (the main
window) it talks to."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtWidgets import QDialog, QWidget

from terminal.till import Till
from terminal.ui.context import UiContext
from terminal.ui.keymap import SCREENS, Key

if TYPE_CHECKING:
    from terminal.sale import SaleResult


class Navigator(Protocol):
    def go(self, screen_id: str) -> None: ...

    def open_dialog(self, dialog: QDialog) -> None: ...

    def sale_completed(self, result: SaleResult) -> None: ...

    def signed_in(self) -> None: ...

    def sign_out(self) -> None: ...

    def start_return(self, receipt: str) -> None: ...

    def refresh_keys(self) -> None: ...


class Screen(QWidget):
    screen_id: ClassVar[str]
    accepts_scans: ClassVar[bool] = False

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName(f"screen.{self.screen_id}")

    @property
    def till(self) -> Till:
        return self.ctx.till

    def title(self) -> str:
        raise NotImplementedError

    def keys(self) -> tuple[Key, ...]:
        return SCREENS.get(self.screen_id, ())

    def entered(self) -> None:
        """The screen was just shown: refresh from the services, put the focus where the
        cashier will type."""

    def focus_target(self) -> QWidget | None:
        """Where the keyboard goes when the screen comes back from a dialog."""
        box = getattr(self, "code", None)
        return box if isinstance(box, QWidget) else None

    def handle(self, action: str) -> bool:
        """A key of this screen's keymap (or its F-key bar button) was pressed."""
        return False

    def on_scan(self, code: str) -> None:
        """A barcode scanner read ``code`` while this screen was up."""
