"""Frozen facts about one repository file.

Facts of a file depend on that file's bytes alone (never on other files), so they can be
cached by content hash. Everything that needs the whole file set — import resolution,
router prefixes joined across modules, client calls matched to routes — happens later in
`analyzers.resolve` and `analyzers.graph`.

All tuple fields are sorted or in source order when built; nothing here is a set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter


@dataclass(frozen=True, slots=True)
class Symbol:
    """A top-level definition: function, class, component, constant, interface, type."""

    name: str
    kind: str
    line: int
    doc: str = ""
    exported: bool = True


@dataclass(frozen=True, slots=True)
class ImportFact:
    """An import as written; `analyzers.resolve` turns it into a repo path.

    `module` is the dotted Python module (`core.sql_processor`) or the JS/TS specifier
    (`./api/client`); `level` counts leading dots of a Python relative import.
    """

    module: str
    names: tuple[str, ...]
    line: int
    level: int = 0


# The method of a websocket route (`@app.websocket("/ws")`), which no HTTP request uses.
WEBSOCKET = "WEBSOCKET"


@dataclass(frozen=True, slots=True)
class Route:
    """An HTTP route. In per-file facts `path` is local to `router`; after resolution it is full.

    `params` are the handler's parameter names and `types` the names their annotations use
    (`payload: BookUpdate` → `BookUpdate`); after resolution `params` also holds the fields of the
    Pydantic models `types` names, so a route says what it already accepts.
    """

    method: str
    path: str
    handler: str
    file: str
    line: int
    router: str = "app"
    params: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RouterDecl:
    """`name = APIRouter(prefix=...)` or `name = FastAPI()` (kind) in a module."""

    name: str
    prefix: str
    line: int
    kind: str = "APIRouter"


@dataclass(frozen=True, slots=True)
class RouterMount:
    """`app.include_router(module.router, prefix=...)`: `target` is the expression as written.

    With an `attribute`, a router handed to a class: `SessionEndpoint(router=router)` puts the
    routes class `target` registers on `self.router` (the attribute) on this file's `router` (app).
    """

    target: str
    prefix: str
    line: int
    app: str = "app"
    attribute: str = ""


@dataclass(frozen=True, slots=True)
class Model:
    """A Pydantic model (BaseModel subclass) and its field names in source order."""

    name: str
    fields: tuple[str, ...]
    line: int
    bases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TestCase:
    """A test function (pytest `test_*`, or a JS `it`/`test` title)."""

    name: str
    line: int


@dataclass(frozen=True, slots=True)
class ClientCall:
    """An HTTP call made by client code.

    `url` is normalised: template holes become `{}`, a leading constant that could not be
    resolved in this file stays as `{NAME}` (e.g. `{API_BASE_URL}/query`) for the graph
    stage to substitute. `via` is `fetch`, `axios`, or the wrapper function's name.
    """

    method: str
    url: str
    via: str
    function: str
    line: int


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A function whose parameter flows into a fetch/axios URL: calls to it are client calls.

    `prefix` is the normalised URL text before the parameter (`{API_BASE_URL}` or `/api`),
    `param` the parameter's position, `method` the default HTTP method.
    """

    name: str
    param: int
    prefix: str
    method: str
    line: int


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call `callee('literal', {method: 'POST'})` whose callee is not defined in this file.

    Kept so that calls to a wrapper imported from another module become client calls once
    imports are resolved.
    """

    callee: str
    url: str
    method: str
    function: str
    line: int


@dataclass(frozen=True, slots=True)
class Use:
    """A call of a name this file does not define (`api.listBooks()`, `fetchBooks(id)`), the first
    one per callee: once imports are resolved, a route that the called function requests is one
    this file reaches through it."""

    callee: str
    function: str
    line: int


@dataclass(frozen=True, slots=True)
class DomRef:
    """An element id or class: `kind` is `id-defined`, `id-used`, `class-defined`, `class-used`."""

    name: str
    kind: str
    line: int


@dataclass(frozen=True, slots=True)
class Command:
    """A shell command found in README code blocks, scripts or package.json scripts."""

    text: str
    line: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A Markdown heading and the first paragraph under it."""

    title: str
    level: int
    line: int
    text: str = ""


PARTIAL = "; facts may be partial"  # ends the message of a file read only in part


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A file that was skipped or only partly understood, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        if self.message.endswith(PARTIAL):
            return f"read part of {self.path}: {self.message.removesuffix(PARTIAL)}"
        return f"skipped {self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class FileFacts:
    """Everything one analyzer learned about one file.

    `identifiers` and `strings` are the lexical evidence: identifier names used in the file
    and user-facing string literals (sorted, de-duplicated, capped), for term scoring.
    `requests` are the HTTP requests a Python test sends through a test client
    (`client.post("/api/books", …)`): they say which route modules the test exercises.
    """

    path: str
    language: str
    lines: int
    symbols: tuple[Symbol, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    routes: tuple[Route, ...] = ()
    routers: tuple[RouterDecl, ...] = ()
    mounts: tuple[RouterMount, ...] = ()
    models: tuple[Model, ...] = ()
    tests: tuple[TestCase, ...] = ()
    client_calls: tuple[ClientCall, ...] = ()
    requests: tuple[ClientCall, ...] = ()
    wrappers: tuple[Wrapper, ...] = ()
    call_sites: tuple[CallSite, ...] = ()
    uses: tuple[Use, ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    dom: tuple[DomRef, ...] = ()
    stylesheets: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    commands: tuple[Command, ...] = ()
    sections: tuple[Section, ...] = ()
    ports: tuple[int, ...] = ()
    identifiers: tuple[str, ...] = ()
    strings: tuple[str, ...] = ()
    title: str = ""
    summary: str = ""
    generated: bool = False  # its header says a tool wrote it (`// This file is auto-generated by …`)
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def _pickled_as_call(cls: type) -> None:
    """Pickle `cls` as a call `cls(*fields)`. The parsing workers send every file's facts to the main
    process by pickle; dataclasses' own slots pickling runs `dataclasses.fields()` for every record
    and costs twice as much on both sides."""
    fields = attrgetter(*cls.__slots__)  # type: ignore[attr-defined]  # the fields, in order

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, fields(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _record in (Symbol, ImportFact, Route, RouterDecl, RouterMount, Model, TestCase, ClientCall, Wrapper, CallSite,
                Use, DomRef, Command, Section, Diagnostic, FileFacts):
    _pickled_as_call(_record)
