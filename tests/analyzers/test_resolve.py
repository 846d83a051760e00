from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.model import ClientCall, Route
from analyzers.paths import resolve_js
from analyzers.resolve import Link, RouteIndex, join_url, resolve
from analyzers.scan import analyze_text

SERVER = {
    "app/server/server.py": '''\
        from fastapi import FastAPI
        from routers import books
        from routers.authors import router as authors_router
        from core.db import get_db
        from . import settings

        app = FastAPI()
        app.include_router(books.router, prefix="/api")
        app.include_router(authors_router, prefix="/api/v2")

        @app.get("/health")
        def health(): ...
    ''',
    "app/server/routers/__init__.py": "",
    "app/server/routers/books.py": '''\
        from fastapi import APIRouter
        from ..core.db import get_db
        from .authors import Author

        router = APIRouter(prefix="/books")

        @router.get("")
        def list_books(): ...

        @router.get("/{book_id}")
        def get_book(book_id: int): ...

        @router.delete("/{book_id}")
        def delete_book(book_id: int): ...
    ''',
    "app/server/routers/authors.py": '''\
        from fastapi import APIRouter
        router = APIRouter(prefix="/authors")

        @router.post("/")
        def create_author(): ...
    ''',
    "app/server/core/__init__.py": "",
    "app/server/core/db.py": "def get_db(): ...\n",
    "app/server/settings.py": "DEBUG = False\n",
    "app/server/tests/test_books.py": '''\
        from routers.books import list_books
        from core import db
        import requests

        def test_list(): ...
    ''',
}


def resolved(sources: dict[str, str]):
    return resolve(tuple(analyze_text(path, dedent(src)) for path, src in sorted(sources.items())))


def route_table(sources: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(r.method, r.path, r.handler) for r in resolved(sources).routes]


def test_router_prefixes_joined_across_modules():
    assert route_table(SERVER) == [
        ("GET", "/api/books", "list_books"),
        ("DELETE", "/api/books/{book_id}", "delete_book"),
        ("GET", "/api/books/{book_id}", "get_book"),
        ("POST", "/api/v2/authors", "create_author"),
        ("GET", "/health", "health"),
    ]


def test_resolved_route_keeps_file_line_and_router():
    routes = resolved(SERVER).routes
    assert Route("GET", "/api/books/{book_id}", "get_book", "app/server/routers/books.py", 11,
                 "router", ("book_id",), ("int",)) in routes


def test_a_resolved_route_accepts_the_fields_of_the_request_models_it_names_bases_first() -> None:
    routes = resolved({
        "app/server/core/models.py": '''\
            from pydantic import BaseModel

            class BookBase(BaseModel):
                title: str
                author: str

            class BookUpdate(BookBase):
                rating: int
        ''',
        "app/server/server.py": '''\
            from fastapi import FastAPI
            from core.models import BookUpdate

            app = FastAPI()

            @app.put("/api/books/{book_id}")
            def update_book(book_id: int, payload: BookUpdate, notify: bool = False): ...
        ''',
    }).routes
    assert [(r.path, r.params, r.types) for r in routes] == [
        ("/api/books/{book_id}", ("book_id", "payload", "notify", "title", "author", "rating"),
         ("int", "BookUpdate", "bool"))]


def test_mount_links_point_at_router_modules():
    links = resolved(SERVER).links
    assert Link("mounts", "app/server/server.py", "app/server/routers/books.py", 8) in links
    assert Link("mounts", "app/server/server.py", "app/server/routers/authors.py", 9) in links


def test_python_import_links():
    imports = {(link.source, link.target) for link in resolved(SERVER).links if link.kind == "imports"}
    assert imports == {
        ("app/server/server.py", "app/server/routers/books.py"),
        ("app/server/server.py", "app/server/routers/authors.py"),
        ("app/server/server.py", "app/server/core/db.py"),
        ("app/server/server.py", "app/server/settings.py"),
        ("app/server/routers/books.py", "app/server/core/db.py"),
        ("app/server/routers/books.py", "app/server/routers/authors.py"),
        ("app/server/tests/test_books.py", "app/server/routers/books.py"),
        ("app/server/tests/test_books.py", "app/server/core/db.py"),
    }


def test_unresolved_absolute_imports_are_packages():
    assert resolved(SERVER).packages == (
        ("app/server/routers/authors.py", "fastapi"), ("app/server/routers/books.py", "fastapi"),
        ("app/server/server.py", "fastapi"), ("app/server/tests/test_books.py", "requests"))


@pytest.mark.parametrize(("sources", "expected"), [
    pytest.param({"app/server/main.py": '''\
        router = APIRouter(prefix="/books")
        @router.get("/{id}")
        def one(id): ...
        app.include_router(router, prefix="/api")
        app.include_router(router, prefix="/api/v1")
     '''}, [("GET", "/api/books/{id}", "one"), ("GET", "/api/v1/books/{id}", "one")], id="same file twice"),
    pytest.param({"app/server/other.py": '''\
        r = APIRouter(prefix="/lonely/")
        @r.post("x/")
        def x(): ...
     '''}, [("POST", "/lonely/x", "x")], id="unmounted router keeps own prefix"),
    pytest.param({"app/server/main.py": '''\
        from routers.books import router
        app.include_router(router, prefix="/api")
     ''', "app/server/routers/books.py": '@router.get("/")\ndef root(): ...\n'},
        [("GET", "/api", "root")], id="imported router name without alias"),
    pytest.param({"app/server/main.py": '''\
        from routers import books as b
        app.include_router(b.router, prefix="/api")
     ''', "app/server/routers/books.py": '@router.get("/x")\ndef x(): ...\n'},
        [("GET", "/api/x", "x")], id="module alias"),
    pytest.param({"app/server/main.py": '''\
        import routers.books as rb
        app.include_router(rb.router, prefix="/api")
     ''', "app/server/routers/books.py": '@router.get("/x")\ndef x(): ...\n'},
        [("GET", "/api/x", "x")], id="import a.b as c"),
    pytest.param({"app/server/main.py": '''\
        from api import router as api_router
        app.include_router(api_router, prefix="/api")
     ''', "app/server/api.py": '''\
        from items import router as items_router
        router = APIRouter(prefix="/v1")
        router.include_router(items_router, prefix="/items")
     ''', "app/server/items.py": '@router.get("/{item_id}")\ndef get_item(item_id): ...\n'},
        [("GET", "/api/v1/items/{item_id}", "get_item")], id="nested include_router"),
    pytest.param({"app/server/main.py": '''\
        from api import api_router
        app.include_router(api_router, prefix="/api")
     ''', "app/server/api/__init__.py": "from .v1 import router as api_router\n",
        "app/server/api/v1/__init__.py": '''\
        from .users import router as users_router
        router = APIRouter(prefix="/v1")
        router.include_router(users_router)
     ''', "app/server/api/v1/users.py": '''\
        router = APIRouter(prefix="/users")
        @router.delete("/{user_id}")
        def delete_user(user_id): ...
     '''}, [("DELETE", "/api/v1/users/{user_id}", "delete_user")], id="router re-exported by a package"),
    pytest.param({"app/server/main.py": '''\
        import api
        app.include_router(api.api_router, prefix="/api")
     ''', "app/server/api/__init__.py": "from .items import router as api_router\n",
        "app/server/api/items.py": 'router = APIRouter()\n@router.get("/items")\ndef items(): ...\n'},
        [("GET", "/api/items", "items")], id="re-exported router reached as a module attribute"),
    pytest.param({"app/server/main.py": '''\
        from a import r
        app.include_router(r, prefix="/api")
     ''', "app/server/a.py": "from b import r\n", "app/server/b.py": "from a import r\n",
        "app/server/items.py": 'router = APIRouter()\n@router.get("/items")\ndef items(): ...\n'},
        [("GET", "/items", "items")], id="re-export loop ends"),
    pytest.param({"app/server/main.py": '''\
        from core.config import settings
        from routes import api_router
        app.include_router(api_router, prefix=settings.API_V1_STR)
     ''', "app/server/core/config.py": '''\
        class Settings(BaseSettings):
            API_V1_STR: str = "/api/v1"
        settings = Settings()
     ''', "app/server/routes.py": 'api_router = APIRouter()\n@api_router.get("/items")\ndef items(): ...\n'},
        [("GET", "/api/v1/items", "items")], id="prefix from a settings class"),
    pytest.param({"app/server/main.py": '''\
        from consts import BASE
        from things import router
        app.include_router(router, prefix=BASE)
        app.include_router(router, prefix=f"{LOCAL}/v2")
        LOCAL = "/local"
     ''', "app/server/consts.py": 'BASE = "/base"\n',
        "app/server/things.py": '@router.get("/x")\ndef x(): ...\n'},
        [("GET", "/base/x", "x"), ("GET", "/local/v2/x", "x")], id="prefix from a module constant"),
    pytest.param({"app/server/main.py": '''\
        from things import router
        app.include_router(router, prefix=PREFIX)
        app.include_router(router, prefix=f"{settings.MISSING}/v2")
     ''', "app/server/things.py": '@router.get("/x")\ndef x(): ...\n'},
        [("GET", "/x", "x"), ("GET", "/{}/v2/x", "x")], id="unknown names are no prefix or a hole"),
    pytest.param({"app/server/app.py": '''\
        from server.constants import API_PREFIX
        from server.api.shelves import router as shelves_router
        from server.api.loans import router as loans_router
        def create_app():
            application = FastAPI()
            for router in (shelves_router, loans_router):
                application.include_router(router, prefix=API_PREFIX)
            return application
     ''', "app/server/constants.py": 'API_PREFIX = "/api"\n',
        "app/server/api/shelves.py": '''\
        class ShelfEndpoint:
            def __init__(self, router):
                self.router = router
            def remove_shelf(self, shelf_id): ...
            def add_routes(self):
                self.router.add_api_route("/{shelf_id}", self.remove_shelf, methods=["DELETE"])
        def get_router():
            router = APIRouter(prefix="/shelves")
            ShelfEndpoint(router).add_routes()
            return router
        router = get_router()
     ''', "app/server/api/loans.py": '''\
        def list_loans(): ...
        def get_router():
            router = APIRouter(prefix="/loans")
            router.add_api_route("", list_loans)
            return router
        router = get_router()
     '''}, [("GET", "/api/loans", "list_loans"), ("DELETE", "/api/shelves/{shelf_id}", "remove_shelf")],
        id="routes added by calls on routers a factory builds, mounted in a loop"),
    pytest.param({"app/server/main.py": '''\
        from api.shelves import router as shelves_router
        from common.paths import API_PREFIX
        routers = [shelves_router]
        for router in routers:
            app.include_router(router, prefix=API_PREFIX)
     ''', "app/server/common/paths.py": '''\
        API_PREFIX = "/api"
        SHELVES = "/shelves"
        SHELF = "/{shelf_id}"
        LOANS_OF_SHELF = "/{shelf_id}/loans/{loan_id:int}"
        ALL = ""
     ''', "app/server/api/shelves.py": '''\
        from common import paths
        from common.paths import SHELF, SHELVES
        router = APIRouter(prefix=SHELVES)
        @router.get(SHELF)
        def get_shelf(shelf_id): ...
        @router.get(paths.LOANS_OF_SHELF)
        def get_loan(shelf_id, loan_id): ...
        @router.get(paths.MISSING)
        def nowhere(): ...
        @router.get(paths.ALL)
        def list_shelves(): ...
        def remove_shelf(shelf_id): ...
        router.add_api_route(SHELF, remove_shelf, methods=["DELETE"])
     '''}, [("GET", "/api/shelves", "list_shelves"), ("DELETE", "/api/shelves/{shelf_id}", "remove_shelf"),
           ("GET", "/api/shelves/{shelf_id}", "get_shelf"),
           ("GET", "/api/shelves/{shelf_id}/loans/{loan_id:int}", "get_loan")],
        id="route paths named by constants, routers mounted in a loop over a list"),
    pytest.param({"app/server/main.py": '''\
        from api.inspection import router as inspection_router
        app.include_router(inspection_router, prefix="/api")
     ''', "app/server/api/inspection.py": '''\
        from api.endpoints.sessions import SessionEndpoint
        from api.endpoints import notes
        router = APIRouter(prefix="/inspection")
        def register(router):
            SessionEndpoint(router=router, service=None).add_routes()
            notes.NoteEndpoint(router).add_routes()
        register(router)
     ''', "app/server/api/endpoints/sessions.py": '''\
        class SessionEndpoint:
            def __init__(self, router, service):
                self.router = router
            def get_session(self, session_id): ...
            def add_routes(self):
                self.router.add_api_route("/sessions/{session_id}", self.get_session, methods=["GET"])
     ''', "app/server/api/endpoints/notes.py": '''\
        class NoteEndpoint:
            def list_notes(self): ...
            def add_routes(self):
                self.router.add_api_route("/notes", self.list_notes)
     '''}, [("GET", "/api/inspection/notes", "list_notes"), ("GET", "/api/inspection/sessions/{session_id}", "get_session")],
        id="routers handed to endpoint classes in other modules"),
    pytest.param({"app/server/server.py": '''\
        from routes import queue
        app.include_router(queue.router, prefix="/api")
        queue.init_queue_routes(service)
     ''', "app/server/routes/queue.py": '''\
        router = APIRouter(prefix="/queue")
        def _register_reads(router_obj, service):
            @router_obj.get("/config")
            def config(): ...
        def init_queue_routes(service):
            _register_reads(router, service)
            return router
     '''}, [("GET", "/api/queue/config", "config")],
        id="routes registered on a parameter of a function the module hands its router"),
])
def test_mount_variants(sources, expected):
    assert route_table(sources) == expected


@pytest.mark.parametrize(("prefix", "path", "expected"), [
    pytest.param("", "", "/", id="both empty"),
    pytest.param("/api", "", "/api", id="empty path"),
    pytest.param("/api/", "/books/", "/api/books", id="slashes trimmed"),
    pytest.param("api", "books/{id}", "/api/books/{id}", id="leading slash added"),
])
def test_join_url(prefix, path, expected):
    assert join_url(prefix, path) == expected


ROUTES = (Route("GET", "/api/books", "list_books", "b.py", 1),
          Route("DELETE", "/api/books/{book_id}", "delete_book", "b.py", 2),
          Route("GET", "/api/authors/{id}", "get_author", "a.py", 3))


@pytest.mark.parametrize(("method", "url", "handler"), [
    pytest.param("DELETE", "/api/books/{}", "delete_book", id="hole matches parameter"),
    pytest.param("GET", "/api/books?page=2", "list_books", id="query dropped"),
    pytest.param("GET", "{API_BASE}/books", "list_books", id="unknown constant matches tail"),
    pytest.param("GET", "/authors/7", "get_author", id="unique tail after proxy strip"),
    pytest.param("GET", "/books", "list_books", id="spelled-out tail beats a parameter"),
    pytest.param("POST", "/api/books", None, id="method must agree"),
    pytest.param("GET", "/api/books/1/extra", None, id="segment count must agree"),
    pytest.param("GET", "", None, id="empty url"),
])
def test_match_route(method, url, handler):
    route = RouteIndex(ROUTES).match(ClientCall(method, url, "fetch", "f", 1))
    assert (route.handler if route else None) == handler


def test_a_tail_declared_in_two_modules_is_still_one_route():
    routes = (Route("GET", "/api/account", "account", "app/server/app.py", 1),
              Route("GET", "/api/account", "account", "app/server/server.py", 1),
              Route("GET", "/v2/account", "account_v2", "app/server/v2.py", 1))
    index = RouteIndex(routes[:2])
    assert index.match(ClientCall("GET", "/account", "axios.get", "f", 1)).file == "app/server/app.py"
    assert RouteIndex(routes).match(ClientCall("GET", "/account", "axios.get", "f", 1)) is None  # two paths


def test_a_route_spelling_the_call_out_beats_an_earlier_parameter_route():
    routes = (Route("GET", "/api/items/{item_id}", "get_item", "a.py", 1),
              Route("GET", "/api/items/export", "export_items", "b.py", 1))
    index = RouteIndex(routes)
    assert index.match(ClientCall("GET", "/api/items/export", "fetch", "f", 1)).handler == "export_items"
    assert index.match(ClientCall("GET", "/api/items/{}", "fetch", "f", 1)).handler == "get_item"
    assert index.match(ClientCall("GET", "/api/items/7", "fetch", "f", 1)).handler == "get_item"


CLIENT = frozenset({"app/client/src/api/client.ts", "app/client/src/lib/index.tsx",
                    "app/client/src/types.d.ts", "app/client/src/util.js", "app/client/src/App.tsx"})
ALIASES = (("@/*", "app/client/src/*"), ("", "app/client"))


@pytest.mark.parametrize(("specifier", "expected"), [
    pytest.param("./api/client", "app/client/src/api/client.ts", id="relative without extension"),
    pytest.param("./api/client.js", "app/client/src/api/client.ts", id="js extension maps to ts"),
    pytest.param("./lib", "app/client/src/lib/index.tsx", id="folder index"),
    pytest.param("./types", "app/client/src/types.d.ts", id="declaration file"),
    pytest.param("./util.js", "app/client/src/util.js", id="exact js file"),
    pytest.param("@/api/client", "app/client/src/api/client.ts", id="paths alias"),
    pytest.param("src/App", "app/client/src/App.tsx", id="baseUrl"),
    pytest.param("react", None, id="package"),
    pytest.param("./missing", None, id="missing file"),
])
def test_resolve_js(specifier, expected):
    assert resolve_js("app/client/src/App.tsx", specifier, CLIENT, ALIASES) == expected


def _typescript_works() -> bool:
    try:
        return bool(analyze_text("a.ts", "import x from './b';\n").imports)
    except Exception:
        return False


needs_typescript = pytest.mark.skipif(not _typescript_works(), reason="analyzers.typescript missing or broken")
FULL_APP = {**SERVER,
            "app/client/tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}',
            "app/client/src/types.ts": "export interface Book { id: number }\n",
            "app/client/src/api/index.ts": "export const BASE = '/api';\n",
            "app/client/src/api/books.ts": '''\
                import type { Book } from '@/types';
                import { BASE } from '.';
                export async function deleteBook(id: number) {
                  return fetch('/api/books/' + id, {method: 'DELETE'});
                }
            ''',
            "app/client/src/App.tsx": '''\
                import { deleteBook } from './api/books';
                import React from 'react';
                export default function App() { return null; }
            '''}


@needs_typescript
def test_typescript_import_links_and_packages():
    result = resolved(FULL_APP)
    ts_links = {(link.source, link.target) for link in result.links if link.source.startswith("app/client")}
    assert ts_links == {("app/client/src/api/books.ts", "app/client/src/types.ts"),
                        ("app/client/src/api/books.ts", "app/client/src/api/index.ts"),
                        ("app/client/src/App.tsx", "app/client/src/api/books.ts")}
    assert ("app/client/src/App.tsx", "react") in result.packages


@needs_typescript
def test_client_fetch_matched_to_delete_route():
    calls = [c for c in resolved(FULL_APP).calls if c.file == "app/client/src/api/books.ts"]
    assert [(c.call.method, c.call.function, c.call.line) for c in calls] == [("DELETE", "deleteBook", 4)]
    assert calls[0].route is not None
    assert (calls[0].route.path, calls[0].route.handler) == ("/api/books/{book_id}", "delete_book")


@needs_typescript
def test_wrapper_called_with_a_base_url_constant_matches_the_route():
    app = {**SERVER,
           "app/client/src/constants.ts": "export const API_BASE_URL = '/api';\nexport const BOOKS_PATH = '/books';\n"
                                          "export const ENDPOINTS = { BOOKS: `${API_BASE_URL}/books` };\n",
           "app/client/src/http.ts": '''\
               export async function fetchWithTimeout(url: string, options: RequestInit, timeout: number) {
                 return fetch(url, { ...options });
               }
           ''',
           "app/client/src/books.ts": '''\
               import { API_BASE_URL } from './constants';
               import { fetchWithTimeout } from './http';
               import { BOOKS_PATH } from './constants';
               export const removeBook = (id: number) =>
                 fetchWithTimeout(`${API_BASE_URL}/books/${id}`, { method: 'DELETE' }, 5000);
               export const getBook = (id: number) => fetchWithTimeout(`${API_BASE_URL}${BOOKS_PATH}/${id}`, {}, 5000);
               export const listBooks = (query: string) => fetch(`${API_BASE_URL}${BOOKS_PATH}${query}`);
               export const nowhere = (id: number) => fetch(`${API_BASE_URL}${UNKNOWN_PATH}/${id}`);
               import { ENDPOINTS } from './constants';
               export const allBooks = () => fetchWithTimeout(ENDPOINTS.BOOKS, {}, 5000);
               export const lost = () => fetch(ENDPOINTS.GONE);
           '''}
    calls = [c for c in resolved(app).calls if c.file == "app/client/src/books.ts"]
    assert [(c.call.method, c.call.url, c.call.function) for c in calls] == [
        ("DELETE", "/api/books/{}", "removeBook"), ("GET", "/api/books/{}", "getBook"),
        ("GET", "/api/books", "listBooks"), ("GET", "/api/{}/{}", "nowhere"), ("GET", "/api/books", "allBooks")]
    assert [c.route.handler for c in calls if c.route and c.call.function != "nowhere"] == [
        "delete_book", "get_book", "list_books", "list_books"]


@needs_typescript
@pytest.mark.parametrize("base", ["http://localhost:8000/api", "http://127.0.0.1:8000/api/"])
def test_a_call_to_the_local_dev_server_by_full_url_matches_its_route(base: str) -> None:
    app = {**SERVER,
           "app/client/src/services/books.js": f"""\
               import axios from 'axios'
               const API_BASE = process.env.REACT_APP_API_URL || '{base}'
               const api = axios.create({{ baseURL: API_BASE }})
               export async function listBooks() {{ return (await api.get('/books')).data }}
               export const external = () => fetch('https://api.example.com/api/books')
           """}
    calls = {c.call.function: c for c in resolved(app).calls if c.file == "app/client/src/services/books.js"}
    assert calls["listBooks"].call.url == "/api/books"
    assert calls["listBooks"].route is not None and calls["listBooks"].route.handler == "list_books"
    assert calls["external"].route is None  # another host's API is not this server's


@needs_typescript
def test_websocket_and_event_stream_connections_match_their_routes() -> None:
    app = {"app/server/server.py": """\
               from fastapi import FastAPI, WebSocket
               app = FastAPI()

               @app.websocket("/ws/books")
               async def book_feed(socket: WebSocket): ...

               @app.get("/ws/books")
               def not_a_socket(): ...

               @app.get("/api/imports/{job}/events")
               def import_events(job: str): ...
           """,
           "app/client/src/live.ts": """\
               const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
               export const feed = () => new WebSocket(`${scheme}//${window.location.host}/ws/books`)
               export const local = () => new window.WebSocket('ws://localhost:8000/ws/books')
               export const progress = (job: string) => new EventSource(`/api/imports/${job}/events`)
               export const elsewhere = () => new WebSocket('wss://stream.example.com/ws/books')
               export const shelf = () => new Map([['/ws/books', 1]])
           """}
    calls = {c.call.function: c for c in resolved(app).calls if c.file == "app/client/src/live.ts"}
    assert sorted(calls) == ["elsewhere", "feed", "local", "progress"]
    assert calls["feed"].route == calls["local"].route
    assert (calls["feed"].route.method, calls["feed"].route.handler) == ("WEBSOCKET", "book_feed")
    assert (calls["progress"].route.method, calls["progress"].route.handler) == ("GET", "import_events")
    assert calls["elsewhere"].route is None


@pytest.mark.parametrize("parts", [
    ("app", "server", "x.py"), ("app/server", "../core", "db"), ("", "a"), ("a", ""), (".", "a"), ("a", "."),
    ("a", "/b"), ("/a", "b"), ("a/", "b"), ("a//b", "c"), ("a/./b",), ("a/.hidden", "x"), ("..", "a"), ("a", ".."),
    ("a", "b."), ("a/...", "b"),
])
def test_join_is_normpath_of_the_joined_parts(parts: tuple[str, ...]) -> None:
    import posixpath

    from analyzers.paths import join

    expected = posixpath.normpath(posixpath.join(*[p for p in parts if p]))
    assert join(*parts) == ("" if expected == "." else expected)


def _reference_match(routes: tuple[Route, ...], call: ClientCall) -> Route | None:
    """Route matching as plainly as it can be said: the first route in order whose segments
    agree with the call's (holes match anything); else the one route, or with an unknown leading
    constant the first, whose path ends like the call (but none when the call knows no segment)."""
    import re

    def segments(path: str) -> list[str]:
        return ["{}" if re.fullmatch(r"\{[^}]*\}", s) else s for s in path.strip("/").split("/") if s]

    def same(left: list[str], right: list[str]) -> bool:
        return len(left) == len(right) and all(a == b or "{}" in (a, b) for a, b in zip(left, right))

    url = call.url.split("?", 1)[0]
    unknown = bool(re.match(r"^\{([A-Za-z_$][\w$]*)\}", url))
    wanted = segments(re.sub(r"^\{([A-Za-z_$][\w$]*)\}", "", url))
    mine = [route for route in routes if route.method == call.method]
    if unknown and wanted and all(s == "{}" for s in wanted):
        return None  # an unknown base followed by holes only: nothing known to match on
    exact = [route for route in mine if same(segments(route.path), wanted)]
    exact.sort(key=lambda route: -sum(a == b != "{}" for a, b in zip(segments(route.path), wanted)))  # stable
    if exact or not wanted:
        return exact[0] if exact else None
    tail = [route for route in mine if len(segments(route.path)) > len(wanted)
            and same(segments(route.path)[-len(wanted):], wanted)]
    literal = [sum(a == b != "{}" for a, b in zip(segments(route.path)[-len(wanted):], wanted)) for route in tail]
    tail = [route for route, count in zip(tail, literal) if count == max(literal)]
    return tail[0] if tail and (unknown or len(tail) == 1) else None


MANY_ROUTES = tuple(Route(method, path, f"h{n}", "r.py", n) for n, (method, path) in enumerate([
    ("GET", "/"), ("GET", "/api/items"), ("GET", "/api/items/{id}"), ("GET", "/api/items/export"),
    ("POST", "/api/items"), ("GET", "/api/{kind}/export"), ("GET", "/api/items/{id}/notes"),
    ("GET", "/v2/items/{id}"), ("DELETE", "/api/items/{id}"), ("GET", "/api/stats"), ("GET", "/stats"),
    ("GET", "/api/items/{id}"), ("PUT", "/api/items/{id}/notes/{note}"),
]))
CALLS = ["/", "", "/api/items", "/api/items/{}", "/api/items/export", "/api/things/export", "/api/{}/export",
         "/api/items/{}/notes", "/items/{}", "{BASE}/items/{}", "{BASE}/stats", "/stats", "/api/stats?x=1",
         "/api/items/{}/notes/{}", "/{}", "/{}/{}", "{BASE}", "/nothing/here", "/api/items/7/notes", "{BASE}/{}",
         "{BASE}{}/{}"]


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", CALLS)
def test_route_index_matches_as_plain_matching_does(method: str, url: str) -> None:
    call = ClientCall(method, url, "fetch", "f", 1)
    assert RouteIndex(MANY_ROUTES).match(call) == _reference_match(MANY_ROUTES, call)


PY_FILES = frozenset({"app/server/core/db.py", "app/server/core/__init__.py", "app/server/core/models/item.py",
                      "app/server/routers/items.py", "app/server/server.py", "scripts/tool.py",
                      "app/client/src/core.ts", "app/server/pydantic_shim/__init__.py"})


@pytest.mark.parametrize("importer, module, names, level", [
    pytest.param("app/server/routers/items.py", "core.db", ("get_db",), 0, id="ancestor root"),
    pytest.param("app/server/routers/items.py", "core", ("db", "models"), 0, id="submodules by name"),
    pytest.param("app/server/routers/items.py", "core.models.item", ("Item as Row",), 0, id="aliased name"),
    pytest.param("app/server/routers/items.py", "pydantic", ("BaseModel",), 0, id="outside the repository"),
    pytest.param("app/server/routers/items.py", "pydantic_shim", ("*",), 0, id="star import"),
    pytest.param("app/server/routers/items.py", "core.models", ("item",), 0, id="package without __init__"),
    pytest.param("app/server/routers/items.py", "", ("server",), 2, id="relative"),
    pytest.param("scripts/tool.py", "app.server.core.db", ("app.server.core.db",), 0, id="plain dotted import"),
    pytest.param("app/server/server.py", "core..db", ("x",), 0, id="not a module name"),
    pytest.param("app/server/server.py", "core", ("not a name",), 0, id="not a plain name"),
])
def test_known_folders_change_no_python_import(importer: str, module: str, names: tuple[str, ...],
                                               level: int) -> None:
    from analyzers.model import ImportFact
    from analyzers.paths import python_folders, resolve_python

    imp = ImportFact(module, names, 1, level)
    assert resolve_python(importer, imp, PY_FILES, python_folders(PY_FILES)) == resolve_python(importer, imp, PY_FILES)


@pytest.mark.parametrize("path", ["", "a", "a/b", "a/b/c.py", "a/", "a/b/", "/x", "/", "//x", "a//b", "./a", "../x/y"])
def test_parent_is_dirname(path: str) -> None:
    import posixpath

    from analyzers.paths import parent

    assert parent(path) == posixpath.dirname(path)


def test_a_test_exercises_the_modules_handling_the_routes_it_requests() -> None:
    sources = dict(SERVER)
    sources["app/server/tests/test_api.py"] = '''\
        from fastapi.testclient import TestClient
        from server import app

        client = TestClient(app)

        def test_books_and_authors():
            assert client.get("/api/books").status_code == 200
            assert client.delete(f"/api/books/{7}").status_code == 204
            assert client.post("/api/v2/authors/", json={}).status_code == 201
            assert client.get("/api/unknown").status_code == 404
    '''
    exercised = [(link.source, link.target, link.line) for link in resolved(sources).links if link.kind == "exercises"]
    assert exercised == [("app/server/tests/test_api.py", "app/server/routers/authors.py", 9),
                         ("app/server/tests/test_api.py", "app/server/routers/books.py", 7)]


def test_only_test_modules_exercise_routes() -> None:
    sources = dict(SERVER)
    sources["app/server/core/client_demo.py"] = 'import httpx\nhttpx.get("/api/books")\n'
    assert not [link for link in resolved(sources).links if link.kind == "exercises"]


def test_a_pages_bare_script_and_stylesheet_names_are_files_beside_it() -> None:
    links = resolved({
        "app/client/index.html": '<link rel="stylesheet" href="style.css">\n<script src="app.js"></script>\n'
                                 '<script src="https://cdn.example.com/lib.js"></script>\n',
        "app/client/app.js": "console.log(1);\n",
        "app/client/style.css": "body { margin: 0; }\n",
    }).links
    assert [(link.kind, link.target) for link in links if link.source == "app/client/index.html"] == [
        ("loads", "app/client/app.js"), ("loads", "app/client/style.css")]


RELAYING_CLIENT = {
    **SERVER,
    "app/client/src/api/client.ts": '''\
        async function apiRequest<T>(url: string, options: RequestInit = {}): Promise<T> {
          const response = await fetch(url, options);
          return response.json();
        }
        export const api = {
          async listBooks() { return apiRequest('/api/books'); },
          async removeBook(id: number) { return apiRequest(`/api/books/${id}`, {method: 'DELETE'}); },
        };
        export async function health() { return fetch('/health'); }
    ''',
    "app/client/src/hooks/useBooks.ts": '''\
        import { api } from '../api/client';
        export function useBooks() { return api.listBooks(); }
    ''',
    "app/client/src/main.ts": '''\
        import { api, health } from './api/client';
        import { useBooks } from './hooks/useBooks';
        function formatTitle(title: string) { return title.trim(); }
        async function onDelete(id: number) {
          await api.removeBook(id);
          await api.removeBook(id + 1);
          formatTitle('x');
        }
        health();
        const books = useBooks();
    ''',
}


@needs_typescript
def test_a_file_reaches_routes_through_the_functions_it_imports() -> None:
    result = resolved(RELAYING_CLIENT)
    relayed = [(r.file, r.callee, r.function, r.line, r.module, r.route.method, r.route.path) for r in result.relayed]
    assert relayed == [
        ("app/client/src/hooks/useBooks.ts", "api.listBooks", "useBooks", 2, "app/client/src/api/client.ts",
         "GET", "/api/books"),
        ("app/client/src/main.ts", "api.removeBook", "onDelete", 5, "app/client/src/api/client.ts",
         "DELETE", "/api/books/{book_id}"),
        ("app/client/src/main.ts", "health", "", 9, "app/client/src/api/client.ts", "GET", "/health"),
        # two modules away: main.ts → useBooks → api.listBooks
        ("app/client/src/main.ts", "useBooks", "", 10, "app/client/src/hooks/useBooks.ts", "GET", "/api/books"),
    ]
    # Only the API client makes requests itself: a relaying UI module is not one of its callers.
    assert {c.file for c in result.calls} == {"app/client/src/api/client.ts"}


@needs_typescript
def test_a_call_nothing_imports_relays_nothing() -> None:
    sources = {**SERVER, "app/client/src/main.ts": '''\
        const api = { listBooks() { return fetch('/api/books'); } };
        function load() { return api.listBooks(); }
        listBooks();
    '''}
    result = resolved(sources)
    assert result.relayed == ()
    assert [(c.call.function, c.route.handler) for c in result.calls if c.route] == [("api.listBooks", "list_books")]


@needs_typescript
def test_a_component_reaches_routes_through_the_service_injected_into_it() -> None:
    sources = {**SERVER,
               "app/client/src/app/book.service.ts": '''\
        @Injectable({ providedIn: 'root' })
        export class BookService {
          constructor(private http: HttpClient) {}
          listBooks() { return this.http.get<Book[]>('/api/books'); }
        }
    ''',
               "app/client/src/app/app.component.ts": '''\
        import { BookService } from './book.service';
        export class AppComponent {
          constructor(private books: BookService) {}
          ngOnInit() { this.books.listBooks().subscribe(); }
        }
    '''}
    relayed = [(r.file, r.callee, r.function, r.module, r.route.method, r.route.path) for r in resolved(sources).relayed]
    assert relayed == [("app/client/src/app/app.component.ts", "BookService.listBooks", "AppComponent.ngOnInit",
                        "app/client/src/app/book.service.ts", "GET", "/api/books")]


@needs_typescript
def test_a_page_relays_through_a_method_of_an_object_nested_in_the_api_client() -> None:
    sources = {**SERVER,
               "app/client/src/api/client.ts": '''\
        const BASE = import.meta.env.DEV ? '/api' : 'http://localhost:8000/api';
        export const api = { books: { list: () => fetch(`${BASE}/books`) } };
    ''',
               "app/client/src/pages/Books.tsx": '''\
        import { api } from '../api/client';
        export function Books() { api.books.list(); return null; }
    '''}
    result = resolved(sources)
    assert [(c.call.function, c.route.handler) for c in result.calls if c.route] == [("api.books.list", "list_books")]
    assert [(r.file, r.callee, r.route.path) for r in result.relayed] == [
        ("app/client/src/pages/Books.tsx", "api.books.list", "/api/books")]
