"""The sync protocol's JSON Schema (draft 2020-12), generated from the parsers themselves.

Nothing here restates a field: each payload example (``shared.schema_examples``) is read
by the very ``from_json`` the server runs, through a ``Reader`` that also writes down
every call — ``r.text("receipt_no", max_len=48, pattern=DOC_NO_RE)`` becomes a string
of at most 48 characters matching that pattern; ``r.money("expected", negative=True)``
integer pesewas that may be negative; ``r.items("lines", SaleLine.from_json,
min_len=1, max_len=1000)`` a list of 1–1000 ``SaleLine`` objects; ``r.done()``
``additionalProperties: false``. Change a parser and the schema follows; only what the
parsers cannot say — descriptions, and cross-field rules JSON Schema can express — is
declared, in ``shared.schema_notes``.

``build()`` gives the schema and the field tables docs/sync-protocol.md prints;
``tools/protocol/publish_schema.py`` writes both, the server serves the schema at
``GET /api/v1/schema``, and a test keeps all three equal.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared import payloads, schema_notes
from shared.money import MAX_PESEWAS, QUANTITY_LIMIT, QUANTITY_PLACES
from shared.wire import Reader

SCHEMA_ID = "https://bisama.example/api/v1/schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_WHOLE_DIGITS = len(str(int(QUANTITY_LIMIT))) - 1
QTY_PATTERN = rf"^[0-9]{{1,{_WHOLE_DIGITS}}}\.[0-9]{{{QUANTITY_PLACES}}}$"
SIGNED_QTY_PATTERN = rf"^-?[0-9]{{1,{_WHOLE_DIGITS}}}\.[0-9]{{{QUANTITY_PLACES}}}$"
ZERO_QTY_PATTERN = rf"^-?0+\.0{{{QUANTITY_PLACES}}}$"
NOT_BLANK = r"\S"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
                    r"(Z|[+-][0-9]{2}:[0-9]{2})$")


# ------------------------------------------------------------------ recording a parse


@dataclass
class Field:
    """One field as a parser read it: which ``Reader`` method, with which arguments."""

    call: str
    args: dict[str, Any]
    optional: bool
    child: Node | None = None


@dataclass
class Node:
    """The fields of one JSON object, in the order the parser reads them."""

    owner: str = ""  # the class whose parser read it (SaleLine, Tender …)
    fields: dict[str, Field] = field(default_factory=dict)
    reads: int = 0  # objects read into this node (a list's items share one node)


_HERE = {__file__, inspect.getfile(Reader)}  # the frames to look past


def _reader_owner() -> str:
    """The class whose parser is reading fields: the first caller outside this module
    and ``shared.wire`` that is not a private helper (``_sku``) or a lambda."""
    frame = sys._getframe(2)
    while frame is not None and (frame.f_code.co_filename in _HERE
                                 or frame.f_code.co_qualname.startswith(("_", "<"))):
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_code.co_qualname.split(".")[0] if frame is not None else ""


class _Recorder(Reader):
    """A ``Reader`` that also writes down what was asked of each field."""

    def __init__(self, obj: object, path: str, node: Node, owner: str = "") -> None:
        super().__init__(obj, path)
        self.node = node
        node.reads += 1
        if owner and not node.owner:
            node.owner = owner

    def note(self, name: str, call: str, args: dict[str, Any], optional: bool,
             child: Node | None = None) -> Field:
        if not self.node.owner:
            self.node.owner = _reader_owner()
        # The outermost call wins: ``choice`` reads its value with ``text``, and
        # ``opt_integer`` with ``integer``.
        return self.node.fields.setdefault(name, Field(call, args, optional, child))

    def amounts(self, names: tuple[str, ...]) -> list[Any]:
        for name in names:
            self.note(name, "money", _defaults("money"), False)
        return super().amounts(names)

    def obj(self, name: str) -> Reader:
        child = self.note(name, "obj", {}, False, Node()).child
        assert child is not None
        return _Recorder(self._get(name, False), self._field(name), child)

    def opt_obj(self, name: str) -> Reader | None:
        child = self.note(name, "obj", {}, True, Node()).child
        assert child is not None
        value = self._get(name, True)
        return None if value is None else _Recorder(value, self._field(name), child)

    def items(self, name: str, parse: Callable[[Reader], Any], **kwargs: Any) -> tuple[Any, ...]:
        args = _defaults("items", parse, **kwargs)
        args.pop("parse")
        args.pop("quick")
        child = self.note(name, "items", args, False, Node()).child
        assert child is not None
        value = self._get(name, False)
        if not isinstance(value, list):
            return super().items(name, parse, **kwargs)
        # Every item through ``parse`` (never ``quick``), so its fields are recorded.
        return tuple(parse(_Recorder(item, f"{self._field(name)}[{i}]", child))
                     for i, item in enumerate(value))


@functools.cache
def _signature(method: str) -> inspect.Signature:
    return inspect.signature(getattr(Reader, method))


def _defaults(method: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A ``Reader`` method's arguments after the field name, defaults filled in."""
    bound = _signature(method).bind(None, "", *args, **kwargs)
    bound.apply_defaults()
    return {k: v for k, v in list(bound.arguments.items())[2:]}


def _recording(method: str, optional: bool) -> Callable[..., Any]:
    base = getattr(Reader, method)

    def record(self: _Recorder, name: str, *args: Any, **kwargs: Any) -> Any:
        self.note(name, method, _defaults(method, *args, **kwargs), optional)
        return base(self, name, *args, **kwargs)

    return record


# ``has`` only asks whether a field is there: a field read with nothing else must be
# absent or null (StockLine.expected outside counts).
for _method, _optional in (("text", False), ("opt_text", True), ("integer", False),
                           ("opt_integer", True), ("boolean", False), ("money", False), ("qty", False),
                           ("decimal", False),
                           ("choice", False), ("opt_choice", True), ("day", False),
                           ("timestamp", False), ("texts", False), ("opt_texts", True), ("raw", False),
                           ("has", True)):
    setattr(_Recorder, _method, _recording(_method, _optional))


def record_payload(kind: str, example: dict[str, Any]) -> Node:
    """The fields of ``kind`` as its parser reads ``example`` (which must be valid)."""
    node = Node()
    payloads.PARSERS[kind](_Recorder(example, "payload", node))
    return node


def record_envelope(example: dict[str, Any]) -> Node:
    from shared.envelope import _check_body

    node = Node(owner="Envelope")
    _check_body(_Recorder(example, "", node))
    return node


# ------------------------------------------------------------------ node → JSON Schema


@dataclass
class Row:
    """One line of a field table in docs/sync-protocol.md."""

    name: str
    type: str
    required: bool
    meaning: str


@dataclass
class Table:
    key: str  # the $defs key: a kind (``sale``) or a class (``Tender``)
    title: str
    description: str
    rows: list[Row]
    rules: list[str]
    example: Any = None


@dataclass
class Built:
    schema: dict[str, Any]
    tables: list[Table]
    undocumented: list[str]  # Owner.field without a description in schema_notes


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.tables: dict[str, Table] = {}
        self.undocumented: list[str] = []
        self.rules = schema_notes.parse_rules()

    # -- objects
    def object(self, node: Node, key: str, *, context: str) -> str:
        """Put the object's schema in ``$defs`` (under ``key``, or a variant of it when an
        object of the same class reads differently elsewhere) and return its key."""
        if not node.reads or not node.fields:
            raise ValueError(f"The example has no {key} in {context}: add one to "
                             "shared/schema_examples.py so its fields are documented.")
        properties: dict[str, Any] = {}
        rows = []
        _in_class_order(node)
        for name, fld in node.fields.items():
            meaning = self.meaning(node.owner, name)
            fragment, kind_text = self.field(fld, context=f"{context}.{name}")
            properties[name] = {**fragment, "description": meaning} if meaning else fragment
            rows.append(Row(name, kind_text, not fld.optional, meaning))
        description = schema_notes.class_description(node.owner)
        rules = self.rules.get(node.owner, [])
        schema: dict[str, Any] = {
            "type": "object", "title": node.owner,
            "description": description + _rules_text(rules),
            "properties": properties,
            "required": [n for n, f in node.fields.items() if not f.optional],
            "additionalProperties": False,
        }
        _merge(schema, schema_notes.REFINE.get(node.owner, {}))
        same = [k for k, v in self.defs.items() if k.split(".")[0] == key and v == schema]
        if same:
            return same[0]
        if key in self.defs:
            key = f"{key}.{context.split('.', 1)[0]}"
        if key not in self.defs:
            self.defs[key] = schema
            self.tables[key] = Table(key, node.owner, description, rows, rules)
        return key

    def meaning(self, owner: str, name: str) -> str:
        text = schema_notes.describe(owner, name)
        if text is None:
            self.undocumented.append(f"{owner}.{name}")
            return ""
        return text

    # -- one field
    def field(self, fld: Field, *, context: str) -> tuple[dict[str, Any], str]:
        a = fld.args
        if fld.call in ("text", "opt_text"):
            out: dict[str, Any] = {"type": "string", "maxLength": a["max_len"]}
            pattern = a["pattern"].pattern if a["pattern"] is not None else None
            if not a.get("allow_empty"):
                out["minLength"] = 1
                out["pattern"] = pattern or NOT_BLANK
            elif pattern:
                out["pattern"] = pattern
            text = f"text, 1–{a['max_len']}" + (f", `{pattern}`" if pattern else "")
        elif fld.call in ("integer", "opt_integer"):
            out = {"type": "integer"}
            if a["minimum"] is not None:
                out["minimum"] = a["minimum"]
            if a["maximum"] is not None:
                out["maximum"] = a["maximum"]
            text = f"integer {_range(a['minimum'], a['maximum'])}".rstrip()
        elif fld.call == "boolean":
            out, text = {"type": "boolean"}, "true/false"
        elif fld.call == "money":
            low = -MAX_PESEWAS if a["negative"] else 0 if a["zero"] else 1
            out = {"type": "integer", "minimum": low, "maximum": MAX_PESEWAS}
            if a["negative"] and not a["zero"]:
                out["not"] = {"const": 0}
            text = ("pesewas, may be negative" if a["negative"] else
                    "pesewas ≥ 0" if a["zero"] else "pesewas > 0")
        elif fld.call == "qty":
            out = {"type": "string", "pattern": SIGNED_QTY_PATTERN if a["signed"] else QTY_PATTERN}
            positive = a["positive"] and not a["signed"]
            if positive:
                out["not"] = {"pattern": ZERO_QTY_PATTERN}
            text = ("quantity, signed" if a["signed"] else
                    "quantity > 0" if positive else "quantity ≥ 0") + ' ("1.250")'
        elif fld.call == "decimal":
            # Read for its form only: zero, a sign or more than three places are business
            # rules, held rather than refused (``shared.rules``, code ``bad_quantity``).
            if a["expect"] == "signed":
                out = {"type": "string", "pattern": SIGNED_QTY_PATTERN}
                text = 'quantity, signed ("-1.250")'
            else:
                out = {"type": "string", "pattern": QTY_PATTERN, "not": {"pattern": ZERO_QTY_PATTERN}}
                text = 'quantity > 0 ("1.250")'
        elif fld.call in ("choice", "opt_choice"):
            values = list(a["choices"])
            out = {"type": "string", "const": values[0]} if len(values) == 1 else \
                {"type": "string", "enum": values}
            text = "one of " + ", ".join(f"`{v}`" for v in values) if len(values) > 1 \
                else f"`{values[0]}`"
        elif fld.call == "day":
            out, text = {"type": "string", "format": "date", "pattern": DATE_PATTERN}, "date"
        elif fld.call == "timestamp":
            out = {"type": "string", "format": "date-time", "maxLength": 40,
                   "pattern": DATETIME_PATTERN}
            text = "date and time with offset"
        elif fld.call in ("texts", "opt_texts"):
            out = {"type": "array", "items": {"type": "string"}, "maxItems": a["max_len"]}
            text = f"list of text, ≤ {a['max_len']}"
        elif fld.call == "has":
            out, text = {"type": "null"}, "null (or absent)"
        elif fld.call == "raw":
            out, text = {}, "JSON"
        elif fld.call in ("obj", "items"):
            assert fld.child is not None
            owner = fld.child.owner or context
            key = self.object(fld.child, owner, context=context)
            ref = {"$ref": f"#/$defs/{key}"}
            if fld.call == "items":
                out = {"type": "array", "items": ref, "minItems": a["min_len"], "maxItems": a["max_len"]}
                text = f"list of `{key}`, {a['min_len']}–{a['max_len']}"
            else:
                out, text = ref, f"`{key}`"
        else:
            raise ValueError(f"{context}: the schema generator does not know Reader.{fld.call}")
        if fld.optional and fld.call not in ("has",):
            out = {"anyOf": [out, {"type": "null"}]}
            text += " or null"
        return out, text


def _in_class_order(node: Node) -> None:
    """Fields in the order the class declares them (which ``to_json`` writes), not the
    order its parser happens to read them in."""
    cls = getattr(payloads, node.owner, None)
    if cls is None or not dataclasses.is_dataclass(cls):
        return
    order = {f.name: i for i, f in enumerate(dataclasses.fields(cls))}
    names = sorted(node.fields, key=lambda n: order.get(n, len(order)))
    node.fields = {n: node.fields[n] for n in names}


def _range(low: int | None, high: int | None) -> str:
    if high == 2**53 - 1:
        high = None
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}" if high is not None else ""


def _rules_text(rules: list[str]) -> str:
    if not rules:
        return ""
    return " Checked when read (malformed if broken): " + "; ".join(rules) + "."


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# ------------------------------------------------------------------ the whole schema


def build() -> Built:
    """The schema of the envelope and of every payload kind, and the doc's tables."""
    from shared.envelope import HASH_RE, SIGNATURE_RE
    from shared.schema_examples import envelope_example, payload_examples

    b = _Builder()
    examples = payload_examples()
    kind_rules: list[dict[str, Any]] = []
    for kind in payloads.KINDS:
        node = record_payload(kind, examples[kind])
        key = b.object(node, kind, context=kind)
        if key != kind:
            raise ValueError(f"two payload kinds share the name {kind}")
        b.defs[kind]["examples"] = [examples[kind]]
        b.tables[kind].example = examples[kind]
        b.tables[kind].title = f"{kind} ({node.owner})"
        kind_rules.append({
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {"schema": {"enum": sorted(payloads.SCHEMAS[kind])},
                                    "payload": {"$ref": f"#/$defs/{kind}"}}},
        })
    envelope = envelope_example()
    node = record_envelope(envelope)
    node.fields["kind"] = Field("choice", {"choices": payloads.KINDS}, False)
    node.fields["business_date"] = Field("day", {}, False)
    for name, pattern in (("hash", HASH_RE), ("signature", SIGNATURE_RE)):
        node.fields[name] = Field("text", {"max_len": _fixed_len(pattern), "pattern": pattern,
                                           "allow_empty": False}, False)
    key = b.object(node, "Envelope", context="envelope")
    b.defs[key]["allOf"] = kind_rules
    b.defs[key]["examples"] = [envelope]
    b.tables[key].example = envelope
    schema = {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "Bisama sync protocol v1: the envelope and every payload kind",
        "description": ("What a till pushes to POST /api/v1/push: {\"envelopes\": [Envelope, …]}. "
                        "Generated from the server's parsers (shared/payloads.py, "
                        "shared/envelope.py); docs/sync-protocol.md explains the rules "
                        "JSON Schema cannot express (sums, pricing, holds)."),
        "$ref": f"#/$defs/{key}",
        "$defs": {k: b.defs[k] for k in _ordered(b.defs, key)},
    }
    tables = [b.tables[k] for k in _ordered(b.defs, key)]
    return Built(schema, tables, sorted(set(b.undocumented)))


def _fixed_len(pattern: re.Pattern[str]) -> int:
    found = re.search(r"\{(\d+)\}", pattern.pattern)
    assert found is not None
    return int(found.group(1))


def _ordered(defs: dict[str, Any], envelope: str) -> list[str]:
    """The envelope first, then the kinds in protocol order, then the parts."""
    kinds = [k for k in payloads.KINDS if k in defs]
    return [envelope, *kinds, *sorted(k for k in defs if k != envelope and k not in kinds)]


@functools.cache
def schema() -> dict[str, Any]:
    """The published schema (built once per process)."""
    return build().schema
