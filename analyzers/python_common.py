"""What the two Python analyzers (`python_ast`, and `python` with libcst) share.

The guards that keep hostile files away from either parser, the regex line index that gives
every fact its line, and the lexical evidence. Both analyzers must produce identical facts, so
anything that does not depend on the parse tree lives here, once.
"""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, replace
from typing import TypeVar

from analyzers.lexicon import keep_string
from analyzers.model import WEBSOCKET, ClientCall, Diagnostic, FileFacts, Route, RouterDecl

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "options", "head")
MODEL_BASES = frozenset({"BaseModel", "SQLModel", "BaseSettings", "RootModel"})
ROUTER_FACTORIES = ("APIRouter", "FastAPI")
# `router.add_api_route("/x", handler, methods=["POST"])`: a route registered by a call.
ADD_ROUTE = "add_api_route"
# A class-based view's own parameter: nothing a request sends (see `Route.params`).
RECEIVERS = ("self", "cls")
T = TypeVar("T")  # a parse tree's expression node: libcst's or ast's

# libcst's native parser recurses per nesting level and overflows the C stack (a segfault,
# not a RecursionError) somewhere past 1,000 levels; CPython itself refuses more than 200.
MAX_NESTING = 150
# libcst's parser also recurses (or goes quadratic) along flat chains that CPython accepts:
# `a and a and …`, `not not …`, `a[0][0]…`, `a.b.b…`, `-…-1`, long elif ladders. No hand-written
# code comes near these bounds; generated code that does is skipped with a reason.
MAX_CHAIN = 1000
MAX_STATEMENT_CHAIN = 1500

_BRACKETS = str.maketrans({c: None for c in map(chr, range(128)) if c not in "()[]{}"})
_QUOTED = re.compile(r"'[^'\\\n]*'|\"[^\"\\\n]*\"")
_CHAIN_TOKEN = re.compile(r"\band\b|\bor\b|\bnot\b|\blambda\b|[.\[(+\-*/%@|&^~<>]")
_LOGICAL = re.compile(r"\band\b|\bor\b|\bnot\b|\blambda\b|[.+\-*/%@|&^~<>]|[\[({]|[\])}]|\n")
_LONG_INDENT = re.compile(rf"^[ \t]{{{MAX_NESTING + 1}}}", re.M)
_ELIF = re.compile(r"^[ \t]*elif\b", re.M)
_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.M)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+\S+[ \t]+import\b|import[ \t]+[\w.])", re.M)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_PARAMETER = re.compile(r"\{[A-Za-z_]\w*(?::\w+)?\}")  # FastAPI's `{item_id}`, `{file_path:path}`
_STRING = re.compile(r"\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'")
# `client.get("/api/books")`, `test_client.delete(f"/api/books/{book_id}")`: a test client's request.
_REQUEST = re.compile(r"\.(get|post|put|patch|delete)\(\s*f?(?:\"(/[^\"\s\\{}]*(?:\{[^\"{}\n]*\}[^\"\s\\{}]*)*)\""
                      r"|'(/[^'\s\\{}]*(?:\{[^'{}\n]*\}[^'\s\\{}]*)*)')")
_MAX_REQUESTS = 200
_KEYWORDS = frozenset(keyword.kwlist) | {"self", "cls", "None", "True", "False"}
_MAX_NAMES = 2000
_MAX_STRINGS = 500


def unparsable(path: str, text: str) -> FileFacts | None:
    """The facts of a file no parser should be given (too deep, too long a chain), else None."""
    if too_deep(text):
        return skipped(path, text, f"nesting deeper than {MAX_NESTING} levels; not parsed")
    chain = too_long_chain(text)
    return skipped(path, text, chain) if chain else None


def skipped(path: str, text: str, why: str) -> FileFacts:
    return FileFacts(path, "python", text.count("\n") + 1, diagnostics=(Diagnostic(path, why),))


def too_deep(text: str) -> bool:
    # Most files open fewer brackets in all than the limit, and indent less than a quarter of it
    # in characters (a tab expands to 4 columns at most): cheap counts settle them.
    if sum(map(text.count, "([{")) > MAX_NESTING and _brackets_too_deep(text):
        return True
    if not _LONG_INDENT.search(text):
        return False
    indents = re.findall(r"^([ \t]*)\S", text, re.M)
    return max((len(i.expandtabs(4)) for i in indents), default=0) > MAX_NESTING * 4


def _brackets_too_deep(text: str) -> bool:
    depth = 0
    for char in text.translate(_BRACKETS):
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif depth:
            depth -= 1
    return False


def too_long_chain(text: str) -> str:
    """A reason to skip when one logical line (brackets joined) chains too many operators."""
    if len(_ELIF.findall(text)) > MAX_CHAIN:
        return f"more than {MAX_CHAIN} elif branches (generated code?); not parsed"
    # Emptying strings only removes tokens, so a bound on the raw text holds for `code` too.
    if _chain_tokens_at_most(text) <= MAX_STATEMENT_CHAIN:
        return ""
    code = _QUOTED.sub("''", text)  # dots and slashes inside strings are not operators
    if _chain_tokens_at_most(code) <= MAX_STATEMENT_CHAIN or len(_CHAIN_TOKEN.findall(code)) <= MAX_STATEMENT_CHAIN:
        return ""
    depth = count = 0
    for match in _LOGICAL.finditer(code):
        token = match.group()
        if token == "\n":
            if depth == 0:
                count = 0
            continue
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth = max(depth - 1, 0)
            continue
        count += 1
        if count > MAX_STATEMENT_CHAIN:
            return f"a statement chains more than {MAX_STATEMENT_CHAIN} operators (generated code?); not parsed"
    return ""


def _chain_tokens_at_most(code: str) -> int:
    """An upper bound of `len(_CHAIN_TOKEN.findall(code))` (words counted even inside others),
    several times cheaper than the regex, which most files never need."""
    return sum(map(code.count, ".[(+-*/%@|&^~<>")) + sum(map(code.count, ("and", "or", "not", "lambda")))


def decorator_method(verb: str) -> str | None:
    """The method a route decorator `@router.<verb>(…)` declares (`get` → GET, `websocket` →
    WEBSOCKET), None for any other attribute; `api_route` names its methods itself."""
    if verb in HTTP_METHODS:
        return verb.upper()
    return WEBSOCKET if verb == WEBSOCKET.lower() else None


def is_path_constant(value: str) -> bool:
    """A string constant that may be a router prefix or a route's path: `/api/v1`, `/jobs/{job_id}`,
    "" (the router's own path), not `/tmp/{}` or a paragraph."""
    return value == "" or (value.startswith("/") and len(value) <= 200 and not any(c in value for c in " \t\n")
                           and not any(c in _PATH_PARAMETER.sub("", value) for c in "{}"))


def is_test_file(path: str) -> bool:
    """Whether pytest collects tests from the file (not from conftest.py, whose `test_db` is a fixture)."""
    name = path.rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py")


def identifiers(text: str) -> tuple[str, ...]:
    names = set(_NAME.findall(text)) - _KEYWORDS  # names recur: de-duplicate before testing each
    return tuple(sorted(name for name in names if len(name) > 1))[:_MAX_NAMES]


def strings(text: str) -> tuple[str, ...]:
    found = {m[1:-1].strip() for m in _STRING.findall(text)}
    return tuple(sorted(s for s in found if keep_string(s)))[:_MAX_STRINGS]


def sent_requests(text: str) -> tuple[ClientCall, ...]:
    """The requests a test module sends through a test client, found in its text: the same for
    both analyzers, and a test that calls a helper with the URL is still read."""
    found = []
    line, counted = 1, 0
    for match in _REQUEST.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.append(ClientCall(match[1].upper(), match[2] or match[3], "test client", "", line))
        if len(found) == _MAX_REQUESTS:
            break
    return tuple(sorted(set(found), key=lambda c: (c.line, c.method, c.url)))


def first_line(doc: str) -> str:
    for line in doc.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


class LineIndex:
    """Line numbers from a regex index of the source rather than parser positions, which
    libcst's PositionProvider would make cost more than the parse itself on every file.

    The cursors (`line_of`, `next_import_line`, `next_mount_line`) assume they are asked in
    source order, which both analyzers do.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.defs: dict[str, list[tuple[int, int]]] = {}
        matches = list(_DEF_LINE.finditer(text))
        for match, line in zip(matches, _lines_at(text, [m.start() for m in matches])):
            indent = len(match.group(0)) - len(match.group(0).lstrip())
            self.defs.setdefault(match.group(1), []).append((line, indent))
        self.top_used: dict[str, int] = {}
        self.indented_used: dict[str, int] = {}
        self.import_lines = _lines_at(text, [m.start() for m in _IMPORT_LINE.finditer(text)])
        self.import_cursor = 0
        self.mount_count = 0
        self.added_route_count = 0

    def line_of_text(self, needle: str, nth: int = 0) -> int:
        """Line of the `nth` occurrence of `needle`, for facts with no def/class to anchor them."""
        at = -1
        for _ in range(nth + 1):
            at = self.text.find(needle, at + 1)
            if at < 0:
                return 1
        return self.text.count("\n", 0, at) + 1

    def line_of(self, name: str) -> int:
        """Line of the next top-level `def`/`class name` (top-level statements come in order)."""
        return self._next_def(name, self.top_used, indented=False)

    def member_line(self, name: str, after: int) -> int:
        """Line of the first indented `def name` below line `after` (a method of a class there)."""
        return next((line for line, indent in self.defs.get(name, ()) if indent > 0 and line > after), after)

    def next_indented_line(self, name: str) -> int:
        """Line of the next indented `def name` (asked in source order), for a function nested
        deeper than `member_line` looks: in an `if` or `try` block, or in a method."""
        return self._next_def(name, self.indented_used, indented=True)

    def _next_def(self, name: str, used: dict[str, int], indented: bool) -> int:
        """The line of the next `def`/`class name` at top level or indented, counted in `used`;
        the last one again once they run out, line 1 if there is none."""
        lines = [line for line, indent in self.defs.get(name, ()) if (indent > 0) == indented]
        at = used.get(name, 0)
        used[name] = at + 1
        return lines[min(at, len(lines) - 1)] if lines else 1

    def next_import_line(self) -> int:
        if self.import_cursor < len(self.import_lines):
            self.import_cursor += 1
            return self.import_lines[self.import_cursor - 1]
        return 1

    def next_mount_line(self) -> int:
        line = self.line_of_text("include_router(", self.mount_count)
        self.mount_count += 1
        return line

    def instance_line(self, callee: str) -> int:
        """Line of the first call of class `callee` (not its `class` line)."""
        match = re.search(rf"(?<!class )(?<![\w.]){re.escape(callee)}\(", self.text)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1

    def next_added_route_line(self) -> int:
        line = self.line_of_text(ADD_ROUTE + "(", self.added_route_count)
        self.added_route_count += 1
        return line

    def def_line(self, name: str) -> int | None:
        """Line of the first `def`/`class name`, at any depth."""
        found = self.defs.get(name)
        return found[0][0] if found else None

    def assign_line(self, name: str, indented: bool = False) -> int:
        """Line of the first top-level (or, if `indented`, indented) assignment to `name`."""
        indent = r"[ \t]+" if indented else ""
        match = re.search(rf"^{indent}{re.escape(name)}\s*(?::[^=\n]*)?=", self.text, re.M)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1


def route_arguments(arguments: list[tuple[str | None, T]]) -> tuple[T | None, T | None]:
    """The path and endpoint of an `add_api_route` call, from its (keyword or None, value) arguments
    in source order: `path=`/`endpoint=`, else the first and second positional ones."""
    positional = [value for keyword, value in arguments if keyword is None]
    named = {keyword: value for keyword, value in arguments if keyword is not None}
    return (named.get("path", positional[0] if positional else None),
            named.get("endpoint", positional[1] if len(positional) > 1 else None))


def handed_router(callee: str, arguments: list[tuple[str | None, str]]) -> tuple[str, str] | None:
    """`SessionEndpoint(router=router, service=s)`, `ShelfEndpoint(shelf_router)`: a class handed a
    router by name → (the router's name, the attribute its routes are registered on); None for any
    other call. `arguments` are (keyword or None, the value as a dotted name or "")."""
    if not callee or not callee.rsplit(".", 1)[-1][:1].isupper():
        return None
    for keyword, name in arguments:
        if name and (keyword or name.rsplit(".", 1)[-1]).endswith("router"):
            return name, "self." + (keyword or "router")
    return None


@dataclass(frozen=True, slots=True)
class ParameterRoute:
    """A route declared in a function's block on one of its parameters:
    `def _register_reads(router_obj, service): @router_obj.get("/config")`."""

    route: Route
    function: str
    position: int


def parameter_routes(routes: list[Route], function: str, parameters: list[str]) -> list[ParameterRoute]:
    """The routes among `routes` (declared in `function`) registered on one of its `parameters`."""
    return [ParameterRoute(r, function, parameters.index(r.router)) for r in routes if r.router in parameters]


def routes_on_handed_routers(routes: list[Route], pending: list[ParameterRoute],
                             calls: list[tuple[str, list[tuple[str | None, str]]]]) -> list[Route]:
    """Each route registered on a parameter belongs to the router the module hands that function:
    `_register_reads(router, service)` makes `@router_obj.get("/config")` a route of `router`, once
    per router handed. A route whose function is never called with a named router stays as it was.
    `calls` are (callee, arguments as (keyword or None, the value as a dotted name or ""))."""
    if not pending:
        return routes
    handed: dict[Route, list[Route]] = {}
    for waiting in pending:
        names = []
        for callee, arguments in calls:
            if callee == waiting.function:
                positional = [value for key, value in arguments if key is None]
                by_name = {key: value for key, value in arguments if key}
                name = by_name.get(waiting.route.router) or (
                    positional[waiting.position] if waiting.position < len(positional) else "")
                if name and name not in names:
                    names.append(name)
        handed[waiting.route] = [replace(waiting.route, router=name) for name in names] or [waiting.route]
    return [moved for r in routes for moved in handed.get(r, [r])]


def added_route(receiver: str, path: str | None, endpoint: str, methods: list[str], file: str,
                index: LineIndex) -> Route | None:
    """The route of an `add_api_route` call, at its handler's `def` when this file has one (where
    a decorated route sits), else at the call."""
    call_line = index.next_added_route_line()
    handler = endpoint.rsplit(".", 1)[-1]
    if not receiver or path is None or not handler:
        return None
    line = index.def_line(handler) or call_line
    return Route((methods[0] if methods else "GET").upper(), path, handler, file, line, receiver)


def owned_routes(routes: list[Route], routers: list[RouterDecl]) -> list[Route]:
    """Routes registered through an attribute (`self.router.add_api_route(...)` in an endpoint class
    a router is handed to) belong to the router the file declares, when it declares exactly one."""
    names = {decl.name for decl in routers}
    if len(names) != 1:
        return routes
    only = next(iter(names))
    return [replace(r, router=only) if "." in r.router and r.router not in names else r for r in routes]


def _lines_at(text: str, offsets: list[int]) -> list[int]:
    """The line of each offset (ascending): newlines counted between one offset and the next, not
    from the start of the text for each."""
    lines = []
    line, previous = 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        previous = offset
        lines.append(line)
    return lines
