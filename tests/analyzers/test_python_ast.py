"""The ast analyzer must give exactly the libcst analyzer's facts (a differential test)."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from analyzers import python, python_ast
from analyzers.model import FileFacts, Symbol

ROOT = Path(__file__).resolve().parents[2]
SERVER = "app/server/server.py"
TESTS = "tests/test_server.py"


def differences(got: FileFacts, want: FileFacts) -> dict[str, tuple[object, object]]:
    """{field: (ast, libcst)} for every field that differs."""
    return {f.name: (getattr(got, f.name), getattr(want, f.name))
            for f in dataclasses.fields(FileFacts) if getattr(got, f.name) != getattr(want, f.name)}


def repo_files() -> list[Path]:
    found = [*ROOT.glob("examples/**/*.py"), *ROOT.glob("tests/fixtures/**/*.py")]
    return sorted(p for p in found if "node_modules" not in p.parts)


@pytest.mark.parametrize("file", repo_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_repo_files_read_the_same(file: Path) -> None:
    path, text = str(file.relative_to(ROOT)), file.read_text(encoding="utf-8")
    assert differences(python_ast.extract(path, text), python.analyze(path, text)) == {}


def test_there_are_repo_files_to_compare() -> None:
    assert len(repo_files()) >= 10


SNIPPETS = [
    pytest.param(SERVER, '''\
        """Books API.

        Routes for books."""
        from fastapi import APIRouter, FastAPI
        import fastapi as fa, os.path

        app = FastAPI(title="Books")
        router = APIRouter(prefix="/books", tags=["books"])
        api: fa.APIRouter = fa.APIRouter(prefix="/v" "1")
        a = b = APIRouter(prefix='/twice')
        app.include_router(router, prefix="/api")
        app.include_router(prefix="/first-keyword", router=other)
        app.include_router(*routers)
        app.include_router()
        x = app.include_router(ignored)

        @router.get("/")
        async def list_books(): ...

        @router.api_route("/x", methods=["post", "PUT"])
        @app.delete(path="/a" "/b")
        @v1.router.patch("")
        def many():
            """Many routes."""

        @router.get(*paths)
        def starred(): ...

        @router.post(**options)
        def double_starred(): ...

        @router.get(name="n", *["/late"])
        def keyword_before_star(): ...

        @router.get(path="/keyword-first", *rest)
        def path_keyword_before_star(): ...

        @router.get(PATH)
        def not_literal(): ...
    ''', id="routers, mounts and routes"),
    pytest.param(SERVER, '''\
        from pydantic import BaseModel, Field
        import pydantic

        class BookIn(BaseModel):
            """A book."""
            title: str = Field(..., max_length=100)
            author: str = ""
            self.attr: int = 1
            first: int; second: int
            def helper(self): ...

        class BookOut(BookIn):
            id: int

        class Settings(pydantic.BaseSettings, metaclass=Meta):
            url: str

        class OneLine(BaseModel): x: int

        class Star(*bases, BaseModel, **extra):
            y: int

        @dataclass
        class Outer:
            class Inner(BaseModel):
                z: int
    ''', id="models"),
    pytest.param(TESTS, '''\
        import pytest

        def test_one(): ...

        class TestShelf:
            def test_add(self): ...
            async def test_async(self): ...
            def helper(self): ...

        class Helpers:
            def test_not_collected(self): ...

        @pytest.mark.parametrize("x", [1])
        async def test_param(x): ...

        class TestOneLine: pass
    ''', id="tests"),
    pytest.param(SERVER, '''\
        from __future__ import annotations
        from typing import TYPE_CHECKING
        from . import sibling
        from .. import parent
        from ...pkg.mod import (b as bee, a)
        from pkg import *

        if TYPE_CHECKING:
            from collections.abc import Iterator
        elif OTHER:
            import elif_branch
        else:
            import else_branch

        try:
            import ujson as json
        except ImportError:
            import json
        else:
            import try_else
        finally:
            import try_finally
        try:
            pass
        except* ValueError:
            import in_except_star

        for x in y:
            import in_for
        else:
            import for_else
        while w:
            import in_while
        with open(x) as f, lock:
            import in_with

        def outer():
            import in_function
            class Local:
                import in_class
            def inner():
                from . import deep
                app.include_router(nested_router)
    ''', id="imports everywhere"),
    pytest.param(SERVER, '''\
        if x: import one_line_suite
        def f(): import in_def_suite; app.include_router(r)
        for a in b: import in_for_suite
        try: import in_try_suite
        except ImportError: import in_except_suite
        else: import in_else_suite
        if y: \\
            import continued_suite
        if z:  # a comment
            import after_comment
        else:  # a comment ending in a backslash \\
            import after_backslash_comment

        match command:
            case "go":
                import in_match
                app.include_router(match_router)
            case _:
                pass
    ''', id="one-line suites and match are not walked"),
    pytest.param(SERVER, '''\
        API_URL = "/api"
        A = B = 1
        NOT_CONST: int = 2
        lower = 3
        X.Y = 4
        (n := 10)
        total = [y for x in data if (y := f(x))]
        squares = {k: v ** 2 for k, v in items}
        key = lambda item: item.name
        message = "a" "b" f"{c}"
        path = f"/items/{item_id}"
        raw = rb"\\d+"
        tabbed = 1\t# tabs\tin code
    ''', id="constants, walrus, comprehensions, lambdas, strings"),
    pytest.param(SERVER, 'def init(repo):\n    @router.get("/a")\n    def a(): ...\n    @router.post("/b")\n'
                 '    async def b(): ...\n    if repo:\n        @router.get("/c")\n        def c(): ...\n'
                 'def one_line(): return 1\n', id="routes declared inside a function"),
    pytest.param(SERVER, '@router.get(f"/{PREFIX}/items/{id}")\ndef fs(): ...\n'
                 'r = APIRouter(prefix=f"/v{VERSION}")\napp.include_router(r, prefix=f"/{ROOT}")\n'
                 '@router.api_route("/m", methods=[f"{METHOD}", *extra, "get"])\ndef m(): ...\n',
                 id="f-strings in paths"),
    pytest.param(SERVER, "import os\r\n\r\n@app.get('/x')\r\ndef f():\r\n    '''Doc.\r\n\r\n    More.'''\r\n"
                 "if x: import crlf_suite\r\n", id="CRLF"),
    pytest.param(SERVER, "import os\r\rdef f():\r    '''Doc.'''\r    import inner\r", id="lone CR"),
    pytest.param(SERVER, "x = 1\x0c\ny = 2\n\x0c\ndef f():\n    import ff\n", id="form feed"),
    pytest.param(SERVER, "def f():\n\tif x:\n\t\timport tabbed\n\treturn 1\n", id="tab indentation"),
    pytest.param(SERVER, "def naïve():\n    '''Café…'''\n    return 'ℹ️ µs ²'  # ℹ️\n", id="unicode in names and text"),
    pytest.param(SERVER, "", id="empty"),
    pytest.param(SERVER, "# only a comment", id="comment without newline"),
    pytest.param(SERVER, '"a" "b"\n', id="concatenated module docstring"),
    pytest.param(SERVER, 'b"bytes"\nclass C:\n    f"{x}"\n', id="bytes and f-string are not docstrings"),
    pytest.param(SERVER, 'def f():\n    "doc"\nclass C: "one-line doc"\n', id="one-line docstring"),
    pytest.param(SERVER, "class A:\n    pass\nclass A:\n    pass\ndef A(): ...\n", id="redefinitions"),
    pytest.param(SERVER, "@decorate\nclass Decorated(Base):\n    '''Doc.'''\n", id="decorated class"),
    pytest.param(SERVER, "return 1\nyield 2\nawait x\nnonlocal y\n", id="compiler errors ast accepts"),
    pytest.param(SERVER, "def create_app():\n    app = FastAPI()\n    app.include_router(r)\n    return app\n"
                 "class Server:\n    def __init__(self):\n        self.application: FastAPI = FastAPI()\n"
                 "        if x: api = APIRouter(prefix='/one-line')\n", id="apps built in functions and classes"),
    pytest.param(SERVER, "def f():\n    a = b = FastAPI()\n    with x:\n        r = APIRouter(prefix='/r')\n",
                 id="nested router targets"),
    pytest.param(SERVER, "API = '/api'\nclass Settings(BaseSettings):\n    API_V1_STR: str = '/api' '/v1'\n"
                 "    NAME = f'/{x}'\nr = APIRouter(prefix=f'{API}/{settings.V}/{f()!r}')\n"
                 "app.include_router(r, prefix=settings.API_V1_STR)\nX = f'/a' '/b'\nY = '/c' '/d'\n"
                 "app.include_router(r, prefix='/e' f'{API}')\n", id="prefixes named by constants"),
    pytest.param(SERVER, "class E:\n    def f(self): ...\n    def routes(self):\n"
                 "        self.router.add_api_route('/a', self.f, methods=['put'])\n"
                 "        self.router.add_api_route(endpoint=g, path=f'/b/{x}')\n        r.add_api_route(*a, **k)\n"
                 "        if x: self.router.add_api_route('/one-line', f)\n"
                 "def make():\n    router = APIRouter(prefix='/e')\n    return router\n"
                 "app.add_api_route('/c', h)\n", id="routes added by calls"),
    pytest.param(SERVER, "for r in (a, b.router):\n    app.include_router(r)\nelse:\n    app.include_router(r)\n"
                 "async def f():\n    async for r in [c]:\n        app.include_router(r, prefix=P)\n"
                 "for r in (a, *rest):\n    app.include_router(r)\nfor r in (x): app.include_router(r)\n",
                 id="routers mounted in loops"),
    pytest.param(SERVER, "routers = [a, b.router]\nfor r in routers:\n    if r is a:\n        app.include_router(r)\n"
                 "pair = (c, d())\nfor r in pair:\n    app.include_router(r)\ndef f():\n    inner = [e]\n"
                 "    for r in inner:\n        app.include_router(r, prefix=P)\n", id="routers mounted in a loop over a name"),
    pytest.param(SERVER, "ITEM = '/items/{item_id}'\nBAD = '/srv/{}'\n@router.get(ITEM)\ndef one(): ...\n"
                 "@router.post(paths.ITEMS)\ndef two(): ...\n@router.get(path=paths())\ndef three(): ...\n"
                 "router.add_api_route(paths.PING, ping)\nrouter.add_api_route(path=ITEM, endpoint=one)\n",
                 id="route paths given by names"),
    pytest.param(SERVER, "class E(B):\n    pass\nE(router=r).add_routes()\nx = m.F(r2, *a)\ny = G(*a, router=r3)\n"
                 "H(**k)\nI(x, api_router=r4)\ndef f(router):\n    E(router)\n    if x: E(router=r5)\n",
                 id="routers handed to classes"),
    pytest.param(SERVER, "def _reads(r, s, *rest):\n    @r.get('/a')\n    def a(): ...\n    @s.post('/b')\n    def b(): ...\n"
                 "def init(x):\n    _reads(router, *x)\n    _reads(*x, s=other)\n    if x: _reads(third, x)\n"
                 "    y = _reads(api.router, s=api.hooks)\n", id="routes on parameters, routers handed by call"),
    pytest.param(SERVER, '''\
        if settings.debug:
            @app.get("/debug")
            def debug(): ...
        else:
            @app.websocket("/ws")
            async def feed(socket): ...
        try:
            @router.post("/items")
            def add(): ...
        except ImportError:
            if x: import fallback
        class Server:
            def __init__(self):
                self.app = FastAPI()
            def setup(self):
                @self.app.get("/health")
                def health(): ...
                def inner():
                    @self.app.get("/health")
                    def health(): ...
        @cbv(router)
        class Items:
            @router.get("/items")
            def list_items(self): ...
        def outer():
            def middle():
                @router.get("/deep")
                def deep(): ...
        match command:
            case "go":
                @router.get("/matched")
                def matched(): ...
    ''', id="routes in blocks, classes and deeper functions"),
    pytest.param("app/server/tests/test_api.py", "def test_a(client):\n    client.get('/api/a')\n"
                 "    client.post(f\"/api/b/{x['id']}\", json={})\n", id="test client requests"),
]


@pytest.mark.parametrize(("path", "text"), SNIPPETS)
def test_snippets_read_the_same(path: str, text: str) -> None:
    text = dedent(text)
    assert differences(python_ast.extract(path, text), python.analyze(path, text)) == {}


Raised = type[Exception] | tuple[type[Exception], ...]
LIBCST_DECIDES = [
    pytest.param("\ufeffimport os\n", SyntaxError, id="BOM left in the text"),
    pytest.param("x = 1\x00\n", (SyntaxError, ValueError), id="NUL byte"),
    pytest.param("def f(:\n    pass\n", SyntaxError, id="syntax error"),
    pytest.param("def ｆｕｌｌ(): ...\n", python_ast.Unsure, id="name ast folds to NFKC"),
    pytest.param("# comment\rdef ｆ(): pass\r", python_ast.Unsure, id="name ast folds to NFKC, lone CR"),
    pytest.param("r = APIRouter(prefix=f'/a{{b}}')\n", python_ast.Unsure, id="f-string with braces"),
    pytest.param("@app.get(f'/a\\n{b}')\ndef f(): ...\n", python_ast.Unsure, id="f-string with escape"),
    pytest.param("@app.get(f'/{b=}')\ndef f(): ...\n", python_ast.Unsure, id="f-string with ="),
    pytest.param("if x:  # 'quoted' \\\n    import y\n", python_ast.Unsure, id="quoted comment ending in backslash"),
    pytest.param("for c in x:\n\\\n    try:\n        pass\n    finally:\n        pass\n", python_ast.Unsure,
                 id="backslash-only line opening a block"),
    pytest.param('"""Doc."""  \\\r\n', python_ast.Unsure, id="backslash before CR LF at the end"),
    pytest.param("if x:\n\tif y:\n            pass\n", python_ast.Unsure, id="tab block, deeper block in spaces"),
    pytest.param("def f():\n\x0c    a = 1\n    b = 2\n", python_ast.Unsure, id="form feed in indentation"),
    pytest.param("def f():\r\x0c    a = 1\r    b = 2\r", python_ast.Unsure, id="form feed in indentation, lone CR"),
    pytest.param("class M(BaseModel):\n    (paren): int\n", python_ast.Unsure, id="parenthesised annotation"),
    pytest.param("def f():\n    if x: (a.b): int = 1\n", python_ast.Unsure, id="parenthesised annotation in a suite"),
    pytest.param("match x:\n    case 1:\n        (\ny): int\n", python_ast.Unsure,
                 id="parenthesised annotation in match"),
    pytest.param("a" + ".b" * 300 + ".include_router(r)\n", python_ast.Unsure, id="long attribute chain"),
    pytest.param("if a:\n    pass\n" + "elif a:\n    pass\n" * 600, python_ast.Unsure, id="long elif ladder"),
    pytest.param('"a" ' * 400 + "\n", python_ast.Unsure, id="docstring of 400 adjacent literals"),
    pytest.param("x = " + '"a" ' * 3001 + "\n", python_ast.Unsure, id="3001 adjacent literals"),
]


@pytest.mark.parametrize(("text", "error"), LIBCST_DECIDES)
def test_libcst_decides_where_ast_cannot_be_sure(text: str, error: Raised) -> None:
    with pytest.raises(error):
        python_ast.extract(SERVER, text)
    assert differences(python_ast.analyze(SERVER, text), python.analyze(SERVER, text)) == {}


def test_guards_run_before_either_parser() -> None:
    text = "x = " + "(" * 1000 + ")" * 1000 + "\n"
    assert python_ast.analyze(SERVER, text) == python.analyze(SERVER, text)
    assert "nesting deeper than" in python_ast.analyze(SERVER, text).diagnostics[0].message


PEP_695 = "type Alias = int\n\n\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="ast reads PEP 695 from 3.12")
def test_newer_grammar_falls_back_to_libcst() -> None:
    with pytest.raises(SyntaxError):
        python_ast.extract(SERVER, PEP_695)
    got = python_ast.analyze(SERVER, PEP_695)
    assert got.symbols == (Symbol("first", "function", 4),)
    assert got.diagnostics == ()


def imported_modules(path: str, text: str) -> str:
    """`-X importtime` output of analysing `text` through the registry in a fresh interpreter."""
    code = ("import sys\nfrom analyzers.registry import analyzer_for\n"
            "facts = analyzer_for(sys.argv[1])(sys.argv[1], sys.argv[2])\n"
            "assert facts.symbols and not facts.diagnostics, facts\n")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code, path, text], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-1000:]
    return done.stderr


def test_plain_file_does_not_import_libcst() -> None:
    modules = imported_modules(SERVER, "from fastapi import APIRouter\n\n@router.get('/x')\ndef f(): ...\n")
    assert "libcst" not in modules


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="ast reads PEP 695 from 3.12")
def test_newer_grammar_imports_libcst() -> None:
    """Control for the test above: the importtime check does see libcst when it is used."""
    assert "libcst" in imported_modules(SERVER, PEP_695)
