"""File-system oddities: links (loops, dangling, leaving the repo), unreadable entries, odd names,
missing folders, deep trees, hostile .gitignore files, and --repo pointing at the wrong thing."""
from __future__ import annotations

import builtins
import os
import subprocess
import time
from pathlib import Path

import pytest

from analyzers import source as source_module
from analyzers.scan import scan
from analyzers.walk import walk
from hardening_kit import assert_complete_plan, assert_one_line_error, cli, copy_example, plan, write
from scaffolder.errors import RepoError

SECRET = "outside_secret_export_csv_token"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "repo")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the repository holding a file that must never be read."""
    folder = tmp_path / "outside"
    write(folder, "secret.py", f"def {SECRET}():\n    return 'export csv'\n")
    write(folder, "nested/more.ts", f"export function {SECRET}() {{}}\n")
    return folder


def warnings_for(result_warnings: tuple[str, ...], rel: str) -> list[str]:
    return [w for w in result_warnings if w.startswith(f"skipped {rel}: ")]


@pytest.mark.parametrize(("make", "rel", "reason"), [
    pytest.param(lambda r, o: (os.symlink("loop_b.py", r / "app/server/loop_a.py"),
                               os.symlink("loop_a.py", r / "app/server/loop_b.py")),
                 "app/server/loop_a.py", "does not reach a file", id="file link loop"),
    pytest.param(lambda r, o: os.symlink(".", r / "app/server/self"), "app/server/self", "does not reach a file",
                 id="folder link to itself"),
    pytest.param(lambda r, o: os.symlink("../..", r / "app/client/up"), "app/client/up", "does not reach a file",
                 id="folder link to the repo root"),
    pytest.param(lambda r, o: os.symlink("missing.py", r / "app/server/dangling.py"), "app/server/dangling.py",
                 "does not reach a file", id="dangling link"),
    pytest.param(lambda r, o: os.symlink(o / "secret.py", r / "app/server/secret.py"), "app/server/secret.py",
                 "outside the repository", id="absolute link out of the repo"),
    pytest.param(lambda r, o: os.symlink("../../../outside/secret.py", r / "app/server/rel.py"), "app/server/rel.py",
                 "outside the repository", id="relative link out of the repo"),
    pytest.param(lambda r, o: os.symlink(o, r / "app/server/ext"), "app/server/ext", "outside the repository",
                 id="folder link out of the repo"),
    pytest.param(lambda r, o: os.symlink("/etc/passwd", r / "app/server/passwd.py"), "app/server/passwd.py",
                 "outside the repository", id="link to a system file"),
    pytest.param(lambda r, o: os.symlink("/dev/zero", r / "app/server/zero.py"), "app/server/zero.py",
                 "outside the repository", id="link to /dev/zero"),
])
def test_links_are_never_followed_out_and_never_loop(repo: Path, outside: Path, make, rel: str,
                                                     reason: str) -> None:
    make(repo, outside)
    started = time.monotonic()
    result = plan(repo)
    assert time.monotonic() - started < 30
    assert SECRET not in result.text
    mine = warnings_for(result.warnings, rel)
    assert len(mine) == 1 and reason in mine[0], result.warnings
    assert_complete_plan(result.text)


def test_link_inside_the_repo_is_followed(repo: Path) -> None:
    write(repo, "app/server/core/exporter_impl.py", "def export_books_csv_now():\n    return ''\n")
    os.symlink("core/exporter_impl.py", repo / "app/server/exporter.py")
    facts = scan(str(repo), use_cache=False).by_path()
    assert "export_books_csv_now" in [s.name for s in facts["app/server/exporter.py"].symbols]


def test_fifo_is_not_opened(repo: Path, tmp_path: Path) -> None:
    """Reading a FIFO blocks forever; the walk must not even open one (nor a link to one)."""
    os.mkfifo(repo / "app/server/pipe.py")
    os.symlink("pipe.py", repo / "app/server/pipe_link.py")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", "--no-cache", tmp=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pipe.py" not in done.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files; see the simulated test below")
def test_mode_000_file_is_skipped_with_a_reason(repo: Path) -> None:
    secret = write(repo, "app/server/locked.py", "def locked(): ...\n")
    secret.chmod(0)
    try:
        result = plan(repo)
    finally:
        secret.chmod(0o644)
    assert any("cannot read" in w for w in warnings_for(result.warnings, "app/server/locked.py"))


def test_unreadable_file_is_skipped_with_a_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod 000 does not stop reads: make `open` fail the way it does for other users."""
    locked = str(write(repo, "app/server/locked.py", "def export_locked_rows(): ...\n"))
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == locked:
            raise PermissionError(13, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(source_module, "open", guarded_open, raising=False)
    result = plan(repo)
    (line,) = warnings_for(result.warnings, "app/server/locked.py")
    assert "Permission denied" in line
    assert "export_locked_rows" not in result.text
    assert "could not be analysed" in result.text
    assert_complete_plan(result.text)


def test_unlistable_folder_is_skipped_with_a_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = os.path.realpath(repo / "app/server/routers")
    real_scandir = os.scandir

    def guarded_scandir(path):  # type: ignore[no-untyped-def]
        if os.path.realpath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    result = plan(repo)
    monkeypatch.undo()
    assert any(w.startswith("skipped app/server/routers: cannot list folder") for w in result.warnings)
    assert "app/server/routers/books.py" not in result.text
    assert_complete_plan(result.text)


@pytest.mark.parametrize("remove", [
    pytest.param(("app/client",), id="no app/client"),
    pytest.param(("app/server",), id="no app/server"),
    pytest.param(("app/server", "app/client"), id="neither"),
    pytest.param(("app/server", "app/client", "scripts", "README.md"), id="only a .gitignore"),
])
def test_missing_app_folders_still_give_a_complete_plan(repo: Path, remove: tuple[str, ...]) -> None:
    import shutil

    for rel in remove:
        target = repo / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    result = plan(repo)
    assert_complete_plan(result.text)
    for rel in remove:
        assert f"`{rel}/" not in result.text.split("### New Files")[0].split("## Relevant Files")[1]


def test_empty_repo_gives_a_complete_plan(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_complete_plan(plan(empty).text)


def test_empty_repo_plan_passes_check(tmp_path: Path) -> None:
    """Was a bug (planner/prose): the plan listed a `README.md` that does not exist, so check failed it."""
    from scaffolder.check import check_spec

    empty = tmp_path / "empty"
    empty.mkdir()
    spec = write(tmp_path, "spec.md", plan(empty).text)
    assert [str(f) for f in check_spec(str(spec), str(empty), None)] == []


@pytest.mark.parametrize(("target", "message"), [
    pytest.param("README.md", "is a file, not a folder", id="repo is a file"),
    pytest.param("nowhere", "folder not found", id="repo does not exist"),
    pytest.param("README.md/x", "folder not found", id="repo below a file"),
])
def test_bad_repo_path_is_a_one_line_error(repo: Path, tmp_path: Path, target: str, message: str) -> None:
    with pytest.raises(RepoError, match=message):
        plan(repo / target)
    done = cli("plan", "Add CSV export", "--repo", str(repo / target), "--stdout", tmp=tmp_path)
    assert_one_line_error(done, 1, message, "--repo")


def test_repo_given_through_a_link_is_analysed(repo: Path, tmp_path: Path) -> None:
    os.symlink(repo, tmp_path / "alias")
    assert plan(tmp_path / "alias").text == plan(repo).text


@pytest.mark.parametrize("name", [
    pytest.param("with space.py", id="space"),
    pytest.param("ünïcødé_模块.py", id="non-ASCII"),
    pytest.param("-rf.py", id="leading dash"),
    pytest.param("CON.py", id="reserved on Windows"),
    pytest.param("a`b.py", id="backtick"),
    pytest.param("$(touch pwned).py", id="shell syntax"),
    pytest.param("[x]*?.py", id="glob characters"),
    pytest.param("😀.ts", id="emoji"),
    pytest.param(" lead and trail .py", id="surrounding spaces"),
])
def test_odd_file_names_are_analysed(repo: Path, tmp_path: Path, name: str) -> None:
    stem = "export_odd_rows" if name.endswith(".py") else "exportOddRows"
    body = f"def {stem}():\n    return 1\n" if name.endswith(".py") else f"export function {stem}() {{}}\n"
    folder = "app/server" if name.endswith(".py") else "app/client/src"
    write(repo, f"{folder}/{name}", body)
    facts = scan(str(repo), use_cache=False).by_path()
    assert stem in [s.name for s in facts[f"{folder}/{name}"].symbols]
    result = plan(repo, feature="Export odd rows")
    assert_complete_plan(result.text)
    assert not (tmp_path / "pwned").exists() and not (Path.cwd() / "pwned").exists()


@pytest.mark.parametrize(("name", "shown"), [
    pytest.param(b"bad\xff\xfe.py", "bad\\xff\\xfe.py", id="not UTF-8"),
    pytest.param(b"new\nline.py", "new\\nline.py", id="newline"),
    pytest.param(b"tab\there.py", "tab\\there.py", id="tab"),
    pytest.param(b"cr\rhere.py", "cr\\rhere.py", id="carriage return"),
    pytest.param("sep\u2028here.py".encode(), "sep\\u2028here.py", id="line separator"),
    pytest.param(b"bell\x07.ts", "bell\\x07.ts", id="control character"),
])
def test_unprintable_file_names_are_skipped_with_an_escaped_warning(repo: Path, name: bytes, shown: str) -> None:
    write(repo, b"app/server/" + name, b"def export_from_odd_name():\n    return 1\n")
    result = plan(repo)
    (line,) = [w for w in result.warnings if "file name" in w]
    assert line.startswith(f"skipped app/server/{shown}: file name is not UTF-8 or holds control characters")
    assert "export_from_odd_name" not in result.text
    assert_complete_plan(result.text)
    result.text.encode("utf-8")  # nothing unencodable reached the plan


def test_cli_writes_a_plan_beside_a_file_name_that_is_not_utf8(repo: Path, tmp_path: Path) -> None:
    """Was exit 3: the undecodable name reached the cache key and the plan as a lone surrogate."""
    write(repo, b"app/server/bad\xff\xfe.py", b"x = 1\n")
    done = cli("plan", "Add CSV export", "--repo", str(repo), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "scaffolder: skipped app/server/bad\\xff\\xfe.py: file name" in done.stderr
    assert Path(done.stdout.strip()).is_file()


def test_folder_with_a_newline_in_its_name_is_not_walked(repo: Path) -> None:
    write(repo, b"app/server/odd\ndir/mod.py", b"def export_from_odd_dir(): ...\n")
    walked = walk(str(repo))
    assert not any("odd" in f.path for f in walked.files)
    assert [d.path for d in walked.diagnostics] == ["app/server/odd\\ndir"]


def test_folders_nested_1200_deep_are_walked(repo: Path) -> None:
    deep = repo / "app/server"
    os.chdir(deep)  # one path component at a time keeps every call below PATH_MAX
    try:
        for _ in range(1200):
            os.mkdir("d")
            os.chdir("d")
        Path("deepest.py").write_text("def export_from_the_depths(): ...\n")
    finally:
        os.chdir(Path(__file__).resolve().parents[2])
    try:
        files = [f.path for f in walk(str(repo)).files]
        assert any(p.endswith("/deepest.py") and p.count("d/") > 1000 for p in files)
        assert_complete_plan(plan(repo).text)
    finally:  # pytest's own clean-up recurses per level and would overflow on this tree
        subprocess.run(["rm", "-rf", str(deep / "d")], check=True)


def test_sparse_file_bigger_than_memory_is_not_read(repo: Path) -> None:
    with open(repo / "app/server/huge.py", "wb") as fh:
        fh.truncate(8 * 1024**3)  # 8 GB, sparse: a read would exhaust memory
    result = plan(repo)
    (line,) = warnings_for(result.warnings, "app/server/huge.py")
    assert "larger than 1 MB" in line


@pytest.mark.parametrize("gitignore", [
    pytest.param("[z-a].py\n", id="reversed range"),
    pytest.param("[!]\n[^]]x]\n", id="empty negated classes"),
    pytest.param("[a-\\]\n", id="range to a backslash"),
    pytest.param("[[:alpha:]]\n[\n]\n(\n)\n*)\n\\\n", id="regex syntax"),
    pytest.param("\x00\x01\x02\n" + "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"), id="binary"),
    pytest.param("!" * 1000 + "\n" + "/" * 1000 + "\n", id="only operators"),
    pytest.param("*.py\n" * 2000, id="2000 identical rules"),
])
def test_malformed_gitignore_never_crashes(repo: Path, gitignore: str) -> None:
    write(repo, ".gitignore", gitignore.encode("utf-8", "surrogateescape"))
    write(repo, "app/server/.gitignore", gitignore.encode("utf-8", "surrogateescape"))
    assert_complete_plan(plan(repo).text)


def test_gitignore_with_exploding_pattern_finishes_quickly(repo: Path) -> None:
    """`**/**/…/x` compiled to nested `(?:.*/)?` groups backtracks exponentially on a deep path."""
    deep = repo / "app/server" / "/".join(["a"] * 40)
    deep.mkdir(parents=True)
    write(deep, "m.py", "x = 1\n")
    write(repo, "app/server/.gitignore", "/".join(["**"] * 30) + "/x\n" + "**/a/" * 15 + "z\n")
    started = time.monotonic()
    files = [f.path for f in walk(str(repo)).files]
    assert time.monotonic() - started < 5
    assert any(p.endswith("/m.py") for p in files)


def test_gitignore_that_is_a_folder_or_link_is_ignored(repo: Path, outside: Path) -> None:
    (repo / "app/server/.gitignore").mkdir()
    write(outside, "ignore-all", "*\n")
    os.symlink(outside / "ignore-all", repo / "app/client/.gitignore")
    files = [f.path for f in walk(str(repo)).files]
    assert "app/server/server.py" in files and "app/client/src/main.ts" in files
