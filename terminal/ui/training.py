"""A till without a receipt printer — a training till, a demo, a laptop at a meeting —
prints to the virtual ESC/POS printer instead, and the receipts come out on screen: a
paper roll window showing each page as the printer would print it (rendered from the very
bytes the print worker sent, by ``hardware.virtual_printer``).

``bisama-terminal run --training-printer`` and ``bisama-terminal demo`` use it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from hardware.config import HardwareConfig, PrinterConfig
from hardware.virtual_printer import Page, VirtualPrinter, page_png
from terminal.ui.i18n import translate
from terminal.ui.widgets import label

KEEP = 30  # pages shown; older ones scroll away
PAGE_WIDTH = 400  # pixels on screen for the paper's width


class ReceiptRoll(QWidget):
    """Every page the virtual printer prints, newest at the top."""

    _printed = Signal(bytes, str)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setObjectName("receipt-roll")
        self.setAccessibleName(translate("ReceiptRoll", "Printed receipts"))
        self.setWindowTitle(translate("ReceiptRoll", "Bisama POS — receipts (training printer)"))
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(translate("ReceiptRoll", "Receipts printed by the training printer"), "subheading")
        )
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.pages = QVBoxLayout(inner)
        self.pages.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.area.setWidget(inner)
        outer.addWidget(self.area, 1)
        self.texts: list[str] = []  # what each page says, newest first
        self._printed.connect(self._add)
        self.resize(460, 760)

    def printed(self, page: Page, width_dots: int) -> None:
        """The virtual printer's ``on_page`` (its own thread): render there, show here."""
        self._printed.emit(page_png(page, width_dots), page.text())

    def _add(self, png: bytes, text: str) -> None:
        picture = QLabel()
        picture.setObjectName(f"receipt-roll.page.{len(self.texts) + 1}")
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        # The printer's dots (576 across) shrunk to the roll's width, like paper in the hand.
        picture.setPixmap(pixmap.scaledToWidth(PAGE_WIDTH, Qt.TransformationMode.SmoothTransformation))
        picture.setAccessibleDescription(text)
        picture.setToolTip(text)
        self.pages.insertWidget(0, picture)
        self.texts.insert(0, text)
        while self.pages.count() > KEEP:
            item = self.pages.takeAt(self.pages.count() - 1)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.area.verticalScrollBar().setValue(0)


class TrainingPrinter:
    """The virtual printer on a free local port, and the set-up that points the till's
    print worker at it (used instead of ``hardware.toml``; nothing is written there)."""

    def __init__(self, roll: ReceiptRoll, *, paper_mm: int = 80) -> None:
        width = 576 if paper_mm == 80 else 384
        self.roll = roll
        self.printer = VirtualPrinter(width_dots=width, on_page=lambda page: roll.printed(page, width))
        self.paper_mm = paper_mm

    def start(self) -> TrainingPrinter:
        self.printer.start()
        return self

    def config_for(self, base: HardwareConfig) -> HardwareConfig:
        """The till's set-up with the training printer in place of the real one."""
        printer = PrinterConfig(
            connection="network",
            host="127.0.0.1",
            port=self.printer.port,
            model="generic-80" if self.paper_mm == 80 else "generic-58",
            paper_mm=self.paper_mm,
        )
        return HardwareConfig(printer=printer, drawer=base.drawer, display=base.display, scanner=base.scanner)

    def stop(self) -> None:
        self.printer.stop()
