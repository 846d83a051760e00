"""The repository index: what a plan needs from the whole file set, remembered between runs.

Resolution, neighbour table, roles, app roots, every file's facts and the lexical evidence are
saved under a key made of the index format, the analyzer version, the code that derives them,
the scope, the given roots and every file's (path, content key). A run whose files all have
their recorded keys (see `analyzers.stat_index`: unchanged files are not even read) loads the
index instead of resolving imports, finding neighbours, detecting roles and decoding every
file's facts and evidence. A run that builds the index scores from the postings it has just
built, as a warm run does.

`repo-index.jsonl` in the cache folder is JSON Lines: a header line (format, key, where each line
starts), then one JSON value per line: the roots and the facts' diagnostics, the resolution, the
neighbour table, the roles, the evidence field lengths, one line per file with its facts, one
line per stem with its postings. Only lines a run reads are decoded: the facts of the files the
plan looks at and the postings of the feature's stems. JSON, not pickle: a cache folder that
comes with a repository must never run code; a damaged or crafted index is ignored (a damaged
line is rebuilt from the facts cache or the file itself).
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from analyzers.cache import ANALYZER_VERSION, code_fingerprint, map_file, write_chunks
from analyzers.codec import decode_facts
from analyzers.model import Diagnostic, FileFacts
from analyzers.resolve import Resolution
from analyzers.scan import Inventory, RepoFacts, facts_of, gather_for_index, sorted_notes
from rules.evidence import FIELD_WEIGHTS, Evidence
from rules.propagate import Neighbours
from scaffolder import index_codec as codec
from scaffolder.analysis import RepoSummary
from scaffolder.index_codec import check

if TYPE_CHECKING:
    from rules.intents import Query

INDEX_FILE = "repo-index.jsonl"
_FORMAT = "scaffolder-repo-index-1"
# Code whose output the index holds beyond the per-file facts (which ANALYZER_VERSION covers).
_CODE = ("analyzers/resolve.py", "analyzers/paths.py", "analyzers/graph.py", "analyzers/model.py",
         "analyzers/codec.py", "rules/roles.py", "rules/evidence.py", "rules/terms.py", "rules/propagate.py",
         "scaffolder/analysis.py", "scaffolder/repo_index.py", "scaffolder/index_codec.py")
_PARTS = 6  # meta, resolution, neighbours, roles, field lengths, summary; then the files, then the stems
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


def index_key(inv: Inventory, scope: tuple[str, ...], given: tuple[str | None, str | None]) -> str:
    digest = hashlib.sha256(json.dumps([_FORMAT, ANALYZER_VERSION, code_fingerprint(_CODE), list(scope),
                                        list(given)]).encode())
    for path, key in zip(inv.paths, inv.keys):
        digest.update(f"\0{path}\0{key}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def repo_index(inv: Inventory, scope: tuple[str, ...], folder: str | None,
               given: tuple[str | None, str | None]) -> RepoIndex:
    """The index saved in `folder` when it matches this inventory, else one built (and saved)."""
    if folder is None:
        return build(inv, None, "", given)
    key = index_key(inv, scope, given)
    return load(folder, inv, key) or build(inv, folder, key, given)


# --- building ------------------------------------------------------------------------------

def build(inv: Inventory, folder: str | None, key: str, given: tuple[str | None, str | None]) -> RepoIndex:
    """Facts, resolution, neighbours, roles and evidence from scratch; saved to `folder` if given."""
    from analyzers.resolve import resolve
    from rules.evidence import collect, file_evidence
    from rules.evidence_store import evidence_and_json, known_evidence
    from rules.propagate import neighbours
    from rules.roles import app_roots, detect_roles

    repo, encoded, computed = gather_for_index(inv, folder, evidence_and_json if folder else file_evidence)
    files = tuple(repo.files)
    resolution = resolve(files)
    near = neighbours(resolution)
    detected = app_roots(files, resolution)
    roots = (given[0].strip("/") if given[0] else detected[0], given[1].strip("/") if given[1] else detected[1])
    roles = detect_roles(files, resolution, roots)
    known = known_evidence(folder, files, repo.keys, computed) if folder else computed
    evidence = collect(files, resolution, known)
    summary = RepoSummary.of(files)
    if not folder:
        return RepoIndex(repo, repo.by_path(), resolution, near, roles, roots, lambda _query: evidence, summary)
    postings = codec.encode_postings(evidence)
    try:
        lines = _lines(key, files, encoded, resolution, near, roles, roots, evidence, postings, summary)
        os.makedirs(folder, exist_ok=True)
        write_chunks(folder, INDEX_FILE, lines)
    except Exception:  # unwritable (the facts cache says so already) or unencodable: no index
        pass  # this time, never a failed plan
    return RepoIndex(repo, repo.by_path(), resolution, near, roles, roots, _BuiltEvidence(evidence, postings),
                     summary)


class _BuiltEvidence:
    """Every file's evidence, and the postings built from it for the index: a cold run scores
    from them as a warm run does, visiting only the files that hold a query stem."""

    def __init__(self, evidence: tuple[Evidence, ...], postings: dict[str, list[Any]]) -> None:
        self.evidence, self.postings = evidence, postings

    def scores(self, query: Query) -> Any:
        from rules.score import sparse_scores

        if not self.evidence:
            return None  # the scorer then reads the (empty) evidence itself
        wanted = {}
        for stem in sorted({stem for stem, _weight in query.terms} & set(self.postings)):
            files, field_ids, counts, samples, sample_ids = self.postings[stem]
            wanted[stem] = (files, field_ids, counts, [samples[i] for i in sample_ids])
        fields = [name for name, _ in self.evidence[0].fields]
        paths = tuple(ev.path for ev in self.evidence)
        return sparse_scores(query, paths, fields, codec.encode_lengths(self.evidence), wanted)

    def __call__(self, query: Query) -> tuple[Evidence, ...]:
        return self.evidence


def _lines(key: str, files: tuple[FileFacts, ...], encoded: list[bytes], resolution: Resolution, near: Neighbours,
           roles: dict[str, tuple[str, ...]], roots: tuple[str | None, str | None], evidence: tuple[Evidence, ...],
           postings: dict[str, list[Any]], summary: RepoSummary) -> list[bytes]:
    paths = tuple(f.path for f in files)
    number = {path: n for n, path in enumerate(paths)}
    meta = {"roots": list(roots), "fields": [name for name, _ in evidence[0].fields] if evidence else [],
            "diagnostics": [[d.path, d.message] for f in files for d in f.diagnostics]}
    languages, language_ids = codec.string_table(summary.languages.values())
    stems = sorted(postings)
    parts: list[Any] = [meta, codec.encode_resolution(resolution, number), codec.encode_near(near, number),
                        codec.encode_roles(roles, paths), codec.encode_lengths(evidence),
                        [languages, [language_ids[summary.languages[p]] for p in paths],
                         sorted(summary.symbol_names), list(summary.ports)]]
    lines = [_line(v) for v in parts] + [text + b"\n" for text in encoded] + [_line(postings[s]) for s in stems]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    header = _line({"format": _FORMAT, "key": key, "files": len(files), "stems": stems, "starts": starts})
    return [header, *lines]


def _line(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"


# --- loading -------------------------------------------------------------------------------

class _Lines:
    """The mapped index file: line i decoded on demand."""

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
    if not isinstance(header, dict) or header.get("format") != _FORMAT or header.get("key") != key:
        return None
    paths = inv.paths
    stems, starts = header["stems"], header["starts"]
    check(header["files"] == len(paths) and type(stems) is list and type(starts) is list)
    check(len(starts) == _PARTS + len(paths) + len(stems) + 1 and all(type(s) is int for s in starts))
    check(starts[0] == 0 and all(a < b for a, b in zip(starts, starts[1:])) and end + 1 + starts[-1] == len(data))
    lines = _Lines(data, end + 1, starts)
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
    table = dict(zip(stems, range(_PARTS + len(paths), len(starts) - 1)))
    evidence = _Evidence(lines, table, inv, fields, files, resolution, folder)
    return RepoIndex(repo, FactsByPath(files), resolution, near, roles, (roots[0], roots[1]), evidence, summary)


def _decode_summary(raw: Any, paths: tuple[str, ...]) -> RepoSummary:
    table, ids, names, ports = raw
    codec.of_type(table, str)
    codec.positions(ids, len(table))
    check(len(ids) == len(paths))
    return RepoSummary(dict(zip(paths, [table[i] for i in ids])), frozenset(codec.of_type(names, str)),
                       tuple(codec.of_type(ports, int)))


def _facts_line(lines: _Lines, inv: Inventory, number: int, folder: str) -> FileFacts:
    """A file's facts from its index line; a damaged line falls back to the cache or the file."""
    try:
        facts = decode_facts(lines.value(_PARTS + number))
        if facts.path == inv.files[number].path:
            return facts
    except _DAMAGE:
        pass
    return facts_of(inv, number, folder)


class _Evidence:
    """Evidence for a query from the stem postings (see `index_codec.decode_evidence`); when a
    posting line is damaged, every file's evidence computed from its facts instead."""

    def __init__(self, lines: _Lines, table: dict[str, int], inv: Inventory, fields: list[str],
                 files: LazyFacts, resolution: Resolution, folder: str) -> None:
        self.lines, self.table, self.paths, self.keys = lines, table, inv.paths, inv.keys
        self.fields, self.files, self.resolution, self.folder = fields, files, resolution, folder

    def scores(self, query: Query) -> Any:
        from rules.score import sparse_scores

        stems = sorted({stem for stem, _weight in query.terms} & set(self.table))
        try:
            postings = {}
            for stem in stems:
                files, field_ids, counts, samples, sample_ids = self.lines.value(self.table[stem])
                postings[stem] = (files, field_ids, counts, [samples[i] for i in sample_ids])
            return sparse_scores(query, self.paths, self.fields, self.lines.value(4), postings)
        except _DAMAGE:
            return None

    def __call__(self, query: Query) -> tuple[Evidence, ...]:
        stems = sorted({stem for stem, _weight in query.terms} & set(self.table))
        try:
            postings = [(stem, self.lines.value(self.table[stem])) for stem in stems]
            return codec.decode_evidence(postings, self.lines.value(4), self.fields, self.paths)
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
