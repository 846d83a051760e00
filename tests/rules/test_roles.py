from __future__ import annotations

from textwrap import dedent

from analyzers.resolve import resolve
from analyzers.scan import analyze_text
from rules.roles import app_roots, detect_roles


def facts_of(sources: dict[str, str]) -> tuple:
    return tuple(analyze_text(path, dedent(text)) for path, text in sorted(sources.items()))


def test_server_root_is_the_app_serving_most_routes_counting_every_mounted_router() -> None:
    routers = {f"app/server/api/{name}.py": f'router = APIRouter()\n@router.get("/{name}")\ndef {name}(): ...\n'
               for name in ("health", "auth", "users", "courses")}
    files = facts_of({
        **routers,
        "app/server/main.py": """\
            from api import health, auth, users, courses
            app = FastAPI()
            app.include_router(health.router, prefix="/api")
            app.include_router(auth.router, prefix="/api/auth")
            app.include_router(users.router, prefix="/api/users")
            app.include_router(courses.router, prefix="/api/courses")
            """,
        "tools/webhook/server.py": """\
            app = FastAPI()
            @app.post("/gh-webhook")
            def hook(): ...
            @app.get("/health")
            def health(): ...
            """,
    })
    resolution = resolve(files)
    assert app_roots(files, resolution)[0] == "app/server"
    roles = detect_roles(files, resolution)
    assert roles["tools/webhook/server.py"] == ("tooling",)
    assert "server-entry" in roles["app/server/main.py"]


def test_configured_roots_override_detection() -> None:
    files = facts_of({
        "backend/app.py": 'app = FastAPI()\n@app.get("/api/x")\ndef x(): ...\n',
        "backend/logic.py": "def compute(): ...\n",
        "tools/gen.py": "def generate(): ...\n",
    })
    resolution = resolve(files)
    detected = detect_roles(files, resolution)
    assert detected["tools/gen.py"] == ("tooling",)
    given = detect_roles(files, resolution, ("tools", None))
    assert given["tools/gen.py"] == ("core-logic",)
    assert given["backend/logic.py"] == ("tooling",)


def test_notes_outside_the_app_are_tooling_but_the_project_readme_is_not() -> None:
    files = facts_of({
        "app/server/server.py": 'app = FastAPI()\n@app.get("/api/notes")\ndef notes(): ...\n',
        "app/client/src/main.ts": "fetch('/api/notes');\n",
        "README.md": "# Notes app\n\nRun `uv run pytest`.\n",
        "agents/README.md": "# Agents\n\nHow the planning agents work.\n",
        "agents/specs/issue-1-add-notes.md": "# Feature: add notes\n",
        "app/server/NOTES.md": "# Server notes\n",
    })
    roles = detect_roles(files, resolve(files))
    assert roles["agents/README.md"] == ("tooling",)
    assert roles["agents/specs/issue-1-add-notes.md"] == ("tooling",)
    assert roles["README.md"] == ("readme",)
    assert roles.get("app/server/NOTES.md", ()) == ()


def test_package_json_is_the_manifest_a_new_library_changes_and_build_configs_are_not() -> None:
    files = facts_of({
        "app/client/package.json": '{"name": "c", "dependencies": {"vite": "^5"}, "scripts": {"build": "vite build"}}',
        "app/client/tsconfig.json": '{"compilerOptions": {"strict": true}}',
        "app/client/eslint.config.js": "export default [];\n",
        "app/client/src/main.ts": "document.body.append('hi');\n",
    })
    roles = detect_roles(files, resolve(files))
    assert roles["app/client/package.json"] == ("client-manifest",)
    assert roles["app/client/tsconfig.json"] == ("client-config",)
    assert roles["app/client/eslint.config.js"] == ("client-config",)


# A tooling app (an agent workflow's webhook) serving more routes than the app's server.
WEBHOOK_APP = "app = FastAPI()\n" + "".join(f'@app.post("/hook{i}")\ndef hook{i}(): ...\n' for i in range(4))
HEALTH_APP = 'app = FastAPI()\n@app.get("/api/health")\ndef health(): ...\n'


def test_server_root_is_the_app_beside_the_client_even_when_a_tooling_app_serves_more_routes() -> None:
    files = facts_of({
        "app/client/package.json": '{"name": "client"}',
        "app/client/src/main.ts": "fetch('/api/health');\n",
        "app/server/server.py": HEALTH_APP,
        "adws/triggers/webhook.py": WEBHOOK_APP,
    })
    assert app_roots(files, resolve(files)) == ("app/server", "app/client")


def test_beside_a_client_at_the_root_the_server_is_the_app_the_client_calls_and_other_python_is_tooling() -> None:
    files = facts_of({
        "package.json": '{"name": "board"}',
        "src/main.ts": "fetch('/api/cards');\n",
        "services/board/main.py": 'app = FastAPI()\n@app.get("/api/cards")\ndef cards(): ...\n',
        "agents/triggers/webhook.py": WEBHOOK_APP,
        "agents/modules/state.py": "def load_state(): ...\n",
    })
    resolution = resolve(files)
    assert app_roots(files, resolution) == ("services/board", "")
    roles = detect_roles(files, resolution)
    assert roles["services/board/main.py"] == ("route-module", "server-entry")
    assert roles["agents/triggers/webhook.py"] == roles["agents/modules/state.py"] == ("tooling",)


def test_with_no_client_read_the_server_is_the_app_in_a_server_folder_not_the_busiest_one() -> None:
    files = facts_of({
        "app/server/server.py": HEALTH_APP,
        "adws/triggers/webhook.py": WEBHOOK_APP,
    })
    assert app_roots(files, resolve(files))[0] == "app/server"


def test_an_app_built_by_a_factory_function_is_the_server_entry() -> None:
    files = facts_of({
        "app/server/main.py": """\
            from fastapi import FastAPI
            from routers import items

            def create_app() -> FastAPI:
                app = FastAPI(title="Items")
                app.include_router(items.router, prefix="/api")
                return app

            app = create_app()
            """,
        "app/server/routers/items.py": 'router = APIRouter(prefix="/items")\n@router.get("")\ndef list_items(): ...\n',
        "app/client/package.json": "{}",
    })
    resolution = resolve(files)
    assert app_roots(files, resolution) == ("app/server", "app/client")
    roles = detect_roles(files, resolution)
    assert roles["app/server/main.py"] == ("server-entry",) and roles["app/server/routers/items.py"] == ("route-module",)


def test_a_module_handing_its_router_to_endpoint_classes_is_a_route_module_not_an_entry() -> None:
    files = facts_of({
        "app/server/main.py": "from api.inspection import router\napp = FastAPI()\napp.include_router(router)\n",
        "app/server/api/inspection.py": "from api.sessions import SessionEndpoint\nrouter = APIRouter()\n"
                                        "SessionEndpoint(router=router).add_routes()\n",
        "app/server/api/sessions.py": "class SessionEndpoint:\n    def get(self): ...\n    def add_routes(self):\n"
                                      "        self.router.add_api_route('/sessions', self.get)\n",
    })
    roles = detect_roles(files, resolve(files))
    assert roles["app/server/main.py"] == ("server-entry",)
    assert "server-entry" not in roles.get("app/server/api/inspection.py", ())
    assert roles["app/server/api/sessions.py"] == ("route-module",)


def test_the_server_root_is_the_import_root_above_an_app_built_in_a_package() -> None:
    files = facts_of({
        "app/server/src/__init__.py": "",
        "app/server/src/server/__init__.py": """\
            class Server:
                def __init__(self) -> None:
                    self.application: FastAPI = FastAPI()
                    from src.api.views import router
                    self.application.include_router(router)
            """,
        "app/server/src/api/__init__.py": "",
        "app/server/src/api/views.py": 'router = APIRouter()\n@router.post("/change-password")\ndef change(): ...\n',
        "app/client/package.json": "{}",
    })
    resolution = resolve(files)
    assert app_roots(files, resolution) == ("app/server", "app/client")
    assert "route-module" in detect_roles(files, resolution)["app/server/src/api/views.py"]
    # A package that holds its project's pyproject.toml is as far up as the root goes.
    packaged = tuple(f for f in files if not f.path.startswith("app/client/")) + facts_of({"app/server/__init__.py": "", "app/server/pyproject.toml": "[project]\n",
                                 "app/__init__.py": "", "app/experiments/notebook_helpers.py": "x = 1\n"})
    assert app_roots(packaged, resolve(packaged))[0] == "app/server"


def test_a_static_client_with_no_package_json_is_found_by_the_page_that_loads_its_script() -> None:
    files = facts_of({
        "app/client/index.html": '<link rel="stylesheet" href="style.css">\n<input id="search"><main id="products">'
                                 '</main><aside id="cart"></aside>\n<script src="app.js"></script>\n',
        "app/client/app.js": "fetch('/api/products').then(r => r.json());\n",
        "app/client/style.css": ".product-card { color: red; }\n",
        "app/server/server.py": 'app = FastAPI()\n@app.get("/api/products")\ndef products(): ...\n',
        "app/server/templates/docs.html": "<p>API docs</p>\n",
    })
    resolution = resolve(files)
    assert app_roots(files, resolution) == ("app/server", "app/client")
    roles = detect_roles(files, resolution)
    assert "client-entry" in roles["app/client/app.js"] and roles["app/client/index.html"] == ("html-entry",)


def utility_class_client(stylesheet: str) -> dict[str, str]:
    """Five components whose markup uses 25 classes, a global stylesheet, and one component's own."""
    classes = " ".join(f"p-{n}" for n in range(25))
    sources = {f"app/client/src/components/Widget{i}.jsx":
               f'export function Widget{i}() {{ return <div className="{classes}"/>; }}\n' for i in range(5)}
    sources["app/client/src/components/Widget0.css"] = ".widget { color: red; }\n"
    sources["app/client/src/index.css"] = stylesheet
    sources["app/client/src/index.js"] = "export const version = 1;\n"
    return sources


def test_a_stylesheet_defining_few_of_the_markups_classes_is_a_base_stylesheet() -> None:
    files = facts_of(utility_class_client("@tailwind base;\nbody { margin: 0; }\n.p-1 { padding: 1px; }\n"))
    roles = detect_roles(files, resolve(files))
    assert roles["app/client/src/index.css"] == ("shared-stylesheet",)
    assert roles["app/client/src/components/Widget0.css"] == ("stylesheet",)  # beside its component


def test_a_stylesheet_defining_the_markups_classes_is_where_styles_go() -> None:
    rules = "".join(f".p-{n} {{ padding: {n}px; }}\n" for n in range(10))
    files = facts_of(utility_class_client(rules))
    assert detect_roles(files, resolve(files))["app/client/src/index.css"] == ("stylesheet",)


def test_modules_that_only_gather_other_modules_names_are_barrels() -> None:
    files = facts_of({
        "app/client/package.json": "{}",
        "app/client/index.html": '<div id="a"></div><div id="b"></div><div id="c"></div><script src="/src/main.ts"></script>',
        "app/client/src/api/index.ts": """\
            export { listBooks, getBook } from './books';
            export { listAuthors } from './authors';
            export * from './types';
            """,
        "app/client/src/api/books.ts": "export async function listBooks() { return fetch('/api/books'); }\n"
                                       "export async function getBook(id: string) { return fetch(`/api/books/${id}`); }\n",
        "app/client/src/api/authors.ts": "export async function listAuthors() { return fetch('/api/authors'); }\n",
        "app/client/src/main.ts": """\
            import { listBooks } from './api';
            const list = document.getElementById('a');
            listBooks().then((books) => { list.textContent = String(books); });
            """,
        "app/server/server.py": 'app = FastAPI()\n@app.get("/api/books")\ndef books(): ...\n',
        "app/server/core/models/book.py": "class Book(BaseModel):\n    title: str\n",
        "app/server/core/data_models.py": '"""Kept for old imports."""\n'
                                          "from .models.book import Book, BookRequest, BookResponse, Shelf, Author\n"
                                          "__all__ = ['Book', 'BookRequest', 'BookResponse', 'Shelf', 'Author']\n",
    })
    roles = detect_roles(files, resolve(files))
    assert roles["app/client/src/api/index.ts"] == ("barrel",)
    assert roles["app/server/core/data_models.py"] == ("barrel",)
    assert roles["app/client/src/api/books.ts"] == ("api-client",)
    assert "client-entry" in roles["app/client/src/main.ts"]
    assert roles["app/server/core/models/book.py"] == ("models",)


def test_orm_tables_are_data_models_but_the_engine_module_is_not() -> None:
    files = facts_of({
        "app/server/main.py": 'app = FastAPI()\n@app.get("/api/users")\ndef users(): ...\n',
        "app/server/db/database.py": """\
            from sqlalchemy.orm import declarative_base, sessionmaker
            Base = declarative_base()
            def get_session():
                return sessionmaker()()
            """,
        "app/server/db/models.py": """\
            from sqlalchemy import Column, Integer, String
            from .database import Base
            class User(Base):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
                email = Column(String)
            """,
    })
    roles = detect_roles(files, resolve(files))
    assert roles["app/server/db/models.py"] == ("models",)
    assert roles["app/server/db/database.py"] == ("core-logic",)


def test_the_client_of_a_workspace_is_the_package_holding_nearly_all_its_files() -> None:
    client = {f"frontend/src/{name}.tsx": f"export function {name.title()}() {{ return <div/>; }}\n"
              for name in ("app", "items", "users", "login", "settings")}
    files = facts_of({
        **client,
        "package.json": '{"workspaces": ["frontend", "packages/*"], "scripts": {"lint": "bun run --filter frontend lint"}}',
        "frontend/package.json": '{"scripts": {"lint": "biome check"}}',
        "packages/emails/package.json": "{}",
        "packages/emails/src/welcome.tsx": "export const Welcome = () => <p/>;\n",
        "backend/app/main.py": "app = FastAPI()\n@app.get('/api/items')\ndef items(): ...\n",
    })
    assert app_roots(files, resolve(files)) == ("backend/app", "frontend")


def test_a_client_at_the_repository_root_keeps_its_root_when_a_small_package_sits_below() -> None:
    files = facts_of({
        **{f"src/{name}.ts": f"export const {name} = 1;\n" for name in ("main", "api", "state", "view", "util")},
        "package.json": '{"scripts": {"test": "vitest"}}',
        "e2e/package.json": "{}",
        "e2e/smoke.spec.ts": "test('x', () => {});\n",
        "app/server/server.py": "app = FastAPI()\n",
    })
    assert app_roots(files, resolve(files))[1] == ""
