from __future__ import annotations

import re
from textwrap import dedent

import pytest

from scaffolder.errors import TemplateError
from scaffolder.plan_locate import plan_block
from scaffolder.template import load_template, parse_template


def test_builtin_seed_format_has_every_section_in_order() -> None:
    template = load_template(None, "/nonexistent-repo")
    assert template.source == "built-in seed plan format"
    headings = [s.heading for s in template.sections]
    assert headings[0] == "Feature: <feature name>"
    assert headings.index("Relevant Files") < headings.index("Step by Step Tasks") < headings.index("Notes")
    assert template.kind == "feature"


COMMAND_FILE = dedent("""\
    # Bug Planning
    Create a plan using the `Plan Format` below.

    ## Relevant Files
    - `README.md` - overview
    - `app/server/**` - server
    - `docs/` - docs

    ## Plan Format

    ```md
    # Bug: <bug name>

    ## Steps to Reproduce
    ```bash
    curl localhost
    ```

    ## Validation
    <list commands>
    ```

    ## Bug
    $ARGUMENTS
    """)


def test_command_file_block_with_nested_fence_and_scope() -> None:
    template = parse_template(COMMAND_FILE, "cmd.md")
    assert [s.heading for s in template.sections] == ["Bug: <bug name>", "Steps to Reproduce", "Validation"]
    assert template.sections[1].body == ("```bash", "curl localhost", "```")
    assert template.kind == "bug"
    assert template.scope == ("README.md", "app/server/**", "docs")


@pytest.mark.parametrize("text", [
    pytest.param("Plan Format:\n\n````md\n# Chore: <x>\n## Notes\n<n>\n````\n", id="four backticks"),
    pytest.param("- plan format:\n  ```markdown\n  # Chore: <x>\n  ## Notes\n  <n>\n  ```\n", id="inside a list item"),
    pytest.param("## PLAN FORMAT\n```\n# Chore: <x>\n## Notes\n<n>\n```\n", id="bare fence, upper case"),
])
def test_plan_block_variants(text: str) -> None:
    block = plan_block(text)
    assert block is not None
    assert block.splitlines()[0] == "# Chore: <x>"
    assert "## Notes" in block


def test_bare_plan_format_file() -> None:
    template = parse_template("# Patch: <title>\n\n## Files to Modify\n<files>\n", "bare.md")
    assert template.kind == "patch" and len(template.sections) == 2


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("some prose without any headings\n", id="prose"),
    pytest.param("Plan Format\n\nno fence follows\n", id="plan format without fence"),
])
def test_templates_without_a_plan_format_are_refused(text: str) -> None:
    with pytest.raises(TemplateError, match="no plan format"):
        parse_template(text, "t.md")


def test_unclosed_fence_takes_the_rest() -> None:
    block = plan_block("Plan Format\n```md\n# Feature: <n>\n## Notes\n<n>\n")
    assert block is not None and "## Notes" in block


@pytest.mark.parametrize("text, expected", [
    pytest.param("## Variables\nadw_id: $1\nspec_path: $3 if provided\n\n## Plan Format\n```md\n# Chore: <x>\n```\n",
                 (("adw_id", "$1"), ("spec_path", "$3 if provided")), id="variables heading"),
    pytest.param("Variables:\nticket: $1\nfeature: $ARGUMENTS\n\nPlan Format:\n```md\n# Task: <x>\n```\n",
                 (("ticket", "$1"), ("feature", "$ARGUMENTS")), id="variables line"),
    pytest.param("## Plan Format\n```md\n# Chore: <x>\nname: value\n```\n", (), id="lines inside the plan are not"),
    pytest.param("## Variables\nadw_id: $1\nSome prose follows.\nlater: $2\n## Plan Format\n```md\n# Chore: <x>\n```\n",
                 (("adw_id", "$1"),), id="prose ends the list"),
])
def test_declared_variables(text: str, expected: tuple[tuple[str, str], ...]) -> None:
    assert parse_template(text, "cmd.md").variables == expected


def test_repo_command_is_the_default_template(tmp_path: str) -> None:
    folder = tmp_path / ".claude" / "commands"  # type: ignore[operator]
    folder.mkdir(parents=True)
    (folder / "feature.md").write_text("Plan Format:\n```md\n# Feature: <n>\n## Notes\n<n>\n```\n")
    assert load_template(None, str(tmp_path)).source == ".claude/commands/feature.md"
    (folder / "feature.md").write_text("no plan format in here\n")
    assert load_template(None, str(tmp_path)).source == "built-in seed plan format"


UNFENCED_COMMAND = dedent("""\
    # Feature Planning
    Create the plan with the `Plan Format` below.

    ## Variables
    issue_number: $1

    ## Relevant Files
    - `app/**` - the application

    ## Plan Format

    # Feature: <feature name>

    ## Relevant Files
    <files>

    ## Step by Step Tasks
    ```bash
    # a comment, not a heading
    ```

    ## Feature
    $ARGUMENTS

    ## Report
    - the path of the plan
    """)


def test_plan_written_unfenced_under_its_heading_ends_at_the_request() -> None:
    template = parse_template(UNFENCED_COMMAND, "cmd.md")
    assert [s.heading for s in template.sections] == ["Feature: <feature name>", "Relevant Files", "Step by Step Tasks"]
    assert template.scope == ("app/**",)
    assert template.variables == (("issue_number", "$1"),)


def test_plan_format_title_written_as_an_identifier() -> None:
    text = "# Patch\n## VARIABLES\nadw_id: $1\n## PLAN_FORMAT\n```md\n# Patch: <title>\n## Validation\n<v>\n```\n"
    assert [s.heading for s in parse_template(text, "cmd.md").sections] == ["Patch: <title>", "Validation"]


def _named_template_repo(tmp_path, named: str) -> str:  # type: ignore[no-untyped-def]
    (tmp_path / ".claude" / "templates").mkdir(parents=True)
    (tmp_path / ".claude" / "templates" / "feature-spec.md").write_text(
        "# Feature: <feature name>\n\n## Relevant Files\n<files>\n\n## Validation Commands\n<commands>\n")
    return dedent(f"""\
        # Feature Planning
        Create a plan using the exact `Plan Format`.

        ## Instructions
        - Replace every <placeholder> in the `Plan Format`.

        ## Plan Format

        Use the `{named}` template as your guide. Key sections:
        1. **User Story** - Frame as "As a <user>, I want <action>"

        ## Feature
        $ARGUMENTS
        """)


def test_plan_format_in_a_file_the_command_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = _named_template_repo(tmp_path, ".claude/templates/feature-spec.md")
    template = parse_template(text, ".claude/commands/feature.md", str(tmp_path))
    assert [s.heading for s in template.sections] == ["Feature: <feature name>", "Relevant Files",
                                                      "Validation Commands"]
    assert template.source == ".claude/templates/feature-spec.md (named by .claude/commands/feature.md)"
    with pytest.raises(TemplateError, match=r"its plan format is in `\.claude/templates/feature-spec\.md`, which"):
        parse_template(text, ".claude/commands/feature.md")  # no repository to look the file up in


@pytest.mark.parametrize("named", ["../outside.md", "/etc/feature-spec.md", ".claude/templates/missing.md"])
def test_a_named_file_outside_the_repository_or_missing_is_not_read(tmp_path, named: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path.parent / "outside.md").write_text("# Feature: <outside>\n## Notes\n<n>\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    text = _named_template_repo(repo, named)
    with pytest.raises(TemplateError, match=f"its plan format is in `{re.escape(named)}`, which this repository"):
        parse_template(text, "cmd.md", str(repo))


def test_whole_plan_in_a_fence_no_line_names() -> None:
    text = dedent("""\
        # /feature
        Generate a spec for the issue.

        ## Input
        `$ARGUMENTS` holds the issue.

        ## Your task
        1. Read the issue.
        2. Write the spec. Use this exact structure:

           ```markdown
           # Feature: <title>

           ## Context
           <2-3 sentences>

           ## Files to modify
           - `path/to/file.tsx` — <why>
           ```

        3. End with the spec's path:

           ```
           SPEC_PATH: specs/<slug>.md
           ```
        """)
    template = parse_template(text, "cmd.md")
    assert [s.heading for s in template.sections] == ["Feature: <title>", "Context", "Files to modify"]


@pytest.mark.parametrize("text", [
    pytest.param("# Feature Implementation\n## Variables\nspec_file: $1\n## Instructions\n1. Implement it\n"
                 "## Report\n- files changed\n", id="implements instead of planning"),
    pytest.param("# Chore\n## Instructions\nWrite JSON:\n```\n# not a plan\n## one\n```\n## Report\n- path\n",
                 id="fence with too few sections"),
])
def test_agent_commands_without_a_plan_format_are_refused(text: str) -> None:
    with pytest.raises(TemplateError, match="agent command with no plan format"):
        parse_template(text, "cmd.md")


def test_a_bare_format_that_uses_a_variable_is_still_a_plan() -> None:
    template = parse_template("# Feature: $1\n\n## Relevant Files\n<files>\n\n## Step by Step Tasks\n<steps>\n", "f.md")
    assert [s.heading for s in template.sections] == ["Feature: $1", "Relevant Files", "Step by Step Tasks"]


def test_repo_command_without_a_plan_gives_way_to_the_seed_with_a_warning(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / ".claude" / "commands"
    folder.mkdir(parents=True)
    (folder / "feature.md").write_text("# Feature Implementation\n## Variables\nspec_file: $1\n## Relevant Files\n"
                                       "- `backend/**` - the API\n## Instructions\n1. Implement the spec\n")
    template = load_template(None, str(tmp_path))
    assert template.source == "built-in seed plan format"
    assert template.scope == ("backend/**",) and template.variables == (("spec_file", "$1"),)
    assert template.sections == load_template(None, "/nonexistent-repo").sections
    warning = capsys.readouterr().err
    assert warning.startswith("scaffolder: .claude/commands/feature.md: an agent command with no plan format")
    assert warning.rstrip().endswith("planning with the built-in seed plan format instead")
