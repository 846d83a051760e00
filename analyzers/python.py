"""Facts about one Python file, read with libcst.

Line numbers come from a regex index of the source rather than libcst's PositionProvider,
which would cost more than the parse itself on every file.
"""
from __future__ import annotations

import keyword
import re
from typing import TYPE_CHECKING, Any

from analyzers.lexicon import keep_string
from analyzers.model import (Diagnostic, FileFacts, ImportFact, Model, Route, RouterDecl,
                             RouterMount, Symbol, TestCase)

if TYPE_CHECKING:
    import libcst as cst

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "options", "head")
MODEL_BASES = frozenset({"BaseModel", "SQLModel", "BaseSettings", "RootModel"})
_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.M)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+\S+[ \t]+import\b|import[ \t]+[\w.])", re.M)
_BRACKETS = str.maketrans({c: None for c in map(chr, range(128)) if c not in "()[]{}"})
# libcst's native parser recurses per nesting level and overflows the C stack (a segfault,
# not a RecursionError) somewhere past 1,000 levels; CPython itself refuses more than 200.
MAX_NESTING = 150
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r"\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'")
_KEYWORDS = frozenset(keyword.kwlist) | {"self", "cls", "None", "True", "False"}
_MAX_NAMES = 2000
_MAX_STRINGS = 500


def analyze(path: str, text: str) -> FileFacts:
    """Parse `text`; a file that does not parse yields only a diagnostic."""
    lines = text.count("\n") + 1
    if _too_deep(text):
        return _skipped(path, lines, f"nesting deeper than {MAX_NESTING} levels; not parsed")
    chain = _too_long_chain(text)
    if chain:
        return _skipped(path, lines, chain)
    try:
        import libcst as cst

        module = cst.parse_module(text)
        return _Extractor(path, text, lines).run(module)
    except RecursionError:
        return _skipped(path, lines, "nesting too deep to parse")
    except Exception as exc:
        import libcst as cst

        if isinstance(exc, cst.ParserSyntaxError):
            return _skipped(path, lines, _why(exc))
        return _skipped(path, lines, f"could not analyse ({type(exc).__name__}: {str(exc)[:80]})")


def _too_deep(text: str) -> bool:
    depth = 0
    for char in text.translate(_BRACKETS):
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif depth:
            depth -= 1
    indents = re.findall(r"^([ \t]*)\S", text, re.M)
    return max((len(i.expandtabs(4)) for i in indents), default=0) > MAX_NESTING * 4


# libcst's parser also recurses (or goes quadratic) along flat chains that CPython accepts:
# `a and a and …`, `not not …`, `a[0][0]…`, `a.b.b…`, `-…-1`, long elif ladders. No hand-written
# code comes near these bounds; generated code that does is skipped with a reason.
MAX_CHAIN = 1000
MAX_STATEMENT_CHAIN = 1500
_QUOTED = re.compile(r"'[^'\\\n]*'|\"[^\"\\\n]*\"")
_CHAIN_TOKEN = re.compile(r"\band\b|\bor\b|\bnot\b|\blambda\b|[.\[(+\-*/%@|&^~<>]")
_LOGICAL = re.compile(r"\band\b|\bor\b|\bnot\b|\blambda\b|[.+\-*/%@|&^~<>]|[\[({]|[\])}]|\n")
_ELIF = re.compile(r"^[ \t]*elif\b", re.M)


def _too_long_chain(text: str) -> str:
    """A reason to skip when one logical line (brackets joined) chains too many operators."""
    if len(_ELIF.findall(text)) > MAX_CHAIN:
        return f"more than {MAX_CHAIN} elif branches (generated code?); not parsed"
    code = _QUOTED.sub("''", text)  # dots and slashes inside strings are not operators
    if len(_CHAIN_TOKEN.findall(code)) <= MAX_STATEMENT_CHAIN:
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


def _skipped(path: str, lines: int, why: str) -> FileFacts:
    return FileFacts(path, "python", lines, diagnostics=(Diagnostic(path, why),))


def _why(exc: Exception) -> str:
    line = getattr(exc, "raw_line", None) or getattr(exc, "line", None)
    where = f" at line {line}" if isinstance(line, int) else ""
    return f"Python syntax error{where}; fix the file or exclude it from the scope"


def _is_test_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


class _Extractor:
    def __init__(self, path: str, text: str, lines: int) -> None:
        self.path = path
        self.lines = lines
        self.defs: dict[str, list[tuple[int, int]]] = {}
        for match in _DEF_LINE.finditer(text):
            indent = len(match.group(0)) - len(match.group(0).lstrip())
            self.defs.setdefault(match.group(1), []).append((text.count("\n", 0, match.start()) + 1, indent))
        self.top_used: dict[str, int] = {}
        self.import_lines = [text.count("\n", 0, m.start()) + 1 for m in _IMPORT_LINE.finditer(text)]
        self.import_cursor = 0
        self.is_test = _is_test_file(path)
        self.text = text
        self.mount_count = 0

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
        top = [line for line, indent in self.defs.get(name, ()) if indent == 0]
        used = self.top_used.get(name, 0)
        self.top_used[name] = used + 1
        return top[min(used, len(top) - 1)] if top else 1

    def member_line(self, name: str, after: int) -> int:
        """Line of the first indented `def name` below line `after` (a method of a class there)."""
        return next((line for line, indent in self.defs.get(name, ()) if indent > 0 and line > after), after)

    def next_import_line(self) -> int:
        if self.import_cursor < len(self.import_lines):
            self.import_cursor += 1
            return self.import_lines[self.import_cursor - 1]
        return 1

    def assign_line(self, name: str) -> int:
        match = re.search(rf"^{re.escape(name)}\s*(?::[^=\n]*)?=", self.text, re.M)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1

    def run(self, module: cst.Module) -> FileFacts:
        import libcst as cst

        symbols: list[Symbol] = []
        routes: list[Route] = []
        routers: list[RouterDecl] = []
        mounts: list[RouterMount] = []
        models: list[Model] = []
        tests: list[TestCase] = []
        model_names: set[str] = set()
        for stmt in module.body:
            if isinstance(stmt, cst.FunctionDef):
                symbol = self._function_symbol(stmt)
                symbols.append(symbol)
                routes.extend(self._routes(stmt, symbol.line))
                if self.is_test and stmt.name.value.startswith("test"):
                    tests.append(TestCase(stmt.name.value, symbol.line))
            elif isinstance(stmt, cst.ClassDef):
                symbol = self._class_symbol(stmt)
                symbols.append(symbol)
                model = self._model(stmt, model_names, symbol.line)
                if model:
                    models.append(model)
                    model_names.add(model.name)
                if self.is_test and stmt.name.value.startswith("Test"):
                    tests.extend(self._test_methods(stmt, symbol.line))
            elif isinstance(stmt, cst.SimpleStatementLine):
                routers.extend(self._router_decls(stmt))
                symbols.extend(self._constants(stmt))
        collector = _Collector(self)
        collector.walk(module.body)
        mounts.extend(collector.mounts)
        return FileFacts(
            path=self.path, language="python", lines=self.lines,
            symbols=tuple(symbols), imports=tuple(collector.imports), routes=tuple(routes),
            routers=tuple(routers), mounts=tuple(mounts), models=tuple(models), tests=tuple(tests),
            identifiers=_identifiers(self.text),
            strings=_strings(self.text),
            summary=_first_line(module.get_docstring() or ""),
        )

    def _function_symbol(self, node: cst.FunctionDef) -> Symbol:
        name = node.name.value
        return Symbol(name, "function", self.line_of(name), _first_line(node.get_docstring() or ""),
                      not name.startswith("_"))

    def _class_symbol(self, node: cst.ClassDef) -> Symbol:
        name = node.name.value
        return Symbol(name, "class", self.line_of(name), _first_line(node.get_docstring() or ""),
                      not name.startswith("_"))

    def _routes(self, node: cst.FunctionDef, line: int) -> list[Route]:
        found = []
        for decorator in node.decorators:
            route = _route_of(decorator.decorator)
            if route:
                router, method, path = route
                found.append(Route(method, path, node.name.value, self.path, line, router))
        return found

    def _model(self, node: cst.ClassDef, known: set[str], line: int) -> Model | None:
        bases = tuple(_dotted(arg.value) for arg in node.bases)
        last = {b.rsplit(".", 1)[-1] for b in bases}
        if not (last & MODEL_BASES or last & known):
            return None
        fields = tuple(_ann_fields(node))
        return Model(node.name.value, fields, line, bases)

    def _test_methods(self, node: cst.ClassDef, class_line: int) -> list[TestCase]:
        import libcst as cst

        out = []
        for item in node.body.body:
            if isinstance(item, cst.FunctionDef) and item.name.value.startswith("test"):
                line = self.member_line(item.name.value, class_line)
                out.append(TestCase(f"{node.name.value}.{item.name.value}", line))
                class_line = line
        return out

    def _router_decls(self, stmt: cst.SimpleStatementLine) -> list[RouterDecl]:
        import libcst as cst

        out = []
        for small in stmt.body:
            if not (isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call)):
                continue
            if _dotted(small.value.func).rsplit(".", 1)[-1] not in ("APIRouter", "FastAPI"):
                continue
            targets = small.targets if isinstance(small, cst.Assign) else [small]
            for target in targets:
                name = _dotted(target.target)
                prefix = _kwarg_string(small.value, "prefix") or ""
                func = _dotted(small.value.func)
                out.append(RouterDecl(name, prefix, self.assign_line(name), func.rsplit(".", 1)[-1]))
        return out

    def _constants(self, stmt: cst.SimpleStatementLine) -> list[Symbol]:
        import libcst as cst

        out = []
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                name = _dotted(small.targets[0].target)
                if name.isupper() and name.isidentifier():
                    out.append(Symbol(name, "const", self.assign_line(name)))
        return out


class _Collector:
    """Imports and include_router calls from every statement (not every expression node),
    which is several times cheaper than a full libcst visitor walk."""

    def __init__(self, owner: _Extractor) -> None:
        self.owner = owner
        self.imports: list[ImportFact] = []
        self.mounts: list[RouterMount] = []

    def walk(self, body: Any) -> None:
        import libcst as cst

        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small(small)
            else:
                for block in _blocks(stmt):
                    self.walk(block)

    def _small(self, node: Any) -> None:
        import libcst as cst

        if isinstance(node, cst.Import):
            self._import(node)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node)
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            self._call(node.value)

    def _import(self, node: Any) -> None:
        line = self.owner.next_import_line()
        for alias in node.names:
            module = _dotted(alias.name)
            self.imports.append(ImportFact(module, (_alias_text(alias),), line))

    def _import_from(self, node: Any) -> None:
        import libcst as cst

        module = _dotted(node.module) if node.module else ""
        level = len(node.relative)
        names: tuple[str, ...]
        if isinstance(node.names, cst.ImportStar):
            names = ("*",)
        else:
            names = tuple(sorted(_alias_text(a) for a in node.names))
        self.imports.append(ImportFact(module, names, self.owner.next_import_line(), level))

    def _call(self, node: Any) -> None:
        func = _dotted(node.func)
        if not func.endswith(".include_router") or not node.args:
            return
        app = func.rsplit(".", 1)[0]
        target = _dotted(node.args[0].value)
        prefix = _kwarg_string(node, "prefix") or ""
        line = self.owner.line_of_text("include_router(", self.owner.mount_count)
        self.owner.mount_count += 1
        self.mounts.append(RouterMount(target, prefix, line, app))


def _blocks(stmt: Any) -> list[Any]:
    """The statement lists nested in a compound statement (body, else, except, finally)."""
    out = []
    parts = [getattr(stmt, "body", None), *(getattr(stmt, "handlers", ()) or ()),
             getattr(stmt, "orelse", None), getattr(stmt, "finalbody", None)]
    for part in parts:
        if part is None or not hasattr(part, "body"):
            continue
        if isinstance(part.body, (list, tuple)):
            out.append(part.body)
        else:
            out.extend(_blocks(part))
    return out


def _identifiers(text: str) -> tuple[str, ...]:
    names = {m for m in _NAME.findall(text) if m not in _KEYWORDS and len(m) > 1}
    return tuple(sorted(names))[:_MAX_NAMES]


def _strings(text: str) -> tuple[str, ...]:
    found = {m[1:-1].strip() for m in _STRING.findall(text)}
    return tuple(sorted(s for s in found if keep_string(s)))[:_MAX_STRINGS]


def _route_of(expr: Any) -> tuple[str, str, str] | None:
    """`@router.get("/x")` → ("router", "GET", "/x"); `api_route(methods=[...])` takes the first."""
    import libcst as cst

    if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Attribute):
        return None
    verb = expr.func.attr.value
    router = _dotted(expr.func.value)
    if not router:
        return None
    path = _first_string_arg(expr)
    if path is None:
        return None
    if verb in HTTP_METHODS:
        return router, verb.upper(), path
    if verb == "api_route":
        methods = _kwarg_list(expr, "methods") or ["GET"]
        return router, methods[0].upper(), path
    return None


def _first_string_arg(call: Any) -> str | None:
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value == "path":
            return _string_value(arg.value)
    return None


def _kwarg_string(call: Any, name: str) -> str | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return _string_value(arg.value)
    return None


def _kwarg_list(call: Any, name: str) -> list[str]:
    import libcst as cst

    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name and isinstance(arg.value, (cst.List, cst.Tuple)):
            return [v for v in (_string_value(e.value) for e in arg.value.elements) if v]
    return []


def _string_value(expr: Any) -> str | None:
    import libcst as cst

    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(expr, cst.ConcatenatedString):
        left, right = _string_value(expr.left), _string_value(expr.right)
        return left + right if left is not None and right is not None else None
    if isinstance(expr, cst.FormattedString):
        parts = []
        for part in expr.parts:
            parts.append(part.value if isinstance(part, cst.FormattedStringText) else "{}")
        return "".join(parts)
    return None


def _dotted(expr: Any) -> str:
    import libcst as cst

    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = _dotted(expr.value)
        return f"{base}.{expr.attr.value}" if base else ""
    return ""


def _alias_text(alias: Any) -> str:
    import libcst as cst

    name = _dotted(alias.name)
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return f"{name} as {alias.asname.name.value}"
    return name


def _ann_fields(node: Any) -> list[str]:
    import libcst as cst

    fields = []
    for item in node.body.body:
        if isinstance(item, cst.SimpleStatementLine):
            for small in item.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    fields.append(small.target.value)
    return fields


def _first_line(doc: str) -> str:
    for line in doc.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""
