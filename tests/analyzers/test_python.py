from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from analyzers.model import (Diagnostic, ImportFact, Model, Route, RouterDecl, RouterMount,
                             Symbol)
from analyzers.model import TestCase as Case
from analyzers.python import analyze
from analyzers.source import decode_source

SERVER = "app/server/server.py"


def facts(src: str, path: str = SERVER):
    return analyze(path, dedent(src))


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param("import os\n", (ImportFact("os", ("os",), 1),), id="absolute"),
    pytest.param("\nimport a.b as c\n", (ImportFact("a.b", ("a.b as c",), 2),), id="dotted as alias"),
    pytest.param("from core.db import (b as bee, a)\n",
                 (ImportFact("core.db", ("a", "b as bee"), 1),), id="from-import aliases sorted"),
    pytest.param("from . import x\n", (ImportFact("", ("x",), 1, level=1),), id="relative dot only"),
    pytest.param("x = 1\nfrom ..core.db import get_db\n",
                 (ImportFact("core.db", ("get_db",), 2, level=2),), id="relative level two"),
    pytest.param("from pkg import *\n", (ImportFact("pkg", ("*",), 1),), id="star"),
    pytest.param("def f():\n    import json\n", (ImportFact("json", ("json",), 2),), id="nested import"),
    pytest.param("import os, sys\n", (ImportFact("os", ("os",), 1), ImportFact("sys", ("sys",), 1)),
                 id="two modules one line"),
])
def test_imports(src, expected):
    assert facts(src).imports == expected


def test_symbols_with_docstrings_decorators_and_lines():
    got = facts('''\
        """Module summary.

        More text."""
        import functools

        @functools.cache
        @other(
            arg=1,
        )
        def cached():
            """First line.

            Second line."""

        async def _private(): pass

        class Shelf:
            """

            Holds books.
            """
            def method(self): ...
    ''')
    assert got.summary == "Module summary."
    assert got.symbols == (
        Symbol("cached", "function", 10, "First line."),
        Symbol("_private", "function", 15, "", exported=False),
        Symbol("Shelf", "class", 17, "Holds books."),
    )


def test_crlf_normalised_text_keeps_line_numbers():
    source = decode_source(SERVER, b"import os\r\n\r\n@app.get('/x')\r\ndef f():\r\n    '''Doc.'''\r\n")
    got = analyze(SERVER, source.text)
    assert got.symbols == (Symbol("f", "function", 4, "Doc."),)
    assert got.routes == (Route("GET", "/x", "f", SERVER, 4, "app"),)
    assert got.imports == (ImportFact("os", ("os",), 1),)


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param('@app.get("/health")\ndef health(): ...\n',
                 (Route("GET", "/health", "health", SERVER, 2, "app"),), id="app get"),
    pytest.param('@router.delete("/{book_id}")\nasync def rm(book_id): ...\n',
                 (Route("DELETE", "/{book_id}", "rm", SERVER, 2, "router", ("book_id",)),), id="router delete async"),
    pytest.param('@router.api_route("/x", methods=["post", "PUT"])\ndef multi(): ...\n',
                 (Route("POST", "/x", "multi", SERVER, 2, "router"),), id="api_route first method"),
    pytest.param('@router.api_route("/x")\ndef any_(): ...\n',
                 (Route("GET", "/x", "any_", SERVER, 2, "router"),), id="api_route default GET"),
    pytest.param('@router.get(f"/{PREFIX}/items/{id}")\ndef fs(): ...\n',
                 (Route("GET", "/{}/items/{}", "fs", SERVER, 2, "router"),), id="f-string holes"),
    pytest.param('@router.get(paths.ITEMS)\ndef named(): ...\n',
                 (Route("GET", "{paths.ITEMS}", "named", SERVER, 2, "router"),), id="path given by a name"),
    pytest.param('@router.put(path="/a" "/b")\ndef kw(): ...\n',
                 (Route("PUT", "/a/b", "kw", SERVER, 2, "router"),), id="path keyword concatenated"),
    pytest.param('@v1.router.patch("")\ndef p(): ...\n',
                 (Route("PATCH", "", "p", SERVER, 2, "v1.router"),), id="dotted router empty path"),
    pytest.param('@app.get("/a")\n@app.post("/a")\ndef both(): ...\n',
                 (Route("GET", "/a", "both", SERVER, 3, "app"), Route("POST", "/a", "both", SERVER, 3, "app")),
                 id="two decorators"),
    pytest.param('def init_routes(repo):\n    store = repo\n\n    @router.get("/{i}")\n    def one(i): ...\n\n'
                 '    def helper(): ...\n\n    @router.post("")\n    async def add(): ...\n',
                 (Route("GET", "/{i}", "one", SERVER, 5, "router", ("i",)), Route("POST", "", "add", SERVER, 10, "router")),
                 id="declared inside a function (dependency injection through a closure)"),
    pytest.param('def outer():\n    def inner():\n        @router.get("/deep")\n        def deep(): ...\n',
                 (Route("GET", "/deep", "deep", SERVER, 4, "router"),), id="two functions deep"),
    pytest.param('if settings.debug:\n    @app.get("/debug")\n    def debug(): ...\n'
                 'try:\n    @router.post("/items")\n    async def add(): ...\nexcept ImportError:\n    pass\n',
                 (Route("GET", "/debug", "debug", SERVER, 3, "app"),
                  Route("POST", "/items", "add", SERVER, 6, "router")),
                 id="declared in an if or try block"),
    pytest.param('class Server:\n    def __init__(self):\n        self.app = FastAPI()\n\n'
                 '    def setup(self):\n        @self.app.get("/health")\n        def health(): ...\n',
                 (Route("GET", "/health", "health", SERVER, 7, "self.app"),),
                 id="declared in a method of an app class"),
    pytest.param('@cbv(router)\nclass Items:\n    @router.get("/items")\n    def list_items(self): ...\n'
                 '    @router.get("/items/{i}")\n    def one(self, i): ...\n',
                 (Route("GET", "/items", "list_items", SERVER, 4, "router"),
                  Route("GET", "/items/{i}", "one", SERVER, 6, "router", ("i",))), id="methods of a class-based view"),
    pytest.param('@app.websocket("/ws")\nasync def feed(socket): ...\n',
                 (Route("WEBSOCKET", "/ws", "feed", SERVER, 2, "app", ("socket",)),), id="websocket"),
    pytest.param('@router.put("/{book_id}")\ndef edit(book_id: int, payload: models.BookUpdate, *, q: Optional[str] = None,'
                 ' db=Depends(get_db)): ...\n',
                 (Route("PUT", "/{book_id}", "edit", SERVER, 2, "router", ("book_id", "payload", "q", "db"),
                        ("int", "BookUpdate", "Optional", "str")),),
                 id="parameters and the names their annotations use"),
    pytest.param('def _reads(router_obj, service):\n    @router_obj.get("/config")\n    def config(): ...\n\n'
                 'def init(service):\n    _reads(router, service)\n    _reads(service=service, router_obj=hooks)\n',
                 (Route("GET", "/config", "config", SERVER, 3, "router"),
                  Route("GET", "/config", "config", SERVER, 3, "hooks")),
                 id="declared on a parameter: a route of each router the module hands that function"),
    pytest.param('def _reads(router_obj):\n    @router_obj.get("/config")\n    def config(): ...\n',
                 (Route("GET", "/config", "config", SERVER, 3, "router_obj"),),
                 id="declared on a parameter the module never hands a router"),
    pytest.param('def shelf(): ...\nrouter = APIRouter()\nrouter.add_api_route("/shelf", shelf, methods=["POST"])\n',
                 (Route("POST", "/shelf", "shelf", SERVER, 1, "router"),), id="add_api_route at the handler's def"),
    pytest.param('app.add_api_route(path="/ping", endpoint=handlers.ping)\n',
                 (Route("GET", "/ping", "ping", SERVER, 1, "app"),), id="add_api_route keywords, default GET, at the call"),
    pytest.param('router.add_api_route(paths.PING, ping)\n',
                 (Route("GET", "{paths.PING}", "ping", SERVER, 1, "router"),),
                 id="add_api_route with a named path, looked up when routes are resolved"),
    pytest.param('router.add_api_route(paths(), ping)\nrouter.add_api_route("/only-path")\n', (),
                 id="add_api_route without a path to read or a handler"),
    pytest.param('''\
        class ShelfEndpoint:
            def __init__(self, router):
                self.router = router

            def list_shelves(self): ...

            def remove_shelf(self, shelf_id): ...

            def add_routes(self):
                self.router.add_api_route("", self.list_shelves, methods=["GET"])
                self.router.add_api_route("/{shelf_id}", self.remove_shelf, methods=["DELETE"])

        def get_router():
            router = APIRouter(prefix="/shelves")
            ShelfEndpoint(router).add_routes()
            return router
        ''', (Route("GET", "", "list_shelves", SERVER, 5, "router"),
               Route("DELETE", "/{shelf_id}", "remove_shelf", SERVER, 7, "router")),
                 id="endpoint class handed the file's only router"),
])
def test_routes(src, expected):
    assert facts(src).routes == expected


def test_router_declarations_and_mounts():
    got = facts('''\
        from fastapi import APIRouter, FastAPI
        import fastapi

        app = FastAPI(title="Books")
        router = APIRouter(prefix="/books", tags=["books"])
        app.include_router(books.router, prefix="/api")
        app.include_router(router)
        api: fastapi.APIRouter = fastapi.APIRouter(prefix=f"/v{VERSION}")
        api.include_router(authors_router, prefix="/authors")
    ''')
    assert got.routers == (
        RouterDecl("app", "", 4, "FastAPI"),
        RouterDecl("router", "/books", 5, "APIRouter"),
        RouterDecl("api", "/v{VERSION}", 8, "APIRouter"),
    )
    assert got.mounts == (
        RouterMount("books.router", "/api", 6, "app"),
        RouterMount("router", "", 7, "app"),
        RouterMount("authors_router", "/authors", 9, "api"),
    )


def test_a_router_mounted_in_a_loop_is_mounted_once_per_item():
    got = facts('''\
        def create_app():
            app = FastAPI()
            for router in (books_router, authors.router):
                app.include_router(router, prefix=API_PREFIX)
            for name in names():
                app.include_router(name)
            return app
    ''')
    assert got.mounts == (
        RouterMount("books_router", "{API_PREFIX}", 4, "app"),
        RouterMount("authors.router", "{API_PREFIX}", 4, "app"),
        RouterMount("name", "", 6, "app"),
    )


def test_a_router_handed_to_a_class_is_a_mount_of_its_routes():
    got = facts('''\
        router = APIRouter(prefix="/inspection")
        class SessionEndpoint(Base):
            def __init__(self, router, service): ...
        def register(router: APIRouter) -> None:
            SessionEndpoint(router=router, service=build()).add_routes()
            catalog = endpoints.CatalogEndpoint(api_router=router)
            ShelfEndpoint(shelf_router, *more).add_routes()
            Service(repository=repo)
            make_endpoint(router=router)
            Endpoint(router=routers[0])
    ''')
    assert got.mounts == (
        RouterMount("SessionEndpoint", "", 5, "router", "self.router"),
        RouterMount("endpoints.CatalogEndpoint", "", 6, "router", "self.api_router"),
        RouterMount("ShelfEndpoint", "", 7, "shelf_router", "self.router"),
    )


def test_prefixes_named_by_constants_and_the_constants_that_look_like_paths():
    got = facts('''\
        API = "/api"
        ROOT = ""
        TITLE = "Books API"
        class Settings(BaseSettings):
            API_V1_STR: str = "/api/v1"
            ITEM = "/items/{item_id}/files/{name:path}"
            template_dir = "/srv/{}"
            pattern = "/srv/{name"
        app.include_router(api_router, prefix=settings.API_V1_STR)
        app.include_router(other, prefix=f"{API}/{version()}")
    ''')
    assert got.constants == (("API", "/api"), ("ROOT", ""), ("API_V1_STR", "/api/v1"),
                             ("ITEM", "/items/{item_id}/files/{name:path}"))
    assert [m.prefix for m in got.mounts] == ["{settings.API_V1_STR}", "{API}/{}"]


def test_pydantic_models_inheritance_and_field_order():
    got = facts('''\
        from pydantic import BaseModel
        import pydantic

        class BookIn(BaseModel):
            title: str
            author: str = ""
            year: int | None = None
            def helper(self): ...

        class BookOut(BookIn):
            id: int

        class Settings(pydantic.BaseSettings):
            url: str

        class Plain:
            name: str
    ''')
    assert got.models == (
        Model("BookIn", ("title", "author", "year"), 4, ("BaseModel",)),
        Model("BookOut", ("id",), 10, ("BookIn",)),
        Model("Settings", ("url",), 13, ("pydantic.BaseSettings",)),
    )


TEST_SRC = '''\
    import pytest
    def helper(): ...
    def test_one(): ...
    class TestShelf:
        def test_add(self): ...
        def helper(self): ...
    class Helpers:
        def test_not_collected(self): ...
    @pytest.mark.parametrize("x", [1])
    async def test_async(x): ...
'''


ALL_TESTS = (Case("test_one", 3), Case("TestShelf.test_add", 5), Case("test_async", 10))


@pytest.mark.parametrize(("path", "expected"), [
    *(pytest.param(p, ALL_TESTS, id=p) for p in ("tests/test_b.py", "app/server/b_test.py")),
    *(pytest.param(p, (), id=p) for p in ("app/server/books.py", "tests/helpers.py", "app/server/testing.py",
                                          "tests/conftest.py")),
])
def test_tests_only_in_test_files(path, expected):
    assert facts(TEST_SRC, path).tests == expected


@pytest.mark.parametrize(("src", "path", "attr", "expected"), [
    pytest.param("class TestA:\n    def test_x(self): ...\nclass TestB:\n    def test_x(self): ...\n",
                 "tests/test_a.py", "tests", (Case("TestA.test_x", 2), Case("TestB.test_x", 4)), id="same test name in two classes"),
    pytest.param("class C:\n    def get(self): ...\n\ndef get(): ...\n", SERVER, "symbols",
                 (Symbol("C", "class", 1), Symbol("get", "function", 4)), id="method shadows top-level def"),
    pytest.param('a = APIRouter(prefix="/a")\nb = APIRouter(prefix="/b")\n', SERVER, "routers",
                 (RouterDecl("a", "/a", 1), RouterDecl("b", "/b", 2)),
                 id="two routers in one file"),
    pytest.param("x = 1\nimport os, sys\nfrom . import a\nfrom . import b\n", SERVER, "imports",
                 (ImportFact("os", ("os",), 2), ImportFact("sys", ("sys",), 2),
                  ImportFact("", ("a",), 3, 1), ImportFact("", ("b",), 4, 1)),
                 id="import lines"),
    pytest.param('"""Doc."""\n\nAPI_URL = "/api"\n', SERVER, "symbols", (Symbol("API_URL", "const", 3),),
                 id="constant line"),
])
def test_line_numbers(src, path, attr, expected):
    assert getattr(analyze(path, src), attr) == expected


@pytest.mark.parametrize(("src", "line"), [
    pytest.param("x = 1\ny = = 2\n", 2, id="double equals"),
    pytest.param("a = 1\nb = 2\nc = 3\nif x\n    pass\n", 5, id="missing colon reported by libcst on body"),
])
def test_syntax_error_is_one_diagnostic_naming_the_line(src, line):
    got = analyze("app/server/bad.py", src)
    assert got.diagnostics == (Diagnostic(
        "app/server/bad.py", f"Python syntax error at line {line}; fix the file or exclude it from the scope"),)
    assert (got.symbols, got.imports, got.routes) == ((), (), ())
    assert got.lines == src.count("\n") + 1


@pytest.mark.parametrize("src", [
    pytest.param("[" * 200 + "]" * 200, id="deep list"),
    pytest.param("x = " + "(" * 1000 + ")" * 1000, id="deep parens 1000"),
])
def test_deep_nesting_gives_diagnostic_or_facts(src):
    got = analyze("app/server/deep.py", src)
    assert got.path == "app/server/deep.py"
    assert got.diagnostics in ((), (Diagnostic("app/server/deep.py", "nesting deeper than 150 levels; not parsed"),))


def test_very_deep_nesting_does_not_kill_the_process():
    code = ("from analyzers.python import analyze\n"
            "f = analyze('a.py', 'x = ' + '(' * 3000 + ')' * 3000)\n"
            "print(len(f.diagnostics))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "1"


@pytest.mark.parametrize("src", [
    pytest.param("", id="empty"),
    pytest.param("# just a comment\n", id="comment"),
    pytest.param('"""Only a docstring."""\n', id="docstring"),
    pytest.param("if True:\n    def inner(): ...\n    class Inner(BaseModel):\n        x: int\n", id="nested defs"),
    pytest.param("@router.get\ndef bare(): ...\n@router.get(path_for('x'))\ndef var(): ...\n", id="no path to read"),
    pytest.param("@router.route('/x')\ndef other(): ...\n@get('/x')\ndef plain(): ...\n", id="not a verb"),
    pytest.param("include_router(r)\napp.include_router()\n", id="mount without target"),
    pytest.param("def test_x(): ...\nclass TestY:\n    def test_z(self): ...\n", id="tests outside test file"),
])
def test_inputs_that_produce_nothing(src):
    got = analyze(SERVER, src)
    assert (got.routes, got.routers, got.mounts, got.models, got.tests, got.diagnostics) == (
        (), (), (), (), (), ())
    assert (got.language, got.lines) == ("python", src.count("\n") + 1)
