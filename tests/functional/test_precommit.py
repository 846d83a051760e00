"""The real `pre-commit try-repo <this repo> scaffolder-check`, in a temporary git repo with a spec.

try-repo clones the hook repository at a commit (uncommitted edits to tracked files are shadowed, but
untracked files such as a new module are not), so the test snapshots this working tree, tracked and
untracked-but-not-ignored files alike, into a one-commit repository and points try-repo at that.
pre-commit then builds the hook's virtualenv with pip, as it would for a user: this needs PyPI.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from helpers import EXAMPLE, ROOT

PRE_COMMIT = os.path.join(os.path.dirname(sys.executable), "pre-commit")
GOLDEN = os.path.join(ROOT, "specs", "add-a-button-that-exports-the-book-list-as-a-csv-file.md")
IDENTITY = ("-c", "user.name=scaffolder tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false")

pytestmark = pytest.mark.skipif(not (os.path.exists(PRE_COMMIT) and shutil.which("git")),
                                reason="needs git and pre-commit (the dev dependency group)")


def git(*args: str, cwd: str) -> str:
    return subprocess.run(["git", *IDENTITY, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_all(folder: str) -> None:
    git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "-m", "snapshot", cwd=folder)


def snapshot_of_this_repo(target: str) -> str:
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = os.path.join(ROOT, name)
        if os.path.isfile(source):
            os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
            shutil.copy2(source, os.path.join(target, name))
    commit_all(target)
    return target


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    hook = snapshot_of_this_repo(str(tmp_path_factory.mktemp("hook")))
    app = os.path.join(str(tmp_path_factory.mktemp("app")), "bookshelf")
    shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns(".scaffolder_cache"))
    os.makedirs(os.path.join(app, "specs"))
    shutil.copy(GOLDEN, os.path.join(app, "specs", "x.md"))
    commit_all(app)
    return hook, app


def try_repo(hook: str, app: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PRE_COMMIT_COLOR="never")
    return subprocess.run([PRE_COMMIT, "try-repo", hook, "scaffolder-check", "--files", "specs/x.md"], cwd=app,
                          capture_output=True, text=True, env=env, timeout=600)


def test_try_repo_passes_a_clean_spec_then_fails_a_broken_one(repos: tuple[str, str]) -> None:
    hook, app = repos
    clean = try_repo(hook, app)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "scaffolder check" in clean.stdout and "Passed" in clean.stdout
    spec = os.path.join(app, "specs", "x.md")
    with open(spec, encoding="utf-8") as fh:
        text = fh.read()
    with open(spec, "w", encoding="utf-8") as fh:
        fh.write(text.replace("- `app/client/src/api/client.ts` —", "- `app/client/src/api/gone.ts` —"))
    broken = try_repo(hook, app)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "specs/x.md:" in broken.stdout and "path 'app/client/src/api/gone.ts' does not exist" in broken.stdout
