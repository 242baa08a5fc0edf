"""The Qt binding itself must not leak or steal references: PySide6 6.12.0 takes one
reference from None on every call of a method returning nothing, so on Python 3.11 a
till dies with "Fatal Python error: deallocating None" after a few thousand scans. The
dependency is capped in pyproject.toml; this test fails if a release with the fault is
installed."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_calls_returning_nothing_keep_none_alive(qtbot):
    label = QLabel("GH₵ 0.00")
    qtbot.addWidget(label)
    holder = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("GH₵ 1.00")
        holder.setObjectName("till")
        label.update()
    assert sys.getrefcount(None) - before > -100, "this PySide6 drops references to None on void calls"
