"""The till's screens (PySide6 Widgets): login, sale, payment, returns, shift and count,
sync, settings, the status bar and the customer-facing display.

Screens call the ``terminal.till.Till`` services and nothing below them: no SQL and no
printer bytes here. Anything slow (backups, checks, printing, sync, enrollment) runs on
a worker thread and comes back as a Qt signal on the GUI thread (``tasks``,
``bridges``). Every interactive widget has a stable ``objectName`` and accessible name
so tests, screen readers and the screenshot script can find it. Only this package
imports Qt.
"""
