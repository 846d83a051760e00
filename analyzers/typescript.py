"""Facts about one JS/TS file (.ts .tsx .js .jsx .mjs .cjs), read with tree-sitter.

Each file is parsed once; the pieces live in `ts_*` modules: symbols and scopes, imports,
HTTP calls and wrappers, DOM references. A file with syntax errors still yields what the
error-tolerant parse recovered, plus a diagnostic.
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from analyzers import ts_calls, ts_dom
from analyzers.lexicon import keep_string
from analyzers.model import Diagnostic, FileFacts, Symbol
from analyzers.ts_angular import angular_components
from analyzers.ts_calls import client_facts
from analyzers.ts_dom import dom_refs, test_cases
from analyzers.ts_imports import imports, stylesheets
from analyzers.ts_symbols import read_top_level
from analyzers.ts_syntax import (Captures, arguments, first_error_line, fragment_text, grammar_for, has_kind,
                                 parse)
from analyzers.ts_syntax import text as node_text

if TYPE_CHECKING:
    from tree_sitter import Node

_MAX_NAMES = 2000
_MAX_STRINGS = 500
_TYPESCRIPT_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_IDENTIFIER_KINDS = ("identifier", "property_identifier", "shorthand_property_identifier",
                     "shorthand_property_identifier_pattern", "type_identifier", "private_property_identifier")
_JSX_KINDS = ("jsx_element", "jsx_self_closing_element")
_LITERAL_KINDS = ("string", "template_string")
_CALLS = "(call_expression) @call"
_CONSTRUCTIONS = "(new_expression) @new"
_SPECIFIER_OWNERS = frozenset({"import_statement", "export_statement", "import_require_clause"})
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")


def analyze(path: str, text: str) -> FileFacts:
    """Facts of one script; never raises (an unreadable file becomes a diagnostic)."""
    language = "typescript" if path.lower().endswith(_TYPESCRIPT_SUFFIXES) else "javascript"
    lines = text.count("\n") + 1
    too_big = _too_long(text)
    if too_big:
        return FileFacts(path, language, lines, diagnostics=(Diagnostic(path, too_big),))
    try:
        return _analyze(path, text, language, lines)
    except Exception as exc:  # RecursionError included: a pathological file must not stop a scan
        return FileFacts(path, language, lines,
                         diagnostics=(Diagnostic(path, f"could not parse: {type(exc).__name__}"),))


# tree-sitter's query cursor turns quadratic once tens of thousands of captures are open at once,
# which happens along enormous member chains (`a.b.b…`), never in hand-written code.
MAX_MEMBER_CHAIN = 2_000
# Possessive: each run of `.name` is consumed once, so the scan stays linear in the file.
_MEMBER_RUN = re.compile(r"(?:\s*+\??\.\s*+[A-Za-z_$][\w$]*+)++")


def _too_long(text: str) -> str:
    if text.count(".") > MAX_MEMBER_CHAIN and any(m.group().count(".") > MAX_MEMBER_CHAIN
                                                  for m in _MEMBER_RUN.finditer(text)):
        return f"a chain of more than {MAX_MEMBER_CHAIN:,} member accesses (generated code?); not parsed"
    return ""


# Valid code the bundled grammars reject, rewritten byte for byte into code they accept (offsets
# and lines stay put) when a file does not parse: a bare `&` in JSX text (`<p>Terms & Data</p>`,
# tree-sitter-javascript#366) reads as `|`, which is also valid wherever `&` is an operator;
# TypeScript 5's `export type * from` reads as `export * from`.
_BARE_AMPERSAND = re.compile(r"(?<=\s)&(?=\s)")
_EXPORT_TYPE_STAR = re.compile(r"\b(export\s+)type(\s+\*)")


def _grammar_gaps_bridged(text: str) -> str:
    text = _BARE_AMPERSAND.sub("|", text)
    return _EXPORT_TYPE_STAR.sub(lambda m: m.group(1) + "    " + m.group(2), text)


def _analyze(path: str, text: str, language: str, lines: int) -> FileFacts:
    grammar = grammar_for(path)
    root = parse(grammar, text).root_node
    if root.has_error:
        bridged = _grammar_gaps_bridged(text)
        retry = parse(grammar, bridged).root_node if bridged != text else root
        if not retry.has_error:
            root, text = retry, bridged
    found = Captures(grammar, root, _queries(grammar))
    calls = found.of(_CALLS).get("call", [])
    top = read_top_level(root, [n.start_byte for n in _nodes(found, _JSX_KINDS)])
    constants = dict(top.constants)
    literals = _nodes(found, _LITERAL_KINDS)
    client = client_facts(found, calls, top, found.of(_CONSTRUCTIONS).get("new", []))
    found_imports = imports(root, calls)
    components, component_files = angular_components(text)
    symbols = _with_components(top.symbols, components)
    diagnostics: tuple[Diagnostic, ...] = ()
    if root.has_error:
        where = first_error_line(root)
        diagnostics = (Diagnostic(path, f"syntax error near line {where}; facts may be partial"),)
    return FileFacts(
        path, language, lines,
        symbols=symbols,
        imports=found_imports,
        tests=test_cases(calls, constants),
        client_calls=client.client_calls,
        wrappers=client.wrappers,
        call_sites=client.call_sites,
        uses=client.uses,
        constants=top.constants,
        dom=dom_refs(found, calls, literals, constants),
        stylesheets=stylesheets(found_imports) + tuple(f for f in component_files if not f.endswith(".html")),
        scripts=tuple(f for f in component_files if f.endswith(".html")),
        identifiers=_identifiers(found),
        strings=_strings(found, literals, calls),
        diagnostics=diagnostics,
    )


def _with_components(symbols: tuple[Symbol, ...], components: tuple[Symbol, ...]) -> tuple[Symbol, ...]:
    """Angular component classes are components, not plain classes."""
    names = {c.name for c in components}
    return tuple(Symbol(s.name, "component", s.line, s.doc, s.exported) if s.name in names else s for s in symbols)


@functools.cache
def _queries(grammar: str) -> tuple[str, ...]:
    """Every query the analysis of one file asks, so that one walk of its tree answers them all."""
    kinds = (_JSX_KINDS, _LITERAL_KINDS, _IDENTIFIER_KINDS, ("jsx_text",), ("jsx_attribute",))
    own = tuple(q for q in (_kinds_query(grammar, k) for k in kinds) if q)
    return (_CALLS, _CONSTRUCTIONS, *own, *ts_calls.queries(grammar), *ts_dom.queries(grammar))


@functools.cache
def _kinds_query(grammar: str, kinds: tuple[str, ...]) -> str:
    """A query for nodes of the given kinds (those the grammar has); "" when it has none."""
    present = [k for k in kinds if has_kind(grammar, k)]
    return "[" + " ".join(f"({k})" for k in present) + "] @node" if present else ""


def _nodes(found: Captures, kinds: tuple[str, ...]) -> list[Node]:
    """Nodes of the given kinds (those the grammar has), in source order."""
    source = _kinds_query(found.grammar, kinds)
    return found.of(source).get("node", []) if source else []


def _identifiers(found: Captures) -> tuple[str, ...]:
    spelled = {n.text for n in _nodes(found, _IDENTIFIER_KINDS)}  # names recur: decode each once
    names = {raw.decode("utf-8", "replace").lstrip("#") for raw in spelled if raw is not None}
    return tuple(sorted(n for n in names if _NAME.fullmatch(n)))[:_MAX_NAMES]


def _strings(found: Captures, literals: list[Node], calls: list[Node]) -> tuple[str, ...]:
    """User-facing text: string literals, templates and JSX text; not import specifiers or classes."""
    code = _code_strings(found, calls)
    texts = set()
    for node in literals:
        if node.start_byte not in code:
            texts.add("".join(fragment_text(c) if c.type != "template_substitution" else " "
                              for c in node.children))
    texts.update(node_text(n) for n in _nodes(found, ("jsx_text",)))
    cleaned = {_SPACES.sub(" ", _TAG.sub(" ", s)).strip() for s in texts}
    return tuple(sorted(s for s in cleaned if keep_string(s)))[:_MAX_STRINGS]


def _code_strings(captured: Captures, calls: list[Node]) -> set[int]:
    """Start bytes of strings that are module specifiers or CSS names, not prose.

    Found from the owners down, since `Node.parent` walks from the root on every call.
    """
    found = set()
    for node in captured.root.named_children:
        for owner in (node, *node.named_children):
            source = owner.child_by_field_name("source") if owner.type in _SPECIFIER_OWNERS else None
            if source is not None:
                found.add(source.start_byte)
    for call in calls:
        callee = call.child_by_field_name("function")
        args = arguments(call)
        if args and callee is not None and (callee.type == "import" or node_text(callee) == "require"):
            found.add(args[0].start_byte)
    for attr in _nodes(captured, ("jsx_attribute",)):
        children = attr.named_children
        if len(children) == 2 and node_text(children[0]) in ("className", "class", "id"):
            value = children[1]
            if value.type == "jsx_expression" and value.named_child_count:
                value = value.named_children[0]
            found.add(value.start_byte)
    return found
