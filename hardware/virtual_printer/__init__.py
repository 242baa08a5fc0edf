"""A virtual ESC/POS receipt printer on TCP, for the demo, the tests and training tills.

It stores every job, answers the real-time status requests (``DLE EOT n``), can be put
out of paper, cover open, off-line, in error or stalled, records cuts and drawer pulses,
decodes each receipt to text and renders it to PNG. ``python -m hardware.virtual_printer``
runs it as a process; ``VirtualPrinter`` runs it inside a test.
"""

from hardware.virtual_printer.device import PrinterDevice, Pulse
from hardware.virtual_printer.paper import Page
from hardware.virtual_printer.render import page_png, render_page
from hardware.virtual_printer.server import VirtualPrinter

__all__ = ["Page", "PrinterDevice", "Pulse", "VirtualPrinter", "decode", "page_png", "render_page"]


def decode(data: bytes, width_dots: int = 576) -> list[Page]:
    """Every page a printer of ``width_dots`` would print from ``data`` (a last page
    without a cut ends as "connection_closed")."""
    device = PrinterDevice(width_dots)
    conn = device.connect()
    device.receive(conn, data)
    device.disconnect(conn)
    return device.pages
