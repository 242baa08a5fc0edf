"""Ghana TINs to GRA's format: the 11-character GRA TIN and the Ghana Card PIN."""

from __future__ import annotations

import pytest

from shared.tin import TinError, check_tin, is_ghana_tin


@pytest.mark.parametrize("text,written", [
    ("C0012345678", "C0012345678"), ("p0012345678", "P0012345678"),
    (" c 0012 345 678 ", "C0012345678"), ("G0000000001", "G0000000001"),
    ("Q0123456789", "Q0123456789"), ("V0098765432", "V0098765432"),
    ("GHA-123456789-0", "GHA-123456789-0"), ("gha-712345678-x", "GHA-712345678-X"),
])
def test_the_forms_gra_issues_are_accepted(text: str, written: str) -> None:
    assert check_tin(text) == written
    assert is_ghana_tin(text)


@pytest.mark.parametrize("text", [
    "12", "C001234567", "C00123456789", "X0012345678", "C00123456A8", "GHA-12345678-0",
    "GHA-1234567890-0", "GHA123456789-0", "GHA-123456789-", "GH-123456789-0", "not a tin!",
])
def test_anything_else_is_refused_with_the_format_in_words(text: str) -> None:
    assert not is_ghana_tin(text)
    with pytest.raises(TinError, match=r"C0012345678.*GHA-123456789-0"):
        check_tin(text)


def test_no_tin_is_none() -> None:
    assert check_tin(None) is None and check_tin("  ") is None
