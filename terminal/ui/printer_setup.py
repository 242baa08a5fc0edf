"""Manager settings for the devices: the receipt printer (connection, model, paper
width), the cash drawer, the scanner, and the customer display (the second-monitor
window, a pole display, the shop's MoMo number). Saved to ``hardware.toml`` in the data
folder after ``hardware.config`` checked it; the printer worker then restarts with it.
Test print and drawer test go through the same worker as the receipts."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hardware.cli import test_page_doc
from hardware.config import HardwareConfigError
from hardware.profiles import known_models
from shared.errors import BisamaError
from terminal.ui import hardware_file
from terminal.ui.context import UiContext
from terminal.ui.i18n import QT_TRANSLATE_NOOP, translate
from terminal.ui.widgets import MessageBar, button, form_layout, label, named

CONNECTIONS = (
    ("network", QT_TRANSLATE_NOOP("PrinterSetup", "Network (Ethernet / Wi-Fi)")),
    ("usb", QT_TRANSLATE_NOOP("PrinterSetup", "USB (direct)")),
    ("serial", QT_TRANSLATE_NOOP("PrinterSetup", "Serial / COM port")),
    ("win32raw", QT_TRANSLATE_NOOP("PrinterSetup", "Windows printer (spooler)")),
    ("file", QT_TRANSLATE_NOOP("PrinterSetup", "Device file (/dev/usb/lp0, LPT1)")),
    ("cups", QT_TRANSLATE_NOOP("PrinterSetup", "CUPS queue (Linux)")),
)


def _line(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    field = named(QLineEdit(), name, accessible)
    field.setPlaceholderText(placeholder)
    return field


class DevicesTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        col = QVBoxLayout(self)
        self.message = MessageBar("settings.printer.message")
        col.addWidget(self.message)
        form = form_layout()
        self.connection = named(
            QComboBox(), "settings.printer.connection", translate("PrinterSetup", "Printer connection")
        )
        for value, text in CONNECTIONS:
            self.connection.addItem(translate("PrinterSetup", text), value)
        self.connection.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.host = _line(
            "settings.printer.host", translate("PrinterSetup", "Printer address"), "192.168.1.87"
        )
        self.port = named(QSpinBox(), "settings.printer.port", translate("PrinterSetup", "Printer port"))
        self.port.setRange(1, 65535)
        self.port.setValue(9100)
        self.vendor = _line("settings.printer.vendor_id", translate("PrinterSetup", "USB vendor id"), "04b8")
        self.product = _line(
            "settings.printer.product_id", translate("PrinterSetup", "USB product id"), "0e15"
        )
        self.device = _line(
            "settings.printer.device", translate("PrinterSetup", "Port or device"), "COM3 or /dev/ttyUSB0"
        )
        self.printer_name = _line(
            "settings.printer.name", translate("PrinterSetup", "Printer name"), "EPSON TM-T20II Receipt"
        )
        self.model = named(QComboBox(), "settings.printer.model", translate("PrinterSetup", "Printer model"))
        self.model.setEditable(True)
        self.model.addItems(list(known_models()))
        self.paper = named(QComboBox(), "settings.printer.paper", translate("PrinterSetup", "Receipt width"))
        self.paper.addItem(translate("PrinterSetup", "80 mm (48 columns)"), 80)
        self.paper.addItem(translate("PrinterSetup", "58 mm (32 columns)"), 58)
        self.receipt_code = named(
            QComboBox(), "settings.printer.receipt_code", translate("PrinterSetup", "Code on the receipt")
        )
        for value, text in (
            ("both", translate("PrinterSetup", "QR code and barcode")),
            ("qr", translate("PrinterSetup", "QR code")),
            ("barcode", translate("PrinterSetup", "Barcode")),
            ("none", translate("PrinterSetup", "None")),
        ):
            self.receipt_code.addItem(text, value)
        self.drawer = named(QComboBox(), "settings.drawer.pin", translate("PrinterSetup", "Cash drawer"))
        self.drawer.addItem(translate("PrinterSetup", "Drawer on pin 2 (most drawers)"), 2)
        self.drawer.addItem(translate("PrinterSetup", "Drawer on pin 5"), 5)
        self.drawer.addItem(translate("PrinterSetup", "No cash drawer"), 0)
        self.scanner_gap = named(
            QSpinBox(), "settings.scanner.gap", translate("PrinterSetup", "Scanner speed")
        )
        self.scanner_gap.setRange(5, 200)
        self.scanner_gap.setSuffix(" ms")
        self.scanner_serial = _line(
            "settings.scanner.serial",
            translate("PrinterSetup", "Serial scanner port"),
            translate("PrinterSetup", "(none: USB scanner)"),
        )
        self.rows: dict[str, QWidget] = {}
        for caption, widget, key in (
            (translate("PrinterSetup", "Connection"), self.connection, ""),
            (translate("PrinterSetup", "Address"), self.host, "host"),
            (translate("PrinterSetup", "Port"), self.port, "port"),
            (translate("PrinterSetup", "USB vendor id"), self.vendor, "usb"),
            (translate("PrinterSetup", "USB product id"), self.product, "usb2"),
            (translate("PrinterSetup", "Port / device"), self.device, "device"),
            (translate("PrinterSetup", "Printer name"), self.printer_name, "name"),
            (translate("PrinterSetup", "Model"), self.model, ""),
            (translate("PrinterSetup", "Receipt width"), self.paper, ""),
            (translate("PrinterSetup", "Code on receipt"), self.receipt_code, ""),
            (translate("PrinterSetup", "Cash drawer"), self.drawer, ""),
            (translate("PrinterSetup", "Scanner: max ms between characters"), self.scanner_gap, ""),
            (translate("PrinterSetup", "Serial scanner port"), self.scanner_serial, ""),
        ):
            form.addRow(caption, widget)
            if key:
                self.rows[key] = widget
        self.form = form
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(
            button(
                translate("PrinterSetup", "Save printer set-up"),
                "settings.printer.save",
                role="primary",
                on_click=self.save,
            )
        )
        row.addWidget(
            button(translate("PrinterSetup", "Test print"), "settings.printer.test", on_click=self.test_print)
        )
        row.addWidget(
            button(
                translate("PrinterSetup", "Open the drawer (test)"),
                "settings.drawer.test",
                on_click=self.drawer_test,
            )
        )
        row.addStretch(1)
        col.addLayout(row)
        self.state = label("", "muted", wrap=True)
        self.state.setObjectName("settings.printer.state")
        col.addWidget(self.state)
        col.addStretch(1)
        ctx.printer.notice_changed.connect(lambda _n: self._show_state())
        ctx.printer.restarted.connect(self._show_state)

    def load(self) -> None:
        link = self.ctx.printer
        p = link.config.printer
        if p is not None:
            self.connection.setCurrentIndex(max(0, self.connection.findData(p.connection)))
            self.host.setText(p.host or "")
            self.port.setValue(p.port)
            self.vendor.setText(f"{p.vendor_id:04x}" if p.vendor_id is not None else "")
            self.product.setText(f"{p.product_id:04x}" if p.product_id is not None else "")
            self.device.setText(p.device or "")
            self.printer_name.setText(p.printer_name or "")
            self.model.setCurrentText(p.model)
            self.paper.setCurrentIndex(max(0, self.paper.findData(p.paper_mm)))
            self.receipt_code.setCurrentIndex(max(0, self.receipt_code.findData(p.receipt_code)))
        else:
            self.model.setCurrentText("generic-80")
        drawer = link.config.drawer
        self.drawer.setCurrentIndex(self.drawer.findData(drawer.pin if drawer.enabled else 0))
        self.scanner_gap.setValue(link.config.scanner.wedge_max_gap_ms)
        self.scanner_serial.setText(link.config.scanner.serial_device or "")
        self._show_fields()
        self._show_state()

    def _show_fields(self) -> None:
        kind = self.connection.currentData()
        visible = {
            "host": kind == "network",
            "port": kind == "network",
            "usb": kind == "usb",
            "usb2": kind == "usb",
            "device": kind in ("serial", "file"),
            "name": kind in ("win32raw", "cups"),
        }
        for key, widget in self.rows.items():
            widget.setVisible(visible[key])
            caption = self.form.labelForField(widget)
            if caption is not None:
                caption.setVisible(visible[key])

    def _show_state(self) -> None:
        link = self.ctx.printer
        if link.problem:
            self.state.setText(link.problem)
        elif not link.configured:
            self.state.setText(
                translate(
                    "PrinterSetup", "No printer is set up: receipts wait in the print queue until one is."
                )
            )
        elif link.notice is not None:
            self.state.setText(translate("PrinterSetup", "Printer now: {0}").format(link.notice.message))
        else:
            self.state.setText(
                translate("PrinterSetup", "Printer set up: {0}.").format(
                    link.config.printer.describe() if link.config.printer else ""
                )
            )

    def save(self) -> None:
        kind = str(self.connection.currentData())
        values: dict[str, object] = {
            "connection": kind,
            "model": self.model.currentText().strip(),
            "paper_mm": int(self.paper.currentData()),
            "receipt_code": str(self.receipt_code.currentData()),
        }
        if kind == "network":
            values.update(host=self.host.text().strip(), port=self.port.value())
        elif kind == "usb":
            values.update(vendor_id=self.vendor.text().strip(), product_id=self.product.text().strip())
        elif kind in ("serial", "file"):
            values.update(device=self.device.text().strip())
        else:
            values.update(printer_name=self.printer_name.text().strip())
        pin = int(self.drawer.currentData())
        drawer = {"enabled": pin != 0, "pin": pin or 2}
        scanner = {
            "wedge_max_gap_ms": self.scanner_gap.value(),
            "serial_device": self.scanner_serial.text().strip() or None,
        }
        path = self.ctx.printer.path
        try:
            previous = hardware_file.read_tables(path)
            hardware_file.update(path, "printer", values)
            try:
                hardware_file.update(path, "drawer", drawer)
                hardware_file.update(path, "scanner", {**previous.get("scanner", {}), **scanner})
            except HardwareConfigError:
                hardware_file.update(path, "printer", previous.get("printer"))
                raise
        except HardwareConfigError as exc:
            self.message.error(str(exc))
            return
        self.message.ok(
            translate("PrinterSetup", "Saved to {0}. The printer restarts with the new set-up.").format(path)
        )
        self.ctx.printer.restart()

    def test_print(self) -> None:
        link = self.ctx.printer
        if link.config.printer is None:
            self.message.error(translate("PrinterSetup", "Save the printer set-up first."))
            return
        till = self.ctx.till
        now = till.clock.now()
        doc = test_page_doc(link.config, link.config.printer, now)
        try:
            till.print_queue.add("test_page", "TEST PAGE", doc.to_json(), now, till.auth.session.user.email)
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.ctx.changed("print")
        self.message.info(
            translate(
                "PrinterSetup", "The test page is on its way. Every line must be straight and complete."
            )
        )

    def drawer_test(self) -> None:
        link = self.ctx.printer
        till = self.ctx.till
        future = link.open_drawer(till.clock.now() + timedelta(seconds=5))
        if future is None:
            self.message.error(
                translate(
                    "PrinterSetup", "Save the printer set-up first: the drawer opens through the printer."
                )
            )
            return

        def opened(result: bool) -> None:
            till.print_queue.record_drawer_test(till.clock.now(), till.auth.session.user.email, opened=result)
            if result:
                self.message.ok(translate("PrinterSetup", "The drawer pulse was sent. Did the drawer open?"))
            else:
                self.message.error(
                    translate("PrinterSetup", "The drawer could not be opened: {0}").format(
                        link.notice.message
                        if link.notice
                        else translate("PrinterSetup", "the printer did not answer")
                    )
                )

        self.ctx.tasks.submit(
            lambda _t: future.result(timeout=15), opened, lambda exc: self.message.error(str(exc))
        )


class DisplayTab(QWidget):
    """The customer display: a second monitor window, a pole display, the MoMo number."""

    def __init__(self, ctx: UiContext, apply_window: object) -> None:
        super().__init__()
        self.ctx = ctx
        self._apply_window = apply_window
        col = QVBoxLayout(self)
        self.message = MessageBar("settings.display.message")
        col.addWidget(self.message)
        form = form_layout()
        self.window_on = named(
            QCheckBox(translate("PrinterSetup", "Show the customer display window")),
            "settings.display.window",
            translate("PrinterSetup", "Customer display window"),
        )
        self.monitor = named(
            QComboBox(), "settings.display.screen", translate("PrinterSetup", "Monitor for the customer")
        )
        self.momo_number = _line(
            "settings.display.momo_number", translate("PrinterSetup", "Shop's MoMo number"), "024 555 0199"
        )
        self.momo_name = _line(
            "settings.display.momo_name", translate("PrinterSetup", "MoMo account name"), "ADOM MART"
        )
        self.pole_on = named(
            QCheckBox(translate("PrinterSetup", "Pole display (2 × 20 characters)")),
            "settings.display.pole",
            translate("PrinterSetup", "Pole display"),
        )
        self.pole_device = _line(
            "settings.display.pole_device",
            translate("PrinterSetup", "Pole display port"),
            "COM4 or /dev/ttyUSB1",
        )
        self.fullscreen = named(
            QCheckBox(translate("PrinterSetup", "Open the till full screen (from the next start)")),
            "settings.display.fullscreen",
            translate("PrinterSetup", "Full screen"),
        )
        form.addRow("", self.fullscreen)
        form.addRow("", self.window_on)
        form.addRow(translate("PrinterSetup", "Monitor"), self.monitor)
        form.addRow(translate("PrinterSetup", "MoMo number"), self.momo_number)
        form.addRow(translate("PrinterSetup", "MoMo account name"), self.momo_name)
        form.addRow("", self.pole_on)
        form.addRow(translate("PrinterSetup", "Pole display port"), self.pole_device)
        col.addLayout(form)
        col.addWidget(
            button(
                translate("PrinterSetup", "Save customer display"),
                "settings.display.save",
                role="primary",
                on_click=self.save,
            )
        )
        col.addStretch(1)

    def load(self) -> None:
        prefs = self.ctx.prefs
        self.window_on.setChecked(prefs.customer_display)
        self.fullscreen.setChecked(prefs.fullscreen)
        self.monitor.clear()
        for i, screen in enumerate(QGuiApplication.screens()):
            size = screen.size()
            self.monitor.addItem(f"{i + 1}: {screen.name()} ({size.width()}×{size.height()})", i)
        self.monitor.setCurrentIndex(max(0, self.monitor.findData(prefs.customer_display_screen)))
        display = self.ctx.printer.config.display
        self.momo_number.setText(display.momo_number or "")
        self.momo_name.setText(display.momo_name or "")
        self.pole_on.setChecked(display.enabled)
        self.pole_device.setText(display.device or "")

    def save(self) -> None:
        values = {
            "enabled": self.pole_on.isChecked(),
            "device": self.pole_device.text().strip() or None,
            "momo_number": self.momo_number.text().strip() or None,
            "momo_name": self.momo_name.text().strip() or None,
        }
        try:
            hardware_file.update(self.ctx.printer.path, "display", values)
        except HardwareConfigError as exc:
            self.message.error(str(exc))
            return
        self.ctx.prefs.set("customer_display/enabled", self.window_on.isChecked())
        self.ctx.prefs.set("window/fullscreen", self.fullscreen.isChecked())
        self.ctx.prefs.set("customer_display/screen", self.monitor.currentData() or 0)
        self.ctx.displays.momo_number = self.momo_number.text().strip() or None
        self.ctx.displays.momo_name = self.momo_name.text().strip() or None
        if callable(self._apply_window):
            self._apply_window()
        self.ctx.printer.restart()
        self.message.ok(
            translate(
                "PrinterSetup", "Saved. The customer display shows the MoMo number when MoMo is chosen."
            )
        )
