from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzers.model import Diagnostic
from analyzers.walk import DEFAULT_SCOPE, MAX_FILE_BYTES, walk


def make(root: Path, *paths: str, text: str = "x\n") -> None:
    for rel in paths:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def walked(root: Path, scope: tuple[str, ...] = DEFAULT_SCOPE) -> list[str]:
    return [f.path for f in walk(str(root), scope).files]


def test_default_scope(tmp_path):
    make(tmp_path, "README.md", "CHANGELOG.md", "docs/guide.md", "app/server/main.py",
         "app/server/routers/books.py", "app/client/src/App.tsx", "app/other/x.py", "scripts/start.sh",
         "app/server/README.md", "setup.py")
    assert DEFAULT_SCOPE == ("README.md", "app/server/**", "app/client/**", "scripts/**")
    assert walked(tmp_path) == ["README.md", "app/client/src/App.tsx", "app/server/README.md",
                                "app/server/main.py", "app/server/routers/books.py", "scripts/start.sh"]


@pytest.mark.parametrize(("scope", "expected"), [
    pytest.param(("*.md",), ["CHANGELOG.md", "README.md"], id="star stays at root"),
    pytest.param(("**/*.md",), ["CHANGELOG.md", "README.md", "docs/guide.md"], id="double star crosses dirs"),
    pytest.param(("app/*/main.py",), ["app/server/main.py"], id="star segment"),
    pytest.param(("app/server/**", "docs/guide.md"), ["app/server/main.py", "docs/guide.md"], id="two globs"),
    pytest.param(("nothing/**",), [], id="no match"),
])
def test_custom_scope(tmp_path, scope, expected):
    make(tmp_path, "README.md", "CHANGELOG.md", "docs/guide.md", "app/server/main.py")
    assert walked(tmp_path, scope) == expected


@pytest.mark.parametrize("skipped", [
    "app/client/node_modules/react/index.js", "app/server/.venv/lib/site.py",
    "app/server/__pycache__/main.py", "app/server/.git/config", "app/client/dist/bundle.js",
    "app/client/package-lock.json", "app/client/yarn.lock", "app/client/pnpm-lock.yaml",
    "app/server/uv.lock", "app/server/poetry.lock", "app/client/logo.png", "app/client/vendor.min.js",
    "app/server/cache.sqlite3", "app/server/main.cpython-311.pyc",
])
def test_skipped_dirs_lockfiles_and_binaries(tmp_path, skipped):
    make(tmp_path, "app/server/main.py", skipped)
    result = walk(str(tmp_path))
    assert [f.path for f in result.files] == ["app/server/main.py"]
    assert result.diagnostics == ()


def test_root_gitignore_patterns_and_negation(tmp_path):
    make(tmp_path, ".gitignore", text="# comment\n*.log\n!keep.log\ngenerated/\napp/server/local_*.py\n")
    make(tmp_path, "app/server/main.py", "app/server/debug.log", "app/server/keep.log",
         "app/server/generated/models.py", "app/server/generated.py", "app/server/local_settings.py",
         "app/server/sub/local_x.py", "app/client/trace.log")
    assert walked(tmp_path) == ["app/server/generated.py", "app/server/keep.log", "app/server/main.py",
                                "app/server/sub/local_x.py"]


def test_nested_gitignore_applies_below_its_folder_only(tmp_path):
    make(tmp_path, "app/client/.gitignore", text="*.gen.ts\ntmp/\n")
    make(tmp_path, "app/server/.gitignore", text="!*.gen.ts\n")
    make(tmp_path, "app/client/src/api.ts", "app/client/src/api.gen.ts", "app/client/tmp/x.ts",
         "app/server/schema.gen.ts", "app/server/tmp/y.py")
    assert walked(tmp_path) == ["app/client/.gitignore", "app/client/src/api.ts", "app/server/.gitignore",
                                "app/server/schema.gen.ts", "app/server/tmp/y.py"]


def test_nested_gitignore_negation_overrides_root(tmp_path):
    make(tmp_path, ".gitignore", text="*.sql\n")
    make(tmp_path, "app/server/.gitignore", text="!schema.sql\n")
    make(tmp_path, "app/server/schema.sql", "app/server/dump.sql", "app/client/schema.sql")
    assert walked(tmp_path) == ["app/server/.gitignore", "app/server/schema.sql"]


def test_dir_only_pattern_keeps_file_of_same_name(tmp_path):
    make(tmp_path, ".gitignore", text="logs/\n")
    make(tmp_path, "app/server/logs/a.py", "app/client/logs")
    assert walked(tmp_path) == ["app/client/logs"]


def test_leading_slash_anchors_to_gitignore_folder(tmp_path):
    make(tmp_path, ".gitignore", text="/secret.py\n")
    make(tmp_path, "app/server/secret.py")
    assert walked(tmp_path) == ["app/server/secret.py"]


def test_large_file_gives_diagnostic(tmp_path):
    make(tmp_path, "app/server/small.py")
    make(tmp_path, "app/server/big.py", text="x" * (MAX_FILE_BYTES + 1))
    make(tmp_path, "app/server/edge.py", text="x" * MAX_FILE_BYTES)
    result = walk(str(tmp_path))
    assert [(f.path, f.size) for f in result.files] == [("app/server/edge.py", MAX_FILE_BYTES),
                                                         ("app/server/small.py", 2)]
    assert result.diagnostics == (Diagnostic("app/server/big.py", "larger than 1 MB (1000001 bytes)"),)


def test_symlink_loop_to_parent_terminates(tmp_path):
    make(tmp_path, "app/server/main.py")
    os.symlink("..", tmp_path / "app/server/loop")
    os.symlink(".", tmp_path / "app/server/self")
    result = walk(str(tmp_path))
    assert [f.path for f in result.files] == ["app/server/main.py"]
    assert {d.path for d in result.diagnostics} == {"app/server/loop", "app/server/self"}
    assert all("not followed" in d.message for d in result.diagnostics)


def test_file_link_outside_repository_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    make(outside, "secret.py")
    repo = tmp_path / "repo"
    make(repo, "app/server/main.py")
    os.symlink(outside / "secret.py", repo / "app/server/secret.py")
    result = walk(str(repo))
    assert [f.path for f in result.files] == ["app/server/main.py"]
    assert result.diagnostics == (
        Diagnostic("app/server/secret.py", "link points outside the repository; not followed"),)


def test_link_inside_repository_is_followed(tmp_path):
    make(tmp_path, "app/server/main.py", text="print(1)\n")
    os.symlink("main.py", tmp_path / "app/server/alias.py")
    files = walk(str(tmp_path)).files
    assert [(f.path, Path(f.abspath).name, f.size) for f in files] == [
        ("app/server/alias.py", "main.py", 9), ("app/server/main.py", "main.py", 9)]


def test_dangling_link_gives_diagnostic(tmp_path):
    make(tmp_path, "app/server/main.py")
    os.symlink("missing.py", tmp_path / "app/server/gone.py")
    result = walk(str(tmp_path))
    assert [f.path for f in result.files] == ["app/server/main.py"]
    assert result.diagnostics == (Diagnostic("app/server/gone.py", "link does not reach a file; not followed"),)


def test_output_sorted_regardless_of_creation_order(tmp_path):
    names = ["app/server/z.py", "app/server/a/b.py", "app/server/a-b.py", "app/server/A.py",
             "app/client/m.ts", "README.md", "scripts/x.sh"]
    make(tmp_path, *names)
    first = walked(tmp_path)
    other = tmp_path / "other"
    make(other, *reversed(names))
    assert first == sorted(names) == walked(other)


def test_root_given_through_a_link(tmp_path):
    make(tmp_path / "real", "app/server/main.py")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    result = walk(str(tmp_path / "alias"))
    assert [f.path for f in result.files] == ["app/server/main.py"]
    assert result.diagnostics == ()


@pytest.mark.parametrize("layout", [
    pytest.param((), id="empty repo"),
    pytest.param(("docs/a.md", "app/other/x.py", "src/main.py"), id="nothing in scope"),
    pytest.param(("app/server/node_modules/x.js", "app/client/.venv/y.py"), id="only skipped dirs"),
])
def test_layouts_that_produce_nothing(tmp_path, layout):
    make(tmp_path, *layout)
    assert walk(str(tmp_path)).files == ()
    assert walk(str(tmp_path)).diagnostics == ()
