"""Writes: only the spec (inside the output folder) and the cache folder, atomically, never over an
existing spec without --force; user errors are one line, internal ones too, and --debug shows the
traceback."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_kit import ROOT, assert_one_line_error, cli, copy_example, plan, write
from scaffolder import output
from scaffolder.errors import RepoError, SpecExistsError


def snapshot(top: Path) -> dict[str, str]:
    """Every entry below `top` with a digest of what it is: a change anywhere shows."""
    out = {}
    for path in sorted(top.rglob("*")):
        rel = str(path.relative_to(top))
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def test_a_run_writes_only_the_spec_and_the_cache(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    write(tmp_path, "neighbour/file.txt", "untouched")
    before = snapshot(tmp_path)
    done = cli("plan", "Add CSV export", "--repo", str(repo), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    after = snapshot(tmp_path)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed, "nothing written"
    assert all(k == "repo/specs" or k.startswith(("repo/specs/", "repo/.scaffolder_cache")) for k in changed), changed
    assert "repo/specs/add-csv-export.md" in changed
    assert not any(Path(k).name.startswith((".scaffolder-", ".facts-")) for k in after)  # no temporary files


def test_no_cache_run_writes_only_the_spec_and_stdout_run_nothing(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    before = snapshot(tmp_path)
    assert plan(repo).text  # in-process, --stdout --no-cache: the pipeline itself writes nothing
    assert snapshot(tmp_path) == before
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    after = snapshot(tmp_path)
    assert {k for k in after if before.get(k) != after[k]} == {"repo/specs", "repo/specs/add-csv-export.md"}


def test_existing_spec_is_kept_without_force(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    spec = write(repo, "specs/add-csv-export.md", "my edits")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", tmp=tmp_path)
    assert_one_line_error(done, 1, str(spec), "--force")
    assert spec.read_text() == "my edits"
    output.write_spec(str(spec), plan(repo).text, force=True)  # what --force does after the pipeline
    assert spec.read_text().startswith("# Feature: Add CSV Export")


def test_spec_that_is_a_link_is_replaced_never_followed(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    victim = write(tmp_path, "victim.txt", "precious")
    (repo / "specs").mkdir()
    os.symlink(victim, repo / "specs/add-csv-export.md")
    text = plan(repo).text
    with pytest.raises(SpecExistsError):
        output.write_spec(str(repo / "specs/add-csv-export.md"), text, force=False)
    os.unlink(victim)  # even a dangling link counts as an existing spec
    with pytest.raises(SpecExistsError):
        output.write_spec(str(repo / "specs/add-csv-export.md"), text, force=False)
    victim.write_text("precious")
    output.write_spec(str(repo / "specs/add-csv-export.md"), text, force=True)
    assert victim.read_text() == "precious"
    assert not (repo / "specs/add-csv-export.md").is_symlink()


@pytest.mark.parametrize("link", ["specs", "docs"])
def test_output_folder_linked_outside_the_repo_is_refused(tmp_path: Path, link: str) -> None:
    repo = copy_example(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, repo / link)
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", "--out-dir", link, tmp=tmp_path)
    assert_one_line_error(done, 1, str(repo / link), "outside the repository")
    assert list(elsewhere.iterdir()) == []


def test_output_folder_linked_inside_the_repo_and_absolute_out_dir_are_used(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    (repo / "docs/plans").mkdir(parents=True)
    os.symlink("docs/plans", repo / "specs")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (repo / "docs/plans/add-csv-export.md").is_file()
    chosen = tmp_path / "chosen"
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", "--out-dir", str(chosen), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (chosen / "add-csv-export.md").is_file()


@pytest.mark.parametrize("out_dir", ["README.md", "README.md/specs", "README.md/a/b/c"])
def test_unusable_output_folder_is_a_one_line_error(tmp_path: Path, out_dir: str) -> None:
    repo = copy_example(tmp_path / "repo")
    path = output.spec_path(str(repo), out_dir, "add-csv-export", ".md")
    with pytest.raises(RepoError, match="cannot write the spec") as caught:
        output.write_spec(path, "text", force=False)
    assert "\n" not in str(caught.value)
    assert (repo / "README.md").is_file()


def test_cli_output_folder_that_is_a_file(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--no-cache", "--out-dir", "README.md", tmp=tmp_path)
    assert_one_line_error(done, 1, "cannot write the spec", "permissions")


def test_spec_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "specs/add-csv-export.md"
    folder.mkdir(parents=True)
    with pytest.raises(SpecExistsError):
        output.write_spec(str(folder), "x", force=False)
    with pytest.raises(RepoError, match="cannot write the spec"):
        output.write_spec(str(folder), "x", force=True)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["add-csv-export.md"]


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_failed_write_leaves_the_old_spec_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                failing: str) -> None:
    spec = write(tmp_path, "specs/x.md", "old and intact")
    if failing == "replace":
        monkeypatch.setattr(output.os, "replace", _raise_enospc)
    else:
        real_fdopen = os.fdopen
        monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    with pytest.raises(RepoError, match="No space left"):
        output.write_spec(str(spec), "new text", force=True)
    monkeypatch.undo()
    assert spec.read_text() == "old and intact"
    assert [p.name for p in spec.parent.iterdir()] == ["x.md"]


def _raise_enospc(*args: object) -> None:
    raise OSError(28, "No space left on device")


class _FullDisk:
    def __init__(self, fh):  # type: ignore[no-untyped-def]
        self.fh = fh

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: object) -> None:
        raise OSError(28, "No space left on device")


def test_two_runs_racing_for_one_spec(tmp_path: Path) -> None:
    """Without --force exactly one wins; the spec is whole, never a mix or a torn file."""
    repo = copy_example(tmp_path / "repo")
    env = dict(os.environ, PYTHONHASHSEED="0")
    args = [sys.executable, "-m", "scaffolder", "plan", "Add CSV export", "--repo", str(repo), "--no-cache"]
    runs = [subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    codes = sorted(p.wait(timeout=120) for p in runs)
    assert codes in ([0, 1], [0, 0]), codes  # both may finish before either sees the other
    assert (repo / "specs/add-csv-export.md").read_text() == plan(repo).text
    assert [p.name for p in (repo / "specs").iterdir()] == ["add-csv-export.md"]


def test_debug_shows_the_traceback_of_a_user_error(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    done = cli("plan", "Add CSV export", "--repo", str(repo / "README.md"), "--debug", tmp=tmp_path)
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "RepoError" in done.stderr


CRASH = ("import sys, scaffolder.pipeline as p\n"
         "def boom(options): raise RuntimeError('synthetic failure')\n"
         "p.run = boom\n"
         "from scaffolder.cli import main\n"
         "sys.argv = ['scaffolder', *sys.argv[1:]]\n"
         "main()\n")


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_is_one_line_unless_debug(tmp_path: Path, debug: bool) -> None:
    repo = copy_example(tmp_path / "repo")
    done = cli("plan", "x", "--repo", str(repo), *(["--debug"] if debug else []), tmp=tmp_path,
               command=(sys.executable, "-c", CRASH))
    if debug:
        assert "Traceback" in done.stderr and "synthetic failure" in done.stderr
    else:
        assert done.returncode == 3
        assert done.stderr.strip().splitlines() == [
            "scaffolder: internal error (RuntimeError: synthetic failure); rerun with --debug and report it"]
