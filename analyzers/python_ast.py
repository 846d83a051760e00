"""Facts about one Python file, read with the standard library's `ast`: the fast path.

It must give exactly the facts of the libcst analyzer (`analyzers.python`), quirks included,
at a fraction of the cost and without importing libcst. Where `ast` cannot read a file (a grammar
newer than this interpreter) or cannot be sure to read it the same way, libcst decides.
"""
from __future__ import annotations

import ast
import inspect  # already loaded by dataclasses
import io
import re
import unicodedata
import warnings

from analyzers.model import FileFacts, ImportFact, Model, Route, RouterDecl, RouterMount, Symbol, TestCase
from analyzers.python_common import (ADD_ROUTE, MODEL_BASES, RECEIVERS, ROUTER_FACTORIES, LineIndex,
                                     ParameterRoute, added_route, decorator_method, first_line, handed_router,
                                     identifiers, is_path_constant, is_test_file, owned_routes, parameter_routes,
                                     route_arguments, routes_on_handed_routers, strings, sent_requests, unparsable)

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
             ast.With, ast.AsyncWith, ast.Try, ast.Match, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_NEWLINE = re.compile(rb"\r\n|\r|\n")
_BACKSLASH_LINE = re.compile(r"^[ \t\f]*\\$", re.M)
_TAB_INDENTED = re.compile(r"^[ \f]*\t[ \t\f]*[^ \t\f\r\n#]", re.M)
_SPACE_INDENTED = re.compile(r"^[\t\f]* [ \t\f]*[^ \t\f\r\n#]", re.M)
_FORM_FEED_INDENTED = re.compile(r"^[ \t]*\f[ \t\f]*[^ \t\f\r\n#]", re.M)
# libcst keeps f-string text as written; `ast` decodes escapes and `{{`, and expands `{x=}`.
_FSTRING_UNSURE = ("\\", "{{", "}}", "=", "\r")
# Where libcst's reading gives up (its parser, or its recursion in Python), the ast reading
# steps aside well before: these bounds are far below libcst's and far above real code.
_MAX_ADJACENT_STRINGS = 3000  # libcst's parser refuses `"a" "a" …` past 3,000 literals
_MAX_EVALUATED_STRINGS = 300  # libcst evaluates `"a" "a" …` (docstrings, paths) by recursion
_MAX_DOTTED = 200
_MAX_DEPTH = 500  # an elif ladder nests in ast but not in libcst


class Unsure(Exception):
    """The `ast` reading might differ from libcst's here; let libcst read the file."""


def analyze(path: str, text: str) -> FileFacts:
    """Facts from `ast` when it reads the file for sure, else from the libcst analyzer."""
    guarded = unparsable(path, text)
    if guarded:
        return guarded
    try:
        return extract(path, text)
    except Exception:  # SyntaxError, ValueError, RecursionError, MemoryError, Unsure: libcst decides
        from analyzers.python import analyze_guarded

        return analyze_guarded(path, text)


def extract(path: str, text: str) -> FileFacts:
    """The facts via `ast` alone, for guarded text; raises rather than guess (see `analyze`)."""
    why = _tokenizers_may_disagree(text)
    if why:
        raise Unsure(why)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. invalid escape sequences: not ours to report
        module = ast.parse(text)
    if _names_may_fold(text):
        raise Unsure("ast NFKC-normalises identifiers; libcst keeps them as written")
    extractor = _Extractor(path, text)
    extractor.check_string_runs(module)
    return extractor.run(module)


def _tokenizers_may_disagree(text: str) -> str:
    """Why libcst's tokenizer might refuse text that CPython's reads, or "" (cheap text checks)."""
    if "\\\r" in text:
        return "a backslash before CR"
    if "\r" in text:  # as ast reads it, for `^` in the patterns below
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\\n" in text and _BACKSLASH_LINE.search(text):
        return "a backslash-only line"
    if "\t" in text and _TAB_INDENTED.search(text) and _SPACE_INDENTED.search(text):
        return "indentation mixing tabs and spaces"
    if "\f" in text and _FORM_FEED_INDENTED.search(text):
        return "a form feed in indentation"
    return ""


def _names_may_fold(text: str) -> bool:
    """Whether a name is not in NFKC form (`ｆｏｏ` is `foo` to `ast`, not to libcst).

    Tokenizing is slow, so only text with something NFKC would change (`…`, `ℹ️`, `µ`) pays.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return False
    import tokenize

    for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):  # lone CR ends lines
        if token.type == tokenize.ERRORTOKEN or (
                token.type == tokenize.NAME and not unicodedata.is_normalized("NFKC", token.string)):
            return True
    return False


class _Extractor:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.index = LineIndex(text)
        self.is_test = is_test_file(path)
        self.imports: list[ImportFact] = []
        self.mounts: list[RouterMount] = []
        self.added_routes: list[Route] = []
        self.nested_routers: list[RouterDecl] = []
        self.loops: dict[str, list[str]] = {}  # as `python._Collector.loops`
        self.sequences: dict[str, list[str]] = {}  # as `python._Collector.sequences`
        self.calls: list[tuple[str, list[tuple[str | None, str]]]] = []  # statement-level calls, for parameter routes
        self._physical: list[bytes] | None = None

    def run(self, module: ast.Module) -> FileFacts:
        symbols: list[Symbol] = []
        routes: list[Route] = []
        routers: list[RouterDecl] = []
        models: list[Model] = []
        tests: list[TestCase] = []
        model_names: set[str] = set()
        pending: list[ParameterRoute] = []
        for stmt in module.body:
            if isinstance(stmt, _FUNCTIONS):
                symbol = self._symbol(stmt, "function")
                symbols.append(symbol)
                routes.extend(self._routes(stmt, symbol.line))
                nested = self._nested_routes(stmt, symbol.line)
                routes.extend(nested)
                pending += parameter_routes(nested, stmt.name, [a.arg for a in stmt.args.posonlyargs + stmt.args.args])
                if self.is_test and stmt.name.startswith("test"):
                    tests.append(TestCase(stmt.name, symbol.line))
            elif isinstance(stmt, ast.ClassDef):
                symbol = self._symbol(stmt, "class")
                symbols.append(symbol)
                model = self._model(stmt, model_names, symbol.line)
                if model:
                    models.append(model)
                    model_names.add(model.name)
                if self.is_test and stmt.name.startswith("Test"):
                    tests.extend(self._test_methods(stmt, symbol.line))
            elif not isinstance(stmt, _COMPOUND):
                routers.extend(self._router_decls(stmt))
                symbols.extend(self._constants(stmt))
        self._walk(module.body)
        routers += self.nested_routers
        routes = routes_on_handed_routers(routes, pending, self.calls)
        routes = owned_routes(routes + self.added_routes, routers)
        return FileFacts(
            path=self.path, language="python", lines=self.text.count("\n") + 1,
            symbols=tuple(symbols), imports=tuple(self.imports), routes=tuple(routes),
            routers=tuple(routers), mounts=tuple(self.mounts), models=tuple(models), tests=tuple(tests),
            requests=sent_requests(self.text) if self.is_test else (),
            identifiers=identifiers(self.text), strings=strings(self.text),
            summary=self._summary(module),
            constants=tuple(self.path_constants(module.body)),
        )

    def check_string_runs(self, module: ast.Module) -> None:
        """Raise Unsure where libcst's parser would refuse a run of adjacent string literals."""
        if self.text.count('"') + self.text.count("'") <= 2 * _MAX_ADJACENT_STRINGS:
            return
        for node in ast.walk(module):
            if isinstance(node, ast.JoinedStr) or isinstance(node, ast.Constant) and isinstance(node.value, str):
                self._check_literals(node, _MAX_ADJACENT_STRINGS)

    def _check_literals(self, node: ast.expr, limit: int) -> None:
        """Raise Unsure when `node` may be more than `limit` literals (each has two quotes or more)."""
        segment = self._segment(node)
        if segment.count(b'"') + segment.count(b"'") > 2 * limit:
            raise Unsure(f"more than {limit} adjacent string literals")

    def _symbol(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, kind: str) -> Symbol:
        return Symbol(node.name, kind, self.index.line_of(node.name), self._summary(node),
                      not node.name.startswith("_"))

    def _summary(self, node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str:
        """The docstring's first line, as libcst's `get_docstring` reads it."""
        first = node.body[0] if node.body else None
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            return ""
        self._check_literals(first.value, _MAX_EVALUATED_STRINGS)
        return first_line(inspect.cleandoc(first.value.value))

    def _routes(self, node: ast.FunctionDef | ast.AsyncFunctionDef, line: int) -> list[Route]:
        found = []
        for decorator in node.decorator_list:
            route = self._route_of(decorator)
            if route:
                router, method, path = route
                found.append(Route(method, path, node.name, self.path, line, router, *_inputs(node.args)))
        return found

    def _nested_routes(self, node: ast.FunctionDef | ast.AsyncFunctionDef, line: int) -> list[Route]:
        """Routes declared in a function's own block (`def init_routes(repo): @router.get(...)`),
        the pattern that injects dependencies into handlers through a closure."""
        found = []
        if self._one_line_suite(node.body):
            return found
        for item in node.body:
            if isinstance(item, _FUNCTIONS) and item.decorator_list:
                line = self.index.member_line(item.name, line)
                found.extend(self._routes(item, line))
        return found

    def _route_of(self, expr: ast.expr) -> tuple[str, str, str] | None:
        """`@router.get("/x")` → ("router", "GET", "/x"); `api_route(methods=[...])` takes the first."""
        if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Attribute):
            return None
        verb = expr.func.attr
        router = _dotted(expr.func.value)
        if not router:
            return None
        path = self._first_string_arg(expr)
        if path is None:
            return None
        method = decorator_method(verb)
        if method:
            return router, method, path
        if verb == "api_route":
            methods = self._kwarg_list(expr, "methods") or ["GET"]
            return router, methods[0].upper(), path
        return None

    def _model(self, node: ast.ClassDef, known: set[str], line: int) -> Model | None:
        bases = tuple(_dotted(_unstarred(base)) for base in node.bases)
        last = {b.rsplit(".", 1)[-1] for b in bases}
        if not (last & MODEL_BASES or last & known):
            return None
        return Model(node.name, self._fields(node), line, bases)

    def _fields(self, node: ast.ClassDef) -> tuple[str, ...]:
        """Annotated names in the class body; none in a one-line body (`class M(Base): x: int`)."""
        if self._one_line_suite(node.body):
            return ()
        return tuple(s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name))

    def _test_methods(self, node: ast.ClassDef, class_line: int) -> list[TestCase]:
        out = []
        for item in node.body:
            if isinstance(item, _FUNCTIONS) and item.name.startswith("test"):
                line = self.index.member_line(item.name, class_line)
                out.append(TestCase(f"{node.name}.{item.name}", line))
                class_line = line
        return out

    def _router_decls(self, stmt: ast.stmt, indented: bool = False) -> list[RouterDecl]:
        if not (isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Call)):
            return []
        factory = _dotted(stmt.value.func).rsplit(".", 1)[-1]
        if factory not in ROUTER_FACTORIES:
            return []
        out = []
        for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
            name = _dotted(target)
            prefix = self._prefix(stmt.value)
            out.append(RouterDecl(name, prefix, self.index.assign_line(name, indented), factory))
        return out

    def _constants(self, stmt: ast.stmt) -> list[Symbol]:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            name = _dotted(stmt.targets[0])
            if name.isupper() and name.isidentifier():
                return [Symbol(name, "const", self.index.assign_line(name))]
        return []

    def _walk(self, body: list[ast.stmt], collect: bool = True, depth: int = 0, routes_read: bool = True) -> None:
        """Imports, include_router calls and the routes of functions deeper than `run` reads, in
        libcst's walk order. Like the libcst analyzer it looks in indented blocks only, not in
        one-line suites or `match`, but it checks every statement for what libcst cannot parse."""
        if depth > _MAX_DEPTH:
            raise Unsure("blocks nested too deep")
        for stmt in body:
            if isinstance(stmt, _COMPOUND):
                if isinstance(stmt, _FUNCTIONS) and stmt.decorator_list and collect and not routes_read:
                    self.added_routes.extend(self._routes(stmt, self.index.next_indented_line(stmt.name)))
                outer = dict(self.loops)
                self.loops.update(_loop_names(stmt, self.sequences))
                for block in _blocks(stmt):
                    if block:
                        inner = collect and not isinstance(stmt, ast.Match) and not self._one_line_suite(block)
                        self._walk(block, inner, depth + 1, routes_read=depth == 0 and isinstance(stmt, _FUNCTIONS))
                self.loops = outer
            elif isinstance(stmt, ast.AnnAssign) and _starts(stmt) != _starts(stmt.target):
                raise Unsure("libcst rejects a parenthesised annotated target: (x): int")
            elif collect:
                self._collect(stmt, nested=depth > 0)

    def _collect(self, stmt: ast.stmt, nested: bool) -> None:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            self._handoff(stmt.value)  # `catalog = CatalogEndpoint(router=router)`
        if isinstance(stmt, ast.Import):
            line = self.index.next_import_line()
            self.imports.extend(ImportFact(a.name, (_alias_text(a),), line) for a in stmt.names)
        elif isinstance(stmt, ast.ImportFrom):
            names = ("*",) if stmt.names[0].name == "*" else tuple(sorted(_alias_text(a) for a in stmt.names))
            self.imports.append(ImportFact(stmt.module or "", names, self.index.next_import_line(), stmt.level))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            self._mount(stmt.value)
            self._handoff(stmt.value)
        elif (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
              and (names := _names_in(stmt.value))):
            self.sequences[stmt.targets[0].id] = names
        elif nested:  # built inside a function or class: `def create_app(): app = FastAPI()`
            self.nested_routers.extend(self._router_decls(stmt, indented=True))

    def _mount(self, call: ast.Call) -> None:
        func = _dotted(call.func)
        arguments = _arguments(call)
        if func.endswith("." + ADD_ROUTE):
            self._added_route(arguments, call, func.rsplit(".", 1)[0])
        if not func.endswith(".include_router") or not arguments:
            return
        target = _dotted(arguments[0][1])
        prefix = self._prefix(call)
        line = self.index.next_mount_line()
        for router in self.loops.get(target, [target]):
            self.mounts.append(RouterMount(router, prefix, line, func.rsplit(".", 1)[0]))

    def _handoff(self, call: ast.Call) -> None:
        """As `python._Collector._handoff`: a router handed to a class, as a mount."""
        while isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call):
            call = call.func.value
        callee = _dotted(call.func)
        arguments = [(None, _dotted(a)) for a in call.args if not isinstance(a, ast.Starred)]
        arguments += [(k.arg, _dotted(k.value)) for k in call.keywords if k.arg]
        self.calls.append((callee, arguments))
        handed = handed_router(callee, arguments)
        if handed:
            self.mounts.append(RouterMount(callee, "", self.index.instance_line(callee), handed[0], handed[1]))

    def _added_route(self, arguments: list[tuple[str | None, ast.expr]], call: ast.Call, receiver: str) -> None:
        path, endpoint = route_arguments(arguments)
        route = added_route(receiver, self._named_text(path) if path is not None else None,
                            _dotted(endpoint) if endpoint is not None else "", self._kwarg_list(call, "methods"),
                            self.path, self.index)
        if route:
            self.added_routes.append(route)

    def _one_line_suite(self, block: list[ast.stmt]) -> bool:
        """Whether `block` follows its header's colon on the same logical line (`if x: import y`).

        libcst keeps such a suite apart from an indented block, and the libcst analyzer looks
        for imports, mounts and model fields only in indented blocks.
        """
        first = block[0]
        if isinstance(first, _COMPOUND):  # only simple statements fit on the header's line
            return False
        if self._physical_line(first.lineno)[:first.col_offset].strip(b" \t\f"):
            return True
        above = self._physical_line(first.lineno - 1) if first.lineno > 1 else b""
        if not above.endswith(b"\\"):
            return False
        if b"#" not in above:
            return True  # the header, continued onto this line (`extract` refused backslash-only lines)
        if b'"' in above or b"'" in above:  # is the `#` in a string? only a tokenizer knows
            raise Unsure("backslash after '#'")
        return False  # a line without quotes is outside strings, so it ends in a comment

    def _physical_line(self, lineno: int) -> bytes:
        """Line `lineno` as `ast` counts lines, in UTF-8 as `ast` counts columns."""
        if self._physical is None:
            self._physical = _NEWLINE.split(self.text.encode())
        return self._physical[lineno - 1]

    def _first_string_arg(self, call: ast.Call) -> str | None:
        for keyword, value in _arguments(call):
            if keyword is None or keyword == "path":
                return self._named_text(value)
        return None

    def _named_text(self, expr: ast.expr, named_holes: bool = False) -> str | None:
        """As `python._named_text`: `{paths.ITEMS}` for a name."""
        named = _dotted(expr)
        return "{" + named + "}" if named else self._string_value(expr, named_holes)

    def _prefix(self, call: ast.Call) -> str:
        """A router's `prefix=`, as `python._prefix` reads it: `{settings.API_V1_STR}` for a name."""
        for keyword in call.keywords:
            if keyword.arg != "prefix":
                continue
            return self._named_text(keyword.value, named_holes=True) or ""
        return ""

    def path_constants(self, body: list[ast.stmt]) -> list[tuple[str, str]]:
        """As `python.path_constants`: URL-path strings named at module or class level."""
        out = []
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                out.extend(self.path_constants(stmt.body))
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            else:
                continue
            if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                text = self._string_value(value)
                if text is not None and is_path_constant(text):
                    out.append((target.id, text))
        return out

    def _kwarg_list(self, call: ast.Call, name: str) -> list[str]:
        for keyword in call.keywords:
            if keyword.arg == name and isinstance(keyword.value, (ast.List, ast.Tuple)):
                values = (self._string_value(_unstarred(e)) for e in keyword.value.elts)
                return [v for v in values if v]
        return []

    def _string_value(self, expr: ast.expr, named_holes: bool = False) -> str | None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self._check_literals(expr, _MAX_EVALUATED_STRINGS)
            return expr.value
        if isinstance(expr, ast.JoinedStr):
            self._check_literals(expr, _MAX_EVALUATED_STRINGS)
            return self._fstring_value(expr, named_holes)
        return None

    def _fstring_value(self, expr: ast.JoinedStr, named_holes: bool = False) -> str:
        """An f-string's text with `{}` for each hole (`{settings.PREFIX}` for a named one when
        `named_holes`), as libcst writes it (text as in the source)."""
        source = self._segment(expr).decode()
        if any(mark in source for mark in _FSTRING_UNSURE):
            raise Unsure("f-string text that ast decodes")
        return "".join(v.value if isinstance(v, ast.Constant)
                       else "{" + (_dotted(v.value) if named_holes and isinstance(v, ast.FormattedValue) else "") + "}"
                       for v in expr.values)

    def _segment(self, node: ast.expr) -> bytes:
        last = node.end_lineno or node.lineno
        lines = [self._physical_line(n) for n in range(node.lineno, last + 1)]
        lines[-1] = lines[-1][:node.end_col_offset]
        lines[0] = lines[0][node.col_offset:]
        return b"\n".join(lines)


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists nested in a compound statement, in libcst's order."""
    if isinstance(stmt, ast.Match):
        return [case.body for case in stmt.cases]
    body: list[ast.stmt] = stmt.body  # type: ignore[attr-defined]
    handlers = [h.body for h in getattr(stmt, "handlers", ())]
    return [body, *handlers, getattr(stmt, "orelse", []), getattr(stmt, "finalbody", [])]


def _loop_names(stmt: ast.stmt, sequences: dict[str, list[str]]) -> dict[str, list[str]]:
    """As `python._loop_names`: `for router in (a, b.router):` → {"router": ["a", "b.router"]}."""
    if not (isinstance(stmt, (ast.For, ast.AsyncFor)) and isinstance(stmt.target, ast.Name)):
        return {}
    named = sequences.get(stmt.iter.id, []) if isinstance(stmt.iter, ast.Name) else _names_in(stmt.iter)
    return {stmt.target.id: named} if named else {}


def _names_in(expr: ast.expr) -> list[str]:
    """As `python._names_in`: `(a, b.router)` → ["a", "b.router"]; [] unless all are names."""
    if not isinstance(expr, (ast.Tuple, ast.List)):
        return []
    names = [_dotted(element) for element in expr.elts]
    return names if names and all(names) else []


def _arguments(call: ast.Call) -> list[tuple[str | None, ast.expr]]:
    """(keyword or None, value) in source order, as libcst lists them; `*x` and `**x` give x."""
    ordered: list[tuple[ast.expr | ast.keyword, str | None, ast.expr]] = [(a, None, _unstarred(a)) for a in call.args]
    ordered += [(k, k.arg, k.value) for k in call.keywords]
    if call.args and call.keywords:  # `f(a=1, *rest)` is legal
        ordered.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    return [(keyword, value) for _, keyword, value in ordered]


def _starts(node: ast.stmt | ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _unstarred(expr: ast.expr) -> ast.expr:
    return expr.value if isinstance(expr, ast.Starred) else expr


def _dotted(expr: ast.expr) -> str:
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
        if len(parts) > _MAX_DOTTED:  # libcst's recursive reading may give up here
            raise Unsure("attribute chain")
    if not isinstance(expr, ast.Name):
        return ""
    parts.append(expr.id)
    return ".".join(reversed(parts))


def _alias_text(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _inputs(arguments: ast.arguments) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A handler's parameter names, and the names their annotations use (see `Route`), as
    `analyzers.python` reads them."""
    names, types = [], []
    for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        if arg.arg in RECEIVERS:
            continue
        names.append(arg.arg)
        if arg.annotation is not None:
            types.extend(_annotation_names(arg.annotation))
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(types))


def _annotation_names(node: ast.expr) -> list[str]:
    """`Optional[models.Book]` → Optional, Book: each name and the last part of each dotted one."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    found = []
    for child in ast.iter_child_nodes(node):
        found.extend(_annotation_names(child))
    return found
