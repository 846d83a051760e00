from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.plan import Plan
from scaffolder.planner import build_plan

SERVER = '''\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/api/live")
async def live_items(socket: WebSocket):
    await socket.accept()


@app.get("/api/items")
def list_items():
    return []
'''


def _bug_plan(root: Path, server: str, bug: str, kind: str = "bug") -> Plan:
    """The bug plan for `bug` in an app of `server` and a start script: a bug plan proposes no new
    route, so the end-to-end check aims at an existing one."""
    (root / "app/server").mkdir(parents=True, exist_ok=True)
    (root / "app/server/server.py").write_text(server)
    (root / "scripts").mkdir(exist_ok=True)
    (root / "scripts/start.sh").write_text("#!/bin/sh\ncd app/server && uv run uvicorn server:app --port 8000\n")
    return build_plan(bug, kind, analyse(bug, str(root), DEFAULT_SCOPE))


def test_a_websocket_route_is_listed_but_never_curled(tmp_path: Path) -> None:
    plan = _bug_plan(tmp_path, SERVER, "Live item updates disconnect")
    assert [(r.method, r.path) for r in plan.routes] == [("WEBSOCKET", "/api/live"), ("GET", "/api/items")]
    assert plan.e2e_checks == ("`./scripts/start.sh` then `curl -sf http://localhost:8000/api/items` answers 2xx",)


BRANCHED = '''\
import os
from fastapi import FastAPI

app = FastAPI()

if os.environ.get("SERVE_CLIENT"):
    @app.get("/")
    def serve_client():
        return "index.html"
else:
    @app.get("/")
    def redirect_to_docs():
        return "/docs"


@app.get("/api/items")
def list_items():
    return []
'''


def test_a_route_declared_in_both_branches_of_an_if_is_one_route_of_the_plan(tmp_path: Path) -> None:
    plan = _bug_plan(tmp_path, BRANCHED, "Server answers slowly")  # no route shares a word with it
    assert [(r.method, r.path, r.handler) for r in plan.routes] == [
        ("GET", "/", "redirect_to_docs"), ("GET", "/api/items", "list_items")]
    assert "builds on the existing" not in plan.description  # no route is near it
    plan = _bug_plan(tmp_path, BRANCHED, "Items list answers slowly")
    assert "It builds on the existing `GET /api/items` flow." in plan.description


def test_a_route_that_is_not_a_get_is_checked_for_being_served_not_for_a_2xx(tmp_path: Path) -> None:
    server = ("from fastapi import FastAPI\nfrom pydantic import BaseModel\napp = FastAPI()\n"
              "class Query(BaseModel):\n    text: str\n"
              "@app.post('/api/query')\ndef run_query(query: Query):\n    return {}\n")
    plan = _bug_plan(tmp_path, server, "Query answers slowly")  # a bare POST would answer 422, never 2xx
    assert plan.e2e_checks == (
        "`./scripts/start.sh` then `curl -s -o /dev/null -w '%{http_code}' -X POST http://localhost:8000/api/query` "
        "prints a status other than 404 or 5xx: the route is served (without a request body it may answer 422)",)


CLIENT = {
    "app/client/index.html": '<div id="app"></div><button id="export-button">Export</button>'
                             '<ul id="item-list"></ul><script type="module" src="/src/main.ts"></script>\n',
    "app/client/src/api/client.ts": '''\
async function apiRequest<T>(url: string, options: RequestInit = {}): Promise<T> {
  const response = await fetch(url, options);
  return response.json();
}
export const api = {
  async listItems() { return apiRequest('/api/items'); },
};
''',
    "app/client/src/main.ts": '''\
import { api } from './api/client';
async function renderItems() {
  const items = await api.listItems();
  document.getElementById('item-list')!.textContent = String(items);
}
document.getElementById('export-button')!.addEventListener('click', renderItems);
''',
}


def test_a_ui_module_sends_new_requests_through_the_api_client_it_already_uses(tmp_path: Path) -> None:
    for path, text in CLIENT.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    feature = "Add a button that exports the item list"
    plan = _bug_plan(tmp_path, SERVER, feature, kind="feature")
    main = next(t for t in plan.tasks if t.title.endswith("`app/client/src/main.ts`"))
    assert ("Reach the server through `app/client/src/api/client.ts`, as `api.listItems` (`GET /api/items`, "
            "in `renderItems`) does: a request the feature adds goes there, called from here.") in main.bullets
    assert not any(b.startswith("Add the client call") for b in main.bullets)
    items = next(r for r in plan.routes if r.path == "/api/items")
    assert items.called_from == ("app/client/src/api/client.ts", "app/client/src/main.ts")
    # A bug plan adds nothing: it says where the file's requests go and which elements are nearest.
    bug = _bug_plan(tmp_path, SERVER, "The export button shows an empty item list")
    main = next(t for t in bug.tasks if t.title.endswith("`app/client/src/main.ts`"))
    assert ("It reaches the server through `app/client/src/api/client.ts`, as `api.listItems` (`GET /api/items`, "
            "in `renderItems`) does.") in main.bullets
    assert "The elements nearest the request: `#export-button`, `#item-list`." in main.bullets
    assert not [b for b in main.bullets if "new" in b.split()]
    # Nothing is "nearest" a request that shares no word with the file's elements.
    unrelated = _bug_plan(tmp_path, SERVER, "Page stays blank after a reload")
    main = next(t for t in unrelated.tasks if t.title.endswith("`app/client/src/main.ts`"))
    assert not [b for b in main.bullets if "nearest the request" in b]


TABLES = '''\
from fastapi import FastAPI

app = FastAPI()


@app.delete("/api/table/{table_name}")
def delete_table(table_name: str):
    return None


@app.post("/api/query")
def run_query():
    return {}
'''


def test_only_a_feature_that_deletes_builds_on_a_delete_route(tmp_path: Path) -> None:
    plan = _bug_plan(tmp_path, TABLES, "One Click Table Exports", kind="feature")
    assert "builds on the existing" not in plan.description  # the one route sharing `table` deletes one
    assert "nearest existing" not in plan.problem
    plan = _bug_plan(tmp_path, TABLES, "Remove a table from the list", kind="feature")
    assert "It builds on the existing `DELETE /api/table/{table_name}` flow." in plan.description
    assert "The nearest existing flow is `DELETE /api/table/{table_name}`" in plan.problem


def test_a_test_file_that_calls_a_route_is_not_one_of_its_callers(tmp_path: Path) -> None:
    sources = {**CLIENT, "app/client/src/api/client.test.ts": '''\
import { api } from './client';
it('lists items', async () => { await fetch('/api/items'); await api.listItems(); });
'''}
    for path, text in sources.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    plan = _bug_plan(tmp_path, SERVER, "The item list export misses items")
    items = next(r for r in plan.routes if r.path == "/api/items")
    assert items.called_from == ("app/client/src/api/client.ts", "app/client/src/main.ts")
    assert items.tested_from == ("app/client/src/api/client.test.ts",)
    assert ("Exercise `GET /api/items` (handler `list_items` in `app/server/server.py`, called from "
            "`app/client/src/api/client.ts`, `app/client/src/main.ts`; already called by "
            "`app/client/src/api/client.test.ts`) and check it still answers as before.") in plan.integration_tests


def test_an_item_route_goes_under_the_collection_the_router_serves_or_else_under_the_feature_noun(tmp_path: Path) -> None:
    books = SERVER + '''

@app.get("/api/books/{book_id}")
def get_book(book_id: int):
    return {}
'''
    (tmp_path / "books").mkdir()
    plan = _bug_plan(tmp_path / "books", books, "Let readers edit their profile", kind="feature")
    # `/api` is where the routes are mounted, not a collection: no `PUT /api/{api_id}`.
    assert [(r.method, r.path) for r in plan.proposed_routes] == [("PUT", "/api/profile/{profile_id}")]
    collection = SERVER.replace('@app.websocket("/api/live")', '@app.websocket("/api/items/live")')
    (tmp_path / "items").mkdir()
    plan = _bug_plan(tmp_path / "items", collection, "Let readers delete an item", kind="feature")
    assert [(r.method, r.path) for r in plan.proposed_routes] == [("DELETE", "/api/items/{item_id}")]


def test_an_item_route_reuses_the_path_an_existing_route_gives_that_record(tmp_path: Path) -> None:
    plan = _bug_plan(tmp_path, TABLES, "Allow renaming an uploaded table", kind="feature")
    # not `/api/uploaded-table/{uploaded_table_id}` beside the app's own `/api/table/{table_name}`
    assert [(r.method, r.path) for r in plan.proposed_routes] == [("PUT", "/api/table/{table_name}")]


def test_a_flow_is_built_on_only_when_it_shares_more_than_the_verb(tmp_path: Path) -> None:
    plan = _bug_plan(tmp_path, TABLES, "Delete a saved filter", kind="feature")
    # `DELETE /api/table/{table_name}` deletes tables: sharing "delete" is not enough
    assert "builds on the existing" not in plan.description


@pytest.mark.parametrize(("readme", "name"), [
    pytest.param("# Decider\n\nPicks for you.\n", "Decider", id="the README's level-1 title"),
    pytest.param("## Getting Started\n\nRun `npm run dev`.\n", "decider-app", id="a step is no name: the manifest's"),
])
def test_the_app_is_named_by_the_readme_title_else_by_its_package_manifest(tmp_path: Path, readme: str, name: str) -> None:
    (tmp_path / "README.md").write_text(readme)
    (tmp_path / "app/client").mkdir(parents=True)
    (tmp_path / "app/client/package.json").write_text('{"name": "decider-app", "scripts": {"dev": "vite"}}')
    assert _bug_plan(tmp_path, TABLES, "Tables load slowly").app_name == name
    (tmp_path / "app/client/package.json").write_text('{"name": "client", "scripts": {"dev": "vite"}}')
    assert _bug_plan(tmp_path, TABLES, "Tables load slowly").app_name == ("Decider" if readme.startswith("# ") else
                                                                           "the application")
