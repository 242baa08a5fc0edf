"""Hypothesis strategies that make instances of a JSON Schema — of the subset of draft
2020-12 the sync schema uses (``shared.schema``).

hypothesis-jsonschema installs from PyPI but does not run with the Hypothesis this
project uses (it calls a private API that changed), so this small generator stands in.
It knows each keyword the sync schema uses and refuses any other, so a new keyword in
the schema makes the property tests say so rather than quietly ignore it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import strategies as st

ANNOTATIONS = {"description", "title", "examples", "$schema", "$defs", "additionalProperties",
               "required", "properties", "type", "allOf", "$comment"}
KNOWN = ANNOTATIONS | {"$ref", "anyOf", "enum", "const", "not", "pattern", "minLength",
                       "maxLength", "minimum", "maximum", "items", "minItems", "maxItems", "format"}


class Generator:
    def __init__(self, root: dict[str, Any], *, max_items: int = 3) -> None:
        self.defs = root.get("$defs", {})
        self.max_items = max_items
        self.cache: dict[str, st.SearchStrategy[Any]] = {}

    def __call__(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        # Strategies are made once per schema: building them inside a draw is most of the cost.
        key = json.dumps(schema, sort_keys=True)
        if key not in self.cache:
            self.cache[key] = self._make(schema)
        return self.cache[key]

    def _make(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        unknown = set(schema) - KNOWN
        if unknown:
            raise NotImplementedError(f"schema keywords {sorted(unknown)} are not generated")
        if "$ref" in schema:
            return self(self.defs[schema["$ref"].removeprefix("#/$defs/")])
        if "anyOf" in schema:
            return st.one_of([self(s) for s in schema["anyOf"]])
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "object":
            return self._object(schema)
        if kind == "array":
            low = schema.get("minItems", 0)
            high = min(schema.get("maxItems", self.max_items), max(low, self.max_items))
            return st.lists(self(schema["items"]), min_size=low, max_size=high)
        if kind == "string":
            return self._string(schema)
        if kind == "integer":
            strategy = st.one_of(st.integers(schema.get("minimum"), schema.get("maximum")),
                                 st.integers(max(schema.get("minimum", 0), 0), 100_000))
            strategy = strategy.filter(lambda v: v <= schema.get("maximum", v))
            if "not" in schema:
                strategy = strategy.filter(lambda v: v != schema["not"]["const"])
            return strategy
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        raise NotImplementedError(f"cannot generate {schema}")

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[str]:
        if "format" in schema:
            raise NotImplementedError("string formats are only used by the envelope")
        low, high = schema.get("minLength", 0), schema.get("maxLength", 50)
        pattern = schema.get("pattern")
        if pattern and pattern.startswith("^") and pattern.endswith("$"):
            strategy = st.from_regex(pattern, fullmatch=True)
        else:
            strategy = st.text(min_size=low, max_size=min(high, 60))
        strategy = strategy.filter(lambda s: low <= len(s) <= high)
        if pattern:
            strategy = strategy.filter(lambda s: re.search(pattern, s) is not None)
        if "not" in schema:
            refused = schema["not"]["pattern"]
            strategy = strategy.filter(lambda s: re.search(refused, s) is None)
        return strategy

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties = dict(schema["properties"])
        required = set(schema.get("required", ()))
        # allOf of if/then on one property's constant (Tender: momo needs a network): pick
        # that property's value first, then generate the rest under the matching "then".
        rules = schema.get("allOf", [])

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            props = dict(properties)
            needed = set(required)
            out: dict[str, Any] = {}
            for rule in rules:
                (name, condition), = rule["if"]["properties"].items()
                if name not in out:
                    out[name] = draw(self(props[name]))
                if out[name] == condition["const"]:
                    for field, extra in rule["then"].get("properties", {}).items():
                        props[field] = _narrow(props[field], extra)
                    needed |= set(rule["then"].get("required", ()))
            for name, sub in props.items():
                if name in out:
                    continue
                if name in needed or draw(st.booleans()):
                    out[name] = draw(self(sub))
            return out

        return build()


def _narrow(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` that must also be valid under ``extra`` (an enum, or a type)."""
    if "enum" in extra:
        return {"enum": extra["enum"]}
    branches = base.get("anyOf", [base])
    kept = [b for b in branches if b.get("type") == extra.get("type")]
    return kept[0] if len(kept) == 1 else {"anyOf": kept}
