"""The sync schema, the parsers and the protocol page agree.

* docs/sync-schema.json and the generated sections of docs/sync-protocol.md are what
  ``tools/protocol/publish_schema.py`` makes of the code now (run it after a change);
* every field has a description, the schema is a valid draft 2020-12 schema and every
  example in it is valid;
* instances generated from the schema (``tests/shared/schema_strategies.py``) are valid
  under it (``jsonschema``) and read by the parsers:
  the only refusals are the rules between fields that JSON Schema cannot state (sums,
  line numbers …), each of them listed in the doc;
* a required field left out, or a field the schema does not have, is refused by the
  parser too.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from shared import payloads
from shared.errors import Malformed
from shared.payloads import KINDS, parse_payload
from shared.schema import build, schema
from shared.schema_doc import publish
from shared.schema_errors import rule_pattern, rule_reasons
from shared.wire import Reader
from tests.shared.schema_strategies import Generator

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "sync-protocol.md"
SCHEMA_FILE = ROOT / "docs" / "sync-schema.json"
RULES = [rule_pattern(r.message) for r in rule_reasons()]


def test_the_published_schema_and_doc_are_what_the_code_says() -> None:
    doc = DOC.read_text(encoding="utf-8")
    schema_text, doc_text, built = publish(doc)
    stale = "stale: run python tools/protocol/publish_schema.py"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text, stale
    assert doc == doc_text, stale
    assert built.undocumented == [], "describe these fields in shared/schema_notes.py"


def test_every_kind_and_every_rule_is_in_the_doc() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert [k for k in KINDS if f"#### `{k}`" not in doc] == []
    assert [r.message for r in rule_reasons() if r.message not in doc] == []


def test_the_schema_is_valid_and_so_are_its_examples() -> None:
    whole = schema()
    Draft202012Validator.check_schema(whole)
    validator = Draft202012Validator(whole)
    envelope = whole["$defs"]["Envelope"]["examples"][0]
    assert list(validator.iter_errors(envelope)) == []
    for kind in KINDS:
        example = whole["$defs"][kind]["examples"][0]
        assert list(_validator(kind).iter_errors(example)) == [], kind
        parse_payload(kind, _version(kind, example), example)


def _part(key: str) -> dict:
    whole = schema()
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": f"#/$defs/{key}"}


def _validator(key: str) -> Draft202012Validator:
    return Draft202012Validator(_part(key))


def _read_or_rule(parse, data) -> None:
    """``parse`` reads ``data``, or refuses it only for a rule between fields."""
    try:
        parse(data)
    except Malformed as exc:
        assert any(p.match(exc.problem) for p in RULES), f"{exc.field}: {exc.problem}"


SMALL = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _instances(key: str):
    """Instances of ``key``'s schema, checked valid by ``jsonschema`` (which holds the
    generator to the schema); lists of at most three items make the point as well as
    a thousand sale lines would."""
    validator = _validator(key)
    part = _part(key)
    return Generator(part)(part).map(lambda d: (d, list(validator.iter_errors(d))))


def _valid_and_read(parse, pair) -> None:
    data, errors = pair
    assert errors == [], [e.message for e in errors]
    _read_or_rule(parse, data)


@pytest.mark.parametrize("kind", KINDS)
def test_instances_of_the_schema_are_read_by_the_parser(kind: str) -> None:
    @SMALL
    @given(_instances(kind))
    def check(pair) -> None:
        assume(_signable(kind, pair[0]))
        _valid_and_read(lambda d: parse_payload(kind, _version(kind, d), d), pair)

    check()


def _consistent_sale(data: dict) -> dict:
    """A generated sale with its figures made to agree as section 3.4 says (lines
    numbered, amounts and totals summed, one cash tender of the gross), so that the
    parser must read all of it — customer, approvals, flags and all — not stop at the
    first sum that does not add up."""
    data = copy.deepcopy(data)
    for number, line in enumerate(data["lines"], start=1):
        for name in ("list_amount", "line_discount", "order_discount", "net", "vat", "nhil",
                     "getfund", "covid", "cost"):
            line[name] %= 1_000_000
        line["line_no"] = number
        line["line_discount"] = min(line["line_discount"], line["list_amount"])
        line["order_discount"] = min(line["order_discount"], line["list_amount"] - line["line_discount"])
        line["amount"] = line["list_amount"] - line["line_discount"] - line["order_discount"]
        line["gross"] = sum(line[n] for n in ("net", "vat", "nhil", "getfund", "covid"))
    lines = data["lines"]
    totals = {n: sum(ln[n] for ln in lines) for n in ("net", "vat", "nhil", "getfund", "covid", "gross", "cost")}
    totals["discount"] = sum(ln["line_discount"] + ln["order_discount"] for ln in lines)
    data["totals"] = totals
    gross = totals["gross"]
    data["tenders"] = [{"method": "cash", "amount": gross, "tendered": gross + 500,
                        "provider": None, "reference": None}] if gross else []
    data["change"] = 500 if gross else 0
    return data


@SMALL
@given(_instances("sale"))
def test_a_generated_sale_whose_sums_agree_is_read_whole(pair) -> None:
    data, errors = pair
    assert errors == []
    assume(_signable("sale", data))
    sale = _consistent_sale(data)
    assert list(_validator("sale").iter_errors(sale)) == []
    parsed = parse_payload("sale", _version("sale", sale), sale)
    assert (len(parsed.lines), len(parsed.approvals), parsed.flags, parsed.customer is None) == (
        len(sale["lines"]), len(sale["approvals"]), tuple(sale["flags"]), sale.get("customer") is None)


def _version(kind: str, data: dict) -> int:
    """The payload schema a till would sign ``data`` with: a sale naming its catalogue
    revision is schema 3 (or 2), with running totals 4; a refund, void or shift close with
    running totals 2; everything else schema 1 (docs/sync-protocol.md §3.2, §3.6)."""
    if data.get("running") is not None:
        return 4 if kind == "sale" else 2
    return 3 if kind == "sale" and data.get("catalogue_rev") is not None else 1


def _signable(kind: str, data: dict) -> bool:
    """Whether some schema version has exactly ``data``'s optional fields: running totals
    come with a catalogue revision (sale 4), with the voided totals (void 2); markers on a
    refund or a void only with running totals (§3.6)."""
    running = data.get("running") is not None
    if kind == "sale":
        return not running or data.get("catalogue_rev") is not None
    if kind == "void" and running != (data.get("totals") is not None):
        return False
    return running or data.get("flags") is None if kind in ("refund", "void") else True


# Optional fields of a newer schema that go when another is left out (§3.6).
_WITH = {("sale", "catalogue_rev"): {"running"}, ("refund", "running"): {"flags"},
         ("void", "running"): {"flags", "totals"}, ("void", "totals"): {"flags", "running"}}


PARTS = {"Tender": payloads.Tender, "SaleLine": payloads.SaleLine, "Approval": payloads.Approval,
         "CustomerRef": payloads.CustomerRef, "RefundLine": payloads.RefundLine,
         "SaleTotals": payloads.SaleTotals, "DenominationCount": payloads.DenominationCount}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_instances_of_each_part_are_read_by_its_parser(name: str) -> None:
    """The parts on their own: a sale whose lines break a sum never gets to its tenders."""
    @SMALL
    @given(_instances(name))
    def check(pair) -> None:
        _valid_and_read(lambda d: PARTS[name].from_json(Reader(d, "x")), pair)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_required_field_or_an_unknown_one_is_refused(kind: str) -> None:
    definition = schema()["$defs"][kind]
    example = definition["examples"][0]
    for name in definition["required"]:
        data = {k: v for k, v in example.items() if k != name}
        with pytest.raises(Malformed, match=re.escape(f"payload.{name}: is missing")):
            parse_payload(kind, _version(kind, example), data)
    for name in set(definition["properties"]) - set(definition["required"]):
        gone = _WITH.get((kind, name), set()) | {name}
        rest = {k: v for k, v in example.items() if k not in gone}
        parse_payload(kind, _version(kind, rest), rest)
    with pytest.raises(Malformed, match=r"payload\.colour: is not a known field"):
        parse_payload(kind, _version(kind, example), {**example, "colour": "red"})


@given(st.sampled_from(["1", "1.5", "1.0000", "-1.000", "0.000", "12345678.000", "1e3"]))
def test_the_schema_refuses_quantities_that_are_not_three_places(text: str) -> None:
    example = copy.deepcopy(schema()["$defs"]["sale"]["examples"][0])
    example["lines"][0]["qty"] = text
    assert list(_validator("sale").iter_errors(example)) != []


def test_the_builder_names_a_list_the_example_leaves_empty(monkeypatch) -> None:
    from shared import schema_examples

    real = schema_examples.payload_examples

    def without_approvals():
        examples = real()
        for example in examples.values():
            if "approvals" in example:
                example["approvals"] = []
        return examples

    monkeypatch.setattr(schema_examples, "payload_examples", without_approvals)
    with pytest.raises(ValueError, match=r"add one to shared/schema_examples\.py"):
        build()
