"""`scaffolder plan` driven as a user would, on the bundled example app."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from helpers import EXAMPLE, PLACEHOLDER, SEED_HEADINGS, listed_paths, run_cli, section

FEATURE = "Add a button that exports the book list as a CSV file"


@pytest.fixture(scope="module")
def plan_md() -> str:
    result = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--stdout")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_seed_heading_appears_in_order(plan_md: str) -> None:
    positions = [plan_md.find("\n" + h) if i else plan_md.find(h) for i, h in enumerate(SEED_HEADINGS)]
    assert all(p >= 0 for p in positions), [h for h, p in zip(SEED_HEADINGS, positions) if p < 0]
    assert positions == sorted(positions)


def test_no_placeholder_is_left(plan_md: str) -> None:
    assert PLACEHOLDER.findall(plan_md) == []


def test_listed_paths_exist_and_include_the_ui_module(plan_md: str) -> None:
    existing, new = listed_paths(plan_md)
    assert len(existing) >= 3
    assert all(os.path.isfile(os.path.join(EXAMPLE, p)) for p in existing), existing
    assert not any(os.path.exists(os.path.join(EXAMPLE, p)) for p in new), new
    assert "app/client/src/main.ts" in existing
    assert "app/server/routers/books.py" in existing


def test_names_a_real_api_route_and_the_test_command(plan_md: str) -> None:
    assert "`GET /api/books`" in plan_md
    assert "cd app/server && uv run pytest" in section(plan_md, "## Validation Commands")


def test_tasks_end_with_validation(plan_md: str) -> None:
    tasks = section(plan_md, "## Step by Step Tasks")
    last = [line for line in tasks.split("\n") if line.startswith("### ")][-1]
    assert "Validation Commands" in last


def test_output_is_identical_under_two_hash_seeds() -> None:
    first = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--stdout", seed="1")
    second = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--stdout", seed="2")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_json_output_has_the_documented_schema() -> None:
    result = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--stdout", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == sorted(data) == ["docs", "feature", "relevant_files", "routes", "sections", "slug",
                                         "template", "tests", "validation_commands"]
    assert data["docs"] == []  # the example has no conditional documentation guide
    assert data["slug"] == "add-a-button-that-exports-the-book-list-as-a-csv-file"
    assert {f["status"] for f in data["relevant_files"]} <= {"modify", "new"}
    assert all(set(f) == {"path", "status", "reason", "score"} and f["reason"] for f in data["relevant_files"])
    assert all(set(r) == {"method", "path", "handler", "file", "line"} for r in data["routes"])
    assert data["sections"][0]["heading"].startswith("Feature:")
    assert any("uv run pytest" in c for c in data["validation_commands"])


def test_a_description_under_the_title_is_quoted_but_does_not_steer_the_plan() -> None:
    """The first line is the title: it names the spec, picks the rules and ranks the files. The
    description is quoted in the Feature Description and only breaks ties between files."""
    description = ("Readers keep asking for a way to delete notes, search by author, upload covers,\n"
                   "see a chart of pages read, and switch to dark mode.")
    titled = run_cli("plan", FEATURE + "\n" + description, "--repo", EXAMPLE, "--stdout", "--format", "json")
    plain = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--stdout", "--format", "json")
    assert titled.returncode == plain.returncode == 0, titled.stderr
    with_text, without = json.loads(titled.stdout), json.loads(plain.stdout)
    assert with_text["slug"] == without["slug"] == "add-a-button-that-exports-the-book-list-as-a-csv-file"
    assert [f["path"] for f in with_text["relevant_files"]] == [f["path"] for f in without["relevant_files"]]
    intro = next(s["markdown"] for s in with_text["sections"] if s["heading"] == "Feature Description").strip()
    assert intro.startswith("Add a button that exports the book list as a CSV file. Readers keep asking for a way "
                            "to delete notes, search by author, upload covers, see a chart of pages read, and switch "
                            "to dark mode. In ")


def test_a_request_that_matches_nothing_says_so_instead_of_inventing_work() -> None:
    result = run_cli("plan", "Make it better", "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "matched the request's words, so the plan names none; describe the change in more detail" in result.stderr
    listed, _ = listed_paths(result.stdout)
    assert listed == []
    files = section(result.stdout, "## Relevant Files")
    assert "matched the request's words: name the screen, route or module it is about" in files
    assert "no source file in scope" not in files  # the example has code: it just does not match
    phases = section(result.stdout, "## Implementation Plan")
    assert "client modules" not in phases and "new server behaviour" not in phases


def test_a_bug_report_planned_as_a_feature_points_to_the_repos_bug_template(tmp_path: str) -> None:
    repo = os.path.join(tmp_path, "repo")
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    report = "Sorting books by title is broken"
    before = run_cli("plan", report, "--repo", repo, "--stdout", "--no-cache")
    assert before.returncode == 0 and "bug report" not in before.stderr  # no bug template: nothing to suggest
    os.makedirs(os.path.join(repo, ".claude", "commands"))
    with open(os.path.join(repo, ".claude", "commands", "bug.md"), "w") as f:
        f.write("# Bug: <bug name>\n\n## Problem Statement\n<problem>\n")
    after = run_cli("plan", report, "--repo", repo, "--stdout", "--no-cache")
    assert "the request reads as a bug report; to plan it as one, pass --template .claude/commands/bug.md" in after.stderr
    wish = run_cli("plan", "Books should be sortable by title", "--repo", repo, "--stdout", "--no-cache")
    assert "bug report" not in wish.stderr


def test_writes_the_spec_then_refuses_to_overwrite_it(tmp_path: str) -> None:
    repo = os.path.join(str(tmp_path), "repo")
    shutil.copytree(EXAMPLE, repo)
    first = run_cli("plan", FEATURE, "--repo", repo)
    assert first.returncode == 0, first.stderr
    path = first.stdout.strip()
    assert path == os.path.join(repo, "specs", "add-a-button-that-exports-the-book-list-as-a-csv-file.md")
    original = open(path, encoding="utf-8").read()
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\nhand-written note\n")
    second = run_cli("plan", FEATURE, "--repo", repo)
    assert second.returncode == 1
    assert path in second.stderr and "--force" in second.stderr
    assert "Traceback" not in second.stderr
    assert open(path, encoding="utf-8").read().endswith("hand-written note\n")
    forced = run_cli("plan", FEATURE, "--repo", repo, "--force")
    assert forced.returncode == 0
    assert open(path, encoding="utf-8").read() == original


@pytest.mark.parametrize("args, code, words", [
    pytest.param(("plan", FEATURE, "--repo", "/no/such/folder"), 1, "folder not found", id="missing repo"),
    pytest.param(("plan", "   ", "--repo", EXAMPLE), 2, "feature text is empty", id="blank feature"),
    pytest.param(("plan", FEATURE, "--repo", os.path.join(EXAMPLE, "README.md")), 1, "is a file", id="repo is a file"),
    pytest.param(("plan", FEATURE, "--repo", EXAMPLE, "--template", "/no/such/template.md"), 1, "cannot read template",
                 id="missing template"),
    pytest.param(("plan", FEATURE, "--repo", EXAMPLE, "--var", "novalue"), 2, "KEY=VALUE", id="bad --var"),
])
def test_bad_input_gives_one_line_and_an_exit_code(args: tuple[str, ...], code: int, words: str) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_template_without_a_plan_format_is_refused(tmp_path: str) -> None:
    template = os.path.join(str(tmp_path), "empty.md")
    with open(template, "w", encoding="utf-8") as fh:
        fh.write("just prose, no headings and no plan format\n")
    result = run_cli("plan", FEATURE, "--repo", EXAMPLE, "--template", template, "--stdout")
    assert result.returncode == 1
    assert "no plan format found" in result.stderr and template in result.stderr


ISSUE_HEADED_COMMAND = """\
# Feature Planning

## Variables
issue_number: $1
issue_title: $2

## Plan Format
```markdown
# Issue #{issue_number}: {title}

## Summary
<what the feature does>

## Relevant Files
<files to change>

## Step by Step Tasks
<tasks, the last one runs the Validation Commands>

## Validation Commands
<commands>
```
"""


def test_a_plan_titled_with_template_variables_names_the_feature_and_passes_check(tmp_path: str) -> None:
    repo = os.path.join(str(tmp_path), "repo")
    shutil.copytree(EXAMPLE, repo)
    os.makedirs(os.path.join(repo, ".claude", "commands"))
    with open(os.path.join(repo, ".claude", "commands", "feature.md"), "w", encoding="utf-8") as fh:
        fh.write(ISSUE_HEADED_COMMAND)
    written = run_cli("plan", FEATURE, "--repo", repo, "--var", "issue_number=12")
    assert written.returncode == 0, written.stderr
    spec = written.stdout.strip()
    assert open(spec, encoding="utf-8").readline() == "# Issue #12: Add a Button That Exports the Book List as a CSV File\n"
    checked = run_cli("check", spec, "--repo", repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_help_and_version() -> None:
    assert run_cli("--help").returncode == 0
    version = run_cli("--version")
    assert version.returncode == 0 and "scaffolder" in version.stdout


def test_cached_runs_print_what_an_uncached_run_prints(tmp_path: str) -> None:
    repo = os.path.join(str(tmp_path), "repo")
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    cold = run_cli("plan", FEATURE, "--repo", repo, "--stdout", "--format", "json")
    warm = run_cli("plan", FEATURE, "--repo", repo, "--stdout", "--format", "json")
    uncached = run_cli("plan", FEATURE, "--repo", repo, "--stdout", "--format", "json", "--no-cache")
    assert cold.returncode == warm.returncode == uncached.returncode == 0
    assert cold.stdout == warm.stdout == uncached.stdout
    cache = os.path.join(repo, ".scaffolder_cache")
    assert sorted(os.listdir(cache)) == [".gitignore", "evidence.json", "facts.json", "repo-index.jsonl", "stat.json"]


def test_a_conftest_is_never_offered_as_the_test_file_to_extend(tmp_path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"))
    (repo / "app/server/tests/conftest.py").write_text(
        "import pytest\nfrom core.data_models import Book\n\n\n@pytest.fixture\n"
        "def test_books():\n    return [Book]\n", encoding="utf-8")
    done = run_cli("plan", "Add an API endpoint that returns the books finished this year", "--repo", str(repo),
                   "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    unit_tests = section(done.stdout, "### Unit Tests")
    assert "tests/core/test_library_store.py" in unit_tests
    assert "conftest" not in done.stdout


def test_an_api_test_is_offered_for_the_routers_whose_routes_it_requests() -> None:
    done = run_cli("plan", "Let readers delete a note from a book", "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    unit_tests = section(done.stdout, "### Unit Tests")
    assert ("- Extend `app/server/tests/test_books_api.py` for `app/server/routers/books.py`, "
            "`app/server/routers/notes.py`;") in unit_tests


def test_the_tests_whose_names_hold_the_features_words_come_first(tmp_path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"))
    (repo / "app/server/tests/test_aaa_smoke.py").write_text(
        "from routers import books, notes\n\n\ndef test_routers_import():\n    assert books and notes\n",
        encoding="utf-8")
    done = run_cli("plan", "Let readers delete a note from a book", "--repo", str(repo), "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    unit_tests = section(done.stdout, "### Unit Tests")
    assert unit_tests.index("tests/test_books_api.py") < unit_tests.index("tests/test_aaa_smoke.py")
    focused = next(line for line in section(done.stdout, "## Validation Commands").split("\n") if line.startswith("- "))
    assert focused.startswith("- `cd app/server && uv run pytest tests/core/test_library_store.py "
                              "tests/test_books_api.py")


def test_client_tests_of_the_chosen_components_come_with_the_client_test_command() -> None:
    recipes = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "recipes_react")
    done = run_cli("plan", "Show the cooking time on each recipe card", "--repo", recipes, "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    unit_tests = section(done.stdout, "### Unit Tests")
    assert ("- Extend `app/client/src/components/RecipeCard.test.jsx` for `app/client/src/components/RecipeCard.jsx`; "
            "run it alone with `cd app/client && npm run test -- src/components/RecipeCard.test.jsx`.") in unit_tests
    validation = section(done.stdout, "## Validation Commands")
    assert "pytest components" not in validation and "RecipeCard.test" not in validation


def test_a_changed_module_no_test_covers_gets_a_new_test_laid_out_as_the_projects_own() -> None:
    recipes = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "recipes_react")
    done = run_cli("plan", "Show the meal plan as a weekly calendar", "--repo", recipes, "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert ("- Create `app/client/src/pages/MealPlanPage.test.jsx` for `app/client/src/pages/MealPlanPage.jsx`; "
            "run it alone with `cd app/client && npm run test -- src/pages/MealPlanPage.test.jsx`.") in section(
                done.stdout, "### Unit Tests")
    assert "MealPlanPage.test" not in section(done.stdout, "## Relevant Files")


@pytest.mark.parametrize("feature, new_file", [
    ("Add a BookRatingModal to rate a finished book", "app/client/src/ui/BookRatingModal.ts"),
    ("Send finished books to the GoodReads service", None),  # a product name, not a component
])
def test_new_component_only_for_a_component_name_the_feature_spells(feature: str, new_file: str | None) -> None:
    done = run_cli("plan", feature, "--repo", EXAMPLE, "--stdout", "--no-cache", "--format", "json")
    assert done.returncode == 0, done.stderr
    new = [f["path"] for f in json.loads(done.stdout)["relevant_files"] if f["status"] == "new"]
    assert [p for p in new if p.endswith(".ts")] == ([new_file] if new_file else [])


def test_no_endpoint_is_proposed_when_an_existing_one_already_names_the_feature(tmp_path) -> None:
    repo = os.path.join(str(tmp_path), "repo")
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    feature = "Add a reading history endpoint for books"
    before = run_cli("plan", feature, "--repo", repo, "--stdout", "--no-cache")
    assert "add `GET /api/books/history`" in before.stdout
    with open(os.path.join(repo, "app", "server", "routers", "books.py"), "a", encoding="utf-8") as fh:
        fh.write('\n\n@router.get("/reading/history")\ndef reading_history() -> list[str]:\n    return []\n')
    after = run_cli("plan", feature, "--repo", repo, "--stdout", "--no-cache")
    assert after.returncode == 0, after.stderr
    assert "add `GET /api/books/history`" not in after.stdout
    assert "`GET /api/books/reading/history`" in after.stdout  # the plan builds on it instead


def test_a_feature_that_extends_an_existing_intent_endpoint_gets_no_twin_of_it(tmp_path) -> None:
    repo = os.path.join(str(tmp_path), "repo")
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    with open(os.path.join(repo, "app", "server", "routers", "books.py"), "a", encoding="utf-8") as fh:
        fh.write('\n\n@router.post("/upload")\ndef upload_books(file: bytes) -> dict:\n    return {}\n')
    jsonl = run_cli("plan", "Support JSONL file uploads for books", "--repo", repo, "--stdout", "--no-cache")
    assert jsonl.returncode == 0, jsonl.stderr
    assert "add `POST" not in jsonl.stdout and "`POST /api/books/upload`" in jsonl.stdout
    covers = run_cli("plan", "Upload cover images for books", "--repo", repo, "--stdout", "--no-cache")
    assert covers.returncode == 0, covers.stderr
    assert "add `POST /api/books/cover-images` in " in covers.stdout  # a subject of its own


def test_no_twin_of_an_existing_endpoint_whose_parameter_is_named_otherwise(tmp_path) -> None:
    repo = tmp_path / "bookshelf"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"))
    router = repo / "app" / "server" / "routers" / "books.py"
    router.write_text(router.read_text(encoding="utf-8").replace('@router.delete("/{book_id}"', '@router.delete("/{id}"'),
                      encoding="utf-8")
    done = run_cli("plan", "Let readers delete a book", "--repo", str(repo), "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "`DELETE /api/books/{id}`" in done.stdout and "add `DELETE" not in done.stdout


def test_a_generated_client_file_is_regenerated_not_edited(tmp_path) -> None:
    repo = tmp_path / "bookshelf"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"))
    types = repo / "app" / "client" / "src" / "types.d.ts"
    types.write_text("// This file is auto-generated by openapi-ts\n" + types.read_text(encoding="utf-8"), encoding="utf-8")
    package = repo / "app" / "client" / "package.json"
    package.write_text(package.read_text(encoding="utf-8").replace('"dev": "vite",', '"dev": "vite", "generate-client": "openapi-ts",'),
                       encoding="utf-8")
    done = run_cli("plan", "Add a reading status filter to the book list", "--repo", str(repo), "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "Regenerate the client type declarations: `app/client/src/types.d.ts`" in done.stdout
    assert "regenerate it with `cd app/client && npm run generate-client`" in done.stdout
    assert "Mirror every new or changed server model" not in done.stdout


@pytest.mark.parametrize(("feature", "endpoint"), [
    pytest.param("Hello World Endpoint", "`POST /api/hello-world`", id="kind word left out"),
    pytest.param("Save a book as favourite", "`POST /api/books/favorite`", id="verb and router's own noun left out"),
    pytest.param("Add a reading history endpoint for books", "`GET /api/books/history`", id="rule noun the feature says"),
])
def test_a_proposed_endpoint_is_named_after_the_features_subject(feature: str, endpoint: str) -> None:
    result = run_cli("plan", feature, "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert f"add {endpoint} in " in result.stdout


def test_a_proposed_endpoint_takes_the_prefix_most_of_its_modules_routes_share(tmp_path) -> None:
    repo = tmp_path / "bookshelf"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"))
    with open(repo / "app" / "server" / "server.py", "a", encoding="utf-8") as fh:
        fh.write('\n\n@app.get("/")\ndef index() -> dict:\n    return {}\n')
    done = run_cli("plan", "Hello World Endpoint", "--repo", str(repo), "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "add `POST /api/hello-world` in `app/server/server.py`" in done.stdout


def test_a_suggested_module_is_named_after_the_features_subject_when_it_never_says_the_rules_noun() -> None:
    done = run_cli("plan", "Add a wishlist so readers can save books for later", "--repo", EXAMPLE, "--stdout",
                   "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "`app/server/core/wishlist_store.py`" in done.stdout and "history_store" not in done.stdout
    exported = run_cli("plan", "Export the book list as a CSV file", "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert "`app/server/core/export_store.py`" in exported.stdout


def test_pagination_or_sorting_extends_an_endpoint_instead_of_proposing_a_new_one() -> None:
    done = run_cli("plan", "Add pagination and sorting to the book list", "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "(new)" not in done.stdout and "add `GET" not in done.stdout and "add `POST" not in done.stdout
    assert "`app/server/routers/books.py`" in section(done.stdout, "## Relevant Files")


def test_a_template_whose_scope_reaches_no_code_falls_back_to_the_default_scope(tmp_path) -> None:
    repo = tmp_path / "bookshelf"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    template = repo / ".claude" / "commands" / "feature.md"
    template.parent.mkdir(parents=True)
    # Copied from another project: its Relevant Files name folders this repository does not have.
    template.write_text("Plan the feature.\n\n## Relevant Files\n\nFocus on the following files:\n"
                        "- `README.md` - Contains the project overview.\n- `src/service/**` - the service core\n"
                        "- `tools/**` - CLI tools\n\n## Plan Format\n\n```md\n# Feature: <feature name>\n\n"
                        "## Relevant Files\n<list the files>\n```\n")
    result = run_cli("plan", FEATURE, "--repo", str(repo), "--format", "json", "--stdout")
    assert result.returncode == 0, result.stderr
    paths = [f["path"] for f in json.loads(result.stdout)["relevant_files"]]
    assert "app/client/src/main.ts" in paths
    assert "reach none of this repository's code" in result.stderr and "feature.md" in result.stderr


def test_problem_statement_names_the_routes_that_share_the_features_words_or_says_none_does() -> None:
    stats = run_cli("plan", "Show reading statistics as a chart on the stats panel", "--repo", EXAMPLE, "--stdout")
    assert stats.returncode == 0, stats.stderr
    problem = section(stats.stdout, "## Problem Statement")
    assert "The nearest existing flow is `GET /api/stats`" in problem
    digest = run_cli("plan", "Send a weekly email digest", "--repo", EXAMPLE, "--stdout")
    assert digest.returncode == 0, digest.stderr
    problem = section(digest.stdout, "## Problem Statement")
    assert "none of its" in problem and "routes (`GET /api/books`" in problem
    assert "nearest" not in problem
    # Visual polish is no route's business: the statement says where the change lives instead.
    theme = run_cli("plan", "Add a dark mode toggle", "--repo", EXAMPLE, "--stdout")
    problem = section(theme.stdout, "## Problem Statement")
    assert "The change is visual: it lives in the client's markup, styles and UI code" in problem
    assert "routes" not in problem


def test_a_visual_change_proposes_no_endpoint_and_checks_the_client_by_hand() -> None:
    done = run_cli("plan", "The add button label is cut off on small screens", "--repo", EXAMPLE, "--stdout")
    assert done.returncode == 0, done.stderr
    assert "(new)" not in done.stdout and "curl" not in done.stdout
    assert "then open the client and exercise the feature by hand" in done.stdout
    assert "a request the feature adds goes there" not in done.stdout
    assert "app/server/" not in section(done.stdout, "## Relevant Files")


DELETE_ITEM_CLIENT = "export async function deleteItem(id: number) {\n  await fetch(`/api/items/${id}`, { method: 'DELETE' });\n}\n"


def _plan_delete_item(root, feature: str = "Let users delete an item") -> subprocess.CompletedProcess[str]:
    done = run_cli("plan", feature, "--repo", str(root), "--stdout", "--no-cache")
    assert done.returncode == 0, done.stderr
    return done


def _write_tree(root, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def test_an_app_outside_app_server_and_app_client_is_read_whole_with_a_warning(tmp_path) -> None:
    _write_tree(tmp_path, {
        "README.md": "# Items\n\nKeeps a list of items.\n",
        "package.json": '{"workspaces": ["frontend"], "scripts": {"lint": "bun run --filter frontend lint"}}',
        "backend/pyproject.toml": "[project]\nname = 'items'\n",
        "backend/app/__init__.py": "",
        "backend/app/main.py": "from fastapi import FastAPI\nfrom app.items import router\n"
                               "app = FastAPI()\napp.include_router(router, prefix='/api')\n",
        "backend/app/items.py": "router = APIRouter(prefix='/items')\n\n@router.delete('/{id}')\n"
                                "def delete_item(id: int) -> None: ...\n",
        "backend/tests/test_items.py": "def test_delete_item(client):\n    client.delete('/api/items/1')\n",
        "frontend/package.json": '{"scripts": {"lint": "biome check", "test": "playwright test"}}',
        "frontend/src/items.ts": DELETE_ITEM_CLIENT,
        ".claude/skills/helper.py": "def delete_item(): ...\n",
    })
    # `DELETE /api/items/{id}` is there already: with an undo, the server changes too.
    done = _plan_delete_item(tmp_path, "Let users delete an item, with an undo")
    assert "app/server and app/client are not in this repository; reading all of it" in done.stderr
    files, _ = listed_paths(done.stdout)
    assert {"backend/app/items.py", "frontend/src/items.ts"} <= set(files) and ".claude/skills/helper.py" not in files
    assert "`cd frontend && npm run test`" in done.stdout and "`cd backend && uv run pytest`" in done.stdout


def test_a_client_at_the_repository_root_runs_its_commands_there(tmp_path) -> None:
    _write_tree(tmp_path, {
        "README.md": "# Items\n",
        "package.json": '{"scripts": {"test": "vitest"}}',
        "src/items.ts": DELETE_ITEM_CLIENT,
        "server/main.py": "app = FastAPI()\n\n@app.delete('/api/items/{id}')\ndef delete_item(id: int) -> None: ...\n",
    })
    done = _plan_delete_item(tmp_path)
    # `vitest` alone watches in a terminal: the validation command runs it once.
    assert "- `npm run test -- --run`" in done.stdout and "cd  &&" not in done.stdout
    assert "`DELETE /api/items/{id}`" in done.stdout and "add `DELETE" not in done.stdout  # no twin of it
