"""Facts about one Python file, read with libcst.

Line numbers come from a regex index of the source rather than libcst's PositionProvider,
which would cost more than the parse itself on every file.
"""
from __future__ import annotations

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
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+(\S+)[ \t]+import|import[ \t]+([\w.]+))", re.M)
_MAX_NAMES = 2000
_MAX_STRINGS = 500


def analyze(path: str, text: str) -> FileFacts:
    """Parse `text`; a file that does not parse yields only a diagnostic."""
    lines = text.count("\n") + 1
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
        self.def_lines: dict[str, int] = {}
        for match in _DEF_LINE.finditer(text):
            self.def_lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
        self.import_lines: dict[str, int] = {}
        for match in _IMPORT_LINE.finditer(text):
            name = match.group(1) or match.group(2)
            self.import_lines.setdefault(name, text.count("\n", 0, match.start()) + 1)
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
        return self.def_lines.get(name, 1)

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
                symbols.append(self._function_symbol(stmt))
                routes.extend(self._routes(stmt))
                if self.is_test and stmt.name.value.startswith("test"):
                    tests.append(TestCase(stmt.name.value, self.line_of(stmt.name.value)))
            elif isinstance(stmt, cst.ClassDef):
                symbols.append(self._class_symbol(stmt))
                model = self._model(stmt, model_names)
                if model:
                    models.append(model)
                    model_names.add(model.name)
                if self.is_test and stmt.name.value.startswith("Test"):
                    tests.extend(self._test_methods(stmt))
            elif isinstance(stmt, cst.SimpleStatementLine):
                routers.extend(self._router_decls(stmt))
                symbols.extend(self._constants(stmt))
        collector = _collector_class()(self)
        module.visit(collector)
        mounts.extend(collector.mounts)
        return FileFacts(
            path=self.path, language="python", lines=self.lines,
            symbols=tuple(symbols), imports=tuple(collector.imports), routes=tuple(routes),
            routers=tuple(routers), mounts=tuple(mounts), models=tuple(models), tests=tuple(tests),
            identifiers=tuple(sorted(collector.names))[:_MAX_NAMES],
            strings=tuple(sorted(collector.strings))[:_MAX_STRINGS],
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

    def _routes(self, node: cst.FunctionDef) -> list[Route]:
        found = []
        for decorator in node.decorators:
            route = _route_of(decorator.decorator)
            if route:
                router, method, path = route
                found.append(Route(method, path, node.name.value, self.path,
                                   self.line_of(node.name.value), router))
        return found

    def _model(self, node: cst.ClassDef, known: set[str]) -> Model | None:
        bases = tuple(_dotted(arg.value) for arg in node.bases)
        last = {b.rsplit(".", 1)[-1] for b in bases}
        if not (last & MODEL_BASES or last & known):
            return None
        fields = tuple(_ann_fields(node))
        return Model(node.name.value, fields, self.line_of(node.name.value), bases)

    def _test_methods(self, node: cst.ClassDef) -> list[TestCase]:
        import libcst as cst

        out = []
        for item in node.body.body:
            if isinstance(item, cst.FunctionDef) and item.name.value.startswith("test"):
                out.append(TestCase(f"{node.name.value}.{item.name.value}", self.line_of(item.name.value)))
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
                out.append(RouterDecl(name, prefix, self.line_of_text(func + "("), func.rsplit(".", 1)[-1]))
        return out

    def _constants(self, stmt: cst.SimpleStatementLine) -> list[Symbol]:
        import libcst as cst

        out = []
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                name = _dotted(small.targets[0].target)
                if name.isupper() and name.isidentifier():
                    out.append(Symbol(name, "const", 1))
        return out


def _collector_class() -> type:
    """libcst's visitor base is imported lazily, so the subclass is made on first use."""
    global _COLLECTOR
    if _COLLECTOR is None:
        import libcst as cst

        _COLLECTOR = type("_Collector", (_CollectorMixin, cst.CSTVisitor), {})
    return _COLLECTOR


_COLLECTOR: type | None = None


class _CollectorMixin:
    """One walk over the whole tree: imports, include_router calls, names and strings."""

    def __init__(self, owner: _Extractor) -> None:
        super().__init__()
        self.owner = owner
        self.imports: list[ImportFact] = []
        self.mounts: list[RouterMount] = []
        self.names: set[str] = set()
        self.strings: set[str] = set()

    def on_visit(self, node: Any) -> bool:
        import libcst as cst

        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, cst.SimpleString):
            self._string(node)
        elif isinstance(node, cst.Import):
            self._import(node)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node)
        elif isinstance(node, cst.Call):
            self._call(node)
        return True

    def _string(self, node: Any) -> None:
        try:
            value = node.evaluated_value
        except Exception:
            return
        if isinstance(value, str) and keep_string(value):
            self.strings.add(value.strip())

    def _import(self, node: Any) -> None:
        for alias in node.names:
            module = _dotted(alias.name)
            line = self.owner.import_lines.get(module, 1)
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
        line = self.owner.import_lines.get("." * level + module, 1)
        self.imports.append(ImportFact(module, names, line, level))

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
