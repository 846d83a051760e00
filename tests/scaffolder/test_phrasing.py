from __future__ import annotations

import pytest

from scaffolder.phrasing import action, actor, is_report, purpose, third_person, title


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Dashboard Health Monitoring Widget", "use the dashboard health monitoring widget", id="noun-phrase"),
    pytest.param("A CSV export of the book list", "use a CSV export of the book list", id="own-article"),
    pytest.param("Add a button that exports books", "export books", id="imperative-of-what-the-user-does"),
    pytest.param("Query history\n\nKeep the last 20 queries.", "use the query history", id="first-line-only"),
    pytest.param("   ", "use this feature", id="blank"),
    pytest.param("Mark a task as done", "mark a task as done", id="any-verb-before-a-determiner"),
    pytest.param("Compare Backtest Results", "compare backtest results", id="opening-verb"),
    pytest.param("Auto-Create Condition Block", "auto-create condition block", id="prefixed-verb"),
    pytest.param("Duplicate Image Checking", "use the duplicate image checking", id="noun-or-verb-is-a-noun-here"),
    pytest.param("Real-Time P/L with LLM-Based Hints", "use the real-time P/L with LLM-based hints",
                 id="hyphenated-words-lowered-acronyms-kept"),
    pytest.param("Combine Conditions with AND/OR Logic", "combine conditions with AND/OR logic", id="acronym-pair"),
    pytest.param("Document how to run the tests in the README", "document how to run the tests in the README",
                 id="document-is-a-verb"),
    pytest.param("Bring back the old layout", "bring back the old layout", id="verb-before-a-particle"),
    pytest.param("Search for books by author", "search for books by author", id="verb-before-for"),
    pytest.param("Export of the book list", "use the export of the book list", id="verb-before-of-is-a-noun"),
    pytest.param("Support for PostgreSQL", "use PostgreSQL", id="support-for"),
])
def test_the_user_story_action_is_the_request_or_the_use_of_what_it_names(feature: str, wanted: str) -> None:
    assert action(feature) == wanted
    assert not is_report(feature)


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Can you add a logout button?", "have a logout button", id="can-you"),
    pytest.param("Please, add the ability to hide columns", "hide columns", id="please-ability"),
    pytest.param("I want to filter tasks by tag", "filter tasks by tag", id="i-want-to"),
    pytest.param("I'd like to pin a note", "pin a note", id="i-would-like-to"),
    pytest.param("I want a dark mode", "have a dark mode", id="i-want-a-thing"),
    pytest.param("It would be nice to have a dark mode", "have a dark mode", id="it-would-be-nice"),
    pytest.param("Need a way to archive old tasks", "archive old tasks", id="need-a-way"),
    pytest.param("Feature: Add dark mode", "add dark mode", id="label"),
])
def test_the_way_a_request_is_asked_is_not_part_of_the_action(feature: str, wanted: str) -> None:
    assert action(feature) == wanted


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Export results to Excel", "export results to Excel", id="a-name-in-a-sentence"),
    pytest.param("Add support for Google Sheets import", "add support for Google Sheets import", id="two-word-name"),
    pytest.param("Add Query History Panel", "add query history panel", id="title-case-is-lowered"),
    pytest.param("Drag Pattern Recognition onto Chart", "drag pattern recognition onto chart",
                 id="a-long-preposition-does-not-make-a-sentence"),
    pytest.param("Show data in \u201cData Studio\u201d format", "see data in \u201cData Studio\u201d format",
                 id="quoted"),
])
def test_names_and_quotes_keep_their_case_in_a_sentence_case_title(feature: str, wanted: str) -> None:
    assert action(feature) == wanted


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Deleting a recipe doesn't remove it from the list",
                 "have deleting a recipe remove it from the list", id="gerund-subject-negated"),
    pytest.param("The book list can't be sorted", "sort the book list", id="can't-be-done"),
    pytest.param("Fix: stats panel shows wrong totals", "have stats panel show the right totals", id="shows-wrong"),
    pytest.param("Sorting by date is broken", "have sorting by date work", id="broken"),
    pytest.param("Search is slow on large tables", "have search run fast on large tables", id="slow"),
    pytest.param("Fix: export fails on empty table", "have export work on empty table", id="label-then-verb-noun"),
    pytest.param("Upload doesn't accept JSONL files", "have upload accept JSONL files", id="verb-as-noun-negated"),
    pytest.param("Error when uploading a CSV with BOM", "upload a CSV with BOM without an error", id="error-when"),
    pytest.param("The upload button label is cut off on small screens",
                 "have this addressed: \u201cThe upload button label is cut off on small screens\u201d",
                 id="a-report-no-pattern-reads-is-quoted"),
])
def test_a_report_becomes_what_the_user_wants_instead(feature: str, wanted: str) -> None:
    assert action(feature) == wanted
    assert is_report(feature)


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Books should be sortable by title", "make books sortable by title", id="should-be-adjective"),
    pytest.param("The table should be refreshed after upload", "have the table refreshed after upload",
                 id="should-be-participle"),
    pytest.param("Export should include column headers", "have export include column headers", id="should-verb"),
])
def test_a_wish_says_what_should_be_and_is_no_report(feature: str, wanted: str) -> None:
    assert action(feature) == wanted
    assert not is_report(feature)


def test_whom_a_report_names_as_unable_is_the_user() -> None:
    assert (action("Users can't log in after password reset"), actor("Users can't log in after password reset")) == (
        "log in after password reset", "user")
    assert (action("I can't upload a JSONL file"), actor("I can't upload a JSONL file")) == ("upload a JSONL file", None)
    assert is_report("Users can't log in after password reset")


@pytest.mark.parametrize(("feature", "wanted"), [
    ("Show a warning when the upload is too large", "see a warning when the upload is too large"),
    ("Add a button that is disabled while loading", "add a button that is disabled while loading"),
])
def test_a_finite_verb_inside_a_clause_does_not_make_a_request_a_report(feature: str, wanted: str) -> None:
    assert action(feature) == wanted
    assert not is_report(feature)


@pytest.mark.parametrize(("feature", "wanted"), [
    ("Add a button that exports the book list as a CSV file", "export the book list as a CSV file"),
    ("Add a toggle to switch themes", "switch themes"),
    ("Add a button for exporting notes", "export notes"),
    ("Implement a dropdown which applies filters", "apply filters"),
    ("Add a panel that shows overdue books", "see overdue books"),
    ("Add a dark mode toggle", "have a dark mode toggle"),
    ("Display reading statistics", "see reading statistics"),
    ("Add a book to my reading list", "add a book to my reading list"),  # the user's own act
    ("Add a column to the table", "add a column to the table"),
    ("Create a page that lists overdue books", "create a page that lists overdue books"),  # `lists`: not read as a verb
    ("Sign in with GitHub", "sign in with GitHub"),  # a verb with its particle
    ("Log out everywhere", "log out everywhere"),
    ("Sign up page", "use the sign up page"),  # the phrase names a page
])
def test_the_story_says_what_the_user_does_not_what_the_developer_builds(feature: str, wanted: str) -> None:
    assert action(feature) == wanted


@pytest.mark.parametrize(("feature", "wanted", "who"), [
    pytest.param("Let readers delete a note", "delete a note", "reader", id="let"),
    pytest.param("Allow admins to archive old orders", "archive old orders", "admin", id="allow to"),
    pytest.param("Let me export my list", "export my list", None, id="a pronoun is nobody in particular"),
    pytest.param("Enable dark mode", "enable dark mode", None, id="enable without an actor"),
    pytest.param("Let classes share a schedule", "share a schedule", "class", id="plural in -es"),
    pytest.param("As an editor, I want to publish a draft", "publish a draft", "editor", id="as-a"),
])
def test_whom_a_request_names_is_the_user_and_the_rest_is_the_action(feature: str, wanted: str, who: str | None) -> None:
    assert action(feature) == wanted
    assert actor(feature) == who


def test_said_of_the_user_an_action_is_in_the_third_person() -> None:
    assert third_person("export my trades to our drive") == "export their trades to their drive"
    assert third_person("show US prices") == "show US prices"


@pytest.mark.parametrize(("feature", "wanted", "why"), [
    pytest.param("Tag books with genres so that I can browse by genre", "tag books with genres",
                 "I can browse by genre", id="so-that"),
    pytest.param("Make the header sticky so it is always visible", "make the header sticky", "it is always visible",
                 id="so-it"),
    pytest.param("Add a search box", "add a search box", "", id="no-purpose"),
])
def test_what_a_request_is_for_is_its_purpose_not_part_of_its_action(feature: str, wanted: str, why: str) -> None:
    assert (action(feature), purpose(feature)) == (wanted, why)


@pytest.mark.parametrize(("feature", "wanted", "who"), [
    pytest.param("As a data analyst, I want to save my favourite queries", "save my favourite queries", "data analyst",
                 id="two-word-persona"),
    pytest.param("Can users upload photos for recipes?", "upload photos for recipes", "user", id="can-they"),
    pytest.param("Share query results to Google Sheets", "share query results to Google Sheets", None,
                 id="noun-or-verb-as-verb"),
    pytest.param("Share button for recipes", "use the share button for recipes", None, id="noun-or-verb-as-noun"),
])
def test_personas_questions_and_verbs_that_look_like_nouns(feature: str, wanted: str, who: str | None) -> None:
    assert (action(feature), actor(feature)) == (wanted, who)


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Bug: closing a trade returns 500", "have this addressed: \u201cClosing a trade returns 500\u201d",
                 id="bug-label-and-gerund-subject"),
    pytest.param("Favorites disappear after reload", "have favorites stay after reload", id="disappear"),
    pytest.param("The headlines page loads slowly", "have the headlines page load fast", id="slowly"),
])
def test_more_report_shapes(feature: str, wanted: str) -> None:
    assert action(feature) == wanted
    assert is_report(feature)


def test_a_label_and_the_way_it_is_asked_are_not_the_features_name() -> None:
    assert title("Feature: Query History") == "Query History"
    assert title("Can you add a search box for authors?") == "add a search box for authors"
    assert title("Tag books with genres so that I can browse by genre") == "Tag books with genres"
