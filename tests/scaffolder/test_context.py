"""`scaffolder context`: relevant files with outlines, README commands and the draft plan, within a budget."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scaffolder.context import render_context
from scaffolder.options import Options
from scaffolder.pipeline import prepare
from scaffolder.tokens import estimate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "bookshelf")
FEATURE = "Add a button that exports the book list as a CSV file"


@pytest.fixture(scope="module")
def ready():  # type: ignore[no-untyped-def]
    return prepare(Options(feature=FEATURE, repo=EXAMPLE, use_cache=False))


@pytest.mark.parametrize("text, tokens", [
    pytest.param("", 0, id="empty"), pytest.param("abcd", 1, id="four characters"),
    pytest.param("abcde", 2, id="rounded up"), pytest.param("é" * 8, 2, id="characters, not bytes"),
])
def test_estimate(text: str, tokens: int) -> None:
    assert estimate(text) == tokens


@pytest.mark.parametrize("budget", [400, 800, 1500, 3000])
def test_json_fits_the_budget_and_says_how_it_counted(ready, budget: int) -> None:  # type: ignore[no-untyped-def]
    text, fits = render_context(ready, "json", budget)
    data = json.loads(text)
    assert fits and estimate(text) <= budget
    assert data["tokens"] == {"budget": budget, "estimate": estimate(text), "method": "ceil(characters / 4)"}
    assert data["relevant_files"] and all({"path", "reason", "outline"} <= set(f) for f in data["relevant_files"])


def test_the_full_context_carries_outlines_routes_callers_tests_and_commands(ready) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render_context(ready, "json", None)[0])
    books = next(f for f in data["relevant_files"] if f["path"] == "app/server/routers/books.py")
    assert "list_books (function, line 14)" in books["outline"]
    assert any(r.startswith("GET /api/books -> list_books") for r in books["routes"])
    assert any(c.startswith("app/client/src/api/client.ts:") for c in books["called_by"])
    callers = [c.split(":")[0] for c in books["called_by"]]  # then those reaching it through the API client
    assert "app/client/src/main.ts" in callers and callers == sorted(callers, key=lambda f: not f.endswith("api/client.ts"))
    main = next(f for f in data["relevant_files"] if f["path"] == "app/client/src/main.ts")
    assert ("line 76: GET /api/books via api.listBooks (app/client/src/api/client.ts) -> app/server/routers/books.py"
            in main["calls"])
    lines = [int(c.split(":")[0].removeprefix("line ")) for c in main["calls"]]
    assert lines == sorted(lines) and min(lines) < 100 <= max(lines)  # as numbers: 59 comes before 170
    assert "app/server/tests/test_books_api.py" in json.dumps(data)
    assert data["readme_commands"] and data["plan"]["validation_commands"]


def test_markdown_context_via_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "scaffolder", "context", FEATURE, "--repo", EXAMPLE, "--budget",
                           "1500", "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"# Context: {FEATURE}\n\nAbout ")
    assert "estimated as ceil(characters / 4), budget 1500." in done.stdout
    assert "## Relevant files" in done.stdout and estimate(done.stdout) <= 1500
