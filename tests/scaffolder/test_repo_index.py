"""The repository index: a warm run on an unchanged repository is served from it and prints, byte for
byte, what a run without any cache prints; a changed file, a damaged or crafted index means a rebuild."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzers import stat_index
from analyzers.cache import CACHE_DIR_NAME
from scaffolder.context import render_context
from scaffolder.options import Options
from scaffolder.pipeline import Prepared, prepare, run
from scaffolder.repo_index import INDEX_FILE, LazyFacts

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = {"bookshelf": ROOT / "examples" / "bookshelf", "recipes_react": ROOT / "tests" / "fixtures" / "recipes_react"}
FEATURES = (
    "Add a button that exports the book list as a CSV file",
    "Let readers delete a note from a book",
    "Let users mark a recipe as a favourite and filter by favourites",
    "Show statistics as a chart; add a GET /api/stats route and a StatsPanel component",
)


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files copied by a test are seconds old: let the stat index remember them all the same."""
    monkeypatch.setattr(stat_index, "RACY_NS", -10**12)


def copy_app(name: str, dest: Path) -> Path:
    shutil.copytree(APPS[name], dest, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "specs"))
    return dest


def ready(repo: Path, feature: str = FEATURES[0], use_cache: bool = True, **options: object) -> Prepared:
    return prepare(Options(feature=feature, repo=str(repo), use_cache=use_cache, **options))  # type: ignore[arg-type]


def text(repo: Path, feature: str = FEATURES[0], use_cache: bool = True, **options: object) -> str:
    return run(Options(feature=feature, repo=str(repo), use_cache=use_cache, stdout=True,  # type: ignore[arg-type]
                       **options)).text


def served_from_index(repo: Path, feature: str = FEATURES[0]) -> bool:
    """Facts decoded lazily from the index, not gathered from the files."""
    return isinstance(ready(repo, feature).analysis.repo.files, LazyFacts)


@pytest.mark.parametrize("app", sorted(APPS))
@pytest.mark.parametrize("output_format", ["md", "json"])
def test_warm_plans_equal_uncached_plans(tmp_path: Path, app: str, output_format: str) -> None:
    repo = copy_app(app, tmp_path / "repo")
    for feature in FEATURES:
        uncached = text(repo, feature, use_cache=False, output_format=output_format)
        cold = text(repo, feature, output_format=output_format)
        warm = text(repo, feature, output_format=output_format)
        assert cold == uncached and warm == uncached, feature
    assert served_from_index(repo)


@pytest.mark.parametrize("app", sorted(APPS))
def test_warm_context_equals_uncached_context(tmp_path: Path, app: str) -> None:
    repo = copy_app(app, tmp_path / "repo")
    for output_format in ("md", "json"):
        uncached = render_context(ready(repo, use_cache=False), output_format, 800)
        ready(repo)
        assert render_context(ready(repo), output_format, 800) == uncached


def test_warm_analysis_equals_uncached_analysis(tmp_path: Path) -> None:
    """Not only the plan: every fact, route, role and the graph agree."""
    repo = copy_app("bookshelf", tmp_path / "repo")
    ready(repo)
    warm, uncached = ready(repo).analysis, ready(repo, use_cache=False).analysis
    assert isinstance(warm.repo.files, LazyFacts) and not isinstance(uncached.repo.files, LazyFacts)
    assert dict(warm.by_path) == dict(uncached.by_path) and warm.repo == uncached.repo
    assert warm.resolution == uncached.resolution and warm.role_map == uncached.role_map
    assert warm.ranking == uncached.ranking and warm.summary == uncached.summary
    assert sorted(warm.graph.edges(data="kind")) == sorted(uncached.graph.edges(data="kind"))


@pytest.mark.parametrize("change", [
    pytest.param(lambda repo: (repo / "app/server/server.py").write_text(
        (repo / "app/server/server.py").read_text() + "\n# touched\n"), id="file edited"),
    pytest.param(lambda repo: os.unlink(repo / "app/client/src/ui/stats.ts"), id="file deleted"),
    pytest.param(lambda repo: (repo / "app/server/core/export_csv.py").write_text("def export_books_csv(): ...\n"),
                 id="file added"),
    pytest.param(lambda repo: os.rename(repo / "app/client/src/ui/stats.ts", repo / "app/client/src/ui/charts.ts"),
                 id="file renamed"),
])
def test_a_changed_repository_rebuilds_the_index(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    repo = copy_app("bookshelf", tmp_path / "repo")
    text(repo)
    assert served_from_index(repo)
    change(repo)
    assert not served_from_index(repo)  # rebuilt, and saved:
    assert served_from_index(repo)
    assert text(repo) == text(repo, use_cache=False)


def test_scope_and_roots_are_part_of_the_key(tmp_path: Path) -> None:
    repo = copy_app("bookshelf", tmp_path / "repo")
    text(repo)
    other = ready(repo, server_root="app/server/core").analysis
    assert not isinstance(other.repo.files, LazyFacts) and other.server_root == "app/server/core"
    assert text(repo, server_root="app/server/core") == text(repo, server_root="app/server/core", use_cache=False)


def _index(repo: Path) -> Path:
    return repo / CACHE_DIR_NAME / INDEX_FILE


def _rewrite_line(repo: Path, number: int, value: object) -> None:
    """Replace line `number` of the index body (0: meta), keeping the header's offsets consistent."""
    path = _index(repo)
    header, *lines = path.read_bytes().split(b"\n")[:-1]
    head = json.loads(header)
    lines[number] = json.dumps(value).encode()
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    head["starts"] = starts
    path.write_bytes(b"\n".join([json.dumps(head).encode(), *lines]) + b"\n")


def _facts_line_of(repo: Path, path: str) -> int:
    lines = _index(repo).read_bytes().split(b"\n")
    return next(n for n, line in enumerate(lines[1:]) if line.startswith(b'["' + path.encode() + b'"'))


def _body_line(repo: Path, number: int) -> dict[str, object]:
    value = json.loads(_index(repo).read_bytes().split(b"\n")[1 + number])
    assert isinstance(value, dict)
    return value


def _stem_lines(repo: Path) -> tuple[int, int]:
    header = json.loads(_index(repo).read_bytes().split(b"\n")[0])
    return len(header["starts"]) - 1 - len(header["stems"]), len(header["starts"]) - 1


DAMAGE = {
    "empty": lambda repo: _index(repo).write_bytes(b""),
    "garbage": lambda repo: _index(repo).write_bytes(b"\x00\xff{[garbage\n\n"),
    "truncated": lambda repo: _index(repo).write_bytes(_index(repo).read_bytes()[:5000]),
    "header only": lambda repo: _index(repo).write_bytes(_index(repo).read_bytes().split(b"\n")[0] + b"\n"),
    "other key": lambda repo: _index(repo).write_bytes(
        _index(repo).read_bytes().replace(b'"key":"', b'"key":"0', 1)),
    "deep nesting": lambda repo: _rewrite_line(repo, 1, json.loads("[" * 50 + "]" * 50)),
    "roles of a file that does not exist": lambda repo: _rewrite_line(
        repo, 3, [["script"], [1] + [0] * 200, [0]]),
    "resolution of the wrong shape": lambda repo: _rewrite_line(repo, 1, [[], [], [], [], [], [], [], [], [], []]),
    "neighbours out of range": lambda repo: _rewrite_line(repo, 2, [[0], [1], [10**6], [0.5], [0], [["x ", 1]]]),
    "a file's facts renamed": lambda repo: _rewrite_line(
        repo, _facts_line_of(repo, "app/server/server.py"),
        ["app/server/evil.py", "python", 3] + [[]] * 19 + ["", ""] + [[]]),
    "a file's facts garbled": lambda repo: _rewrite_line(repo, _facts_line_of(repo, "app/server/server.py"), [1, 2]),
    "neighbour weight not a number": lambda repo: _rewrite_line(repo, 2, [[0], [1], [1], [float("nan")], [0],
                                                                            [["imported by ", 1]]]),
    "evidence fields renamed": lambda repo: _rewrite_line(repo, 0, dict(_body_line(repo, 0), fields=["path"] * 6)),
    "a diagnostic spanning lines": lambda repo: _rewrite_line(repo, 0, dict(
        _body_line(repo, 0), diagnostics=[["app/server/server.py", "one\ntwo"]])),
    "postings garbled": lambda repo: [_rewrite_line(repo, n, [[-1], [99], [1e300], [None], [7]])
                                      for n in range(*_stem_lines(repo))],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_or_crafted_index_is_ignored(tmp_path: Path, damage: str) -> None:
    repo = copy_app("bookshelf", tmp_path / "repo")
    reference = text(repo, use_cache=False)
    text(repo)
    DAMAGE[damage](repo)
    assert text(repo) == reference
    assert "evil.py" not in text(repo)
    assert text(repo) == reference


def test_index_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    repo = copy_app("bookshelf", tmp_path / "repo")
    text(repo)
    elsewhere = tmp_path / "elsewhere.jsonl"
    os.replace(_index(repo), elsewhere)
    os.symlink(elsewhere, _index(repo))
    assert not served_from_index(repo)


def test_index_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    repo = copy_app("bookshelf", tmp_path / "repo")
    reference = text(repo, use_cache=False)
    (repo / CACHE_DIR_NAME).mkdir()
    os.mkfifo(_index(repo))
    done = subprocess.run([sys.executable, "-m", "scaffolder", "plan", FEATURES[0], "--repo", str(repo), "--stdout"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout == reference


def test_neither_a_cold_nor_a_warm_run_imports_networkx(tmp_path: Path) -> None:
    repo = copy_app("bookshelf", tmp_path / "repo")
    command = [sys.executable, "-X", "importtime", "-m", "scaffolder", "plan", FEATURES[0], "--repo", str(repo),
               "--stdout"]
    cold = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    warm = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert cold.returncode == warm.returncode == 0 and cold.stdout == warm.stdout
    assert "| tree_sitter" in cold.stderr and "tree_sitter" not in warm.stderr  # cold parsed, warm did not
    assert "networkx" not in cold.stderr and "networkx" not in warm.stderr


@pytest.mark.parametrize("seed", ["1", "2"])
def test_warm_output_does_not_depend_on_the_hash_seed(tmp_path: Path, seed: str) -> None:
    repo = copy_app("recipes_react", tmp_path / "repo")
    command = [sys.executable, "-m", "scaffolder", "plan", FEATURES[2], "--repo", str(repo), "--stdout"]
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cold = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
    warm = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env=dict(env, PYTHONHASHSEED="3" + seed))
    uncached = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert cold.stdout == warm.stdout == uncached.stdout and cold.stdout


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository large enough for the parsing pool and several batches per stem's postings."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmark"))
    try:
        import synth  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    repo = tmp_path_factory.mktemp("synthetic") / "repo"
    assert synth.write_repo(str(repo), 100, 5) > 300
    return repo


@pytest.mark.parametrize("output_format", ["md", "json"])
def test_a_first_run_that_parses_in_a_pool_plans_as_warm_and_uncached_runs(
        synthetic: Path, tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzers import scan as scan_module

    repo = tmp_path / "repo"
    shutil.copytree(synthetic, repo)
    feature = "Export the field sample list as a CSV file from the samples page"
    uncached = text(repo, feature, use_cache=False, output_format=output_format)
    pools: list[bool] = []
    real = scan_module.Batches
    monkeypatch.setattr(scan_module, "Batches", lambda *args: pools.append(args[-1]) or real(*args))
    cold = text(repo, feature, output_format=output_format)  # files handed to the workers as they are read
    assert pools == [True] or (os.cpu_count() or 1) < 2
    assert served_from_index(repo, feature)
    warm = text(repo, feature, output_format=output_format)
    assert cold == uncached and warm == uncached
    edited = next((repo / "app" / "server" / "core").glob("*/*_1.py"))
    edited.write_text(edited.read_text() + "\n# touched\n")
    assert text(repo, feature, output_format=output_format) == text(repo, feature, use_cache=False,
                                                                    output_format=output_format)


def test_postings_lines_join_their_parts_and_refuse_what_is_not_theirs() -> None:
    from rules.evidence import FIELDS, Evidence
    from scaffolder import index_codec as codec

    def evidence(path: str, *entries: tuple[str, int, str]) -> Evidence:
        fields = tuple((name, tuple(entries) if name == "symbols" else ()) for name in FIELDS)
        return Evidence(path, fields, tuple((name, len(entries) if name == "symbols" else 0) for name in FIELDS))

    first = codec.postings_parts([(0, evidence("a.py", ("export", 2, "exports"), ("csv", 1, "CSV")))])
    second = codec.postings_parts([(2, evidence("c.py", ("export", 1, "Export \u00e9")))])
    line = json.loads(codec.postings_line([first["export"], second["export"]]))
    assert codec.joined_postings(line, 3, len(FIELDS)) == ([0, 2], [1, 1], [2, 1], ["exports", "Export \u00e9"])
    for bad in ([[0], [1], [1]], [[0], [1], [1], [7]], [[5], [1], [1], ["x"]], [[0], [9], [1], ["x"]],
                [[0], [1], [0], ["x"]], [[0, 1], [1], [1], ["x"]], [["0"], [1], [1], ["x"]], {"a": 1}):
        with pytest.raises(Exception):
            codec.joined_postings(bad, 3, len(FIELDS))


def test_an_index_that_cannot_be_written_costs_the_plan_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scaffolder import index_build

    repo = copy_app("bookshelf", tmp_path / "repo")
    reference = text(repo, use_cache=False)

    def unencodable(*_args: object) -> None:
        raise ValueError("not JSON")

    monkeypatch.setattr(index_build, "index_lines", unencodable)
    assert text(repo) == reference
    assert not _index(repo).exists() and (repo / CACHE_DIR_NAME / "facts.json").exists()
    monkeypatch.undo()
    assert text(repo) == reference and served_from_index(repo)
