"""A request whose every word an existing route already accepts or does changes the client only."""
from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.resolve import resolve
from analyzers.scan import analyze_text
from rules.load import load_rules
from rules.model import Ranking
from rules.propagate import neighbours
from rules.rank import rank

SERVER = """\
    from typing import Optional
    from fastapi import FastAPI, Query
    from models import CommentCreate, QueryRequest, TaskUpdate

    app = FastAPI()

    @app.get("/api/tasks")
    def list_tasks(search: Optional[str] = None, status_filter: Optional[str] = Query(None, alias="status")):
        return []

    @app.patch("/api/tasks/{task_id}")
    def update_task(task_id: int, payload: TaskUpdate):
        return payload

    @app.delete("/api/tasks/{task_id}")
    def delete_task(task_id: int):
        return None

    @app.post("/api/query")
    def run_query(request: QueryRequest):
        return {"rows": []}

    @app.post("/api/comments")
    def add_comment(comment: CommentCreate):
        return comment
    """
MODELS = """\
    from pydantic import BaseModel

    class QueryRequest(BaseModel):
        query: str
        llm_provider: str = "openai"

    class TaskUpdate(BaseModel):
        title: str

    class CommentCreate(BaseModel):
        task_id: int
        body: str
    """
CLIENT = """\
    export async function listTasks() { return (await fetch('/api/tasks')).json(); }
    export async function runQuery(query: string) {
      return fetch('/api/query', { method: 'POST', body: JSON.stringify({ query, llm_provider: 'openai' }) });
    }
    export async function addComment(taskId: number, body: string) {
      return fetch('/api/comments', { method: 'POST', body: JSON.stringify({ task_id: taskId, body }) });
    }
    """
UI = """\
    import { listTasks } from './api';
    export function renderTasks(): void { void listTasks(); document.title = 'Tasks'; }
    """
APP = {"app/server/server.py": SERVER, "app/server/models.py": MODELS,
       "app/client/package.json": '{"scripts": {"build": "vite build"}}',
       "app/client/index.html": '<script type="module" src="/src/main.ts"></script>',
       "app/client/src/api.ts": CLIENT, "app/client/src/main.ts": UI}


def _ranking(feature: str, app: dict[str, str] = APP) -> Ranking:
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(app.items()))
    resolution = resolve(files)
    return rank(feature, files, resolution, neighbours(resolution), load_rules())


def _served(feature: str, app: dict[str, str] = APP) -> list[tuple[str, str, tuple[str, ...]]]:
    served = _ranking(feature, app).served
    return [(r.method, r.path, names) for r, names in served.routes] if served else []


@pytest.mark.parametrize(("feature", "routes"), [
    pytest.param("Task filter and search", [("GET", "/api/tasks", ("search", "status_filter"))],
                 id="query parameters"),
    pytest.param("LLM provider toggle", [("POST", "/api/query", ("llm_provider",))],
                 id="a field of the request model"),
    pytest.param("Edit and delete a task", [("DELETE", "/api/tasks/{task_id}", ()), ("PATCH", "/api/tasks/{task_id}", ())],
                 id="methods of the resource's routes"),
])
def test_a_request_the_routes_already_serve_names_them(feature: str, routes: list) -> None:
    assert _served(feature) == routes


def test_a_served_request_chooses_client_files_only() -> None:
    ranking = _ranking("Task filter and search")
    chosen = [c.path for c in ranking.chosen]
    assert chosen and all(path.startswith("app/client/") for path in chosen)
    assert "app/server/server.py" in [c.path for c in _ranking("Task filter and search by owner").chosen]


@pytest.mark.parametrize("feature", [
    pytest.param("Add new task", id="one word beyond the control words is too little"),
    pytest.param("Task filter and search by owner", id="a word no route accepts"),
    pytest.param("Add an API endpoint to search and filter tasks", id="the request asks for an endpoint"),
    pytest.param("Run a query with an LLM provider", id="a handler's name is not what a route accepts"),
    pytest.param("Task comments", id="a record's id is not what a route accepts"),
])
def test_a_request_with_a_word_no_route_serves_is_not_served(feature: str) -> None:
    assert _served(feature) == []


def test_routes_no_client_file_reaches_serve_nothing() -> None:
    app = {**APP, "app/client/src/api.ts": "export const version = 1;\n",
           "app/client/src/main.ts": "export function render(): void { document.title = 'Tasks'; }\n"}
    assert _served("Task filter and search", app) == []
    assert _served("Task filter and search") != []


UPLOAD_SERVER = """\
    from fastapi import FastAPI, File, UploadFile

    app = FastAPI()

    @app.post("/api/upload")
    async def upload_file(file: UploadFile = File(...)):
        if not file.filename.endswith((".csv", ".json")):
            raise ValueError("Only .csv and .json files are supported")
        return {"rows": convert_csv(await file.read())}

    @app.get("/api/tables")
    def list_tables():
        return []
    """
UPLOAD_CLIENT = """\
    export async function uploadFile(file: File) {
      const body = new FormData();
      body.append('file', file);
      return (await fetch('/api/upload', { method: 'POST', body })).json();
    }
    export async function listTables() { return (await fetch('/api/tables')).json(); }
    """
UPLOAD_UI = """\
    import { uploadFile, listTables } from './api/client';
    export function initUpload(): void {
      const input = document.getElementById('file-input') as HTMLInputElement;
      input.addEventListener('change', () => { if (input.files) void uploadFile(input.files[0]); });
      void listTables();
    }
    """
UPLOAD_APP = {"app/server/server.py": UPLOAD_SERVER,
              "app/server/core/file_processor.py": "def convert_csv(content: bytes) -> list:\n    return []\n",
              "app/client/package.json": '{"scripts": {"build": "vite build"}}',
              "app/client/index.html": '<div id="upload-modal"><div id="drop-zone">\n'
                                       '<p>Drag and drop .csv or .json files here</p>\n'
                                       '<input type="file" id="file-input" accept=".csv,.json"></div></div>\n'
                                       '<script type="module" src="/src/main.ts"></script>',
              "app/client/src/api/client.ts": UPLOAD_CLIENT, "app/client/src/main.ts": UPLOAD_UI}


def test_a_new_format_for_an_upload_the_client_sends_leaves_the_request_code_alone() -> None:
    ranking = _ranking("JSONL file upload support", UPLOAD_APP)
    assert ranking.sent is not None
    assert [(r.method, r.path) for r in ranking.sent.routes] == [("POST", "/api/upload")]
    assert (ranking.sent.types, ranking.sent.left_alone) == (("UploadFile",), ("api-client", "client-entry"))
    chosen = [c.path for c in ranking.chosen]
    assert "app/server/server.py" in chosen and "app/client/index.html" in chosen
    assert not {"app/client/src/api/client.ts", "app/client/src/main.ts"} & set(chosen)


@pytest.mark.parametrize(("feature", "app"), [
    pytest.param("JSONL file upload support", {**UPLOAD_APP, "app/client/src/api/client.ts": "export const v = 1;\n",
                                               "app/client/src/main.ts": "export const w = 2;\n"},
                 id="no client file calls the upload route"),
    pytest.param("JSONL file upload support", {**UPLOAD_APP, "app/server/server.py": UPLOAD_SERVER.replace(
        "file: UploadFile = File(...)", "payload: dict")}, id="the route takes no file"),
    pytest.param("JSONL file upload with a preview panel", UPLOAD_APP, id="the request asks for client work too"),
    pytest.param("Add a file upload", UPLOAD_APP, id="no format named"),
])
def test_the_client_keeps_its_request_code_only_when_it_already_sends_the_file(feature: str, app: dict) -> None:
    assert _ranking(feature, app).sent is None
