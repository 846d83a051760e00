from __future__ import annotations

import pytest

from rules.terms import split_words, terms


@pytest.mark.parametrize("text, words", [
    pytest.param("exportToCSV", ["export", "to", "csv"], id="camel with acronym"),
    pytest.param("sql_processor.py", ["sql", "processor", "py"], id="snake and extension"),
    pytest.param("query-history", ["query", "history"], id="kebab"),
    pytest.param("app/client/src/main.ts", ["app", "client", "src", "main", "ts"], id="path"),
    pytest.param("HTTPServer", ["http", "server"], id="leading acronym"),
    pytest.param("Generate data with LLMs", ["generate", "data", "with", "llm"], id="acronym plural"),
    pytest.param("getURLsToFetch", ["get", "url", "to", "fetch"], id="acronym plural inside camel case"),
    pytest.param("Export PDFs and CSVs", ["export", "pdf", "and", "csv"], id="acronym plurals in prose"),
])
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_terms_stem_and_drop_stop_words() -> None:
    assert terms("Add a button that exports the results") == ("button", "export", "result")
    assert terms("exporting exported exports") == ("export", "export", "export")
    assert terms("") == ()


@pytest.mark.parametrize("request_words, code_words", [
    pytest.param("Timeframe Selector", "TimeframeSelect", id="agent noun and its verb"),
    pytest.param("Searchable pairs", "searchPairs", id="-able adjective and its verb"),
    pytest.param("Configuration page", "config_page", id="abbreviation in code"),
    pytest.param("Repository statistics", "repoStats", id="two abbreviations"),
    pytest.param("Authorization check", "auth_check", id="authorization is not 'author'"),
])
def test_a_request_word_and_its_short_form_in_code_share_a_term(request_words: str, code_words: str) -> None:
    assert terms(request_words) == terms(code_words)


def test_documentation_does_not_meet_the_dom_document() -> None:
    assert set(terms("Documentation tab")).isdisjoint(terms("document.getElementById"))
