"""The shared guards and line index: the cheap pre-checks must decide as the full checks do."""
from __future__ import annotations

import pytest

from analyzers.python_common import (MAX_NESTING, MAX_STATEMENT_CHAIN, LineIndex, sent_requests, too_deep,
                                     too_long_chain)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("x = " + "(" * MAX_NESTING + ")" * MAX_NESTING, False, id="brackets at the limit"),
    pytest.param("x = " + "(" * (MAX_NESTING + 1) + ")" * (MAX_NESTING + 1), True, id="brackets past the limit"),
    pytest.param("x = (" + "()" * 400 + ")\n", False, id="many brackets, shallow"),
    pytest.param("x = " + "(" * 100 + "é" * 100 + "(" * 100, False, id="non-ASCII closes a level, as before"),
    pytest.param("if x:\n" + " " * (MAX_NESTING * 4) + "y\n", False, id="indent at the limit"),
    pytest.param("if x:\n" + " " * (MAX_NESTING * 4 + 1) + "y\n", True, id="indent past the limit"),
    pytest.param("if x:\n" + "\t" * (MAX_NESTING + 1) + "y\n", True, id="tabs count four columns"),
    pytest.param("if x:\n" + "\t" * MAX_NESTING + "y\n", False, id="tabs at the limit"),
])
def test_too_deep(text: str, expected: bool) -> None:
    assert too_deep(text) is expected


@pytest.mark.parametrize(("text", "chained"), [
    pytest.param("x = a" + ".b" * (MAX_STATEMENT_CHAIN + 1) + "\n", True, id="attribute chain"),
    pytest.param("x = '" + "." * (MAX_STATEMENT_CHAIN + 1) + "'\n", False, id="dots inside a string"),
    pytest.param("x = a" + ".b" * MAX_STATEMENT_CHAIN + "\n", False, id="at the limit"),
    pytest.param("x = 1\n" * 10, False, id="plain code"),
])
def test_too_long_chain(text: str, chained: bool) -> None:
    assert bool(too_long_chain(text)) is chained


def test_line_index_counts_lines_of_defs_and_imports() -> None:
    text = "import os\n\nclass A:\n    def f(self): ...\n\nfrom x import y\ndef g(): ...\n"
    index = LineIndex(text)
    assert index.defs == {"A": [(3, 0)], "f": [(4, 4)], "g": [(7, 0)]}
    assert index.import_lines == [1, 6]


def test_sent_requests_reads_a_test_clients_calls_with_their_lines() -> None:
    text = ('def test_books(client):\n'
            '    assert client.get("/api/books").status_code == 200\n'
            '    created = client.post(\n'
            "        '/api/books', json={'title': 'Piranesi'})\n"
            '    client.delete(f"/api/books/{created.json()[\'id\']}")\n'
            '    assert settings.get("/not a url") is None\n'
            '    assert {"a": 1}.get("name") is None\n')
    assert [(c.method, c.url, c.line) for c in sent_requests(text)] == [
        ("GET", "/api/books", 2), ("POST", "/api/books", 3), ("DELETE", "/api/books/{created.json()['id']}", 5)]
