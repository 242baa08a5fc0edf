"""``SaleLine.quick`` — the server's fast path for a sale's lines — accepts only what
``SaleLine.from_json`` accepts, and gives the very same value; everything else falls
through to ``from_json``, which names the problem."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import Malformed
from shared.payloads import Sale, SaleLine
from shared.wire import Reader, to_json
from tests.shared.strategies import sales

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**60), max_value=2**60)
    | st.text(max_size=70) | st.sampled_from(["1.000", "0.000", "-1.000", "1.0001", "2", " 3.000 ",
                                               "NaN", "1e3", "A", "B", "Z", "GH-0001", "", " "]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                      children, max_size=3),
    max_leaves=5,
)


def _slow(obj: Any) -> SaleLine | Malformed:
    try:
        return SaleLine.from_json(Reader(obj, "line"))
    except Malformed as exc:
        return exc


def _same(a: SaleLine, b: SaleLine) -> bool:
    # Dataclass equality says Decimal("1") == Decimal("1.000"); the exact form matters too.
    return a == b and to_json(a) == to_json(b) and str(a.qty) == str(b.qty) \
        and str(a.unit_factor) == str(b.unit_factor) and a.tax_code is b.tax_code


@settings(max_examples=300)
@given(sales())
def test_quick_takes_every_good_line_as_from_json_does(sale: Sale) -> None:
    for line in to_json(sale)["lines"]:
        quick = SaleLine.quick(line)
        assert quick is not None
        slow = _slow(line)
        assert isinstance(slow, SaleLine) and _same(quick, slow)


@settings(max_examples=1500)
@given(sales(max_lines=1), st.data())
def test_quick_never_accepts_what_from_json_refuses(sale: Sale, data: st.DataObject) -> None:
    line = copy.deepcopy(to_json(sale)["lines"][0])
    action = data.draw(st.sampled_from(["change", "drop", "add", "swap"]))
    names = sorted(line)
    if action == "change":
        line[data.draw(st.sampled_from(names))] = data.draw(json_values)
    elif action == "drop":
        del line[data.draw(st.sampled_from(names))]
    elif action == "add":
        line[data.draw(st.text(max_size=8))] = data.draw(json_values)
    else:
        a, b = data.draw(st.sampled_from(names)), data.draw(st.sampled_from(names))
        line[a], line[b] = line[b], line[a]
    quick = SaleLine.quick(line)
    slow = _slow(line)
    if quick is not None:
        assert isinstance(slow, SaleLine), f"quick took a line from_json refuses: {slow}"
        assert _same(quick, slow)


def test_a_bad_line_is_still_named_by_from_json() -> None:
    from decimal import Decimal

    from hypothesis import find

    from shared.rules import payload_problems

    sale = find(sales(max_lines=2), lambda s: len(s.lines) == 2)
    data = to_json(sale)
    data["lines"][1]["qty"] = "one"
    try:
        Sale.from_json(Reader(data, "payload"))
    except Malformed as exc:
        assert exc.field == "payload.lines[1].qty"
    else:
        raise AssertionError("a quantity that is not a number was taken")
    # Four places read as they are (never rounded) and break a rule: held, not malformed.
    data["lines"][1]["qty"] = "1.2345"
    assert SaleLine.quick(data["lines"][1]) is None
    read = Sale.from_json(Reader(data, "payload"))
    assert read.lines[1].qty == Decimal("1.2345")
    problem = payload_problems(read)[0]
    assert (problem.code, problem.field) == ("bad_quantity", "payload.lines[1].qty")
    assert "1.2345" in problem.message
    # Fewer places are exact: "2" is 2.000, as tills in shops have always sent it.
    data["lines"][1]["qty"] = "2"
    read = Sale.from_json(Reader(data, "payload"))
    assert str(read.lines[1].qty) == "2.000"
    assert all(p.field != "payload.lines[1].qty" for p in payload_problems(read))
