from __future__ import annotations

import pytest

from rules.terms import split_words, terms


@pytest.mark.parametrize("text, words", [
    pytest.param("exportToCSV", ["export", "to", "csv"], id="camel with acronym"),
    pytest.param("sql_processor.py", ["sql", "processor", "py"], id="snake and extension"),
    pytest.param("query-history", ["query", "history"], id="kebab"),
    pytest.param("app/client/src/main.ts", ["app", "client", "src", "main", "ts"], id="path"),
    pytest.param("HTTPServer", ["http", "server"], id="leading acronym"),
])
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_terms_stem_and_drop_stop_words() -> None:
    assert terms("Add a button that exports the results") == ("button", "export", "result")
    assert terms("exporting exported exports") == ("export", "export", "export")
    assert terms("") == ()
