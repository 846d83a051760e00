from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.html import analyze
from analyzers.model import DomRef

PAGE = """\
    <!doctype html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <title>SQL Query Tool</title>
      <link rel="stylesheet" href="/src/style.css">
      <link rel="icon" href="/favicon.svg">
      <script type="module" src="/src/main.ts"></script>
      <script>window.config = { label: "not visible text" };</script>
    </head>
    <body>
      <div id="app" class="container main">
        <h1>Upload a CSV file</h1>
        <input id="query-input" placeholder="Type a SQL query">
        <button class="btn primary" aria-label="Run the query" title="Runs it">Run</button>
        <input type="submit" value="Send it"><br/>
        <p>Tom &amp; Jerry</p>
      </div>
    </body>
    </html>
"""


def facts(src: str, path: str = "app/client/index.html"):
    return analyze(path, dedent(src))


def test_page_assets_title_and_dom():
    got = facts(PAGE)
    assert got.language == "html" and got.lines == 21
    assert got.title == "SQL Query Tool"
    assert got.scripts == ("/src/main.ts",)
    assert got.stylesheets == ("/src/style.css",)
    assert got.dom == (
        DomRef("app", "id-defined", 12),
        DomRef("container", "class-defined", 12),
        DomRef("main", "class-defined", 12),
        DomRef("query-input", "id-defined", 14),
        DomRef("btn", "class-defined", 15),
        DomRef("primary", "class-defined", 15),
    )
    assert got.identifiers == ("app", "btn", "container", "main", "primary", "query-input")


def test_visible_text_and_labels_only():
    got = facts(PAGE)
    assert got.strings == ("Run", "Run the query", "Runs it", "SQL Query Tool", "Send it", "Tom & Jerry",
                           "Type a SQL query", "Upload a CSV file")


@pytest.mark.parametrize("src", [
    pytest.param("", id="empty"),
    pytest.param("<div", id="unclosed tag"),
    pytest.param("<p>" * 5000, id="deeply nested"),
    pytest.param("<script src=></script><link rel=stylesheet>", id="empty references"),
])
def test_inputs_that_yield_nothing(src):
    got = analyze("page.html", src)
    assert (got.dom, got.scripts, got.stylesheets, got.title, got.diagnostics) == ((), (), (), "", ())
