from __future__ import annotations

from textwrap import dedent

import pytest

from scaffolder.errors import TemplateError
from scaffolder.template import load_template, parse_template, plan_block


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
