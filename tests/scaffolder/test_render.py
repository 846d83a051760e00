"""Filling templates: every heading kept in order, every placeholder answered from the plan's facts."""
from __future__ import annotations

import glob
import os
import re
from textwrap import dedent

import pytest

from plan_factory import SERVER_ONLY, make_plan
from scaffolder.fill import Fill, e2e_name, snake_name
from scaffolder.plan import Task
from scaffolder.render_markdown import render_markdown
from scaffolder.sections import PLACEHOLDER
from scaffolder.template import load_template, parse_template

HELD_OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "functional", "templates")
E2E_EXAMPLE = ".claude/commands/e2e/test_basic_query.md"


def render(text: str, plan_kind: str = "feature", variables: dict[str, str] | None = None,
           existing: frozenset[str] = frozenset(), **plan: object) -> str:
    template = parse_template(text, "t.md")
    return render_markdown(template, make_plan(kind=template.kind or plan_kind, **plan), variables or {}, existing)


def headings(markdown: str) -> list[str]:
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,6}\s", line):
            out.append(re.split(r"[:<]", line.lstrip("#").strip())[0].strip().lower())
    return out


def section(markdown: str, title: str) -> str:
    """The text under the heading `title` up to the next heading of its level or higher."""
    lines = markdown.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"^#+ {re.escape(title)}", line))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((j for j in range(start + 1, len(lines))
                if re.match(rf"^#{{1,{level}}} ", lines[j])), len(lines))
    return "\n".join(lines[start + 1:end])


def empty_sections(markdown: str) -> list[str]:
    """Headings with no text under them before a heading that is not their child."""
    lines = [line for line in markdown.split("\n") if line.strip()]
    out = []
    for index, line in enumerate(lines):
        match = re.match(r"^(#+) ", line)
        nxt = re.match(r"^(#+) ", lines[index + 1]) if index + 1 < len(lines) else None
        if match and (index + 1 == len(lines) or (nxt and len(nxt.group(1)) <= len(match.group(1)))):
            out.append(line)
    return out


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(HELD_OUT, "*.md"))) + [None],
                         ids=lambda p: os.path.basename(p) if p else "seed")
def test_every_heading_in_order_and_no_placeholder_left(path: str | None) -> None:
    template = load_template(path, "/nonexistent")
    out = render_markdown(template, make_plan(kind=template.kind), {})
    wanted = [re.split(r"[:<]", s.heading)[0].strip().lower() for s in template.sections]
    found = iter(headings(out))
    assert [w for w in wanted if w and not any(h.startswith(w) for h in found)] == []
    assert PLACEHOLDER.findall(out) == []
    assert empty_sections(out) == []


@pytest.mark.parametrize("line, expected", [
    pytest.param("As a <type of user>", "As a reader", id="user type"),
    pytest.param("I want to <action/goal>", "I want to add a button that exports the list", id="action"),
    pytest.param("**Risk level:** <low|medium|high>", "**Risk level:** medium", id="options scaled by size"),
    pytest.param("**Status:** <draft|review|accepted>", "**Status:** draft", id="options: first when unscaled"),
    pytest.param("**Breaking change:** <yes|no>", "**Breaking change:** no", id="yes/no"),
    pytest.param("**Original Spec:** <spec_path>", "**Original Spec:** not provided", id="variable not given"),
    pytest.param("**Lines of code to change:** <estimate>", "lines across 3 changed files", id="estimate"),
    pytest.param("id: `{adw_id}`", "id: `not provided`", id="curly variable not given"),
    pytest.param("file `e2e/test_<descriptive_name>.md`", "`e2e/test_add_button_exports_item_list.md`",
                 id="file name pattern"),
    pytest.param("Feature: $ARGUMENTS", "Feature: Add a button that exports the item list as a CSV file",
                 id="arguments"),
    pytest.param("- Given <context>, when <action>, then <outcome>.", "then the file downloads", id="gherkin"),
])
def test_inline_placeholders(line: str, expected: str) -> None:
    out = render(f"# Feature: <name>\n\n## Notes\n{line}\n")
    assert expected in out
    assert PLACEHOLDER.findall(out) == []


@pytest.mark.parametrize("line, expected", [
    pytest.param("As a <type of user>", "As an admin", id="plain"),
    pytest.param("**As a** <type of user>", "**As an** admin", id="bold"),
    pytest.param("As A <type of user>", "As An admin", id="capital kept"),
])
def test_the_article_before_a_filled_placeholder_follows_the_answer(line: str, expected: str) -> None:
    out = render(f"# Feature: <name>\n\n## Notes\n{line}\n", user_type="admin")
    assert expected in out.splitlines()


def test_a_user_story_names_an_admin_with_an() -> None:
    out = render("# Feature: <name>\n\n## User Story\n<user story>\n", user_type="admin")
    assert "As an admin" in out.splitlines()
    assert "As a user" in render("# Feature: <name>\n\n## User Story\n<user story>\n", user_type="user").splitlines()


def test_variables_come_from_var_and_arguments_declarations() -> None:
    text = "## Variables\nadw_id: $1\nfeature: $ARGUMENTS\n\n## Plan Format\n```md\n# Chore: <name>\n## Metadata\n" \
           "adw: `{adw_id}` spec: <spec_path> feature: `{feature}`\n```\n"
    out = render(text, variables={"adw_id": "abc123"})
    assert "adw: `abc123` spec: not provided feature: `Add a button that exports the item list as a CSV file`" in out


INSTRUCTIONS_AS_TEXT = dedent("""\
    # Issue #{issue_number}: {title}
    ## Summary
    Brief description of what will be implemented.
    ## Relevant Files
    - List existing files that will be modified
    - List new files that will be created
    ## Step by Step Tasks
    1. [ ] Task 1 — description
    2. [ ] Task 2 — description
    ## Validation Commands
    - `python3 -m pytest tests/ -v` — all tests pass
    ## Notes
    - Keep the public API stable.
    """)


def test_literal_lines_that_tell_the_author_what_to_write_are_answered_like_placeholders() -> None:
    out = render(INSTRUCTIONS_AS_TEXT)
    assert "Brief description" not in out and "List existing files" not in out and "Task 1" not in out
    assert section(out, "Summary").strip().startswith("Add a button that exports the item list")
    assert "- `app/server/routers/items.py` — route module" in section(out, "Relevant Files")
    tasks = [line for line in section(out, "Step by Step Tasks").split("\n") if line.strip()]
    assert tasks and all(re.match(r"^\d+\. \[ \] ", line) for line in tasks), tasks
    assert "- `python3 -m pytest tests/ -v` — all tests pass" in section(out, "Validation Commands")
    assert section(out, "Notes").strip() == "- Keep the public API stable."


def test_steps_nest_under_a_tasks_section_that_is_itself_an_h3() -> None:
    out = render("# Spec: <name>\n## Approach\n<approach>\n### Step by Step Tasks\n<list step by step tasks as h3 headers>\n"
                 "## Verification\n### Validation Commands\n<commands>\n")
    steps = section(out, "Step by Step Tasks")
    assert re.findall(r"^#### \d+\. ", steps, re.M) and not re.findall(r"^#{1,3} ", steps, re.M)
    assert steps.rstrip().split("\n#### ")[-1].startswith(f"{steps.count('#### ')}. Run the Validation Commands")


BRACED_COMMAND = dedent("""\
    # Feature - plan a new feature

    ## Instructions
    Write the plan from this template, with `{issue_number}` from the issue.

    **Plan Template:**

    ```markdown
    # Feature: {Brief Title}

    ## User Story
    **As a** {type of user}

    ## Relevant Files
    ### Existing Files to Modify
    - `path/to/file.ext` - {Changes needed and why}

    ## Step by Step Tasks
    1. **{Task category}**
       - Specific subtask
       - Another subtask

    2. **{Next category}**
       - ...

    ## Validation Commands
    ```bash
    echo "{not a placeholder}"
    ```
    ```
    """)


def test_a_plan_template_with_braced_placeholders_and_example_rows_is_filled() -> None:
    template = parse_template(BRACED_COMMAND, "feature.md")
    assert [s.heading for s in template.sections][:2] == ["Feature: <Brief Title>", "User Story"]
    out = render_markdown(template, make_plan(), {})
    assert "# Feature: Add a Button That Exports the Item List" in out
    assert "**As a** reader" in out
    assert "path/to" not in out and "- `app/server/routers/items.py` — route module" in out
    steps = section(out, "Step by Step Tasks")
    assert "subtask" not in steps and "category" not in steps and "..." not in steps
    assert re.findall(r"^\d+\. ", steps, re.M) and steps.rstrip().endswith("Run the Validation Commands")
    assert 'echo "{not a placeholder}"' in out
    assert PLACEHOLDER.findall(out) == []


E2E_FEATURE = dedent(f"""\
    # Feature: <feature name>
    ## Relevant Files
    <list the files. If there are new files, list them in an h3 'New Files' section.>
    ## Step by Step Tasks
    <list step by step tasks as h3 headers>

    <If the feature affects UI, include a task to create a E2E test file (like `{E2E_EXAMPLE}`) as one of your early tasks.>

    <Your last step should be running the `Validation Commands`.>
    ## Validation Commands
    <list commands>

    <If you created an E2E test, include the following validation step: "Read `.claude/commands/test_e2e.md`, then execute `.claude/commands/e2e/test_<descriptive_name>.md`.">
    """)


def test_ui_change_gets_an_early_e2e_task_listed_as_new_file_and_validated() -> None:
    out = render(E2E_FEATURE, existing=frozenset({E2E_EXAMPLE}))
    path = ".claude/commands/e2e/test_add_button_exports_item_list.md"
    tasks = section(out, "Step by Step Tasks")
    assert tasks.index(f"### 1. Create the E2E test `{path}`") < tasks.index("Run the Validation Commands")
    assert f"Read `{E2E_EXAMPLE}`" in tasks
    assert f"`{path}`" in section(out, "New Files")
    assert f"- Read `.claude/commands/test_e2e.md`, then execute `{path}`." in section(out, "Validation Commands")


def test_the_e2e_file_the_plan_creates_is_the_one_it_validates_with() -> None:
    asked = "Can you add a search box?"
    out = render(E2E_FEATURE, existing=frozenset({E2E_EXAMPLE}), feature=asked, feature_text=asked,
                 slug="can-you-add-a-search-box")
    path = ".claude/commands/e2e/test_add_search_box.md"
    assert f"`{path}`" in section(out, "New Files")
    assert f"- Read `.claude/commands/test_e2e.md`, then execute `{path}`." in section(out, "Validation Commands")


def test_e2e_steps_read_as_an_action_when_the_feature_is_a_noun_phrase() -> None:
    out = render(E2E_FEATURE, existing=frozenset({E2E_EXAMPLE}), feature="Dashboard Health Widget")
    assert "open the client, use the dashboard health widget using `#item-list`" in section(out, "Step by Step Tasks")


def test_a_bug_plans_e2e_steps_follow_the_report_and_prove_the_fix() -> None:
    bug = E2E_FEATURE.replace("# Feature: <feature name>", "# Bug: <bug name>")
    out = render(bug, existing=frozenset({E2E_EXAMPLE}), feature="Item list stays empty after an export")
    tasks = section(out, "Step by Step Tasks")
    assert ("open the client, follow the report (item list stays empty after an export) using `#item-list`, `#add-item`, "
            "check that it no longer happens and take a screenshot to prove the bug is fixed.") in tasks


def test_server_only_change_gets_no_e2e_task() -> None:
    out = render(E2E_FEATURE, files=SERVER_ONLY)
    assert "E2E" not in out and "### New Files" not in out
    assert out.count("### ") == len(make_plan().tasks)


PATCH = dedent("""\
    # Patch: <concise patch title>
    ## Implementation Steps
    <list 2-3 focused steps to implement the patch. Each step should be a concrete action.>

    ### Step 1: <specific action>
    - <implementation detail>
    - <implementation detail>

    ### Step 2: <specific action>
    - <implementation detail>

    <continue as needed, but keep it minimal>
    ## Validation
    <list 1-5 specific commands>
    """)


def test_example_subsections_become_real_steps_in_their_shape() -> None:
    out = render(PATCH)
    steps = re.findall(r"^### (Step \d+): (.*)$", out, re.M)
    assert [s[0] for s in steps] == ["Step 1", "Step 2", "Step 3"]  # "2-3 steps" caps the count
    assert steps[0][1] == "Add `GET /api/items/export` in `app/server/routers/items.py`"
    assert steps[-1][1] == "Run the Validation Commands"
    assert "continue as needed" not in out and "implementation detail" not in out


@pytest.mark.parametrize("text, wanted, unwanted", [
    pytest.param("# Bug: <bug name>\n## Steps to Reproduce\n<list exact steps>\n## Root Cause Analysis\n<analyze>\n"
                 "## Step by Step Tasks\n<tasks>\n",
                 ["1. Start the app with `./scripts/start.sh`.", "curl -s http://localhost:8000/api/items",
                  "Not confirmed by running the code", "### 1. Reproduce the bug with a failing regression test",
                  "`cd app/server && uv run pytest tests/test_items.py`"], [], id="bug"),
    pytest.param("# Chore: <chore name>\n## Validation Commands\n<list commands. Don't validate with curl commands.>\n",
                 ["`cd app/server && uv run pytest`"], ["curl"], id="chore without curl"),
    pytest.param("# Feature: <n>\n## Validation Commands\n<list commands>\n- `cd app/server && uv run pytest` - run\n",
                 ["curl -sf"], ["`cd app/server && uv run pytest` — the whole"], id="template command not repeated"),
    pytest.param("# Refactor: <n>\n## Tasks\n- [ ] <task>\n- [ ] <task>\n",
                 ["- [ ] Add `GET /api/items/export` in `app/server/routers/items.py`", "- [ ] Run the Validation"],
                 ["###", "[ ] [ ]"], id="checkbox tasks"),
    pytest.param("# Bug: <n>\n## Files to Change\n| File | Change |\n|---|---|\n| <path> | <why> |\n",
                 ["| `app/server/routers/items.py` | route module; handles GET /api/items |",
                  "| `app/client/index.html` | HTML entry"], ["- `app/"], id="table of files"),
    pytest.param("# Feature: <n>\n## Frobnication\n", ["Add a button that exports the item list"], [],
                 id="unknown empty heading"),
    pytest.param("# Feature: <n>\n## Rollback\n", ["Revert the commit"], [], id="rollback"),
    pytest.param("# Feature: <n>\n## Verification\n```bash\n<command that proves it works>\n```\n",
                 ["cd app/server && uv run pytest tests/test_items.py\n```"], ["- `cd"], id="command inside a fence"),
])
def test_sections_by_kind(text: str, wanted: list[str], unwanted: list[str]) -> None:
    out = render(text)
    for piece in wanted:
        assert piece in out
    for piece in unwanted:
        assert piece not in out
    assert PLACEHOLDER.findall(out) == []


@pytest.mark.parametrize("heading, kind", [
    pytest.param("# Bug: <bug name>", "bug", id="bug"),
    pytest.param("# Hotfix: <title>", "patch", id="hotfix is a patch"),
    pytest.param("# Refactor: <name>", "chore", id="refactor is a chore"),
    pytest.param("# Story: <title>", "feature", id="story"),
    pytest.param("# <feature name>", "feature", id="no kind word"),
])
def test_kind_from_first_heading(heading: str, kind: str) -> None:
    assert parse_template(heading + "\n## Notes\n<n>\n", "t.md").kind == kind


@pytest.mark.parametrize(("slug", "name"), [
    pytest.param("add-a-button-that-exports-the-item-list", "add_button_exports_item_list", id="articles-dropped"),
    pytest.param("query-results-table-loses-its-header-after-a-second-query", "query_results_table_loses_header",
                 id="pronoun-dropped"),
    pytest.param("the-of-a", "change", id="nothing-left"),
])
def test_an_e2e_file_stem_keeps_five_telling_words(slug: str, name: str) -> None:
    assert snake_name(slug) == name


@pytest.mark.parametrize(("feature", "name"), [
    ("Can you add a search box?", "add_search_box"),
    ("Bug: closing a trade returns 500", "closing_trade_returns_500"),
    ("As a data analyst, I want to save my favourite queries", "save_favourite_queries"),
    ("Users can't log in", "users_cant_log"),
])
def test_an_e2e_file_is_named_after_the_request_not_the_way_it_was_asked(feature: str, name: str) -> None:
    assert e2e_name(feature) == name


def test_a_bug_looks_first_at_the_symbols_a_task_starts_from_not_at_a_files_first_definitions() -> None:
    tasks = (Task("Update the route module: `app/server/routers/items.py`",
                  ("Why: route module.", "Start from `export_items` (line 40), `list_items` (line 12).")),
             Task("Update the main UI module: `app/client/src/main.ts`",
                  ("Why: main UI module.", "No name in it holds the feature's words; it defines `init` (line 3).")),
             Task("Run the Validation Commands", ("`cd app/server && uv run pytest`",)))
    fill = Fill(make_plan(kind="bug", tasks=tasks), "bug", {}, (), frozenset(), None)
    assert fill.symbols("app/server/routers/items.py") == ["`export_items` (line 40)", "`list_items` (line 12)"]
    assert fill.symbols("app/client/src/main.ts") == []


BUG_WITH_COMMIT = dedent("""\
    # Bug: <bug name>
    ## Bug Description
    <describe the bug>
    ## Problem Statement
    <the problem>
    ## Step by Step Tasks
    <tasks>
    ## Commit Message
    <conventional commit>
    """)


@pytest.mark.parametrize(("feature", "quoted", "running"), [
    ("Bug: deleting a book returns 500", "Deleting a book returns 500", "deleting a book returns 500"),
    ("SQL check rejects valid queries", "SQL check rejects valid queries", "SQL check rejects valid queries"),
])
def test_a_bug_plan_quotes_the_report_without_its_label_and_keeps_an_acronym(
        feature: str, quoted: str, running: str) -> None:
    out = render(BUG_WITH_COMMIT, feature=feature, feature_text=feature)
    assert section(out, "Bug Description").strip().startswith(f"{quoted}. Expected:")
    assert f"Actual: {running}. In " in out
    assert section(out, "Problem Statement").strip().startswith(f"{quoted}. Every ")
    assert f"reproduces the bug ({running})" in section(out, "Step by Step Tasks")
    assert section(out, "Commit Message").strip() == f"`fix: {running}`"


SPEC_STYLE = dedent("""\
    # Feature: <feature name>

    ## Metadata
    - **Created**: <date>
    - **Agent**: <agent name>

    ## Relevant Files
    - `<other relevant files>` - Describe why they are relevant

    ### New Files
    - `<new file path>` - Purpose and description

    ## Key Architectural Decisions
    - <decision 1>
    - <decision 2>

    ## API Contracts & Data Models
    ### New Endpoints
    ```
    <describe new API endpoints if applicable>
    ```

    ### Query
    ```bash
    <command>
    ```

    ## Dependencies & Blockers
    - **External Dependencies**: <list any new packages or services>
    - **Internal Dependencies**: <list dependent features or components>
    - **Blockers**: <list any blocking issues>

    ## Performance
    <describe performance implications and optimization strategies>
    """)


def test_spec_style_template_sections_get_their_own_answers() -> None:
    plan = make_plan()
    out = render(SPEC_STYLE)
    assert not PLACEHOLDER.search(out)
    assert plan.description not in out, "no section falls back to the feature description"
    assert "- **Agent**: not provided" in out
    files = section(out, "Relevant Files").split("### New Files")[0]
    assert "`app/server/routers/items.py` — route module" in files and "<other" not in files
    decisions = section(out, "Key Architectural Decisions")
    assert "New endpoint `GET /api/items/export` in `app/server/routers/items.py`" in decisions
    endpoints = section(out, "New Endpoints")
    assert "```" not in endpoints and "- New: `GET /api/items/export`" in endpoints
    assert "```bash\ncd app/server && uv run pytest" in section(out, "Query"), "a value placeholder stays fenced"
    blockers = section(out, "Dependencies & Blockers")
    assert "**External Dependencies**: No new library is needed" in blockers
    assert "**Internal Dependencies**: the existing `app/server/routers/items.py` (route module)" in blockers
    assert "**Blockers**: none found in the code" in blockers
    assert "`GET /api/items/export`, `GET /api/items` return bounded" in section(out, "Performance")


def test_inline_fields_of_a_spec_header() -> None:
    out = render(dedent("""\
        # Spec — <feature title>
        - **Branch:** <branch name for this run>
        - **Location:** <comma-separated list of files to be touched / created>
        - **Related docs:** <relevant specs, README.md sections>

        ## Environment
        - API keys needed: <list or "None">
        """))
    assert "- **Branch:** `feature/add-a-button-that-exports-the-item-list`" in out
    assert ("- **Location:** `app/server/routers/items.py`, `app/client/src/api/client.ts`, "
            "`app/client/index.html`") in out
    assert "- **Related docs:** no related document found" in out
    assert "- API keys needed: None found in the code" in out


def test_a_placeholder_that_opens_with_a_number_and_an_example_lists_ellipsis() -> None:
    out = render(dedent("""\
        # Feature: <title>

        ## Context
        <2-3 sentences: what is this feature and why>

        ## Implementation steps
        1. <step>
        2. ...
        """))
    assert not PLACEHOLDER.search(out) and "<2-3" not in out
    assert section(out, "Context").strip()
    steps = section(out, "Implementation steps")
    assert "..." not in steps and "1. " in steps


@pytest.mark.parametrize("text, expected", [
    ("<2-3 sentences: what and why>", True), ("<feature name>", True), ("a <3 b", False), ("<200ms>", False),
    ("<br>", False),
])
def test_placeholder_shapes(text: str, expected: bool) -> None:
    assert bool(PLACEHOLDER.search(text)) is expected
