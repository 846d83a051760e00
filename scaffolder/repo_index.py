"""The repository index: what a plan needs from the whole file set, remembered between runs.

Resolution, neighbour table, roles, app roots, every file's facts and the lexical evidence are
saved under a key made of the index format, the analyzer version, the code that derives them,
the scope, the given roots and every file's (path, content key). A run whose files all have
their recorded keys (see `analyzers.stat_index`: unchanged files are not even read) loads the
index instead of resolving imports, finding neighbours, detecting roles and decoding every
file's facts and evidence. A run that builds the index (`scaffolder.index_build`) scores from the
lines it has just made, as a warm run does.

`repo-index.jsonl` in the cache folder is JSON Lines: a header line (format, key, where each line
starts), then one JSON value per line: the roots and the facts' diagnostics, the resolution, the
neighbour table, the roles, the evidence field lengths, one line per file with its facts, one
line per stem with its postings (joined from parts, see `index_codec.postings_parts`). Only lines
a run reads are decoded: the facts of the files the plan looks at and the postings of the
feature's stems. JSON, not pickle: a cache folder that
comes with a repository must never run code; a damaged or crafted index is ignored (a damaged
line is rebuilt from the facts cache or the file itself).
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, overload

from analyzers.background import Background
from analyzers.cache import ANALYZER_VERSION, CACHE_FILE, code_fingerprint, map_file
from analyzers.codec import decode_facts
from analyzers.model import Diagnostic, FileFacts
from analyzers.resolve import Resolution
from analyzers.scan import EarlyStart, Inventory, RepoFacts, facts_of, inventory, sorted_notes
from rules.evidence import FIELD_WEIGHTS, Evidence
from rules.propagate import Neighbours
from scaffolder import index_codec as codec
from scaffolder.analysis import RepoSummary
from scaffolder.index_codec import check

if TYPE_CHECKING:
    from rules.intents import Query

INDEX_FILE = "repo-index.jsonl"
FORMAT = "scaffolder-repo-index-4"
# Code whose output the index holds beyond the per-file facts (which ANALYZER_VERSION covers).
_CODE = ("analyzers/resolve.py", "analyzers/paths.py", "analyzers/graph.py", "analyzers/model.py",
         "analyzers/codec.py", "analyzers/batches.py", "rules/roles.py", "rules/evidence.py", "rules/terms.py",
         "rules/propagate.py", "scaffolder/analysis.py", "scaffolder/repo_index.py", "scaffolder/index_build.py",
         "scaffolder/index_codec.py")
PARTS = 6  # meta, resolution, neighbours, roles, field lengths, summary; then the files, then the stems
LENGTHS = 4  # the line of the field lengths
# Anything a damaged or crafted index can raise while it is decoded and checked: it is then
# ignored (never a crash), and the run does what it would do without it.
_DAMAGE = (Exception,)


@dataclass(frozen=True, slots=True)
class RepoIndex:
    """Everything the ranking and the plan read about the repository as a whole."""

    repo: RepoFacts
    by_path: Mapping[str, FileFacts]
    resolution: Resolution
    near: Neighbours
    roles: dict[str, tuple[str, ...]]
    roots: tuple[str | None, str | None]
    evidence_for: Callable[[Query], tuple[Evidence, ...]]
    summary: RepoSummary
    # The index being written beside the ranking (a cold run): wait for it before the run ends.
    saving: Background = field(default_factory=Background)


def index_key(inv: Inventory, scope: tuple[str, ...], given: tuple[str | None, str | None]) -> str:
    digest = hashlib.sha256(json.dumps([FORMAT, ANALYZER_VERSION, code_fingerprint(_CODE), list(scope),
                                        list(given)]).encode())
    for path, key in zip(inv.paths, inv.keys):
        digest.update(f"\0{path}\0{key}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def repo_index(root: str, scope: tuple[str, ...], folder: str | None,
               given: tuple[str | None, str | None]) -> RepoIndex:
    """The index saved in `folder` when it matches the repository's files, else one built (and
    saved). A run sure to build it hands files to the parsing workers while it still reads them."""
    inv = inventory(root, scope, folder, _early_start(folder))
    try:
        if folder is None:
            return _build(inv, None, "", given)
        key = index_key(inv, scope, given)
        return load(folder, inv, key) or _build(inv, folder, key, given)
    finally:
        inv.close()


def _early_start(folder: str | None) -> EarlyStart | None:
    """How files may be analysed while they are still read, when this run is sure to analyse
    them all: without a cache, or on a first run (neither an index nor facts cached)."""
    if folder is not None and any(os.path.lexists(os.path.join(folder, name)) for name in (INDEX_FILE, CACHE_FILE)):
        return None
    from scaffolder.index_build import evidence_batch, index_batch

    return EarlyStart(evidence_batch, False) if folder is None else EarlyStart(index_batch, True)


def _build(inv: Inventory, folder: str | None, key: str, given: tuple[str | None, str | None]) -> RepoIndex:
    from scaffolder.index_build import build

    return build(inv, folder, key, given)


# --- loading -------------------------------------------------------------------------------

class Lines(Protocol):
    """Body lines of an index, line i decoded on demand (`IndexLines`, `index_build.PartLines`)."""

    def value(self, number: int) -> Any: ...


class IndexLines:
    """The mapped index file's body lines: line i decoded on demand."""

    def __init__(self, data: mmap.mmap, body: int, starts: list[int]) -> None:
        self.data, self.body, self.starts = data, body, starts

    def value(self, number: int) -> Any:
        start, end = self.body + self.starts[number], self.body + self.starts[number + 1]
        return json.loads(self.data[start:end])


def load(folder: str, inv: Inventory, key: str) -> RepoIndex | None:
    """The saved index if it carries `key` and its eagerly read parts are sound, else None."""
    data = map_file(os.path.join(folder, INDEX_FILE))
    if data is None:
        return None
    try:
        return _load(data, folder, inv, key)
    except _DAMAGE:
        return None


def _load(data: mmap.mmap, folder: str, inv: Inventory, key: str) -> RepoIndex | None:
    end = data.find(b"\n")
    header = json.loads(data[:end]) if end > 0 else None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    paths = inv.paths
    stems, starts = header["stems"], header["starts"]
    check(header["files"] == len(paths) and type(stems) is list and type(starts) is list)
    check(len(starts) == PARTS + len(paths) + len(stems) + 1 and all(type(s) is int for s in starts))
    check(starts[0] == 0 and all(a < b for a, b in zip(starts, starts[1:])) and end + 1 + starts[-1] == len(data))
    lines = IndexLines(data, end + 1, starts)
    meta = lines.value(0)
    roots, fields, notes = meta["roots"], meta["fields"], meta["diagnostics"]
    check(len(roots) == 2 and all(r is None or type(r) is str for r in roots))
    check(type(fields) is list and sorted(fields) == sorted(FIELD_WEIGHTS))  # the scorer reads each by name
    known = frozenset(paths)
    diagnostics = [Diagnostic(p, m) for p, m in codec.rows(notes, (str, str), -1, 0)]
    check(all(d.path in known and "\n" not in d.message and "\r" not in d.message for d in diagnostics))
    resolution = codec.decode_resolution(lines.value(1), paths)
    near = codec.decode_near(lines.value(2), paths)
    roles = codec.decode_roles(lines.value(3), paths)
    summary = _decode_summary(lines.value(5), paths)
    files = LazyFacts(paths, lambda number: _facts_line(lines, inv, number, folder))
    repo = RepoFacts(inv.root, files, sorted_notes([*inv.notes, *diagnostics]), inv.keys)
    table = dict(zip(stems, range(PARTS + len(paths), len(starts) - 1)))
    evidence = IndexEvidence(lines, table, inv, fields, files, resolution, folder)
    return RepoIndex(repo, FactsByPath(files), resolution, near, roles, (roots[0], roots[1]), evidence, summary)


def _decode_summary(raw: Any, paths: tuple[str, ...]) -> RepoSummary:
    table, ids, names, ports = raw
    codec.of_type(table, str)
    codec.positions(ids, len(table))
    check(len(ids) == len(paths))
    return RepoSummary(dict(zip(paths, [table[i] for i in ids])), frozenset(codec.of_type(names, str)),
                       tuple(codec.of_type(ports, int)))


def _facts_line(lines: IndexLines, inv: Inventory, number: int, folder: str) -> FileFacts:
    """A file's facts from its index line; a damaged line falls back to the cache or the file."""
    try:
        facts = decode_facts(lines.value(PARTS + number))
        if facts.path == inv.files[number].path:
            return facts
    except _DAMAGE:
        pass
    return facts_of(inv, number, folder)


class IndexEvidence:
    """Evidence for a query from the stem postings (see `index_codec.decode_evidence`); when a
    posting line is damaged, every file's evidence computed from its facts instead."""

    def __init__(self, lines: Lines, table: dict[str, int], inv: Inventory, fields: list[str],
                 files: Sequence[FileFacts], resolution: Resolution, folder: str) -> None:
        self.lines, self.table, self.paths, self.keys = lines, table, inv.paths, inv.keys
        self.fields, self.files, self.resolution, self.folder = fields, files, resolution, folder

    def scores(self, query: Query) -> Any:
        from rules.score import sparse_scores

        stems = sorted({stem for stem, _weight in query.terms} & set(self.table))
        width, size = len(self.fields), len(self.paths)
        try:
            postings = {stem: codec.joined_postings(self.lines.value(self.table[stem]), size, width)
                        for stem in stems}
            return sparse_scores(query, self.paths, self.fields, self.lines.value(LENGTHS), postings)
        except _DAMAGE:
            return None

    def __call__(self, query: Query) -> tuple[Evidence, ...]:
        stems = sorted({stem for stem, _weight in query.terms} & set(self.table))
        try:
            postings = [(stem, self.lines.value(self.table[stem])) for stem in stems]
            return codec.decode_evidence(postings, self.lines.value(LENGTHS), self.fields, self.paths)
        except _DAMAGE:
            from rules.evidence import collect
            from rules.evidence_store import known_evidence

            files = tuple(self.files)
            return collect(files, self.resolution, known_evidence(self.folder, files, self.keys))


class LazyFacts(Sequence[FileFacts]):
    """Every file's facts in path order, each decoded the first time it is read."""

    def __init__(self, paths: tuple[str, ...], load_one: Callable[[int], FileFacts]) -> None:
        self.paths = paths
        self._load = load_one
        self._done: list[FileFacts | None] = [None] * len(paths)

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, number: int) -> FileFacts: ...

    @overload
    def __getitem__(self, number: slice) -> tuple[FileFacts, ...]: ...

    def __getitem__(self, number: int | slice) -> FileFacts | tuple[FileFacts, ...]:
        if isinstance(number, slice):
            return tuple(self[i] for i in range(*number.indices(len(self))))
        facts = self._done[number]
        if facts is None:
            facts = self._done[number] = self._load(number % len(self.paths))
        return facts

    def __iter__(self) -> Iterator[FileFacts]:
        return (self[i] for i in range(len(self.paths)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


class FactsByPath(Mapping[str, FileFacts]):
    """path → facts over a LazyFacts: membership and keys never decode anything."""

    def __init__(self, files: LazyFacts) -> None:
        self.files = files
        self.numbers = {path: number for number, path in enumerate(files.paths)}

    def __getitem__(self, path: str) -> FileFacts:
        return self.files[self.numbers[path]]

    def __contains__(self, path: object) -> bool:
        return path in self.numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)
