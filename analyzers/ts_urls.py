"""URL expressions in client code, read as literal text and holes, then normalised.

`${API_BASE_URL}/query` keeps its leading name as `{API_BASE_URL}` unless this file says
what the constant is (as do names right after it: `${API_BASE_URL}${QUERY_PATH}`): the graph
stage substitutes names across files later.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from analyzers.ts_syntax import (MAX_DEPTH, concatenated, fragment_text, literal_text, member_name,
                                 static_string, text, unwrap)

if TYPE_CHECKING:
    from tree_sitter import Node

_QUERY_OR_FRAGMENT = re.compile(r"[?#]")
_REPEATED_SLASH = re.compile(r"(?<!:)/{2,}")
# `${scheme}//${window.location.host}/ws`: the origin of the page itself, told by computed parts.
_COMPUTED_ORIGIN = re.compile(r"^\{[\w.$]*\}//\{[\w.$]*\}(?::\d+)?(?=/|$)")
_REPEATED_HOLE = re.compile(r"(?:\{\})+")
# How a constant is spelled (`API_ENDPOINTS.LIST`), unlike a value's property (`job.id`).
_CONSTANT_CASE = re.compile(r"[A-Z][A-Z0-9_]*")
_GLUED_TAIL = re.compile(r"(?<=[A-Za-z0-9_-])\{\}$")


@dataclass(frozen=True, slots=True)
class Hole:
    """An unknown piece of a URL: a free name, a parameter of the enclosing function, or nothing known."""

    name: str = ""
    param: int = -1


Part = Union[str, Hole]


@dataclass(frozen=True, slots=True)
class Env:
    """What names mean inside one top-level function (or at the top level)."""

    function: str
    params: tuple[str, ...]
    locals: Mapping[str, Node | None]
    constants: Mapping[str, str]

    def string(self, node: Node | None) -> str | None:
        return static_string(node, self.constants)


def url_parts(node: Node | None, env: Env, depth: int = 0) -> tuple[Part, ...]:
    """Literal text and holes of a URL expression; locals are followed through their initialiser."""
    node = unwrap(node)
    if node is None or depth > MAX_DEPTH:
        return (Hole(),)
    if node.type == "string":
        return (literal_text(node),)
    if node.type == "template_string":
        return _template_parts(node, env, depth)
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        return tuple(p for operand in concatenated(node) for p in url_parts(operand, env, depth + 1))
    if node.type == "identifier":
        return _name_parts(text(node), env, depth)
    if node.type == "member_expression":  # `API_ENDPOINTS.LIST`: an object constant, here or imported
        name = member_name(node, depth + 1)
        if name in env.constants:
            return (env.constants[name],)
        head, _, attribute = name.partition(".")
        named = (name.count(".") == 1 and head not in env.params and head not in env.locals
                 and (_CONSTANT_CASE.fullmatch(head) or _CONSTANT_CASE.fullmatch(attribute)))
        return (Hole(name=name if named else ""),)
    if node.type == "ternary_expression":
        return _branch_parts(node, env, depth)
    return (Hole(),)


def _branch_parts(node: Node, env: Env, depth: int) -> tuple[Part, ...]:
    """`q ? `/api/items?q=${q}` : '/api/items'`: the first branch with literal text."""
    for field in ("consequence", "alternative"):
        parts = url_parts(node.child_by_field_name(field), env, depth + 1)
        if any(isinstance(p, str) for p in parts):
            return parts
    return (Hole(),)


def _template_parts(node: Node, env: Env, depth: int) -> tuple[Part, ...]:
    parts: list[Part] = []
    for child in node.named_children:
        if child.type == "template_substitution":
            parts.extend(url_parts(child.named_child(0), env, depth + 1))
        elif child.type in ("string_fragment", "escape_sequence"):
            parts.append(fragment_text(child))
    return tuple(parts)


def _name_parts(name: str, env: Env, depth: int) -> tuple[Part, ...]:
    if name in env.params:
        return (Hole(param=env.params.index(name)),)
    if name in env.constants:
        return (env.constants[name],)
    if name in env.locals:
        init = env.locals[name]
        return url_parts(init, env, depth + 1) if init is not None else (Hole(),)
    return (Hole(name=name),)


def param_hole(parts: tuple[Part, ...]) -> int:
    """Index in `parts` of the first parameter that fills the URL's path, or -1."""
    for at, part in enumerate(parts):
        if isinstance(part, str) and _QUERY_OR_FRAGMENT.search(part):
            return -1
        if isinstance(part, Hole) and part.param >= 0:
            return at
    return -1


def join_text(parts: tuple[Part, ...]) -> str:
    """Parts as text: holes are `{}`, except that free names at the very start stay `{NAME}`
    (`${API_BASE_URL}${SEARCH_PATH}/x` → `{API_BASE_URL}{SEARCH_PATH}/x`)."""
    out = []
    leading = True
    for part in parts:
        leading = leading and isinstance(part, Hole) and bool(part.name)
        if isinstance(part, str):
            out.append(part)
        else:
            out.append("{" + part.name + "}" if leading else "{}")
    return _REPEATED_HOLE.sub("{}", "".join(out))


def normalise(parts: tuple[Part, ...]) -> str:
    """A URL without query string, fragment, doubled or trailing slashes, an origin made of holes
    (the page's own), nor a hole glued to the end of its last word (`/items${query}`, the query
    string a helper built)."""
    url = _QUERY_OR_FRAGMENT.split(join_text(parts), maxsplit=1)[0]
    url = _REPEATED_SLASH.sub("/", _COMPUTED_ORIGIN.sub("", url))
    url = _GLUED_TAIL.sub("", url)
    return url.rstrip("/") or ("/" if url else "")


def is_known(url: str) -> bool:
    """Worth reporting: some literal text, or a leading name the graph stage can substitute."""
    return bool(url) and url != "{}" and bool(url.replace("{}", ""))
