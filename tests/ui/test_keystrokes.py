"""The three common jobs of docs/keyboard.md ("Three common jobs, key by key") — a
three-item cash sale, a MoMo sale and a return — run key by key from the doc itself
through the real window, so the doc cannot drift from the till."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shared.money import Money

from .helpers import key, open_shift, scan, sign_in, type_like_a_person

pytestmark = pytest.mark.gui

DOC = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"
KEYS = {
    "Enter": Qt.Key.Key_Return,
    "Tab": Qt.Key.Key_Tab,
    "Esc": Qt.Key.Key_Escape,
    "Up": Qt.Key.Key_Up,
    "Down": Qt.Key.Key_Down,
    **{f"F{n}": getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)},
}


def jobs() -> list[list[str]]:
    """The ```keys blocks of the section, each a list of steps (the comment cut off)."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Three common jobs, key by key"):text.index("## Keys by screen")]
    blocks = re.findall(r"```keys\n(.*?)```", section, flags=re.DOTALL)
    return [[re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines() if line.strip()]
            for block in blocks]


def run_steps(qtbot, run, steps: list[str]) -> None:
    for step in steps:
        what, _, arg = step.partition(" ")
        if what == "scan":
            scan(qtbot, run, arg)
        elif what == "type":
            type_like_a_person(qtbot, run, arg)
        elif step in KEYS:
            run.keys.now_ms += 180  # a person's key, well after the last
            key(qtbot, KEYS[step])
            run.keys.now_ms += 180
            qtbot.waitUntil(lambda: not run.window.scan_router.classifier.holding, timeout=2000)
        else:
            raise AssertionError(f"docs/keyboard.md: unknown step “{step}”")


def test_the_doc_has_the_three_jobs():
    found = jobs()
    assert len(found) == 3
    assert found[0][-2:] == ["type 200", "Enter"]
    assert found[2][0] == "F10"


def test_three_common_jobs_key_by_key(qtbot, stocked, make_app):
    run = make_app(stocked)
    sign_in(qtbot, run)
    open_shift(qtbot, run, "200")
    cash_sale, momo_sale, a_return = jobs()
    sale = run.window.sale

    run_steps(qtbot, run, cash_sale)
    assert run.window.current is sale
    row = stocked.db.one("SELECT receipt_no, gross, change FROM sales ORDER BY seq DESC LIMIT 1")
    assert (row["receipt_no"], row["gross"], row["change"]) == ("MAIN-T01-000001", 10450, 9550)
    assert sale.totals.change.text() == Money.parse("95.50").format()

    run_steps(qtbot, run, momo_sale)
    assert run.window.current is sale
    tender = stocked.db.one("SELECT method, provider, reference, amount FROM sale_tenders ORDER BY rowid DESC")
    assert tuple(tender) == ("momo", "mtn", "8841203377", 6200)

    run_steps(qtbot, run, a_return)
    returns = run.window.returns
    assert returns.message.level == "ok", returns.message.text()
    refund = stocked.db.one("SELECT gross, reason FROM refunds")
    assert (refund["gross"], refund["reason"]) == (3800, "damaged")
