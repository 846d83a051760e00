"""Repository config: `.scaffolder.toml` or `[tool.scaffolder]`; bad keys and values name the file, key and fix."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from textwrap import dedent

import pytest

from scaffolder.config import Config, ConfigError, load_config
from scaffolder.options import Options
from scaffolder.pipeline import prepare, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "bookshelf")


def repo(tmp_path: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        path = os.path.join(str(tmp_path), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(dedent(text))
    return str(tmp_path)


@pytest.mark.parametrize("files, expected", [
    pytest.param({".scaffolder.toml": 'scope = ["app/**"]\nout-dir = "plans"\n', "app/x.py": ""},
                 Config(".scaffolder.toml", ("app/**",), out_dir="plans"), id="own file"),
    pytest.param({"pyproject.toml": '[project]\nname = "x"\n[tool.scaffolder]\nserver-root = "api"\n', "api/x.py": ""},
                 Config("pyproject.toml [tool.scaffolder]", server_root="api"), id="pyproject table"),
    pytest.param({"pyproject.toml": '[project]\nname = "x"\n'}, Config(), id="pyproject without the table"),
    pytest.param({}, Config(), id="no config"),
])
def test_config_is_read(tmp_path: str, files: dict[str, str], expected: Config) -> None:
    assert load_config(repo(tmp_path, files)) == expected


def test_rule_packs_become_absolute_folders(tmp_path: str) -> None:
    root = repo(tmp_path, {".scaffolder.toml": 'rule-packs = ["rules"]\n', "rules/mine/.keep": ""})
    assert load_config(root).rule_packs == (os.path.join(root, "rules"),)


@pytest.mark.parametrize("text, words", [
    pytest.param('scopes = ["app/**"]\n', "'scopes': unknown key; did you mean 'scope'?", id="misspelt key"),
    pytest.param('server_root = "app"\n', "'server_root': unknown key; did you mean 'server-root'?", id="snake case"),
    pytest.param('colour = "red"\n', "'colour': unknown key; allowed keys: scope, server-root", id="unknown key"),
    pytest.param('scope = "app/**"\n', "'scope': must be a list of non-empty strings", id="scope not a list"),
    pytest.param('scope = ["../other/**"]\n', "'scope': '../other/**' must be relative to the repository root",
                 id="scope outside the repo"),
    pytest.param('out-dir = 3\n', "'out-dir': must be a folder name", id="out-dir not a string"),
    pytest.param('out-dir = "/tmp/specs"\n', "must be relative to the repository root", id="absolute out-dir"),
    pytest.param('client-root = "web"\n', "'client-root': folder 'web' not found", id="missing client root"),
    pytest.param('rule-packs = ["nope"]\n', "'rule-packs': folder 'nope' not found", id="missing rule folder"),
    pytest.param('scope = [\n', "not valid TOML", id="broken TOML"),
])
def test_bad_config_names_file_key_and_fix(tmp_path: str, text: str, words: str) -> None:
    root = repo(tmp_path, {".scaffolder.toml": text})
    with pytest.raises(ConfigError) as info:
        load_config(root)
    assert str(info.value).startswith(os.path.join(root, ".scaffolder.toml"))
    assert words in str(info.value)


@pytest.fixture
def bookshelf(tmp_path: str) -> str:
    root = os.path.join(str(tmp_path), "bookshelf")
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    return root


RULE = '''\
id = "reading-goal"
description = "reading goals live in the stats module"
keywords = ["goal"]
weight = 1.0
acceptance = ["the goal shows on the stats panel"]

[roles]
core-logic = 0.9
'''


def test_config_scope_out_dir_and_rule_packs_reach_the_pipeline(bookshelf: str) -> None:
    repo(bookshelf, {".scaffolder.toml": 'scope = ["README.md", "app/server/**"]\nout-dir = "plans"\n'
                                         'rule-packs = ["team-rules"]\nserver-root = "app/server"\n',
                     "team-rules/team/reading-goal.toml": RULE})
    ready = prepare(Options(feature="Set a yearly reading goal", repo=bookshelf, use_cache=False))
    assert ready.options.out_dir == "plans" and ready.options.server_root == "app/server"
    assert all(not p.startswith("app/client/") for p in ready.analysis.by_path)
    assert "reading-goal" in ready.plan.rules
    result = run(Options(feature="Set a yearly reading goal", repo=bookshelf, use_cache=False))
    assert result.out_dir == "plans" and result.config_source == ".scaffolder.toml"


def test_cli_writes_into_the_configured_folder_and_reports_bad_config(bookshelf: str) -> None:
    repo(bookshelf, {".scaffolder.toml": 'out-dir = "plans"\n'})
    cli = [sys.executable, "-m", "scaffolder", "plan", "Add CSV export", "--repo", bookshelf, "--no-cache"]
    done = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == os.path.join(bookshelf, "plans", "add-csv-export.md")
    assert "scaffolder: config: .scaffolder.toml" in done.stderr
    repo(bookshelf, {".scaffolder.toml": 'outdir = "plans"\n'})
    bad = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.strip() == (f"scaffolder: error: {os.path.join(bookshelf, '.scaffolder.toml')}: 'outdir': "
                                  "unknown key; did you mean 'out-dir'?")
