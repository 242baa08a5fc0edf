"""The keyboard map: one table per screen, used for the shortcuts, the F-key bar at the
bottom of the screen (whose buttons are also the touch-screen way to do the same) and
``docs/keyboard.md`` (a test checks the page lists every key here).

``keys`` is a ``QKeySequence`` string. Labels go through Qt translation in the ``keys``
context when they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from terminal.ui.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # "F2", "Ctrl+L", "Return", "Esc", "Del"
    action: str  # what the screen's handle() receives
    label: str  # short, on the F-key bar
    help: str  # one line for docs/keyboard.md
    on_bar: bool = True  # shown on the F-key bar (Enter and the arrows are not)


Keys = tuple[Key, ...]


def _k(keys: str, action: str, label: str, help_text: str, on_bar: bool = True) -> Key:
    return Key(keys, action, label, help_text, on_bar)


# Keys that work on every screen once someone is signed in.
GLOBAL = (
    _k(
        "Ctrl+L",
        "switch_user",
        QT_TRANSLATE_NOOP("keys", "Switch user"),
        "Sign out and let another cashier sign in; a cart in progress is parked first.",
        False,
    ),
    _k(
        "Ctrl+P",
        "print_queue",
        QT_TRANSLATE_NOOP("keys", "Printer"),
        "The print queue: receipts waiting to print, with Retry, Skip and Reprint.",
        False,
    ),
    _k(
        "Ctrl+S",
        "sync",
        QT_TRANSLATE_NOOP("keys", "Sync"),
        "The sync screen: connection, what is waiting to send, held items.",
        False,
    ),
    _k(
        "Ctrl+M",
        "settings",
        QT_TRANSLATE_NOOP("keys", "Manager"),
        "Manager and settings: printer, customer display, server, backups, check, about.",
        False,
    ),
    _k(
        "Ctrl+T",
        "stock",
        QT_TRANSLATE_NOOP("keys", "Stock"),
        "Stock: receive, adjust, transfers out and in, truck load and return, the van's day.",
        False,
    ),
    _k(
        "Ctrl+J",
        "exchange",
        QT_TRANSLATE_NOOP("keys", "Exchange"),
        "Exchange: return goods of a receipt and sell the cart in one step.",
        False,
    ),
    _k(
        "Ctrl+O",
        "account_payment",
        QT_TRANSLATE_NOOP("keys", "On account"),
        "Payment on account: a customer pays down what they owe.",
        False,
    ),
)

SALE = (
    _k(
        "Return",
        "add_code",
        QT_TRANSLATE_NOOP("keys", "Add"),
        "Add the scanned or typed code (barcode, SKU, scale label; 3*CODE adds three).",
        False,
    ),
    _k("F1", "help", QT_TRANSLATE_NOOP("keys", "Keys"), "Show this keyboard map on screen."),
    _k(
        "F2",
        "search",
        QT_TRANSLATE_NOOP("keys", "Search"),
        "Search the catalogue by name; ↑/↓ choose, Enter adds, Esc closes.",
    ),
    _k(
        "F3",
        "order_discount",
        QT_TRANSLATE_NOOP("keys", "Sale disc."),
        "Discount on the whole sale (amount or percent).",
    ),
    _k(
        "F4",
        "quantity",
        QT_TRANSLATE_NOOP("keys", "Qty"),
        "Change the quantity (or weight) of the selected line.",
    ),
    _k(
        "F5",
        "unit",
        QT_TRANSLATE_NOOP("keys", "Unit"),
        "Sell the selected line by another unit (bottle ↔ carton).",
    ),
    _k(
        "F6",
        "line_discount",
        QT_TRANSLATE_NOOP("keys", "Line disc."),
        "Discount on the selected line (amount or percent).",
    ),
    _k(
        "F7",
        "price",
        QT_TRANSLATE_NOOP("keys", "Price"),
        "Change the price of the selected line (with a reason).",
    ),
    _k(
        "F8",
        "customer",
        QT_TRANSLATE_NOOP("keys", "Customer"),
        "Choose or register the customer (with TIN); their price list applies.",
    ),
    _k(
        "F9",
        "park",
        QT_TRANSLATE_NOOP("keys", "Park/recall"),
        "Park the cart (with a label), or recall a parked cart when the cart is empty.",
    ),
    _k(
        "F10",
        "returns",
        QT_TRANSLATE_NOOP("keys", "Returns"),
        "Returns and voids, by receipt number or receipt code.",
    ),
    _k(
        "F11",
        "shift",
        QT_TRANSLATE_NOOP("keys", "Shift"),
        "Shift: cash in/out, no sale, X report, close with the drawer count, reprints.",
    ),
    _k("F12", "pay", QT_TRANSLATE_NOOP("keys", "Pay"), "Take payment."),
    _k(
        "Del",
        "remove_line",
        QT_TRANSLATE_NOOP("keys", "Remove"),
        "Remove the selected line (when the code box is empty).",
    ),
    _k("Up", "line_up", QT_TRANSLATE_NOOP("keys", "Line up"), "Select the line above.", False),
    _k("Down", "line_down", QT_TRANSLATE_NOOP("keys", "Line down"), "Select the line below.", False),
    _k(
        "Ctrl+Del",
        "cancel_sale",
        QT_TRANSLATE_NOOP("keys", "Cancel sale"),
        "Cancel the whole cart (asks first).",
        False,
    ),
    _k(
        "Ctrl+R",
        "reprint_last",
        QT_TRANSLATE_NOOP("keys", "Reprint"),
        "Reprint the last receipt (marked COPY).",
        False,
    ),
    _k(
        "Ctrl+E",
        "sms_receipt",
        QT_TRANSLATE_NOOP("keys", "SMS receipt"),
        "Text the last sale's receipt to the customer's mobile number (sent by head office).",
        False,
    ),
    _k(
        "Ctrl+D",
        "no_sale",
        QT_TRANSLATE_NOOP("keys", "No sale"),
        "Open the cash drawer without a sale (with a reason; manager approval for cashiers).",
        False,
    ),
    _k(
        "Ctrl+G",
        "quick_keys",
        QT_TRANSLATE_NOOP("keys", "Quick keys"),
        "Quick keys for goods without a barcode (bread, kenkey, sachet water), set at head "
        "office: 1–9 or the arrows and Enter pick a key (it goes in as a scan), PgUp/PgDn "
        "another page, Esc back. Also the Quick keys button under the cart.",
        False,
    ),
    _k(
        "Ctrl+I",
        "price_check",
        QT_TRANSLATE_NOOP("keys", "Price check"),
        "Price check: scan or type a code to see its name, prices and stock at this branch; "
        "the cart is not changed. Esc back. Also the Price check button under the cart.",
        False,
    ),
    _k(
        "Esc",
        "back",
        QT_TRANSLATE_NOOP("keys", "Back"),
        "Close the search, clear the code box and the message.",
    ),
)

PAYMENT = (
    _k(
        "Return",
        "enter",
        QT_TRANSLATE_NOOP("keys", "Exact cash"),
        "With the amount box empty: the customer paid the exact amount in cash — the sale "
        "completes. With an amount typed: that much cash was handed over.",
        False,
    ),
    _k(
        "F5",
        "cash",
        QT_TRANSLATE_NOOP("keys", "Cash"),
        "Cash, with quick buttons for the notes the customer hands over.",
    ),
    _k(
        "F6",
        "momo",
        QT_TRANSLATE_NOOP("keys", "MoMo"),
        "Mobile money: network, amount and the reference from the SMS. The network is "
        "chosen afresh for every sale (1, 2 or 3).",
    ),
    _k("1", "momo_mtn", QT_TRANSLATE_NOOP("keys", "MTN MoMo"),
       "On the MoMo page, before the reference: MTN MoMo.", False),
    _k("2", "momo_telecel", QT_TRANSLATE_NOOP("keys", "Telecel Cash"),
       "On the MoMo page, before the reference: Telecel Cash.", False),
    _k("3", "momo_airteltigo", QT_TRANSLATE_NOOP("keys", "AirtelTigo Money"),
       "On the MoMo page, before the reference: AirtelTigo Money.", False),
    _k(
        "F7",
        "card",
        QT_TRANSLATE_NOOP("keys", "Card"),
        "Card: type, amount and the card terminal's approval code.",
    ),
    _k(
        "F8",
        "credit",
        QT_TRANSLATE_NOOP("keys", "Credit"),
        "On the customer's account, showing balance and limit (over the limit needs a manager).",
    ),
    _k(
        "F12",
        "complete",
        QT_TRANSLATE_NOOP("keys", "Complete"),
        "Complete the sale with the payments entered.",
    ),
    _k("Del", "remove_tender", QT_TRANSLATE_NOOP("keys", "Remove pay"), "Remove the selected payment."),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the cart (payments entered are dropped)."),
)

RETURNS = (
    _k(
        "Return",
        "find",
        QT_TRANSLATE_NOOP("keys", "Find"),
        "Find the sale by the receipt number typed, or scan the receipt's QR code or barcode.",
        False,
    ),
    _k(
        "F5",
        "all_lines",
        QT_TRANSLATE_NOOP("keys", "All"),
        "Return everything still returnable on the receipt.",
    ),
    _k(
        "Up",
        "qty_more",
        QT_TRANSLATE_NOOP("keys", "One more"),
        "In a line's quantity: one more to return (or type the number; weighed goods take a weight).",
        False,
    ),
    _k("Down", "qty_less", QT_TRANSLATE_NOOP("keys", "One less"), "In a line's quantity: one less.", False),
    _k(
        "Shift+Return",
        "qty_back",
        QT_TRANSLATE_NOOP("keys", "Line back"),
        "In a line's quantity: back to the line above. (Enter: on to the next line, after the last one "
        "the reason.) The refund total shows under the lines as the quantities change.",
        False,
    ),
    _k("F6", "refund", QT_TRANSLATE_NOOP("keys", "Refund"), "Refund the chosen lines and quantities."),
    _k("F7", "void", QT_TRANSLATE_NOOP("keys", "Void sale"), "Void the whole sale (only in its own shift)."),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the sale screen."),
)

SHIFT = (
    _k(
        "Return",
        "open_shift",
        QT_TRANSLATE_NOOP("keys", "Open shift"),
        "With no shift open: open it with the float typed.",
        False,
    ),
    _k(
        "F5",
        "cash_in",
        QT_TRANSLATE_NOOP("keys", "Cash in"),
        "Put cash into the drawer (float top-up, bank in).",
    ),
    _k(
        "F6",
        "cash_out",
        QT_TRANSLATE_NOOP("keys", "Cash out"),
        "Take cash out (paid out, drop to bank, to safe); cashiers need a manager.",
    ),
    _k("F7", "no_sale", QT_TRANSLATE_NOOP("keys", "No sale"), "Open the drawer without a sale."),
    _k("F8", "x_report", QT_TRANSLATE_NOOP("keys", "X report"), "Show and print the shift's figures so far."),
    _k(
        "F9",
        "close_shift",
        QT_TRANSLATE_NOOP("keys", "Close shift"),
        "Count the drawer and close the shift (Z report).",
    ),
    _k(
        "F10",
        "reprint",
        QT_TRANSLATE_NOOP("keys", "Reprint"),
        "Reprint a receipt, slip or report from the list.",
    ),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the sale screen."),
)

COUNT = (
    _k("Return", "next", QT_TRANSLATE_NOOP("keys", "Next"), "Next denomination.", False),
    _k("F12", "close", QT_TRANSLATE_NOOP("keys", "Close shift"), "Close the shift with this count."),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back without closing."),
)

LOGIN = (
    _k("Return", "sign_in", QT_TRANSLATE_NOOP("keys", "Sign in"), "Sign in with the PIN typed.", False),
    _k("Up", "user_up", QT_TRANSLATE_NOOP("keys", "User up"), "Choose the user above.", False),
    _k("Down", "user_down", QT_TRANSLATE_NOOP("keys", "User down"), "Choose the user below.", False),
    _k("Esc", "clear", QT_TRANSLATE_NOOP("keys", "Clear"), "Clear the PIN."),
)

OTHER = (_k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the previous screen."),)

STOCK = (
    _k("Return", "add_line", QT_TRANSLATE_NOOP("keys", "Add"),
       "In the code box: find the product (or scan it); in the quantity box: add the line.", False),
    _k("F5", "receive", QT_TRANSLATE_NOOP("keys", "Receive"), "Goods received from a supplier."),
    _k("F6", "adjust", QT_TRANSLATE_NOOP("keys", "Adjust"),
       "Adjust stock with a reason (damaged, expired …)."),
    _k("F7", "transfer_out", QT_TRANSLATE_NOOP("keys", "Send"),
       "Transfer out: send stock to another branch."),
    _k("F8", "transfer_in", QT_TRANSLATE_NOOP("keys", "Receive transfer"),
       "Transfer in: what arrived against the sender's delivery note."),
    _k("F9", "truck_load", QT_TRANSLATE_NOOP("keys", "Load van"), "Load the van from the store."),
    _k("F10", "truck_return", QT_TRANSLATE_NOOP("keys", "Van return"),
       "Unload the van at night: count back what it holds."),
    _k("F11", "truck_day", QT_TRANSLATE_NOOP("keys", "Van day"),
       "The van's day: loaded = sold + returned + variance; sales = collected + outstanding."),
    _k("F12", "save", QT_TRANSLATE_NOOP("keys", "Save/Print"),
       "Record the movement (its slip prints); on the van's day, print the reconciliation."),
    _k("Del", "remove_line", QT_TRANSLATE_NOOP("keys", "Remove"), "Remove the selected line.", False),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the sale screen."),
)

EXCHANGE = (
    _k("Return", "find", QT_TRANSLATE_NOOP("keys", "Find"),
       "Find the sale by the receipt number typed, or scan the receipt.", False),
    _k("F5", "all_lines", QT_TRANSLATE_NOOP("keys", "All"), "Return everything still returnable."),
    _k("F6", "cash", QT_TRANSLATE_NOOP("keys", "Cash"), "The customer pays the difference in cash."),
    _k("F7", "momo", QT_TRANSLATE_NOOP("keys", "MoMo"), "The customer pays the difference by mobile money."),
    _k("F8", "card", QT_TRANSLATE_NOOP("keys", "Card"), "The customer pays the difference by card."),
    _k("F12", "complete", QT_TRANSLATE_NOOP("keys", "Exchange"),
       "Return the chosen lines and sell the cart; the customer pays or gets back the difference."),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the sale screen (the cart stays)."),
)

ACCOUNT_PAYMENT = (
    _k("Return", "find", QT_TRANSLATE_NOOP("keys", "Find"), "Search customers by name, phone or TIN.", False),
    _k("F5", "cash", QT_TRANSLATE_NOOP("keys", "Cash"), "The customer pays in cash."),
    _k("F6", "momo", QT_TRANSLATE_NOOP("keys", "MoMo"), "The customer pays by mobile money."),
    _k("F7", "card", QT_TRANSLATE_NOOP("keys", "Card"), "The customer pays by card."),
    _k("F12", "take", QT_TRANSLATE_NOOP("keys", "Take payment"),
       "Take the payment; the receipt prints with the balance still owed."),
    _k("Esc", "back", QT_TRANSLATE_NOOP("keys", "Back"), "Back to the sale screen."),
)

SCREENS: dict[str, tuple[Key, ...]] = {
    "login": LOGIN,
    "sale": SALE,
    "payment": PAYMENT,
    "returns": RETURNS,
    "shift": SHIFT,
    "count": COUNT,
    "sync": OTHER,
    "settings": OTHER,
    "stock": STOCK,
    "exchange": EXCHANGE,
    "account_payment": ACCOUNT_PAYMENT,
}


SCREEN_TITLES = {
    "login": "Sign in",
    "sale": "Sale",
    "payment": "Payment",
    "returns": "Returns and voids",
    "shift": "Shift",
    "count": "Close shift (the count)",
    "sync": "Sync",
    "settings": "Manager and settings",
    "stock": "Stock",
    "exchange": "Exchange",
    "account_payment": "Payment on account",
}


def key_text(keys: str) -> str:
    """How a key is written on the keyboard: Enter, not Return."""
    return {"Return": "Enter"}.get(keys, keys)


def markdown() -> str:
    """The tables of ``docs/keyboard.md`` (between its ``keymap`` markers)."""
    out: list[str] = []
    for screen, keys in (("all", GLOBAL), *SCREENS.items()):
        title = "Every screen, once signed in" if screen == "all" else SCREEN_TITLES[screen]
        out += [f"### {title}", "", "| key | does | on the F-key bar |", "|---|---|---|"]
        out += [f"| {key_text(k.keys)} | {k.help} | {k.label if k.on_bar else '—'} |" for k in keys]
        out.append("")
    return "\n".join(out)
