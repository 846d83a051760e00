"""tree-sitter plumbing for JS/TS: grammars, parsers and queries built once per process.

`tree_sitter` is imported inside the cached builders so that importing the analyzers stays
cheap for commands that never parse a script.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analyzers.urls import LOCAL_ORIGIN

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser, Query, Tree

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
# Expressions that only add types or grouping around the value that matters.
_TRANSPARENT = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression",
                          "non_null_expression", "type_assertion"})
_NAME_NODES = frozenset({"property_identifier", "private_property_identifier", "identifier"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
MAX_DEPTH = 40


def grammar_for(path: str) -> str:
    """`ts`, `tsx` or `js`: which tree-sitter grammar reads `path`."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".tsx"):
        return "tsx"
    return "ts" if name.endswith((".ts", ".mts", ".cts")) else "js"


@functools.cache
def _language(grammar: str) -> Language:
    import tree_sitter

    if grammar == "js":
        import tree_sitter_javascript

        return tree_sitter.Language(tree_sitter_javascript.language())
    import tree_sitter_typescript

    if grammar == "tsx":
        return tree_sitter.Language(tree_sitter_typescript.language_tsx())
    return tree_sitter.Language(tree_sitter_typescript.language_typescript())


@functools.cache
def _parser(grammar: str) -> Parser:
    import tree_sitter

    return tree_sitter.Parser(_language(grammar))


def parse(grammar: str, text: str) -> Tree:
    return _parser(grammar).parse(text.encode("utf-8"))


def has_kind(grammar: str, kind: str) -> bool:
    return bool(_language(grammar).id_for_node_kind(kind, True))


@functools.cache
def _query(grammar: str, source: str) -> Query:
    import tree_sitter

    return tree_sitter.Query(_language(grammar), source)


def captures(grammar: str, source: str, node: Node) -> dict[str, list[Node]]:
    """Captures of a (cached) query under `node`, each list in source order."""
    import tree_sitter

    found = tree_sitter.QueryCursor(_query(grammar, source)).captures(node)
    return {name: sorted(nodes, key=lambda n: n.start_byte) for name, nodes in found.items()}


class Captures:
    """The captures of several queries under one node, found in one walk of the tree (a walk per
    query took 2.4 times as long on 2,000 TypeScript files). Each query's capture names are kept
    apart by a prefix naming its position; `of` answers a query that was not given by running it."""

    def __init__(self, grammar: str, root: Node, sources: tuple[str, ...]) -> None:
        self.grammar, self.root = grammar, root
        self.numbers = {source: number for number, source in enumerate(sources)}
        self.found: list[dict[str, list[Node]]] = [{} for _ in sources]
        for name, nodes in captures(grammar, _combined(sources), root).items():
            number, _, own = name[1:].partition("_")
            self.found[int(number)][own] = nodes

    def of(self, source: str) -> dict[str, list[Node]]:
        """Captures of the query `source`, each list in source order."""
        number = self.numbers.get(source)
        return captures(self.grammar, source, self.root) if number is None else self.found[number]


_CAPTURE_NAME = re.compile(r"@([A-Za-z_][\w.-]*)")


@functools.cache
def _combined(sources: tuple[str, ...]) -> str:
    return "\n".join(_CAPTURE_NAME.sub(lambda m: f"@q{number}_{m.group(1)}", source)
                     for number, source in enumerate(sources))


def text(node: Node | None) -> str:
    raw = node.text if node is not None else None  # each read of `Node.text` copies the bytes
    return raw.decode("utf-8", "replace") if raw is not None else ""


def line(node: Node) -> int:
    return node.start_point[0] + 1


def unwrap(node: Node | None) -> Node | None:
    """The expression inside parentheses, `as T`, `satisfies T`, `x!` and `<T>x`."""
    while node is not None and node.type in _TRANSPARENT:
        node = node.named_children[-1] if node.type == "type_assertion" else node.named_child(0)
    return node


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def literal_text(node: Node) -> str:
    """The characters of a string or hole-free template, escapes decoded."""
    return "".join(fragment_text(child) for child in node.children)


def static_string(node: Node | None, constants: Mapping[str, str], depth: int = 0) -> str | None:
    """The string an expression always evaluates to, if it can be read from this file.

    `import.meta.env.X || '/api'` and `??` yield the fallback, since the environment is unknown.
    """
    node = unwrap(node)
    if node is None or depth > MAX_DEPTH:
        return None
    if node.type == "string":
        return literal_text(node)
    if node.type == "template_string":
        return _template_value(node, constants, depth)
    if node.type == "identifier":
        return constants.get(text(node))
    if node.type == "member_expression":  # `API_ENDPOINTS.LIST`, an object constant's path
        return constants.get(member_name(node, depth + 1))
    if node.type == "binary_expression":
        return _binary_value(node, constants, depth)
    if node.type == "ternary_expression":
        return _ternary_value(node, constants, depth)
    return None


def _template_value(node: Node, constants: Mapping[str, str], depth: int) -> str | None:
    out = []
    for child in node.named_children:
        if child.type == "template_substitution":
            value = static_string(child.named_child(0), constants, depth + 1)
            if value is None:
                return None
            out.append(value)
        else:
            out.append(fragment_text(child))
    return "".join(out)


def fragment_text(child: Node) -> str:
    if child.type == "escape_sequence":
        raw = text(child)[1:]
        return _ESCAPES.get(raw, raw if len(raw) == 1 else "")
    return text(child) if child.type == "string_fragment" else ""


_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.I)


def _ternary_value(node: Node, constants: Mapping[str, str], depth: int) -> str | None:
    """`DEV ? '/api' : 'http://localhost:8000/api'`: both branches name the same path on different
    hosts (the dev proxy and the server), so the path is known. When either branch is the app's own
    server (a bare path or a local host), the path alone is kept: `PROD ? 'https://api.example.com/api'
    : '/api'` calls the same routes. Two remote hosts keep the first branch whole: another service."""
    first, second = (static_string(node.child_by_field_name(f), constants, depth + 1)
                     for f in ("consequence", "alternative"))
    if first is None or second is None:
        return None
    first_path, second_path = _ORIGIN.sub("", first), _ORIGIN.sub("", second)
    if first_path.rstrip("/") != second_path.rstrip("/"):
        return None
    own = any(not _ORIGIN.match(branch) or LOCAL_ORIGIN.match(branch) for branch in (first, second))
    return first_path if own else first


def _binary_value(node: Node, constants: Mapping[str, str], depth: int) -> str | None:
    operator = text(node.child_by_field_name("operator"))
    if operator in ("||", "??"):
        left = static_string(node.child_by_field_name("left"), constants, depth + 1)
        if left is not None:
            return left
        return static_string(node.child_by_field_name("right"), constants, depth + 1)
    out = []
    for operand in concatenated(node):
        value = static_string(operand, constants, depth + 1)
        if value is None:
            return None
        out.append(value)
    return "".join(out)


def concatenated(node: Node) -> list[Node]:
    """Operands of `a + b + c` in order, read along the left spine without recursion."""
    rights = []
    while node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            break
        rights.append(right)
        node = unwrap(left) or left
    return [node, *reversed(rights)]


def member_name(node: Node | None, depth: int = 0) -> str:
    """`api.client.get` for a chain of plain names, `` for anything else (calls, indexing)."""
    node = unwrap(node)
    if node is None or depth > MAX_DEPTH:
        return ""
    if node.type in ("identifier", "this", "property_identifier", "private_property_identifier"):
        return text(node)
    if node.type == "member_expression":
        head = member_name(node.child_by_field_name("object"), depth + 1)
        tail = text(node.child_by_field_name("property"))
        return f"{head}.{tail}" if head and tail else ""
    return ""


def property_key(node: Node | None) -> str:
    """The name of an object key or class member: `a`, `'a'` or `#a`; "" when computed."""
    if node is None:
        return ""
    if node.type == "string":
        return literal_text(node)
    return text(node) if node.type in _NAME_NODES else ""


def param_names(function: Node) -> tuple[str, ...]:
    """Parameter names in order; "" for a destructured parameter."""
    single = function.child_by_field_name("parameter")
    if single is not None:
        return (text(single),)
    params = function.child_by_field_name("parameters")
    if params is None:
        return ()
    return tuple(_param_name(p) for p in params.named_children if p.type != "comment")


def _param_name(node: Node) -> str:
    if node.type in ("required_parameter", "optional_parameter"):
        node = node.child_by_field_name("pattern") or node
    if node.type == "assignment_pattern":
        node = node.child_by_field_name("left") or node
    if node.type == "rest_pattern":
        node = node.named_child(0) or node
    return text(node) if node.type == "identifier" else ""


def jsdoc(node: Node) -> str:
    """First line of a `/** ... */` comment right before `node`."""
    before = node.prev_named_sibling
    if before is None or before.type != "comment":
        return ""
    body = text(before)
    if not body.startswith("/**"):
        return ""
    for raw in body[3:-2].splitlines():
        cleaned = raw.strip().lstrip("*").strip()
        if cleaned:
            return cleaned
    return ""


def first_error_line(root: Node) -> int:
    """Line of the first ERROR or MISSING node, walking down without recursion."""
    node = root
    while True:
        for child in node.children:
            if child.is_error or child.is_missing:
                return line(child)
            if child.has_error:
                node = child
                break
        else:
            return line(node)
