"""A sale of schema 2 names the catalogue revision it was priced from; schema 1 (tills
already in shops) has no such field and is still read."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given

from shared.errors import Malformed
from shared.payloads import SCHEMAS, Sale, parse_payload
from tests.shared.strategies import sales


def test_sales_of_schema_1_and_2_are_read() -> None:
    assert SCHEMAS["sale"] == frozenset({1, 2, 3, 4})
    assert SCHEMAS["refund"] == frozenset({1, 2})


@given(sales())
def test_a_sale_round_trips_in_both_schemas(sale: Sale) -> None:
    assert "catalogue_rev" not in sale.to_json()
    assert parse_payload("sale", 1, sale.to_json()) == sale
    revised = replace(sale, catalogue_rev=4711)
    assert revised.to_json()["catalogue_rev"] == 4711
    assert parse_payload("sale", 2, revised.to_json()) == revised


@given(sales())
def test_the_revision_belongs_to_schema_2_only(sale: Sale) -> None:
    with pytest.raises(Malformed) as missing:
        parse_payload("sale", 2, sale.to_json())
    assert missing.value.field == "payload.catalogue_rev"
    with pytest.raises(Malformed) as extra:
        parse_payload("sale", 1, replace(sale, catalogue_rev=3).to_json())
    assert extra.value.field == "payload.catalogue_rev"
    for bad in (-1, "12", None, 1.5):
        data = {**sale.to_json(), "catalogue_rev": bad}
        with pytest.raises(Malformed):
            parse_payload("sale", 2, data)
