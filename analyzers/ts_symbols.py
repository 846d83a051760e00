"""Top-level definitions of a JS/TS file: symbols, the functions that own calls, constants."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzers.model import Symbol
from analyzers.ts_syntax import (jsdoc, line, member_name, property_key, static_string, text,
                                 unwrap)

if TYPE_CHECKING:
    from tree_sitter import Node

_NAMED_KINDS = {"interface_declaration": "interface", "type_alias_declaration": "type",
                "enum_declaration": "enum"}
_CLASSES = frozenset({"class_declaration", "abstract_class_declaration"})
_FUNCTIONS = frozenset({"function_declaration", "generator_function_declaration", "function_signature"})
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "generator_function"})
_VARIABLES = frozenset({"lexical_declaration", "variable_declaration"})
_MAX_NESTING = 3  # object literals inside an object of methods whose functions are named


@dataclass(frozen=True, slots=True)
class Scope:
    """A top-level function or method; calls inside it are attributed to `name`."""

    name: str
    node: Node
    line: int


@dataclass(frozen=True, slots=True)
class TopLevel:
    symbols: tuple[Symbol, ...]
    scopes: tuple[Scope, ...]  # source order, never nested
    values: tuple[tuple[str, Node], ...]  # top-level `const name = value`, source order
    constants: tuple[tuple[str, str], ...]  # sorted by name


def read_top_level(root: Node, jsx_starts: list[int]) -> TopLevel:
    """Symbols, scopes and string constants declared at the top level of `root`."""
    reader = _Reader(jsx_starts)
    for node in root.named_children:
        reader.statement(node, node, exported=False)
    return reader.result()


class _Reader:
    def __init__(self, jsx_starts: list[int]) -> None:
        self.jsx_starts = jsx_starts
        self.symbols: list[Symbol] = []
        self.scopes: list[Scope] = []
        self.values: list[tuple[str, Node]] = []
        self.constants: dict[str, str] = {}
        self.exported: set[str] = set()

    def result(self) -> TopLevel:
        seen: set[str] = set()
        symbols = []
        for symbol in self.symbols:
            if symbol.name not in seen:
                seen.add(symbol.name)
                if not symbol.exported and symbol.name.split(".", 1)[0] in self.exported:
                    symbol = Symbol(symbol.name, symbol.kind, symbol.line, symbol.doc, True)
                symbols.append(symbol)
        return TopLevel(tuple(symbols), tuple(sorted(self.scopes, key=lambda s: s.node.start_byte)),
                        tuple(self.values), tuple(sorted(self.constants.items())))

    def statement(self, node: Node, anchor: Node, exported: bool) -> None:
        kind = node.type
        if kind == "export_statement":
            self._export(node)
        elif kind == "ambient_declaration":
            for child in node.named_children:
                self.statement(child, anchor, exported)
        elif kind in _FUNCTIONS:
            self._function(node, anchor, exported)
        elif kind in _CLASSES:
            self._class(node, anchor, exported)
        elif kind in _NAMED_KINDS:
            self._add(node.child_by_field_name("name"), _NAMED_KINDS[kind], anchor, exported)
        elif kind in _VARIABLES:
            constant = text(node.child(0)) == "const"
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self._variable(declarator, anchor, exported, constant)
        elif kind == "expression_statement":
            self._module_exports(node.named_child(0))

    def _add(self, name: Node | None, kind: str, anchor: Node, exported: bool, label: str = "") -> None:
        if name is not None:
            self.symbols.append(Symbol(label or text(name), kind, line(name), jsdoc(anchor), exported))

    def _scope(self, name: str, node: Node) -> None:
        self.scopes.append(Scope(name, node, line(node)))

    def _is_component(self, name: str, node: Node) -> bool:
        if not name[:1].isupper():
            return False
        at = bisect.bisect_left(self.jsx_starts, node.start_byte)
        return at < len(self.jsx_starts) and self.jsx_starts[at] < node.end_byte

    def _export(self, node: Node) -> None:
        declaration = node.child_by_field_name("declaration")
        if declaration is not None:
            self.statement(declaration, node, exported=True)
            return
        value = node.child_by_field_name("value")
        if value is not None and value.type == "identifier":
            self.exported.add(text(value))
        if node.child_by_field_name("source") is None:
            for clause in node.named_children:
                if clause.type == "export_clause":
                    self.exported.update(text(s.child_by_field_name("name")) for s in clause.named_children
                                         if s.type == "export_specifier")

    def _function(self, node: Node, anchor: Node, exported: bool) -> None:
        name = node.child_by_field_name("name")
        if name is None:
            return
        kind = "component" if self._is_component(text(name), node) else "function"
        self._add(name, kind, anchor, exported)
        if node.type != "function_signature":
            self._scope(text(name), node)

    def _class(self, node: Node, anchor: Node, exported: bool) -> None:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is None or body is None:
            return
        self._add(name, "class", anchor, exported)
        for member in body.named_children:
            method, function = _method(member)
            if method and function is not None:
                label = f"{text(name)}.{method}"
                self._scope(label, function)
                if method != "constructor":
                    self._add(member, "function", member, exported, label)

    def _variable(self, declarator: Node, anchor: Node, exported: bool, constant: bool) -> None:
        name = declarator.child_by_field_name("name")
        value = unwrap(declarator.child_by_field_name("value"))
        if name is None or name.type != "identifier":
            return
        label = text(name)
        if value is not None:
            self.values.append((label, value))
        literal = static_string(value, self.constants) if constant else None
        if literal is not None:
            self.constants[label] = literal
        if value is not None and (value.type in _FUNCTION_VALUES or self._is_component(label, value)):
            self._add(name, "component" if self._is_component(label, value) else "function", anchor, exported)
            self._scope(label, value)
            return
        self._add(name, "const", anchor, exported)
        if value is not None and value.type == "object":
            self._object_methods(label, value, exported)
            if constant:
                self._endpoint_paths(label, value)

    def _endpoint_paths(self, owner: str, obj: Node) -> None:
        """`const API_ENDPOINTS = { LIST: `${API_BASE_URL}/items` }`: each URL-path value is a
        constant `API_ENDPOINTS.LIST`, for calls that name it."""
        for member in obj.named_children:
            if member.type != "pair":
                continue
            key = property_key(member.child_by_field_name("key"))
            literal = static_string(member.child_by_field_name("value"), self.constants)
            if key and literal is not None and literal.startswith(("/", "http")):
                self.constants[f"{owner}.{key}"] = literal

    def _object_methods(self, owner: str, obj: Node, exported: bool, depth: int = 0) -> None:
        """`api = { list() {…}, auth: { login() {…} } }` defines `api.list` and `api.auth.login`."""
        for member in obj.named_children:
            method, function = _method(member)
            if method and function is not None:
                label = f"{owner}.{method}"
                self._scope(label, function)
                self._add(member, "function", member, exported, label)
            elif member.type == "pair" and depth < _MAX_NESTING:
                key = property_key(member.child_by_field_name("key"))
                value = unwrap(member.child_by_field_name("value"))
                if key and value is not None and value.type == "object":
                    self._object_methods(f"{owner}.{key}", value, exported, depth + 1)

    def _module_exports(self, node: Node | None) -> None:
        """`module.exports = {a, b}` and `exports.c = ...` mark CommonJS exports."""
        if node is None or node.type != "assignment_expression":
            return
        target = member_name(node.child_by_field_name("left"))
        value = unwrap(node.child_by_field_name("right"))
        if target.startswith("exports."):
            self.exported.add(target.split(".", 1)[1])
        elif target == "module.exports" and value is not None:
            if value.type == "identifier":
                self.exported.add(text(value))
            elif value.type == "object":
                self.exported.update(text(c) for c in value.named_children
                                     if c.type == "shorthand_property_identifier")


def _method(member: Node) -> tuple[str, Node | None]:
    """(name, function node) of an object or class member that is a function."""
    if member.type == "method_definition":
        return property_key(member.child_by_field_name("name")), member
    if member.type in ("pair", "public_field_definition", "field_definition"):
        key = (member.child_by_field_name("key") or member.child_by_field_name("name")
               or member.child_by_field_name("property"))
        value = unwrap(member.child_by_field_name("value"))
        if value is not None and value.type in _FUNCTION_VALUES:
            return property_key(key), value
    return "", None
