"""Facts about one Python file, read with libcst: the reference analyzer.

`analyzers.python_ast` gives the same facts faster with the standard library's `ast` and comes
here for files `ast` cannot read (newer grammar) or cases it cannot be sure of.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyzers.model import (FileFacts, ImportFact, Model, Route, RouterDecl, RouterMount, Symbol,
                             TestCase)
from analyzers.python_common import (ADD_ROUTE, MODEL_BASES, RECEIVERS, ROUTER_FACTORIES, LineIndex,
                                     ParameterRoute, added_route, decorator_method, first_line, handed_router,
                                     is_path_constant, is_test_file, owned_routes, parameter_routes, route_arguments,
                                     routes_on_handed_routers, skipped, sent_requests, unparsable)
# python_light imports these two from here.
from analyzers.python_common import identifiers as _identifiers
from analyzers.python_common import strings as _strings

if TYPE_CHECKING:
    import libcst as cst


def analyze(path: str, text: str) -> FileFacts:
    """Parse `text`; a file that does not parse yields only a diagnostic."""
    return unparsable(path, text) or analyze_guarded(path, text)


def analyze_guarded(path: str, text: str) -> FileFacts:
    """`analyze` for text that has already passed the `unparsable` guards."""
    try:
        import libcst as cst

        module = cst.parse_module(text)
        return _Extractor(path, text).run(module)
    except RecursionError:
        return skipped(path, text, "nesting too deep to parse")
    except Exception as exc:
        import libcst as cst

        if isinstance(exc, cst.ParserSyntaxError):
            return skipped(path, text, _why(exc))
        return skipped(path, text, f"could not analyse ({type(exc).__name__}: {str(exc)[:80]})")


def _why(exc: Exception) -> str:
    line = getattr(exc, "raw_line", None) or getattr(exc, "line", None)
    where = f" at line {line}" if isinstance(line, int) else ""
    return f"Python syntax error{where}; fix the file or exclude it from the scope"


class _Extractor:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.index = LineIndex(text)
        self.is_test = is_test_file(path)

    def run(self, module: cst.Module) -> FileFacts:
        import libcst as cst

        symbols: list[Symbol] = []
        routes: list[Route] = []
        routers: list[RouterDecl] = []
        mounts: list[RouterMount] = []
        models: list[Model] = []
        tests: list[TestCase] = []
        model_names: set[str] = set()
        pending: list[ParameterRoute] = []
        for stmt in module.body:
            if isinstance(stmt, cst.FunctionDef):
                symbol = self._function_symbol(stmt)
                symbols.append(symbol)
                routes.extend(self.routes_of(stmt, symbol.line))
                nested = self._nested_routes(stmt, symbol.line)
                routes.extend(nested)
                parameters = [p.name.value for p in (*stmt.params.posonly_params, *stmt.params.params)]
                pending += parameter_routes(nested, stmt.name.value, parameters)
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
        routers.extend(collector.routers)
        routes = routes_on_handed_routers(routes, pending, collector.calls)
        routes = owned_routes(routes + collector.routes, routers)
        return FileFacts(
            path=self.path, language="python", lines=self.text.count("\n") + 1,
            symbols=tuple(symbols), imports=tuple(collector.imports), routes=tuple(routes),
            routers=tuple(routers), mounts=tuple(mounts), models=tuple(models), tests=tuple(tests),
            requests=sent_requests(self.text) if self.is_test else (),
            identifiers=_identifiers(self.text),
            strings=_strings(self.text),
            summary=first_line(module.get_docstring() or ""),
            constants=tuple(path_constants(module.body)),
        )

    def _function_symbol(self, node: cst.FunctionDef) -> Symbol:
        name = node.name.value
        return Symbol(name, "function", self.index.line_of(name), first_line(node.get_docstring() or ""),
                      not name.startswith("_"))

    def _class_symbol(self, node: cst.ClassDef) -> Symbol:
        name = node.name.value
        return Symbol(name, "class", self.index.line_of(name), first_line(node.get_docstring() or ""),
                      not name.startswith("_"))

    def routes_of(self, node: cst.FunctionDef, line: int) -> list[Route]:
        found = []
        for decorator in node.decorators:
            route = _route_of(decorator.decorator)
            if route:
                router, method, path = route
                found.append(Route(method, path, node.name.value, self.path, line, router, *_inputs(node.params)))
        return found

    def _nested_routes(self, node: cst.FunctionDef, line: int) -> list[Route]:
        """Routes declared in a function's own block (`def init_routes(repo): @router.get(...)`),
        the pattern that injects dependencies into handlers through a closure."""
        import libcst as cst

        found = []
        if not isinstance(node.body, cst.IndentedBlock):
            return found
        for item in node.body.body:
            if isinstance(item, cst.FunctionDef) and item.decorators:
                line = self.index.member_line(item.name.value, line)
                found.extend(self.routes_of(item, line))
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
                line = self.index.member_line(item.name.value, class_line)
                out.append(TestCase(f"{node.name.value}.{item.name.value}", line))
                class_line = line
        return out

    def _router_decls(self, stmt: cst.SimpleStatementLine) -> list[RouterDecl]:
        return [decl for small in stmt.body for decl in self.router_decls_of(small)]

    def router_decls_of(self, small: Any, indented: bool = False) -> list[RouterDecl]:
        """`router = APIRouter(prefix=…)` or `app: FastAPI = FastAPI()`, one per target."""
        import libcst as cst

        if not (isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call)):
            return []
        factory = _dotted(small.value.func).rsplit(".", 1)[-1]
        if factory not in ROUTER_FACTORIES:
            return []
        prefix = _prefix(small.value)
        targets = small.targets if isinstance(small, cst.Assign) else [small]
        return [RouterDecl(name, prefix, self.index.assign_line(name, indented), factory)
                for name in (_dotted(target.target) for target in targets)]

    def _constants(self, stmt: cst.SimpleStatementLine) -> list[Symbol]:
        import libcst as cst

        out = []
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                name = _dotted(small.targets[0].target)
                if name.isupper() and name.isidentifier():
                    out.append(Symbol(name, "const", self.index.assign_line(name)))
        return out


class _Collector:
    """Imports, include_router and add_api_route calls from every statement (not every expression
    node), which is several times cheaper than a full libcst visitor walk."""

    def __init__(self, owner: _Extractor) -> None:
        self.owner = owner
        self.imports: list[ImportFact] = []
        self.mounts: list[RouterMount] = []
        self.routes: list[Route] = []
        self.routers: list[RouterDecl] = []  # built inside a function or class: `def create_app(): app = FastAPI()`
        self.loops: dict[str, list[str]] = {}  # `for router in (a.router, b.router):` → router: [a.router, b.router]
        self.sequences: dict[str, list[str]] = {}  # `routers = [a.router, b.router]`, for a loop over `routers`
        self.calls: list[tuple[str, list[tuple[str | None, str]]]] = []  # statement-level calls, for parameter routes

    def walk(self, body: Any, nested: bool = False, routes_read: bool = True) -> None:
        """`routes_read`: the functions of this block were already read for routes, as the module's
        own functions and the ones in their bodies are (`_Extractor.run`)."""
        import libcst as cst

        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small(small, nested)
            else:
                if isinstance(stmt, cst.FunctionDef) and stmt.decorators and not routes_read:
                    self.routes.extend(self.owner.routes_of(stmt, self.owner.index.next_indented_line(stmt.name.value)))
                outer = dict(self.loops)
                self.loops.update(_loop_names(stmt, self.sequences))
                for block in _blocks(stmt):
                    self.walk(block, nested=True, routes_read=not nested and isinstance(stmt, cst.FunctionDef))
                self.loops = outer

    def _small(self, node: Any, nested: bool) -> None:
        import libcst as cst

        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call):
            self._handoff(node.value)  # `catalog = CatalogEndpoint(router=router)`
        if isinstance(node, cst.Import):
            self._import(node)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node)
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            self._call(node.value)
            self._handoff(node.value)
        elif (isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
              and (names := _names_in(node.value))):
            self.sequences[node.targets[0].target.value] = names
        elif nested:
            self.routers.extend(self.owner.router_decls_of(node, indented=True))

    def _import(self, node: Any) -> None:
        line = self.owner.index.next_import_line()
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
        self.imports.append(ImportFact(module, names, self.owner.index.next_import_line(), level))

    def _call(self, node: Any) -> None:
        func = _dotted(node.func)
        if func.endswith("." + ADD_ROUTE):
            self._added_route(node, func.rsplit(".", 1)[0])
        if not func.endswith(".include_router") or not node.args:
            return
        app = func.rsplit(".", 1)[0]
        target = _dotted(node.args[0].value)
        prefix = _prefix(node)
        line = self.owner.index.next_mount_line()
        for router in self.loops.get(target, [target]):
            self.mounts.append(RouterMount(router, prefix, line, app))

    def _handoff(self, node: Any) -> None:
        """`SessionEndpoint(router=router).add_routes()`: a router handed to a class, as a mount."""
        import libcst as cst

        while isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Call):
            node = node.func.value
        callee = _dotted(node.func)
        arguments = [(arg.keyword.value if arg.keyword is not None else None, _dotted(arg.value))
                     for arg in node.args if not arg.star]
        self.calls.append((callee, arguments))
        handed = handed_router(callee, arguments)
        if handed:
            self.mounts.append(RouterMount(callee, "", self.owner.index.instance_line(callee), handed[0], handed[1]))

    def _added_route(self, node: Any, receiver: str) -> None:
        path, endpoint = route_arguments([(arg.keyword.value if arg.keyword is not None else None, arg.value)
                                          for arg in node.args])
        route = added_route(receiver, _named_text(path) if path is not None else None,
                            _dotted(endpoint) if endpoint is not None else "", _kwarg_list(node, "methods"),
                            self.owner.path, self.owner.index)
        if route:
            self.routes.append(route)


def _loop_names(stmt: Any, sequences: dict[str, list[str]]) -> dict[str, list[str]]:
    """`for router in (a, b.router):` → {"router": ["a", "b.router"]}, also when the loop runs over
    a name given such a sequence earlier (`sequences`); {} for any other statement."""
    import libcst as cst

    if not (isinstance(stmt, cst.For) and isinstance(stmt.target, cst.Name)):
        return {}
    named = sequences.get(stmt.iter.value, []) if isinstance(stmt.iter, cst.Name) else _names_in(stmt.iter)
    return {stmt.target.value: named} if named else {}


def _names_in(expr: Any) -> list[str]:
    """`(a, b.router)` or `[a, b.router]` → ["a", "b.router"]; [] unless every element is a name."""
    import libcst as cst

    if not isinstance(expr, (cst.Tuple, cst.List)):
        return []
    names = [_dotted(element.value) if isinstance(element, cst.Element) else "" for element in expr.elements]
    return names if names and all(names) else []


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
    method = decorator_method(verb)
    if method:
        return router, method, path
    if verb == "api_route":
        methods = _kwarg_list(expr, "methods") or ["GET"]
        return router, methods[0].upper(), path
    return None


def _first_string_arg(call: Any) -> str | None:
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value == "path":
            return _named_text(arg.value)
    return None


def _named_text(expr: Any, named_holes: bool = False) -> str | None:
    """A route's path or a router's prefix: its text, or `{paths.ITEMS}` for a name the graph stage
    looks up among the constants (a routed path starts with `/`, so a leading `{` cannot be a path
    parameter); see `_string_value` for `named_holes`."""
    named = _dotted(expr)
    return "{" + named + "}" if named else _string_value(expr, named_holes)


def _prefix(call: Any) -> str:
    """A router's `prefix=`, with `{settings.API_V1_STR}` for a name or an f-string's named hole;
    "" when there is none."""
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value != "prefix":
            continue
        return _named_text(arg.value, named_holes=True) or ""
    return ""


def path_constants(body: Any) -> list[tuple[str, str]]:
    """`API_PREFIX = "/api"` at the top of a module or in a class body (a settings class's
    `API_V1_STR: str = "/api/v1"`): name and value of each string that reads as a URL path."""
    import libcst as cst

    out = []
    for stmt in body:
        if isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            out.extend(path_constants(stmt.body.body))
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target, value = small.target, small.value
            else:
                continue
            text = _string_value(value) if isinstance(target, cst.Name) and _is_literal(value) else None
            if text is not None and is_path_constant(text):
                out.append((target.value, text))
    return out


def _kwarg_list(call: Any, name: str) -> list[str]:
    import libcst as cst

    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name and isinstance(arg.value, (cst.List, cst.Tuple)):
            return [v for v in (_string_value(e.value) for e in arg.value.elements) if v]
    return []


def _string_value(expr: Any, named_holes: bool = False) -> str | None:
    """A string's text, with `{}` for each f-string hole (`{settings.PREFIX}` for a named one when
    `named_holes`)."""
    import libcst as cst

    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(expr, cst.ConcatenatedString):
        left, right = _string_value(expr.left, named_holes), _string_value(expr.right, named_holes)
        return left + right if left is not None and right is not None else None
    if isinstance(expr, cst.FormattedString):
        return "".join(part.value if isinstance(part, cst.FormattedStringText)
                       else "{" + (_dotted(part.expression) if named_holes else "") + "}" for part in expr.parts)
    return None


def _is_literal(expr: Any) -> bool:
    """A string with no f-string in it: what `ast` reads as a constant."""
    import libcst as cst

    if isinstance(expr, cst.ConcatenatedString):
        return _is_literal(expr.left) and _is_literal(expr.right)
    return isinstance(expr, cst.SimpleString)


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


def _inputs(parameters: cst.Parameters) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A handler's parameter names, and the names their annotations use (see `Route`)."""
    import libcst as cst

    every = [*parameters.posonly_params, *parameters.params, *parameters.kwonly_params]
    names, types = [], []
    for param in every:
        if param.name.value in RECEIVERS:
            continue
        names.append(param.name.value)
        if param.annotation is not None:
            types.extend(_annotation_names(param.annotation.annotation, cst))
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(types))


def _annotation_names(node: Any, cst: Any) -> list[str]:
    """`Optional[models.Book]` → Optional, Book: each name and the last part of each dotted one."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        return [node.attr.value]
    found = []
    for child in node.children:
        found.extend(_annotation_names(child, cst))
    return found
