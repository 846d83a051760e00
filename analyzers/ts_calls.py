"""HTTP requests in client code: fetch/axios calls, the wrappers around them, calls to imports.

A function becomes a wrapper when one of its parameters fills the path of a request URL.
Wrappers are found to a fixed point, so a wrapper around a wrapper is one too.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzers.model import WEBSOCKET, CallSite, ClientCall, Use, Wrapper
from analyzers.ts_symbols import TopLevel
from analyzers.ts_syntax import (HTTP_METHODS, Captures, arguments, has_kind, line, member_name,
                                 param_names, property_key, text, unwrap)
from analyzers.ts_urls import Env, Hole, Part, is_known, join_text, normalise, param_hole, url_parts

if TYPE_CHECKING:
    from tree_sitter import Node

_FETCH = frozenset({"fetch", "window.fetch", "globalThis.fetch", "self.fetch"})
_AXIOS_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
# The method of the route a browser connection opens: a websocket route, or an event stream's GET.
_CONNECTIONS = {"WebSocket": WEBSOCKET, "EventSource": "GET"}
_HTTP_CLIENTS = frozenset({"http", "this.http", "httpClient", "this.httpClient", "$http", "this.$http"})
# Parameters named like this carry a whole endpoint, so their function is plumbing, not a call.
_URLISH = re.compile(r"(?i)url|path|endpoint|route|uri|href|resource|input")
# Callees whose URL-looking arguments are navigation, logging or test scaffolding.
_GLOBALS = frozenset({"console", "window", "document", "location", "history", "navigator", "require",
                      "localStorage", "sessionStorage", "JSON", "Object", "Array", "Promise", "URL",
                      "describe", "it", "test", "expect", "vi", "jest", "cy", "import", "this"})
_MAX_ROUNDS = 6
_MAX_USES = 300  # distinct foreign callees kept per file
_GET = ("GET",)
# `${API_BASE_URL}/items`, `${API_BASE_URL}${ITEMS_PATH}`, `API_ENDPOINTS.ITEMS`: names the graph stage can look up.
_NAMED_BASE = re.compile(r"^\{[A-Za-z_$][\w$]*\}(?:/|\{[A-Za-z_$][\w$]*\})|^\{[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*\}(?:/|$)")
_DECLARED = """
(variable_declarator name: (identifier)) @declarator
(function_declaration name: (identifier) @name)
(class_declaration name: (_) @name)
(shorthand_property_identifier_pattern) @name
(arrow_function parameter: (identifier) @name)
(assignment_pattern left: (identifier) @name)
(rest_pattern (identifier) @name)
(array_pattern (identifier) @name)
(catch_clause parameter: (identifier) @name)
"""
_TS_PARAMS = """
(required_parameter pattern: (identifier) @name)
(optional_parameter pattern: (identifier) @name)
"""
_JS_PARAMS = "(formal_parameters (identifier) @name)"
# Class members that hold an injected service: `api: ApiService`, `api = inject(ApiService)` and the
# constructor's `private api: ApiService`, so that `this.api.getItems()` calls `ApiService.getItems`.
_MEMBERS = """
(public_field_definition) @field
(required_parameter (accessibility_modifier)) @param
"""


@dataclass(frozen=True, slots=True)
class ClientFacts:
    client_calls: tuple[ClientCall, ...]
    wrappers: tuple[Wrapper, ...]
    call_sites: tuple[CallSite, ...]
    uses: tuple[Use, ...]


@dataclass(frozen=True, slots=True)
class _Request:
    via: str
    parts: tuple[Part, ...]
    methods: tuple[str, ...]  # more than one for `method: done ? 'PUT' : 'DELETE'`
    method_param: int = -1


@dataclass(frozen=True, slots=True)
class _Wrapper:
    name: str
    param: int
    prefix: tuple[Part, ...]
    methods: tuple[str, ...]
    method_param: int
    line: int


@dataclass(frozen=True, slots=True)
class _Call:
    node: Node
    callee: str
    env: Env
    scope: int


def queries(grammar: str) -> tuple[str, ...]:
    """The queries `client_facts` asks of a file in this grammar."""
    return (_declared_query(grammar), *_member_query(grammar))


def client_facts(found: Captures, calls: list[Node], top: TopLevel,
                 constructions: Sequence[Node] = ()) -> ClientFacts:
    """Client calls, wrappers and call sites of imported wrappers, in source order. `constructions`
    are the file's `new` expressions, of which `new WebSocket(url)` and `new EventSource(url)` open
    a connection to a route."""
    reader = _Reader(found, top)
    found = [_Call(c, _callee(c), *reader.env_of(c)) for c in calls]
    found += [_Call(n, f"new {name}", *reader.env_of(n)) for n in constructions if (name := _connection(n))]
    found = sorted((c for c in found if c.callee), key=lambda c: c.node.start_byte)
    reader.find_wrappers(found)
    return reader.facts(found)


class _Reader:
    def __init__(self, found: Captures, top: TopLevel) -> None:
        self.scopes = top.scopes
        self.starts = [s.node.start_byte for s in top.scopes]
        self.constants = dict(top.constants)
        self.declared, buckets = _declarations(found, self.scope_index)
        self.declared |= {s.name for s in top.symbols}
        self.envs = [Env(s.name, param_names(s.node), buckets.get(i, {}), self.constants)
                     for i, s in enumerate(self.scopes)]
        self.top_env = Env("", (), buckets.get(-1, {}), self.constants)
        self.instances = _axios_instances(top, self.top_env)
        self.wrappers: dict[str, _Wrapper] = {}
        self.member_types = _member_types(found)

    def scope_index(self, node: Node) -> int:
        at = bisect.bisect_right(self.starts, node.start_byte) - 1
        return at if at >= 0 and node.end_byte <= self.scopes[at].node.end_byte else -1

    def env_of(self, node: Node) -> tuple[Env, int]:
        at = self.scope_index(node)
        return (self.envs[at] if at >= 0 else self.top_env), at

    def find_wrappers(self, calls: list[_Call]) -> None:
        for _ in range(_MAX_ROUNDS):
            before = len(self.wrappers)
            for call in calls:
                request = self.request(call)
                if request is not None and call.scope >= 0 and param_hole(request.parts) >= 0:
                    self._add_wrapper(request, call.scope)
            if len(self.wrappers) == before:
                return

    def _add_wrapper(self, request: _Request, scope: int) -> None:
        name = self.scopes[scope].name
        if name not in self.wrappers:
            at = param_hole(request.parts)
            hole = request.parts[at]
            assert isinstance(hole, Hole)
            self.wrappers[name] = _Wrapper(name, hole.param, request.parts[:at], request.methods,
                                           request.method_param, self.scopes[scope].line)

    def facts(self, calls: list[_Call]) -> ClientFacts:
        client_calls: list[ClientCall] = []
        sites: list[CallSite] = []
        uses: dict[str, Use] = {}
        for call in calls:
            request = self.request(call)
            if request is not None:
                url = self._reported_url(request, call.env)
                client_calls.extend(ClientCall(m, url, request.via, call.env.function, line(call.node))
                                    for m in request.methods if url)
            elif (site := self._call_site(call)) is not None:
                sites.append(site)
            elif (callee := self._used(call.callee)) and callee not in uses and len(uses) < _MAX_USES:
                uses[callee] = Use(callee, call.env.function, line(call.node))
        return ClientFacts(tuple(client_calls), self._public_wrappers(), tuple(sites), tuple(uses.values()))

    def _used(self, callee: str) -> str:
        """The name a call of something from elsewhere is made through: the callee as written, or
        `ApiService.getItems` for `this.api.getItems()` on a member holding an `ApiService`."""
        member, dot, method = callee.removeprefix("this.").partition(".")
        kind = self.member_types.get(member) if callee.startswith("this.") and dot else None
        if kind and "." not in method and kind not in self.declared:
            return f"{kind}.{method}"
        return callee if self._foreign(callee) else ""

    def _foreign(self, callee: str) -> bool:
        """A call of a name from elsewhere (an import, as far as this file can tell)."""
        root = callee.split(".", 1)[0]
        return bool(root) and not callee.startswith(("new ", "(")) and root not in self.declared \
            and root not in _GLOBALS

    def _reported_url(self, request: _Request, env: Env) -> str:
        at = param_hole(request.parts)
        if at >= 0:
            hole = request.parts[at]
            assert isinstance(hole, Hole)
            # `getBook(id)` fetching `/api/books/${id}` is still a call; `request(path)` is not.
            if _URLISH.search(env.params[hole.param]):
                return ""
        url = normalise(request.parts)
        return url if is_known(url) else ""

    def _public_wrappers(self) -> tuple[Wrapper, ...]:
        found = [Wrapper(w.name, w.param, join_text(w.prefix), w.methods[0], w.line)
                 for w in self.wrappers.values()]
        for name, (base, at) in self.instances.items():
            found += [Wrapper(f"{name}.{verb}", 0, join_text(base), verb.upper(), at)
                      for verb in ("get", "post", "put", "patch", "delete")]
        return tuple(sorted(found, key=lambda w: (w.line, w.name)))

    def request(self, call: _Call) -> _Request | None:
        args = arguments(call.node)
        if not args:
            return None
        if call.callee.startswith("new "):
            kind = call.callee.removeprefix("new ")
            return _Request(kind, url_parts(args[0], call.env), (_CONNECTIONS[kind],))
        if call.callee in _FETCH:
            methods, hole = _methods(args[1] if len(args) > 1 else None, call.env)
            return _Request("fetch", url_parts(args[0], call.env), methods or _GET, hole)
        head, _, verb = call.callee.rpartition(".")
        if head in _HTTP_CLIENTS and head not in self.instances and verb in _AXIOS_VERBS:
            # Angular's HttpClient (and look-alikes): `this.http.get<T>(url, body)`.
            return _Request("http", url_parts(args[0], call.env), (verb.upper(),))
        if call.callee == "axios" or head == "axios" or head in self.instances:
            return self._axios(head, verb, args, call.env)
        wrapper = self.wrappers.get(_own_name(call.callee, call.env))
        return self._wrapper_call(wrapper, args, call.env) if wrapper else _configured(verb, args, call.env)

    def _axios(self, head: str, verb: str, args: list[Node], env: Env) -> _Request | None:
        base = self.instances[head][0] if head in self.instances else ()
        if verb in _AXIOS_VERBS:
            return _Request("axios", base + url_parts(args[0], env), (verb.upper(),))
        if verb not in ("axios", "request"):
            return None
        config = unwrap(args[0])
        if config is not None and config.type == "object":
            methods, hole = _methods(config, env)
            return _Request("axios", base + url_parts(_pair(config, "url"), env), methods or _GET, hole)
        methods, hole = _methods(args[1] if len(args) > 1 else None, env)
        return _Request("axios", base + url_parts(args[0], env), methods or _GET, hole)

    def _wrapper_call(self, wrapper: _Wrapper, args: list[Node], env: Env) -> _Request | None:
        if wrapper.param >= len(args):
            return None
        parts = url_parts(args[wrapper.param], env)
        if not any(isinstance(p, str) for p in parts) and param_hole(parts) < 0 and not _named_pair(parts):
            return None
        methods, hole = next((m for m in (_methods(a, env) for a in args) if m != ((), -1)), ((), -1))
        if not methods and hole < 0 and 0 <= wrapper.method_param < len(args):
            methods, hole = _method_values(args[wrapper.method_param], env)
        return _Request(wrapper.name, wrapper.prefix + parts, methods or wrapper.methods, hole)

    def _call_site(self, call: _Call) -> CallSite | None:
        root = call.callee.split(".", 1)[0]
        args = arguments(call.node)
        if root in self.declared or root in _GLOBALS or not args:
            return None
        first = unwrap(args[0])
        if first is None or first.type not in ("string", "template_string", "member_expression"):
            return None
        url = normalise(url_parts(first, call.env))
        if not url.startswith(("/", "http")) and not _NAMED_BASE.match(url):
            return None
        methods = next((m for m, _ in (_methods(a, call.env) for a in args[1:]) if m), ("",))
        return CallSite(call.callee, url, methods[0], call.env.function, line(call.node))


def _named_pair(parts: tuple[Part, ...]) -> bool:
    """`${API_BASE_URL}${SEARCH_PATH}`: two names the graph stage may know, though no text is literal."""
    return len(parts) >= 2 and all(isinstance(p, Hole) and p.name for p in parts[:2])


def _connection(construction: Node) -> str:
    """`WebSocket` for `new WebSocket(url)` (or `new window.WebSocket(url)`), `` for other classes."""
    owner, _, name = member_name(construction.child_by_field_name("constructor")).rpartition(".")
    return name if name in _CONNECTIONS and owner in ("", "window", "globalThis", "self") else ""


def _callee(call: Node) -> str:
    """The called name; for a verb called on an expression (`(options.client ?? client).delete(…)`,
    as generated API clients do) `(…).delete`, so that its request options can still be read."""
    function = call.child_by_field_name("function")
    name = member_name(function)
    node = unwrap(function)
    if name or node is None or node.type != "member_expression":
        return name
    verb = text(node.child_by_field_name("property"))
    return f"(…).{verb}" if verb in _AXIOS_VERBS else ""


def _configured(verb: str, args: list[Node], env: Env) -> _Request | None:
    """A request described by an options object: `client.delete({url: '/api/items/{id}'})` or
    `__request(OpenAPI, {method: 'DELETE', url: '/api/items/{id}'})`, as generated API clients
    (openapi-ts, openapi-typescript-codegen) and `$.ajax` write them. It needs a `url` and a
    method, from a `method` key or the verb called."""
    for arg in args[:2]:
        options = unwrap(arg)
        url = _pair(options, "url") if options is not None and options.type == "object" else None
        if url is None:
            continue
        methods, hole = _methods(options, env)
        if not methods and hole < 0 and verb in _AXIOS_VERBS:
            methods = (verb.upper(),)
        return _Request("options", url_parts(url, env), methods, hole) if methods or hole >= 0 else None
    return None


def _own_name(callee: str, env: Env) -> str:
    """`this.request` inside `api.query` means `api.request`."""
    if callee.startswith("this.") and "." in env.function:
        return env.function.split(".", 1)[0] + callee[4:]
    return callee


def _methods(options: Node | None, env: Env) -> tuple[tuple[str, ...], int]:
    """HTTP methods of a request-options object: (("POST",), -1), or ((), i) when parameter i sets it."""
    node = unwrap(options)
    if node is not None and node.type == "identifier" and text(node) in env.locals:
        node = unwrap(env.locals[text(node)])
    if node is None or node.type != "object":
        return (), -1
    for child in node.named_children:
        if child.type == "pair" and property_key(child.child_by_field_name("key")) == "method":
            return _method_values(child.child_by_field_name("value"), env)
        if child.type == "shorthand_property_identifier" and text(child) == "method":
            return _method_values(child, env)
    return (), -1


def _method_values(node: Node | None, env: Env) -> tuple[tuple[str, ...], int]:
    node = unwrap(node)
    if node is not None and node.type == "ternary_expression":
        branches = [(env.string(node.child_by_field_name(f)) or "").upper()
                    for f in ("consequence", "alternative")]
        return tuple(dict.fromkeys(b for b in branches if b in HTTP_METHODS)), -1
    value = (env.string(node) or "").upper()
    if value in HTTP_METHODS:
        return (value,), -1
    named = node is not None and node.type in ("identifier", "shorthand_property_identifier")
    name = text(node) if named else ""
    return (), env.params.index(name) if name in env.params else -1


def _pair(obj: Node, key: str) -> Node | None:
    for child in obj.named_children:
        if child.type == "pair" and property_key(child.child_by_field_name("key")) == key:
            return child.child_by_field_name("value")
    return None


def _axios_instances(top: TopLevel, env: Env) -> dict[str, tuple[tuple[Part, ...], int]]:
    """`const http = axios.create({baseURL: '/api'})`: name → (base URL parts, line)."""
    found = {}
    for name, value in top.values:
        callee = member_name(value.child_by_field_name("function")) if value.type == "call_expression" else ""
        if callee == "axios.create":
            args = arguments(value)
            config = unwrap(args[0]) if args else None
            base = _pair(config, "baseURL") if config is not None and config.type == "object" else None
            found[name] = (url_parts(base, env) if base is not None else (), line(value))
    return found


def _member_query(grammar: str) -> tuple[str, ...]:
    return (_MEMBERS,) if has_kind(grammar, "public_field_definition") else ()


def _member_types(captured: Captures) -> dict[str, str]:
    """Member name → the class it holds, for members typed or injected with one class name; a name
    two classes of the file give different types is left out."""
    if not _member_query(captured.grammar):
        return {}
    found = captured.of(_MEMBERS)
    seen: dict[str, set[str]] = {}
    for node in found.get("field", []):
        name, value = node.child_by_field_name("name"), unwrap(node.child_by_field_name("value"))
        kind = _annotated(node)
        if not kind and value is not None and value.type == "call_expression" \
                and text(value.child_by_field_name("function")) == "inject":
            args = arguments(value)
            kind = text(args[0]) if args and args[0].type == "identifier" else ""
        if name is not None and kind:
            seen.setdefault(text(name), set()).add(kind)
    for node in found.get("param", []):
        name = node.child_by_field_name("pattern")
        if name is not None and name.type == "identifier" and (kind := _annotated(node)):
            seen.setdefault(text(name), set()).add(kind)
    return {name: kinds.pop() for name, kinds in seen.items() if len(kinds) == 1}


def _annotated(node: Node) -> str:
    """`X` of a `name: X` annotation, when X is a plain class name."""
    annotation = node.child_by_field_name("type")
    kind = annotation.named_children[0] if annotation is not None and annotation.named_children else None
    return text(kind) if kind is not None and kind.type == "type_identifier" else ""


@functools.cache
def _declared_query(grammar: str) -> str:
    return _DECLARED + (_TS_PARAMS if has_kind(grammar, "required_parameter") else _JS_PARAMS)


def _declarations(captured: Captures,
                  index: Callable[[Node], int]) -> tuple[set[str], dict[int, dict[str, Node | None]]]:
    """Every name declared in the file, and each scope's locals (initialiser or None)."""
    found = captured.of(_declared_query(captured.grammar))
    declared: set[str] = set()
    buckets: dict[int, dict[str, Node | None]] = {}
    for node in found.get("declarator", []):
        name = text(node.child_by_field_name("name"))
        declared.add(name)
        buckets.setdefault(index(node), {}).setdefault(name, node.child_by_field_name("value"))
    for node in found.get("name", []):
        name = text(node)
        declared.add(name)
        buckets.setdefault(index(node), {}).setdefault(name, None)
    return declared, buckets
