"""Imports of a JS/TS file: `import`, `export ... from`, `require()` and dynamic `import()`.

Names are written `original as bound` (`default as App`, `* as api`, `get as fetchItem`), the
form `analyzers.paths.bound_name`/`original_name` read back when binding names to files.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analyzers.model import ImportFact
from analyzers.ts_syntax import arguments, line, literal_text, static_string, text

if TYPE_CHECKING:
    from tree_sitter import Node

_SPECIFIERS = frozenset({"import_specifier", "export_specifier"})
_STYLESHEET = re.compile(r"\.(?:css|scss|sass|less)$", re.I)


def imports(root: Node, calls: list[Node]) -> tuple[ImportFact, ...]:
    """Static imports and re-exports at the top level, then `require`/`import()` calls anywhere."""
    found = []
    for node in root.named_children:
        fact = _statement_import(node)
        if fact is not None:
            found.append(fact)
    for call in calls:
        fact = _call_import(call)
        if fact is not None:
            found.append(fact)
    return tuple(sorted(found, key=lambda f: (f.line, f.module, f.names)))


def stylesheets(facts: tuple[ImportFact, ...]) -> tuple[str, ...]:
    """Imported stylesheets (`import './App.css'`), in source order, each once."""
    return tuple(dict.fromkeys(f.module for f in facts if _STYLESHEET.search(f.module.split("?", 1)[0])))


def _statement_import(node: Node) -> ImportFact | None:
    if node.type not in ("import_statement", "export_statement"):
        return None
    source = node.child_by_field_name("source")
    names: list[str] = []
    for child in node.named_children:
        if child.type == "import_require_clause":
            source = child.child_by_field_name("source")
            names.append(f"* as {text(child.named_child(0))}")
        else:
            names.extend(_clause_names(child))
    if source is None or source.type != "string":
        return None
    if node.type == "export_statement" and not names:
        names.append("*")
    return ImportFact(literal_text(source), tuple(sorted(names)), line(node))


def _clause_names(node: Node) -> list[str]:
    if node.type == "import_clause":
        return [n for child in node.named_children for n in _clause_names(child)]
    if node.type == "identifier":
        return [f"default as {text(node)}"]
    if node.type in ("namespace_import", "namespace_export"):
        return [f"* as {text(node.named_child(node.named_child_count - 1))}"]
    if node.type in ("named_imports", "export_clause"):
        return [_specifier(s) for s in node.named_children if s.type in _SPECIFIERS]
    return []


def _specifier(node: Node) -> str:
    name = _name_text(node.child_by_field_name("name"))
    alias = _name_text(node.child_by_field_name("alias"))
    return f"{name} as {alias}" if alias and alias != name else name


def _name_text(node: Node | None) -> str:
    if node is None:
        return ""
    return literal_text(node) if node.type == "string" else text(node)


def _call_import(call: Node) -> ImportFact | None:
    function = call.child_by_field_name("function")
    if function is None or not (function.type == "import" or text(function) == "require"):
        return None
    args = arguments(call)
    module = static_string(args[0], {}) if args else None
    if not module:
        return None
    return ImportFact(module, _bound_names(call), line(call))


def _bound_names(call: Node) -> tuple[str, ...]:
    """What `const x = require('m')` or `const {a, b: c} = await import('m')` binds."""
    parent = call.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    if parent is None or parent.type != "variable_declarator":
        return ()
    target = parent.child_by_field_name("name")
    if target is None:
        return ()
    if target.type == "identifier":
        return (f"* as {text(target)}",)
    if target.type != "object_pattern":
        return ()
    names = []
    for child in target.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            names.append(text(child))
        elif child.type == "pair_pattern":
            key, value = _name_text(child.child_by_field_name("key")), text(child.child_by_field_name("value"))
            names.append(key if key == value else f"{key} as {value}")
    return tuple(sorted(names))
