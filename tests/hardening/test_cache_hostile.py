"""The .scaffolder_cache/ folder comes with the repository, so it is untrusted input too: a corrupt,
foreign or crafted cache is ignored (never executed), and the cache never writes outside itself."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from analyzers.cache import CACHE_DIR_NAME, FactsCache, cache_folder
from hardening_kit import assert_complete_plan, cli, copy_example, plan, write


class _Boom:
    """Unpickling this runs `touch <marker>`: the payload a pickle-based cache would execute."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The plan with no cache at all: what every cached run must reproduce."""
    return plan(copy_example(tmp_path_factory.mktemp("ref") / "repo")).text


def facts_payloads(marker: Path) -> list[bytes]:
    return [
        b"",
        b"\x00\xff\xfe garbage",
        b"{",
        b"[" * 200_000,
        b"null",
        b'"a string"',
        b'{"format": "scaffolder-facts", "version": "0", "entries": {}}',
        b'{"format": "something-else", "version": "2", "entries": {}}',
        b'{"format": "scaffolder-facts", "version": "2", "entries": []}',
        json.dumps({"format": "scaffolder-facts", "version": "2",
                    "entries": {"k" * 32: [1, 2, 3], "x": {"__class__": "os.system"}}}).encode(),
        pickle.dumps(_Boom(marker)),
        b"!!python/object/apply:os.system ['touch " + str(marker).encode() + b"']",
        b'{"format": "scaffolder-facts", "version": "2", "entries": {"a": 1e999, "b": NaN, "c": -Infinity}}',
        b'{"format": "scaffolder-facts", "version": "2", "entries": {"a": ' + b"9" * 5000 + b"}}",
    ]


@pytest.mark.parametrize("index", range(14))
def test_corrupt_or_foreign_facts_cache_is_ignored(tmp_path: Path, reference: str, index: int) -> None:
    marker = tmp_path / "EXECUTED"
    repo = copy_example(tmp_path / "repo")
    write(repo, f"{CACHE_DIR_NAME}/facts.json", facts_payloads(marker)[index])
    result = plan(repo, use_cache=True)
    assert result.text == reference
    assert not marker.exists()
    # The bad file was replaced by a good one the next run can use.
    data = json.loads((repo / CACHE_DIR_NAME / "facts.json").read_text())
    assert data["format"] == "scaffolder-facts" and data["entries"]


def test_valid_cache_with_wrong_shaped_entries_is_ignored(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    plan(repo, use_cache=True)
    path = repo / CACHE_DIR_NAME / "facts.json"
    data = json.loads(path.read_text())
    shapes = [None, 1, "x", [], [None] * 30, [[]] * 30, {"a": 1}, [1e308] * 30, [True] * 30]
    data["entries"] = {key: shapes[i % len(shapes)] for i, key in enumerate(sorted(data["entries"]))}
    path.write_text(json.dumps(data))
    assert plan(repo, use_cache=True).text == reference


@pytest.mark.parametrize("raw", [None, 1, "x", [], {"a": 1}, [None] * 40, ["p", "python", -1],
                                 ["p", "python", True], ["p", "python", 1.5], ["p", 3, 1]])
def test_facts_cache_get_never_raises(raw: object) -> None:
    cache = FactsCache(None)
    cache.entries = {"key": raw}
    assert cache.get("key") is None


def test_cache_folder_that_is_a_link_out_of_the_repo_is_not_written(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo / CACHE_DIR_NAME)
    assert cache_folder(str(repo)) is None
    assert plan(repo, use_cache=True).text == reference
    assert list(outside.iterdir()) == []


def test_cache_gitignore_that_is_a_dangling_link_is_not_followed(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    planted = tmp_path / "planted"
    (repo / CACHE_DIR_NAME).mkdir()
    os.symlink(planted, repo / CACHE_DIR_NAME / ".gitignore")
    plan(repo, use_cache=True)
    assert not planted.exists()
    assert (repo / CACHE_DIR_NAME / "facts.json").is_file()


def test_facts_file_that_is_a_link_is_not_read(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    plan(repo, use_cache=True)
    elsewhere = tmp_path / "elsewhere.json"
    data = json.loads((repo / CACHE_DIR_NAME / "facts.json").read_text())
    for entry in data["entries"].values():
        entry[0] = "app/server/injected_from_a_linked_cache.py"
    elsewhere.write_text(json.dumps(data))
    (repo / CACHE_DIR_NAME / "facts.json").unlink()
    os.symlink(elsewhere, repo / CACHE_DIR_NAME / "facts.json")
    assert "injected_from_a_linked_cache" not in plan(repo, use_cache=True).text


def test_facts_file_that_is_a_fifo_does_not_block(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    (repo / CACHE_DIR_NAME).mkdir()
    os.mkfifo(repo / CACHE_DIR_NAME / "facts.json")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", tmp=tmp_path, timeout=30)
    assert done.returncode == 0 and done.stdout == reference


@pytest.mark.parametrize("make", [
    pytest.param(lambda repo, tmp: write(repo, CACHE_DIR_NAME, b"a file, not a folder"), id="cache path is a file"),
    pytest.param(lambda repo, tmp: (repo / CACHE_DIR_NAME / "facts.json").mkdir(parents=True),
                 id="facts.json is a folder"),
])
def test_unwritable_cache_is_one_warning(tmp_path: Path, reference: str, make) -> None:
    repo = copy_example(tmp_path / "repo")
    make(repo, tmp_path)
    result = plan(repo, use_cache=True)
    assert [w for w in result.warnings if "cache not written" in w][0].count("\n") == 0
    assert result.text.split("## Notes")[0] == reference.split("## Notes")[0]


def test_cache_dir_variable_pointing_at_a_file_is_one_warning(tmp_path: Path, reference: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo = copy_example(tmp_path / "repo")
    monkeypatch.setenv("SCAFFOLDER_CACHE_DIR", str(write(tmp_path, "not-a-folder", b"x")))
    result = plan(repo, use_cache=True)
    assert any("cache not written" in w and "--no-cache" in w for w in result.warnings)
    assert not (repo / CACHE_DIR_NAME).exists()


def _cli_plan(repo: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", *extra, tmp=tmp_path)


def test_cache_entry_cannot_rename_the_file_it_describes(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    plan(repo, use_cache=True)
    path = repo / CACHE_DIR_NAME / "facts.json"
    data = json.loads(path.read_text())
    for entry in data["entries"].values():
        if entry[0] == "app/server/server.py":
            entry[0] = "../../../etc/evil.py"
    path.write_text(json.dumps(data))
    (repo / CACHE_DIR_NAME / "evidence.json").unlink(missing_ok=True)
    text = plan(repo, use_cache=True).text
    assert "evil.py" not in text and text == reference


def test_poisoned_stem_table_does_not_change_the_plan(tmp_path: Path) -> None:
    """Stems are not persisted (PyStemmer makes them cheap), so a planted stems.json is never read."""
    repo = copy_example(tmp_path / "repo")
    clean = _cli_plan(repo, tmp_path, "--no-cache")
    assert _cli_plan(repo, tmp_path).stdout == clean.stdout  # fills the cache
    table = {word: "zzz" for word in ("book", "list", "button", "file", "add")}
    table.update(export="book", csv="book")
    (repo / CACHE_DIR_NAME / "stems.json").write_text(json.dumps(table))
    poisoned = _cli_plan(repo, tmp_path)
    assert poisoned.returncode == 0 and poisoned.stdout == clean.stdout


def test_evidence_cache_with_infinite_counts_is_ignored(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    clean = _cli_plan(repo, tmp_path)
    path = repo / CACHE_DIR_NAME / "evidence.json"
    data = json.loads(path.read_text())
    for fields in data["entries"].values():
        for _name, entries in fields:
            for entry in entries:
                entry[1] = float("inf")
    path.write_text(json.dumps(data))
    done = _cli_plan(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == clean.stdout


def test_other_cache_files_that_are_fifos_do_not_block(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    (repo / CACHE_DIR_NAME).mkdir()
    for name in ("stems.json", "evidence.json"):
        os.mkfifo(repo / CACHE_DIR_NAME / name)
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", tmp=tmp_path, timeout=2)
    assert done.returncode == 0


def test_cached_and_uncached_plans_agree_and_stay_complete(tmp_path: Path, reference: str) -> None:
    repo = copy_example(tmp_path / "repo")
    cold = plan(repo, use_cache=True).text
    warm = plan(repo, use_cache=True).text
    assert cold == warm == reference
    assert_complete_plan(warm)
