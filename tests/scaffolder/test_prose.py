from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.plan import Plan
from scaffolder.planner import build_plan

from analyzers.model import FileFacts, Route, Symbol
from rules.model import Served
from rules.terms import terms
from scaffolder.plan import FileEntry
from rules.load import load_rules
from scaffolder.libraries import library_note
from scaffolder.prose import (_phases, _symbols_for, _task_order, main_noun,
                             route_distance, served_routes)


def test_routes_nearest_a_feature_hold_more_of_its_words_then_fewer_others() -> None:
    routes = [
        Route("POST", "/api/sprints/{sprint_id}/tasks", "add_task_to_sprint", "app/server/routers/sprints.py", 9),
        Route("GET", "/api/users", "list_users", "app/server/routers/users.py", 3),
        Route("GET", "/api/tasks", "list_tasks", "app/server/routers/tasks.py", 12),
        Route("GET", "/api/tasks/{task_id}/search-history", "search_history", "app/server/routers/tasks.py", 30),
    ]
    wanted = set(terms("Task filter and search"))
    nearest = sorted(routes, key=lambda r: route_distance(wanted, r))
    assert [r.path for r in nearest] == ["/api/tasks/{task_id}/search-history", "/api/tasks",
                                         "/api/sprints/{sprint_id}/tasks", "/api/users"]
    assert route_distance(wanted, routes[1])[0] == 0


@pytest.mark.parametrize(("feature", "named", "noun"), [
    pytest.param("Hello World Endpoint", "", "hello-world", id="kind word left out"),
    pytest.param("Upload cover images for books", "/api/books", "cover-images", id="router's own noun left out"),
    pytest.param("Add a wishlist so shoppers can save products for later", "/api", "wishlist", id="purpose clause"),
    pytest.param("Show a warning when the upload is too large", "/api", "warning", id="condition clause"),
    pytest.param("Add a search endpoint for books", "/api/books", "search", id="only the verb is new"),
    pytest.param("Which loans are overdue", "/api", "loans-overdue", id="a clause word first is the request itself"),
    pytest.param("Let readers edit their profile", "/api", "profile", id="who it is for left out"),
    pytest.param("Allow admins to archive old orders", "/api", "old-orders", id="who it is allowed to left out"),
    pytest.param("Enable dark mode", "/api", "dark-mode", id="enable without an actor"),
    pytest.param("Sign in with GitHub", "/api", "github", id="a name stays one word, a phrasal verb is left out"),
    pytest.param("Sync notes to OpenAI", "/api", "notes-openai", id="a mixed-case name is one word"),
    pytest.param("Agents - Fleet Roster with CRUD Management", "/api", "fleet-roster",
                 id="crud and management say what kind of change"),
    pytest.param("Host Image Database with Upload Interface", "/api", "image-database", id="interface too"),
])
def test_the_proposed_endpoints_subject_leaves_out_what_it_is_for(feature: str, named: str, noun: str) -> None:
    assert main_noun(feature, named) == noun


def test_a_test_file_is_extended_alongside_the_change_on_its_own_side() -> None:
    every = (
        FileEntry("app/client/src/app/app.component.ts", "modify", "main UI module", 1.0, ("ui-module",)),
        FileEntry("app/client/src/app/app.component.spec.ts", "modify", "client tests", 0.8, ("client-test",)),
        FileEntry("app/server/tests/test_api.py", "modify", "server tests", 0.7, ("server-test",)),
    )
    _, core, _ = _phases({"proposed_routes": ()}, every)
    assert core == ("Extend `app/client/src/app/app.component.spec.ts` (client tests) alongside the client change.",
                    "Extend `app/server/tests/test_api.py` (server tests) alongside the server change.")


def test_docs_and_scripts_are_brought_up_to_date_not_wired_into_a_flow() -> None:
    every = (
        FileEntry("app/client/src/main.ts", "modify", "main UI module", 1.0, ("client-entry",)),
        FileEntry("README.md", "modify", "project README", 0.5, ("readme",)),
        FileEntry("scripts/start.sh", "modify", "script", 0.4, ("script",)),
    )
    _, _, integration = _phases({"proposed_routes": ()}, every)
    assert integration == ("Wire `app/client/src/main.ts` (main UI module) into the existing flow.",
                           "Document the feature in `README.md` (project README).",
                           "Bring `scripts/start.sh` (script) up to date with the feature.")


@pytest.mark.parametrize(("roles", "core"), [
    ((("client-entry",),), "The main work is in the client modules below; no server change is required."),
    ((("models",), ("client-entry",)),
     "The main work is in the client modules below; beyond the shared models above, no server change is required."),
    ((("readme",),), "The main work is in the documentation and scripts below; no code change is required."),
    ((("types",),), "The main work is in the shared models and types above; nothing else changes."),
])
def test_a_plan_without_server_logic_says_what_else_changes_as_its_files_do(
        roles: tuple[tuple[str, ...], ...], core: str) -> None:
    every = tuple(FileEntry(f"file{i}", "modify", "why", 1.0, r) for i, r in enumerate(roles))
    assert _phases({"proposed_routes": ()}, every)[1] == (core,)


def test_a_test_task_follows_the_module_it_imports_or_is_named_after_else_its_own_side() -> None:
    def entry(path: str, role: str) -> FileEntry:
        return FileEntry(path, "modify", role, 1.0, (role,))

    every = (
        entry("app/client/src/app/app.component.spec.ts", "client-test"),
        entry("app/client/src/app/app.component.html", "html-entry"),
        entry("app/client/src/app/app.component.ts", "ui-module"),
        entry("app/client/src/app/task.service.ts", "api-client"),
        entry("app/client/src/app/other.spec.ts", "client-test"),
        entry("app/server/tests/test_api.py", "server-test"),
        entry("app/server/tests/test_crud.py", "server-test"),
        entry("app/server/crud.py", "core-logic"),
        entry("app/server/models.py", "models"),
        entry("README.md", "readme"),
    )
    imported = {"app/server/tests/test_api.py": frozenset({"app/server/models.py"})}
    assert [e.path for e in _task_order(every, imported)] == [
        "app/server/models.py", "app/server/tests/test_api.py",
        "app/server/crud.py", "app/server/tests/test_crud.py",
        "app/client/src/app/task.service.ts",
        "app/client/src/app/app.component.ts", "app/client/src/app/app.component.spec.ts",
        "app/client/src/app/app.component.html",
        "app/client/src/app/other.spec.ts",
        "README.md",
    ]


def test_the_library_note_names_what_is_needed_and_leaves_out_parts_that_need_none() -> None:
    packs = {r.id: r for r in load_rules()}
    chart, css, export = packs["chart-visualize"], packs["style-animation"], packs["export-download"]
    both = library_note((chart, css))
    assert both.startswith("Libraries: A small charting library") and both.endswith("package.json.")
    assert "no new library" not in both.lower()  # "plain CSS covers the styling" would contradict it
    assert library_note((export, css)) == ("Libraries: Python's standard `csv`/`json` modules and FastAPI's "
                                           "`Response`/`StreamingResponse` cover the export: no new library needed. "
                                           "Plain CSS covers the styling: no new library needed.")
    assert library_note(()).startswith("No new library is needed")


def test_a_library_the_project_has_is_reused_and_a_service_it_lacks_is_named() -> None:
    chart = next(r for r in load_rules() if r.id == "chart-visualize")
    had = library_note((chart,), {"chart-js": "app/client/package.json"})
    assert had == "Libraries: `chart.js` is already a dependency (`app/client/package.json`): reuse it."
    css = next(r for r in load_rules() if r.id == "style-animation")
    lacking = library_note((css,), {}, ("Telegram",))
    assert "no new library" not in lacking.lower()
    assert lacking == ("Libraries: Telegram is used nowhere in the project yet: a library for it (or an API client) "
                       "needs adding, with the package manager so the lock file changes with it.")


def test_a_task_starts_from_the_symbols_naming_the_feature_or_says_that_none_does() -> None:
    facts = FileFacts("app/server/server.py", "python", 90, symbols=(
        Symbol("_connect", "function", 5, exported=False), Symbol("API_PREFIX", "const", 8),
        Symbol("lifespan", "function", 21), Symbol("health", "function", 47), Symbol("export_books", "function", 59),
        Symbol("export_notes_csv", "function", 70)))
    assert _symbols_for(facts, set(terms("Export notes as CSV"))) == (
        "Start from `export_notes_csv` (line 70), `export_books` (line 59).")
    # Exported definitions first, shown in source order; constants never.
    assert _symbols_for(facts, set(terms("Dark mode")), limit=2) == (
        "No name in it holds the feature's words; it defines `lifespan` (line 21), `health` (line 47).")
    assert _symbols_for(FileFacts("app/client/src/style.css", "css", 3), set(terms("Dark mode"))) == ""


BOOKSHELF = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "examples", "bookshelf")


def _bookshelf_plan(feature: str) -> Plan:
    return build_plan(feature, "feature", analyse(feature, BOOKSHELF, DEFAULT_SCOPE))


def test_a_route_that_names_everything_the_request_says_is_what_the_problem_builds_on() -> None:
    problem = _bookshelf_plan("I want to see the notes of my books").problem
    assert problem.startswith("Bookshelf already serves `GET /api/notes/book/{book_id}` (`list_notes_for_book`)")
    assert "for the reader to see the notes of their books" in problem
    assert "no dedicated way" not in problem


@pytest.mark.parametrize("feature", [
    "Add new notes",  # no verb a route does: it may be a create, not the listing
    "Show the book list as a grid",  # `GET /api/books` does not name a grid
])
def test_a_route_sharing_only_part_of_the_request_is_only_the_nearest_flow(feature: str) -> None:
    problem = _bookshelf_plan(feature).problem
    assert "already serves" not in problem
    assert "The nearest existing flow" in problem


def test_a_route_lacking_one_word_of_the_request_is_named_with_the_word_it_lacks() -> None:
    problem = _bookshelf_plan("Show the book notes as cards").problem
    assert ("The nearest existing flow, `GET /api/notes/book/{book_id}` (`list_notes_for_book`), holds every word of "
            "the request but “cards”; the feature builds on it") in problem
    assert "but “" not in _bookshelf_plan("Show the book list as a grid").problem  # two nouns: too few to say so


def test_a_reported_problem_is_quoted_as_the_problem_not_as_a_missing_way() -> None:
    plan = _bookshelf_plan("Deleting a note doesn't remove it from the book page")
    assert plan.problem.startswith("Deleting a note doesn't remove it from the book page. The nearest existing flows")
    assert "the fix builds on them" in plan.problem
    assert "direct way to" not in plan.description and "The fix gives the reader back" in plan.description


def test_a_question_keeps_its_mark_and_a_wish_is_planned_as_a_feature() -> None:
    asked = _bookshelf_plan("Can you add a search box for authors?")
    assert asked.description.startswith("Can you add a search box for authors? In Bookshelf")
    assert asked.action == "add a search box for authors"
    wish = _bookshelf_plan("Books should be sortable by rating")
    assert wish.problem.startswith("Bookshelf has no dedicated way to make books sortable by rating yet.")


def test_a_readme_only_request_plans_documentation_not_the_code_it_describes() -> None:
    plan = _bookshelf_plan("Document how to run the tests in the README")
    assert plan.files[0].path == "README.md"
    assert all(set(f.roles) & {"readme", "script"} for f in plan.files), [f.path for f in plan.files]
    assert "testing-quality" not in plan.rules  # the tests are the README's topic
    assert "documentation and scripts" in plan.problem and "visual" not in plan.problem
    assert plan.phases[1] == ("The main work is in the documentation and scripts below; no code change is required.",)
    assert plan.unit_tests[0].startswith("No code changes, so no unit tests")


def test_a_report_proposes_no_endpoint_and_a_stated_purpose_is_the_benefit() -> None:
    report = _bookshelf_plan("Users can't delete notes")
    assert report.proposed_routes == () and report.user_type == "user" and report.action == "delete notes"
    wish = _bookshelf_plan("Feature: Tag books with genres so that I can browse by genre")
    assert wish.name == "Tag Books with Genres"
    assert (wish.action, wish.benefit) == ("tag books with genres", "I can browse by genre")


def test_a_report_is_accepted_when_it_no_longer_happens_not_when_something_new_appears() -> None:
    report = _bookshelf_plan("Bug: the stats panel shows wrong totals")
    assert report.problem.startswith("The stats panel shows wrong totals.")
    assert report.acceptance[0] == "the reported problem no longer occurs: “The stats panel shows wrong totals”"
    assert not [a for a in report.acceptance if " new " in a], report.acceptance
    assert report.edge_cases[0].startswith("the case the report describes")
    steps = [b for t in report.tasks for b in t.bullets]
    assert not [b for b in steps if "new control" in b or "new elements" in b or "feature adds" in b], steps
    asked = _bookshelf_plan("Add a button to the stats panel")
    assert any("new control" in a for a in asked.acceptance)
    assert any("Place the new control beside" in b for t in asked.tasks for b in t.bullets)


def test_edge_cases_without_a_rule_of_their_own_come_from_the_layers_the_plan_touches() -> None:
    both = _bookshelf_plan("Recommend a random book")
    assert both.rules == ("any-feature",)
    assert [e.split(" ")[1] for e in both.edge_cases] == ["request", "view"]  # the server's, then the client's
    nothing = _bookshelf_plan("Make it better")
    assert nothing.files == () and nothing.edge_cases == ("everything the existing tests cover behaves as before the change",)


@pytest.mark.parametrize(("feature", "names"), [
    ("Send price alerts via Telegram", ("Telegram",)),
    ("Share a reading list to Google Sheets", ("Google Sheets",)),
    ("Export the notes to Excel", ()),  # export-download's xlsx variant speaks for it
    ("Show the Bookshelf stats", ()),  # the app's own name
    ("Share Reading List To Google Sheets", ()),  # Title Case: capitals say nothing
    ("Add a PDF of the notes", ()),  # an acronym, not a name
    ("Implement the Hopper queue system", ()),  # the name of what is built
    ("Add Stage 0 reading goals", ()),  # a label
    ("Add a NotesPanel for books", ()),  # a code name the request proposes
])
def test_a_name_the_request_gives_that_the_project_never_uses_is_unfamiliar(feature: str, names: tuple) -> None:
    notes = _bookshelf_plan(feature).notes[0]
    for name in names:
        assert f"{name} is used nowhere in the project yet" in notes
    if not names:
        assert "used nowhere" not in notes


@pytest.mark.parametrize(("feature", "user"), [
    ("Document the setup in the README", "developer"),
    ("Add tests for the stats module", "developer"),
    ("Add a CSV export of notes", "reader"),  # the app's own user, from its README
    ("As a librarian, I want to document the setup in the README", "librarian"),  # the title's own word wins
])
def test_a_change_for_developers_is_told_as_a_developers_story(feature: str, user: str) -> None:
    assert _bookshelf_plan(feature).user_type == user


def test_a_request_to_change_how_the_app_behaves_is_not_told_as_a_missing_way() -> None:
    faster = _bookshelf_plan("Make it faster").problem
    assert faster.startswith("The request is to make it faster: a change to how Bookshelf already behaves")
    assert "no file matched its words" in faster
    stricter = _bookshelf_plan("Make the rating validation stricter").problem
    assert "no way to" not in stricter and "starts from the files below" in stricter
    new_page = _bookshelf_plan("Make a new page for reading goals").problem
    assert "a change to how" not in new_page
    sortable = _bookshelf_plan("Books should be sortable by rating").problem  # a new ability, no comparative
    assert sortable.startswith("Bookshelf has no dedicated way to make books sortable by rating yet.")


def test_an_improvement_near_existing_flows_still_reads_as_an_improvement() -> None:
    problem = _bookshelf_plan("Make the book search faster").problem
    assert problem.startswith("The request is to make the book search faster: a change to how Bookshelf already behaves")
    assert problem.endswith("; the change starts there.") and "GET /api/books" in problem
    assert "no dedicated way" not in problem and "workaround" not in problem


def test_a_route_sharing_only_the_verb_its_method_says_is_not_a_nearest_flow() -> None:
    problem = _bookshelf_plan("Update the README with setup steps for Windows").problem
    assert "PUT /api/books" not in problem
    assert problem.startswith("The request is to update the README with setup steps for Windows. "
                              "The change is to the project's documentation")


def test_signing_in_reads_as_the_users_act() -> None:
    plan = _bookshelf_plan("Sign in with GitHub")
    assert plan.action == "sign in with GitHub" and "integration-service" in plan.rules


def test_the_routes_a_problem_counts_are_the_apps_not_its_toolings(tmp_path: Path) -> None:
    (tmp_path / "app" / "server").mkdir(parents=True)
    (tmp_path / "app" / "server" / "server.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/api/items')\ndef items():\n    return []\n")
    (tmp_path / "adws").mkdir()
    (tmp_path / "adws" / "trigger.py").write_text(
        "from fastapi import FastAPI\nhook = FastAPI()\n\n@hook.post('/gh-webhook')\ndef webhook():\n    return {}\n")
    problem = build_plan("Add a calendar", "feature", analyse("Add a calendar", str(tmp_path), DEFAULT_SCOPE)).problem
    assert problem.startswith("The application has no way to add a calendar today: "
                              "its one route (`GET /api/items`) does not touch it")
    assert "webhook" not in problem


def test_a_request_naming_an_existing_endpoint_extends_it_instead_of_adding_a_twin() -> None:
    plan = _bookshelf_plan("Add pagination to the book list endpoint")
    assert plan.proposed_routes == ()  # `GET /api/books` is `list_books`: the book list endpoint
    cover = _bookshelf_plan("Upload cover images for books")
    assert [r.path for r in cover.proposed_routes] == ["/api/books/cover-images"]


@pytest.mark.parametrize(("feature", "serving"), [
    pytest.param("Search and filter books by status", "`GET /api/books` takes `search` and `status_filter`", id="parameters"),
    pytest.param("Let readers rename a book", "`PUT /api/books/{book_id}` is in place", id="a method"),
])
def test_a_request_the_server_already_serves_says_so_and_plans_the_client(feature: str, serving: str) -> None:
    plan = _bookshelf_plan(feature)
    assert plan.problem.startswith(f"Bookshelf already serves what the request needs: {serving}. What is missing is "
                                   "in the client")
    assert plan.proposed_routes == () and not [f for f in plan.files if f.path.startswith("app/server/")]
    client = next(t for t in plan.tasks if "`app/client/src/api/client.ts`" in t.title)
    assert any(b.startswith("The server side is in place (") for b in client.bullets)


def test_served_routes_name_what_each_takes_and_which_are_in_place() -> None:
    listing = Route("GET", "/api/tasks", "list_tasks", "app/server/server.py", 5, params=("search", "status_filter"))
    edit = Route("PATCH", "/api/tasks/{task_id}", "update_task", "app/server/server.py", 9)
    drop = Route("DELETE", "/api/tasks/{task_id}", "delete_task", "app/server/server.py", 13)
    assert served_routes(Served(((listing, ("search",)), (drop, ())), ("search",))) == \
        "`GET /api/tasks` takes `search`; `DELETE /api/tasks/{task_id}` is in place"
    assert served_routes(Served(((drop, ()), (edit, ())), ("delet", "edit")), "accepts", ("exists", "exist")) == \
        "`DELETE /api/tasks/{task_id}` and `PATCH /api/tasks/{task_id}` exist"


RECIPES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "recipes_react")


def test_a_new_format_for_an_upload_the_client_sends_plans_the_server_and_the_file_picker() -> None:
    feature = "Support JSON files in the recipe import"
    plan = build_plan(feature, "feature", analyse(feature, RECIPES, DEFAULT_SCOPE))
    assert plan.problem.startswith("Recipes already receives `UploadFile` at `POST /api/recipes/import` "
                                   "(`import_recipes`), and the client sends each file as it is")
    picker = next(t for t in plan.tasks if "`app/client/src/components/ImportRecipes.jsx`" in t.title)
    assert any(b.startswith("The client already sends each file as it is") for b in picker.bullets)
    assert not any("a request the feature adds goes there" in b for b in picker.bullets)
    assert "app/client/src/api/recipes.js" not in [f.path for f in plan.files]
