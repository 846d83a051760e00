from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.markdown import analyze
from analyzers.model import Command, Diagnostic, Section

README = dedent('''\
    # Book Shelf

    A small app for tracking the books you *read* and `rate`.

    ## Setup

    Install things first.

    ```bash
    $ uv sync  # install Python deps
    cd app/client
    npm install
    # just a comment
    echo not a known command
    ```

    ```python
    import os
    python3 main.py
    ```

    ## Running

    ```sh
    > ./scripts/start.sh
    uvicorn server:app --port 8000
    ```

    ### Tests

    ~~~console
    $ pytest -q
    ~~~
''')


def test_title_and_summary():
    got = analyze("README.md", README)
    assert (got.title, got.summary) == ("Book Shelf", "A small app for tracking the books you read and rate.")
    assert (got.language, got.lines, got.diagnostics) == ("markdown", 34, ())


def test_sections_with_levels_lines_and_first_paragraph():
    assert analyze("README.md", README).sections == (
        Section("Book Shelf", 1, 1, "A small app for tracking the books you read and rate."),
        Section("Setup", 2, 5, "Install things first."),
        Section("Running", 2, 22, ""),
        Section("Tests", 3, 29, ""),
    )


def test_shell_commands_with_prompts_and_comments_stripped():
    assert analyze("README.md", README).commands == (
        Command("uv sync", 10, "install Python deps"),
        Command("cd app/client", 11, "Setup"),
        Command("npm install", 12, "Setup"),
        Command("./scripts/start.sh", 25, "Running"),
        Command("uvicorn server:app --port 8000", 26, "Running"),
        Command("pytest -q", 32, "Tests"),
    )


def test_lexical_evidence():
    got = analyze("README.md", README)
    assert got.strings == ("Book Shelf", "Running", "Setup", "Tests")
    assert {"Book", "Shelf", "tracking", "books", "Install"} <= set(got.identifiers)
    assert list(got.identifiers) == sorted(got.identifiers)


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param("```\nnpm test\n```\n", ("npm test",), id="fence without info"),
    pytest.param("```shell\n$ make build\n```\n", ("make build",), id="shell info"),
    pytest.param("```zsh title=x\ngit clone x\n```\n", ("git clone x",), id="info with attributes"),
    pytest.param("```BASH\ndocker compose up\n```\n", ("docker compose up",), id="upper-case info"),
    pytest.param("- step:\n\n  ```bash\n  npm ci\n  ```\n", ("npm ci",), id="fence inside list"),
    pytest.param("```bash\ncurl http://localhost:8000/#top\n```\n", ("curl http://localhost:8000/#top",),
                 id="hash without space kept"),
    pytest.param("```bash\n# $ uv run app\n```\n", ("uv run app",), id="hash dollar prompt"),
])
def test_command_variants(src, expected):
    assert tuple(c.text for c in analyze("README.md", src).commands) == expected


@pytest.mark.parametrize("src", [
    pytest.param("", id="empty"),
    pytest.param("```python\npython3 main.py\nimport os\n```\n", id="python fence"),
    pytest.param("```js\nnpm install\n```\n", id="js fence"),
    pytest.param("```json\n{\"uv\": 1}\n```\n", id="json fence"),
    pytest.param("```bash\n# only a comment\necho hi\nls -la\n```\n", id="no known command start"),
    pytest.param("Run `npm install` first.\n", id="inline code"),
])
def test_inputs_with_no_commands(src):
    got = analyze("README.md", src)
    assert (got.commands, got.diagnostics) == ((), ())


def test_indented_block_counts_as_shell():
    assert analyze("README.md", "# T\n\n    npm install\n").commands == (Command("npm install", 3, "T"),)


@pytest.mark.parametrize(("src", "title", "summary"), [
    pytest.param("", "", "", id="empty"),
    pytest.param("Just text, no heading.\n", "", "", id="no heading"),
    pytest.param("## Second\n\nBody.\n\n# First\n", "First", "Body.", id="level one wins title"),
    pytest.param("## Only\n\n## Other\n\nLater.\n", "Only", "Later.", id="first heading without level one"),
    pytest.param("Title\n=====\n\nSetext body.\n", "Title", "Setext body.", id="setext heading"),
    pytest.param("# [Link](http://x) **bold**\n", "Link bold", "", id="inline markup in heading"),
    pytest.param("# Shop\n\nhttps://github.com/user-attachments/assets/19965d7d\n\nA voice-powered catalog.\n",
                 "Shop", "A voice-powered catalog.", id="a bare video link is not the summary"),
    pytest.param("# Shop\n\n[![CI](https://x/badge.svg)](https://x) ![cover](c.png)\n\n**Fast** shopping.\n",
                 "Shop", "Fast shopping.", id="a row of badges is not the summary"),
    pytest.param("# Shop\n\n## Features\n\n- carts\n\n## How to Use It\n\nClick the button.\n\n## Release Notes\n\n"
                 "Check the file notes.md.\n", "Shop", "", id="no summary from what the reader is told to do"),
    pytest.param("# Shop\n\n## Overview\n\nA catalog with carts.\n\n## Installation\n\nRun make.\n",
                 "Shop", "A catalog with carts.", id="a section before the set-up ones holds the summary"),
    pytest.param("# Agents\n\n## AI Developer Workflows\n\nComposable steps for agents.\n", "Agents",
                 "Composable steps for agents.", id="a heading that names developers is not a set-up one"),
])
def test_title_and_summary_variants(src, title, summary):
    got = analyze("README.md", src)
    assert (got.title, got.summary) == (title, summary)


def test_summary_is_capped():
    got = analyze("README.md", "# T\n\n" + "word " * 200 + "\n")
    assert len(got.summary) == 400


def test_wrapped_paragraph_keeps_word_boundary():
    got = analyze("README.md", "# Shelf\n\nA small app for tracking\nthe books you read.\n")
    assert got.summary == "A small app for tracking the books you read."


def test_heading_line_not_taken_from_earlier_paragraph():
    got = analyze("README.md", "# App\n\nRun Setup before anything.\n\n## Setup\n\nDo it.\n")
    assert [s.line for s in got.sections] == [1, 5]


def test_pathological_nesting_never_raises():
    got = analyze("README.md", "> " * 3000 + "deep\n" + "[" * 5000)
    assert got.path == "README.md"
    assert all(isinstance(d, Diagnostic) for d in got.diagnostics)


def test_list_items_are_evidence_without_their_nested_lists():
    text = dedent('''\
        # Shelf

        ## Features

        - 📁 Drag-and-drop file upload (.csv and .json)
        - Search **books** by title
          - nested detail
        1. Numbered step
    ''')
    strings = analyze("README.md", text).strings
    assert {"📁 Drag-and-drop file upload (.csv and .json)", "Search books by title", "nested detail",
            "Numbered step"} <= set(strings)
    assert not any("Search books by title nested" in s for s in strings)
