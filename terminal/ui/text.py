"""How the screens say times, ages, roles and quantities (through Qt translation)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from shared.money import Money, format_quantity
from terminal.ui.i18n import QT_TRANSLATE_NOOP

ROLE_NAMES = {
    "user": QT_TRANSLATE_NOOP("roles", "Cashier"),
    "manager": QT_TRANSLATE_NOOP("roles", "Manager"),
    "director": QT_TRANSLATE_NOOP("roles", "Director"),
    "admin": QT_TRANSLATE_NOOP("roles", "Administrator"),
}


def role_name(role: str) -> str:
    return QCoreApplication.translate("roles", ROLE_NAMES.get(role, role.title()))


def age(since: datetime, now: datetime) -> str:
    """``45 s``, ``12 min``, ``3 h 20 min``, ``2 days 4 h``."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("text", "{0} s").format(seconds)
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("text", "{0} min").format(minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("text", "{0} h {1} min").format(hours, minutes)
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("text", "{0} days {1} h").format(days, hours)


def clock_time(moment: datetime, now: datetime) -> str:
    """``14:05`` today, else ``21 Nov 14:05``."""
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %H:%M")


def stored_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def qty(value: Decimal) -> str:
    return format_quantity(value)


KIND_NAMES = {
    "sale": QT_TRANSLATE_NOOP("kinds", "Sale"),
    "refund": QT_TRANSLATE_NOOP("kinds", "Refund"),
    "void": QT_TRANSLATE_NOOP("kinds", "Void"),
    "shift_open": QT_TRANSLATE_NOOP("kinds", "Shift open"),
    "shift_close": QT_TRANSLATE_NOOP("kinds", "Shift close"),
    "cash_move": QT_TRANSLATE_NOOP("kinds", "Cash in/out"),
    "customer_payment": QT_TRANSLATE_NOOP("kinds", "Payment on account"),
    "customer_upsert": QT_TRANSLATE_NOOP("kinds", "New customer"),
    "receipt_sms": QT_TRANSLATE_NOOP("kinds", "Receipt by SMS"),
    "stock_receive": QT_TRANSLATE_NOOP("kinds", "Goods received"),
    "stock_adjust": QT_TRANSLATE_NOOP("kinds", "Stock adjustment"),
    "stock_count": QT_TRANSLATE_NOOP("kinds", "Stock count"),
    "x_report": QT_TRANSLATE_NOOP("kinds", "X report"),
    "z_report": QT_TRANSLATE_NOOP("kinds", "Z report"),
    "test_page": QT_TRANSLATE_NOOP("kinds", "Test page"),
}


def kind_name(kind: str) -> str:
    return QCoreApplication.translate("kinds", KIND_NAMES.get(kind, kind.replace("_", " ").capitalize()))


def cedi(amount: Money) -> str:
    """``GH₵ 1,250.00`` that never breaks between the sign and the figure in wrapped text."""
    return amount.format().replace(" ", "\u00a0", 1)
