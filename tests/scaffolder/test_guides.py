"""A repository's conditional documentation guide picks the documents a plan lists to read first."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from plan_factory import make_plan

from scaffolder.guides import matching_docs, parse_guide
from scaffolder.template import parse_template

ROOT = str(Path(__file__).resolve().parents[2])
EXAMPLE = os.path.join(ROOT, "examples", "bookshelf")
GUIDE = """\
# Conditional Documentation Guide

## Conditional Documentation

- README.md
  - Conditions:
    - When operating on anything under app/server
    - When first understanding the project structure

- app_docs/feature-one-click-exports.md
  - Conditions:
    - When working with CSV export functionality
    - When implementing table or item result export features

- app_docs/feature-item-search.md
  - Conditions:
    - When working with item search or filtering

- app_docs/feature-item-colours.md
  - Conditions:
    - When changing item background colours

- adws/README.md
  - Conditions:
    - When you're operating in the `adws/` directory

- app_docs/feature-removed.md
  - Conditions:
    - When working with legacy printing
"""
DOCS = ("README.md", "app_docs/feature-one-click-exports.md", "app_docs/feature-item-search.md",
        "app_docs/feature-item-colours.md", "adws/README.md")


def repo_with_docs(tmp_path: Path) -> Path:
    for rel in DOCS:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# doc\n")
    return tmp_path


def docs_for(feature: str, root: Path, **plan: object) -> list[tuple[str, str]]:
    found = matching_docs(parse_guide(GUIDE), make_plan(feature_text=feature, **plan), str(root), "guide.md")
    return [(d.path, d.condition) for d in found]


def test_the_guide_is_read_as_documents_with_their_conditions() -> None:
    entries = parse_guide(GUIDE.replace("\n", "\r\n").replace("\r\n", "\n"))
    assert [e.path for e in entries] == [*DOCS, "app_docs/feature-removed.md"]
    assert entries[1].conditions == ("When working with CSV export functionality",
                                     "When implementing table or item result export features")


def test_a_word_only_one_document_uses_picks_it_and_the_condition_that_says_so(tmp_path: Path) -> None:
    docs = docs_for("Add JSON export", repo_with_docs(tmp_path))
    assert docs[0] == ("app_docs/feature-one-click-exports.md", "When working with CSV export functionality")


def test_a_word_every_document_shares_picks_none_but_paths_the_plan_touches_still_do(tmp_path: Path) -> None:
    docs = docs_for("Item history", repo_with_docs(tmp_path))  # `item` is in three documents
    assert docs == [("README.md", "When operating on anything under app/server")]


def test_two_shared_words_pick_a_document_and_missing_documents_are_never_listed(tmp_path: Path) -> None:
    root = repo_with_docs(tmp_path)
    assert ("app_docs/feature-item-colours.md", "When changing item background colours") in docs_for(
        "Item background colours", root)
    assert all(path != "app_docs/feature-removed.md" for path, _ in docs_for("Legacy printing", root))


def test_a_document_outside_the_repository_is_never_listed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    root = tmp_path / "repo"
    (root / "app_docs").mkdir(parents=True)
    os.symlink(outside / "secret.md", root / "app_docs" / "feature-one-click-exports.md")
    assert docs_for("Add JSON export", root) == []  # the one match leads outside; README.md is absent


def test_the_template_names_its_guide() -> None:
    template = parse_template("Read `.claude/commands/conditional_docs.md` first.\n\n## Plan Format\n\n```md\n"
                              "# Feature: <name>\n## Relevant Files\n<files>\n```\n", "t.md")
    assert template.guides == (".claude/commands/conditional_docs.md",)


def test_plan_lists_the_documents_to_read_in_relevant_files_and_in_json(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    commands = repo / ".claude" / "commands"
    commands.mkdir(parents=True)
    template = ("Read `.claude/commands/conditional_docs.md` and include the documents it calls for.\n\n"
                "## Plan Format\n\n```md\n# Feature: <feature name>\n\n## Relevant Files\n<find and list the files>\n"
                "\n## Step by Step Tasks\n<list tasks>\n```\n")
    (commands / "feature.md").write_text(template)
    (commands / "conditional_docs.md").write_text(GUIDE)
    repo_with_docs(repo)
    run = [sys.executable, "-m", "scaffolder", "plan", "Export the book list as a CSV file", "--repo", str(repo),
           "--stdout", "--no-cache"]
    markdown = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert markdown.returncode == 0, markdown.stderr
    assert ("Documentation to read first, as `.claude/commands/conditional_docs.md` directs for this feature:\n\n"
            "- `app_docs/feature-one-click-exports.md` — When working with CSV export functionality.") in markdown.stdout
    data = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                                     timeout=60).stdout)
    assert data["docs"][0] == {"path": "app_docs/feature-one-click-exports.md",
                               "condition": "When working with CSV export functionality",
                               "guide": ".claude/commands/conditional_docs.md"}
    assert all(f["path"] not in DOCS for f in data["relevant_files"])  # read, not changed
    context = subprocess.run([sys.executable, "-m", "scaffolder", "context", "Export the book list as a CSV file",
                              "--repo", str(repo), "--format", "json", "--no-cache"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert context.returncode == 0, context.stderr
    assert json.loads(context.stdout)["plan"]["docs_to_read"][0] == (
        "app_docs/feature-one-click-exports.md (When working with CSV export functionality)")
