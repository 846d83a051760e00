"""The stat index: an unchanged file is neither read nor hashed; any stat change means a read."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from analyzers import scan as scan_module
from analyzers import stat_index
from analyzers.scan import gather, inventory
from analyzers.stat_index import STAT_FILE

SCOPE = ("app/**",)
PAST = time.time() - 3600  # older than RACY_NS: a file this old may be remembered


def write(root: Path, rel: str, text: str, when: float | None = PAST) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if when is not None:
        os.utime(path, (when, when))
    return path


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at most: remember them all the same."""
    monkeypatch.setattr(stat_index, "RACY_NS", -10**12)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The repo paths read from disk (the scan reads through analyzers.scan.read_bytes)."""
    seen: list[str] = []
    real = scan_module.read_bytes

    def counting(abspath: str, path: str) -> bytes | object:
        seen.append(path)
        return real(abspath, path)

    monkeypatch.setattr(scan_module, "read_bytes", counting)
    return seen


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, "app/server/server.py", "from fastapi import FastAPI\napp = FastAPI()\n")
    write(tmp_path, "app/server/core/books.py", "def list_books(): ...\n")
    write(tmp_path, "app/client/main.ts", "export const x = 1;\n")
    return tmp_path


def keyed(root: Path, folder: Path) -> dict[str, str]:
    inv = inventory(str(root), SCOPE, str(folder))
    return dict(zip(inv.paths, inv.keys))


def test_unchanged_files_are_not_read_again(repo: Path, reads: list[str]) -> None:
    folder = repo / "cache"
    first = keyed(repo, folder)
    assert sorted(reads) == sorted(first)
    reads.clear()
    assert keyed(repo, folder) == first
    assert reads == []


@pytest.mark.parametrize("change", [
    pytest.param(lambda p: write(p.parents[3], "app/server/core/books.py", "def list_bookz(): ...\n", PAST + 9),
                 id="edit, same size"),
    pytest.param(lambda p: os.utime(p, (PAST + 5, PAST + 5)), id="touch"),
    pytest.param(lambda p: (p.write_text("def list_books(): ...\n"), os.utime(p, (PAST, PAST))),
                 id="rewritten in place, mtime put back (ctime moves)"),
    pytest.param(lambda p: (write(p.parent, "new.py", "def list_bookz(): ...\n"), os.replace(p.parent / "new.py", p),
                            os.utime(p, (PAST, PAST))), id="replaced by another file, mtime put back (new inode)"),
    pytest.param(lambda p: os.chmod(p, 0o600), id="mode change (ctime moves)"),
])
def test_any_stat_change_means_a_read(repo: Path, reads: list[str], change) -> None:  # type: ignore[no-untyped-def]
    folder = repo / "cache"
    first = keyed(repo, folder)
    path = repo / "app/server/core/books.py"
    time.sleep(0.01)  # so that a change time can move
    change(path)
    reads.clear()
    again = keyed(repo, folder)
    assert reads == ["app/server/core/books.py"]
    text = path.read_text()
    assert (again == first) == (text == "def list_books(): ...\n")


def test_renamed_and_deleted_files_leave_the_index(repo: Path, reads: list[str]) -> None:
    folder = repo / "cache"
    keyed(repo, folder)
    os.rename(repo / "app/server/core/books.py", repo / "app/server/core/shelves.py")
    os.unlink(repo / "app/client/main.ts")
    reads.clear()
    assert list(keyed(repo, folder)) == ["app/server/core/shelves.py", "app/server/server.py"]
    assert reads == ["app/server/core/shelves.py"]
    entries = json.loads((folder / STAT_FILE).read_text())["entries"]
    assert sorted(entries) == ["app/server/core/shelves.py", "app/server/server.py"]


def test_a_file_changed_just_now_is_not_remembered(repo: Path, reads: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the file system's timestamp granularity a fresh file could change again unseen."""
    folder = repo / "cache"
    keyed(repo, folder)
    monkeypatch.setattr(stat_index, "RACY_NS", 2_000_000_000)
    write(repo, "app/server/fresh.py", "x = 1\n", when=None)
    keyed(repo, folder)
    reads.clear()
    keyed(repo, folder)
    assert reads == ["app/server/fresh.py"]


def test_server_folders_survive_without_reading(repo: Path) -> None:
    """Whether a Python file builds a FastAPI app (light analysis elsewhere) is remembered too."""
    write(repo, "app/tools/hook.py", "from fastapi import APIRouter\nrouter = APIRouter()\n")
    folder = repo / "cache"
    first = inventory(str(repo), SCOPE, str(folder))
    second = inventory(str(repo), SCOPE, str(folder))
    assert second.light == first.light and second.keys == first.keys
    assert dict(zip(first.paths, first.light))["app/tools/hook.py"] is True
    assert second.texts == {}


def test_binary_file_is_remembered_with_its_reason(repo: Path, reads: list[str]) -> None:
    path = repo / "app/client/logo.bin.ts"
    path.write_bytes(b"\0\1\2")
    os.utime(path, (PAST, PAST))
    folder = repo / "cache"
    first = inventory(str(repo), SCOPE, str(folder))
    reads.clear()
    second = inventory(str(repo), SCOPE, str(folder))
    assert reads == [] and second.notes == first.notes
    assert any(d.path == "app/client/logo.bin.ts" and "binary" in d.message for d in second.notes)


@pytest.mark.parametrize("payload", [
    b"", b"{", b"[]", b'{"format": "scaffolder-stat-1", "version": "x", "entries": {}}',
    pytest.param(None, id="entries of the wrong shape"),
    pytest.param("digest", id="an entry with a bad digest"),
])
def test_corrupt_stat_index_is_ignored(repo: Path, reads: list[str], payload: bytes | str | None) -> None:
    folder = repo / "cache"
    first = keyed(repo, folder)
    index = folder / STAT_FILE
    if payload is None:
        data = json.loads(index.read_text())
        data["entries"] = {path: [1, "x"] for path in data["entries"]}
        index.write_text(json.dumps(data))
    elif payload == "digest":
        data = json.loads(index.read_text())
        for entry in data["entries"].values():
            entry[4] = "../../etc/passwd"
        index.write_text(json.dumps(data))
    else:
        assert isinstance(payload, bytes)
        index.write_bytes(payload)
    reads.clear()
    assert keyed(repo, folder) == first
    assert sorted(reads) == sorted(first)


def test_stat_index_that_is_a_link_is_not_read(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                               reads: list[str]) -> None:
    folder = repo / "cache"
    keyed(repo, folder)
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "stat.json"
    os.replace(folder / STAT_FILE, elsewhere)
    os.symlink(elsewhere, folder / STAT_FILE)
    reads.clear()
    keyed(repo, folder)
    assert len(reads) == 3


def test_facts_missing_from_the_cache_are_read_and_analysed(repo: Path) -> None:
    """The stat index vouches for a file whose facts are gone: it is read after all."""
    folder = repo / "cache"
    gather(inventory(str(repo), SCOPE, str(folder)), str(folder))
    (folder / "facts.json").unlink()
    facts = gather(inventory(str(repo), SCOPE, str(folder)), str(folder))
    assert [s.name for s in facts.by_path()["app/server/core/books.py"].symbols] == ["list_books"]


def test_without_a_cache_folder_everything_is_read(repo: Path, reads: list[str]) -> None:
    inventory(str(repo), SCOPE, None)
    inventory(str(repo), SCOPE, None)
    assert len(reads) == 6
