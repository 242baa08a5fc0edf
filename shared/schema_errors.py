"""Every reason an envelope is ``malformed``, read from the source of the code that says it.

The parsers raise ``Malformed`` in two ways: ``Reader`` for a field that is missing, of
the wrong type or out of range (``shared/wire.py``, with ``shared.money.quantity`` for
quantities and ``shared.canonical`` for what cannot be hashed), and ``r.fail(field,
problem)`` for a rule between fields (``shared/payloads.py``). This module finds each of
those calls in the source (``ast``) and returns its message as written, f-string
placeholders shown as ``{name}``: docs/sync-protocol.md prints the list and the schema
adds each class's rules to its description, so a rule added, changed or moved to a hold
shows up in both by running ``tools/protocol/publish_schema.py``.

Reading the package's own source (``inspect.getsource``) is the only I/O here, done once
when the schema is built (the server serves it; a till never builds it).
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from shared import (
    canonical,
    envelope,
    money,
    payload_cash,
    payload_common,
    payload_stock,
    payloads,
    wire,
)

# The modules the payload parsers are in (``shared.payloads`` exports them all).
PAYLOAD_MODULES = (payload_common, payloads, payload_cash, payload_stock)


@dataclass(frozen=True)
class Reason:
    where: str  # Tender.from_json, Reader.money …
    field: str  # the field named in the error, or "" when it is the one being read
    message: str


def _text(node: ast.expr, constants: dict[str, Any] | None = None) -> str | None:
    """A message as written: a string, or an f-string with ``{…}`` for the values only
    known when it is raised. A value made only of the module's constants (``{', '.join(
    MOMO_PROVIDERS)}``) is shown as it reads."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(_value(value.value, constants or {}))
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, constants), _text(node.right, constants)
        return left + right if left is not None and right is not None else None
    return None


def _value(expr: ast.expr, constants: dict[str, Any]) -> str:
    names = [n.id for n in ast.walk(expr) if isinstance(n, ast.Name)]
    calls_ok = all(isinstance(n.func, ast.Attribute) for n in ast.walk(expr) if isinstance(n, ast.Call))
    if names and calls_ok and all(n.isupper() and n in constants for n in names):
        # Our own source, naming only module-level constants (tuples of words): safe to
        # evaluate, and the reader sees "mtn, telecel, airteltigo" instead of a name.
        return str(eval(ast.unparse(expr), {"__builtins__": {}}, constants))  # noqa: S307
    return "{" + ast.unparse(expr) + "}"


def _calls(module: ModuleType) -> list[tuple[str, ast.Call]]:
    """Every call in the module with the qualified name of the function it is in."""
    tree = ast.parse(inspect.getsource(module))
    found: list[tuple[str, ast.Call]] = []

    def walk(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef):
                walk(child, f"{scope}.{child.name}" if scope else child.name)
            else:
                if isinstance(child, ast.Call):
                    found.append((scope, child))
                walk(child, scope)

    walk(tree, "")
    return found


def _payload_calls() -> list[tuple[ModuleType, str, ast.Call]]:
    return [(module, scope, call) for module in PAYLOAD_MODULES
            for scope, call in _calls(module)]


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


@functools.cache
def rule_reasons() -> tuple[Reason, ...]:
    """The rules between fields that the payload parsers check (``r.fail``)."""
    out = []
    for module, scope, call in _payload_calls():
        if _callee(call) == "fail" and len(call.args) == 2:
            name, message = _text(call.args[0]), _text(call.args[1], vars(module))
            if message is not None:
                out.append(Reason(scope, name or "", message))
    return tuple(out)


def rules_by_class() -> dict[str, list[str]]:
    """Class name → the messages of the rules its parser checks, including those of the
    module's helper functions it calls (``_check_tenders``)."""
    helpers: dict[str, list[str]] = {}
    by_class: dict[str, list[str]] = {}
    for reason in rule_reasons():
        owner = reason.where.split(".")[0]
        target = by_class if "." in reason.where else helpers
        target.setdefault(owner, []).append(f"{reason.field}: {reason.message}")
    uses: dict[str, set[str]] = {}
    for _module, scope, call in _payload_calls():
        if "." in scope and _callee(call) in helpers:
            uses.setdefault(scope.split(".")[0], set()).add(_callee(call))
    for owner, used in uses.items():
        for helper in sorted(used):
            by_class.setdefault(owner, []).extend(helpers[helper])
    return by_class


@functools.cache
def field_reasons() -> tuple[Reason, ...]:
    """Why one field cannot be read: ``Reader``'s checks, a quantity's, the encoder's and
    the envelope's own."""
    out = []
    for module, wanted in ((wire, "Malformed"), (money, "InvalidAmount"),
                           (canonical, "EncodingError"),
                           *((m, "Malformed") for m in PAYLOAD_MODULES),
                           (envelope, "Malformed")):
        for scope, call in _calls(module):
            if _callee(call) != wanted or not call.args:
                continue
            if module is money and not scope.startswith("quantity"):
                continue
            message = _text(call.args[-1], vars(module))
            if message is None:
                continue
            name = _text(call.args[0]) if len(call.args) == 2 else ""
            out.append(Reason(scope, name or "", message))
    return tuple(out)


def rule_pattern(message: str) -> re.Pattern[str]:
    """A regular expression matching the messages a ``{…}`` template produces."""
    parts = re.split(r"\{[^{}]*\}", message)
    return re.compile("^" + ".*".join(re.escape(p) for p in parts) + "$", re.DOTALL)
