"""DOM ids and classes a script defines or looks up, and the titles of its JS tests."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from analyzers.model import DomRef, TestCase
from analyzers.ts_syntax import (Captures, arguments, fragment_text, has_kind, line, member_name,
                                 static_string, text, unwrap)

if TYPE_CHECKING:
    from tree_sitter import Node

_SELECTOR = re.compile(r"([#.])(-?[A-Za-z_][\w-]*)")
_MARKUP_ATTR = re.compile(r"""\b(id|class)\s*=\s*["']([^"'<>{}$]*)""")
_CLASS_NAME = re.compile(r"-?[A-Za-z_][\w-]*")
_SELECTOR_CALLS = frozenset({"querySelector", "querySelectorAll", "closest", "matches", "$", "jQuery"})
_CLASS_LIST = frozenset({"add", "remove", "toggle", "contains", "replace"})
_TEST_CALLS = frozenset({"it", "test", "it.only", "it.skip", "it.todo", "test.only", "test.skip",
                         "test.todo", "test.concurrent"})
_ASSIGNMENTS = "(assignment_expression left: (member_expression)) @assign"
_JSX = "(jsx_attribute) @attr"


def queries(grammar: str) -> tuple[str, ...]:
    """The queries `dom_refs` asks of a file in this grammar."""
    return (_ASSIGNMENTS, _JSX) if has_kind(grammar, "jsx_attribute") else (_ASSIGNMENTS,)


def dom_refs(captured: Captures, calls: list[Node], strings: list[Node],
             constants: Mapping[str, str]) -> tuple[DomRef, ...]:
    """Ids and classes, in source order: looked up by calls, set by assignments, JSX or markup."""
    found = [ref for call in calls for ref in _call_refs(call, constants)]
    for node in captured.of(_ASSIGNMENTS).get("assign", []):
        found.extend(_assignment_refs(node, constants))
    if has_kind(captured.grammar, "jsx_attribute"):
        for node in captured.of(_JSX).get("attr", []):
            found.extend(_jsx_refs(node))
    for node in strings:
        found.extend(_markup_refs(node))
    # An id cut short by a template's placeholder (`param-${key}` → `param-`) names no element.
    whole = [r for r in found if not (r.kind.startswith("id") and r.name.endswith(("-", "_")))]
    unique = dict.fromkeys(sorted(whole, key=lambda r: (r.line, r.kind, r.name)))
    return tuple(unique)


def test_cases(calls: list[Node], constants: Mapping[str, str]) -> tuple[TestCase, ...]:
    """`it('title', ...)` and `test('title', ...)`; `describe` blocks only group them."""
    found = []
    for call in calls:
        args = arguments(call)
        if args and member_name(call.child_by_field_name("function")) in _TEST_CALLS:
            title = static_string(args[0], constants) or _fragments(args[0])
            if title:
                found.append(TestCase(title, line(call)))
    return tuple(found)


def _call_refs(call: Node, constants: Mapping[str, str]) -> Iterator[DomRef]:
    method, owner = _callee_tail(call.child_by_field_name("function"))
    if not method:
        return
    values = [v for v in (static_string(a, constants) for a in arguments(call)) if v]
    at = line(call)
    if method == "getElementById" and values:
        yield DomRef(values[0], "id-used", at)
    elif method == "getElementsByClassName" and values:
        yield from (DomRef(name, "class-used", at) for name in _classes(values[0]))
    elif method in _SELECTOR_CALLS and values:
        yield from _selector_refs(values[0], at)
    elif method in _CLASS_LIST and owner == "classList":
        yield from (DomRef(name, "class-used", at) for value in values for name in _classes(value))


def _callee_tail(function: Node | None) -> tuple[str, str]:
    """(`add`, `classList`) for `el.classList.add`, even when `el` is itself a call."""
    function = unwrap(function)
    if function is None or function.type == "identifier":
        return text(function), ""
    if function.type != "member_expression":
        return "", ""
    owner = unwrap(function.child_by_field_name("object"))
    if owner is None or owner.type != "member_expression":
        return text(function.child_by_field_name("property")), ""
    return text(function.child_by_field_name("property")), text(owner.child_by_field_name("property"))


def _selector_refs(selector: str, at: int) -> Iterator[DomRef]:
    for mark, name in _SELECTOR.findall(selector):
        yield DomRef(name, "id-used" if mark == "#" else "class-used", at)


def _assignment_refs(node: Node, constants: Mapping[str, str]) -> Iterator[DomRef]:
    target = node.child_by_field_name("left")
    prop = text(target.child_by_field_name("property")) if target is not None else ""
    value = static_string(node.child_by_field_name("right"), constants)
    if value and prop == "className":
        yield from (DomRef(name, "class-used", line(node)) for name in _classes(value))
    elif value and prop == "id":
        yield DomRef(value.strip(), "id-defined", line(node))


def _jsx_refs(attr: Node) -> Iterator[DomRef]:
    children = attr.named_children
    if len(children) < 2:
        return
    prop, value = text(children[0]), _fragments(children[1])
    if prop == "id" and _CLASS_NAME.fullmatch(value.strip()):
        yield DomRef(value.strip(), "id-defined", line(attr))
    elif prop in ("className", "class"):
        yield from (DomRef(name, "class-defined", line(attr)) for name in _classes(value))


def _markup_refs(node: Node) -> Iterator[DomRef]:
    """`el.innerHTML = '<div class="card">'`: markup built in a string defines ids and classes."""
    body = _fragments(node)
    if "<" not in body:
        return
    for match in _MARKUP_ATTR.finditer(body):
        at = line(node) + body.count("\n", 0, match.start())
        if match.group(1) == "id":
            yield from (DomRef(name, "id-defined", at) for name in _classes(match.group(2))[:1])
        else:
            yield from (DomRef(name, "class-defined", at) for name in _classes(match.group(2)))


def _fragments(node: Node | None) -> str:
    """Literal text of a string or template (holes become spaces), also inside `{...}` in JSX."""
    node = unwrap(node)
    if node is not None and node.type == "jsx_expression":
        node = unwrap(node.named_child(0))
    if node is None or node.type not in ("string", "template_string"):
        return ""
    return "".join(fragment_text(c) if c.type != "template_substitution" else " " for c in node.children)


def _classes(value: str) -> list[str]:
    return [name for name in value.split() if _CLASS_NAME.fullmatch(name) and not name.endswith("-")]
