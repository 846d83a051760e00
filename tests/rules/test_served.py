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
