"""What a matched rule adds to a plan follows the words of the title, format by format."""
from __future__ import annotations

import pytest

from rules.intents import build_query
from rules.load import load_rules
from rules.model import Rule


def _matched(feature: str, rule_id: str) -> Rule:
    return next(rule for rule, _ in build_query(feature, load_rules()).matched if rule.id == rule_id)


def test_a_format_the_title_names_brings_its_own_edge_cases_and_library() -> None:
    pdf = _matched("Export the session report as a PDF", "export-download")
    assert "a long table breaks across pages and repeats its header row" in pdf.edge_cases
    assert "reportlab" in pdf.libraries[0] and "uv add" in pdf.libraries[0]
    plain = _matched("Export the session list", "export-download")
    assert plain.edge_cases == load_export().edge_cases and "no new library needed" in plain.libraries[0]
    assert not any("page" in case for case in plain.edge_cases)


def test_two_formats_merge_and_a_list_no_variant_fills_stays_the_rules() -> None:
    both = _matched("Export the table as CSV and JSON", "export-download")
    assert "values containing commas, quotes and newlines are escaped correctly" in both.edge_cases
    assert "the exported file parses back to the same records" in both.edge_cases
    assert len(both.edge_cases) == len(set(both.edge_cases))
    assert both.libraries == load_export().libraries


def test_importing_from_excel_is_not_an_export() -> None:
    matched = {rule.id: rule for rule, hits in build_query("Import sources from an Excel file", load_rules()).matched
               if hits}
    assert "export-download" not in matched
    assert "openpyxl" in matched["upload-import"].libraries[0]


def _fired(feature: str, records: frozenset[str] | None) -> set[str]:
    return {rule.id for rule, hits in build_query(feature, load_rules(), records).matched if hits}


def test_an_everyday_verb_means_editing_records_only_when_the_title_names_one() -> None:
    records = frozenset({"book", "note"})
    assert "edit-update" in _fired("Let readers rename a book", records)
    assert "edit-update" in _fired("Update notes in place", records)
    assert "edit-update" not in _fired("Rename the page heading", records)
    assert "edit-update" not in _fired("Update the README with setup instructions", records)
    # Its own keywords need no record: "edit" always means it.
    assert "edit-update" in _fired("Edit the page heading", records)


def test_without_known_records_an_everyday_verb_still_counts() -> None:
    assert "edit-update" in _fired("Rename the page heading", None)


def load_export() -> Rule:
    return next(rule for rule in load_rules() if rule.id == "export-download")


@pytest.mark.parametrize(("feature", "rule_id", "fires"), [
    ("Generate a summary of the table with the LLM", "llm-generate", True),
    ("Show when each report was generated", "llm-generate", False),  # a state the feature shows
    ("Display auto-generated IDs in the table", "llm-generate", False),
    ("Allow renaming an uploaded table", "upload-import", False),  # the table is the subject, renaming the work
    ("Increase the drop zone surface area", "upload-import", True),
    ("Drop files here to upload them", "upload-import", True),
    ("Add a drop-down to choose the chart type", "upload-import", False),
    ("Auto-create a condition block on indicator drop", "upload-import", False),
    ("Users can't log in", "history-log", False),  # "log in" is auth-account's phrase
    ("Users can't log in", "auth-account", True),
    ("Show the audit log", "history-log", True),
    ("Enhanced drag-and-drop area for uploads", "ui-change", True),  # a layer keeps its word
])
def test_a_keyword_in_another_sense_does_not_fire_its_rule(feature: str, rule_id: str, fires: bool) -> None:
    assert (rule_id in _fired(feature, None)) is fires


@pytest.mark.parametrize(("feature", "rule_id", "hit"), [
    ("Sign in with GitHub", "integration-service", "github"),  # split, GitHub is git + hub
    ("Summarise notes with OpenAI", "llm-generate", "openai"),  # its "ai" is the name's, not a word of its own
    ("Add authentication", "auth-account", "authentication"),  # said once, however many keywords share its stem
])
def test_a_mixed_case_name_matches_a_keyword_read_whole_and_each_hit_is_said_once(
        feature: str, rule_id: str, hit: str) -> None:
    hits = next(hits for rule, hits in build_query(feature, load_rules()).matched if rule.id == rule_id)
    assert hits == (hit,)
