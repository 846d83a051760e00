"""Building the repository index from scratch (see `scaffolder.repo_index`): a cold run.

What belongs to one file is done where the file is analysed, in the pool's workers, a batch of
files at a time (`index_batch`): each file's lexical evidence, its stored form, its field lengths
and the batch's part of each stem's postings, as JSON text. The main process resolves the whole
repository and adds the route field (it needs the resolution), without ever holding the evidence
itself. A forked child (`analyzers.background`) then joins the parts into the index's lines and
writes them, while the run ranks the files from the same parts (`PartLines`), as a warm run
ranks from the saved index.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from analyzers.background import in_background
from analyzers.cache import write_chunks
from analyzers.model import FileFacts
from analyzers.resolve import Resolution, resolve
from analyzers.scan import Inventory, gather_for_index
from rules.evidence import FIELDS, Evidence, collect, file_evidence, route_words, with_routes
from rules.evidence_store import evidence_elsewhere, evidence_json
from rules.propagate import Neighbours, neighbours
from rules.roles import app_roots, detect_roles
from scaffolder import index_codec as codec
from scaffolder.analysis import RepoSummary
from scaffolder.repo_index import FORMAT, INDEX_FILE, LENGTHS, PARTS, IndexEvidence, RepoIndex

# A batch's share of the evidence: each file's field lengths by number, and per stem the part
# of its postings (JSON text).
BatchEvidence = tuple[list[tuple[int, list[int]]], dict[str, codec.PostingPart]]


def index_batch(batch: list[tuple[int, FileFacts]]) -> tuple[list[bytes], BatchEvidence]:
    """In a worker: each file's evidence as the evidence store keeps it, and the batch's evidence
    as the index keeps it (the route field left empty)."""
    evidence = [(number, file_evidence(facts)) for number, facts in batch]
    lengths = [(number, [n for _, n in ev.lengths]) for number, ev in evidence]
    return [evidence_json(ev) for _, ev in evidence], (lengths, codec.postings_parts(evidence))


def evidence_batch(batch: list[tuple[int, FileFacts]]) -> tuple[list[Evidence], None]:
    """In a worker, for a run without a cache: each file's evidence (the route field left empty)."""
    return [file_evidence(facts) for _, facts in batch], None


@dataclass(frozen=True, slots=True)
class Whole:
    """What depends on every file at once."""

    resolution: Resolution
    near: Neighbours
    roots: tuple[str | None, str | None]
    roles: dict[str, tuple[str, ...]]


def whole_repository(files: tuple[FileFacts, ...], given: tuple[str | None, str | None]) -> Whole:
    """Resolution, neighbours, roots (the `given` ones first) and roles."""
    resolution = resolve(files)
    detected = app_roots(files, resolution)
    roots = (given[0].strip("/") if given[0] else detected[0], given[1].strip("/") if given[1] else detected[1])
    return Whole(resolution, neighbours(resolution), roots, detect_roles(files, resolution, roots))


def build(inv: Inventory, folder: str | None, key: str, given: tuple[str | None, str | None]) -> RepoIndex:
    """Facts, resolution, neighbours, roles and evidence from scratch; saved to `folder` if given,
    beside the caller's ranking (`RepoIndex.saving`)."""
    if folder is None:
        return _uncached(inv, given)
    repo, encoded, texts, batches = gather_for_index(inv, folder, index_batch)
    files = tuple(repo.files)
    whole = whole_repository(files, given)
    others, save_evidence = evidence_elsewhere(folder, files, repo.keys, texts)
    lengths, parts = evidence_parts(files, whole.resolution, batches, others)
    summary = RepoSummary.of(files)

    # Read from the facts here, not in the child: each fact object it touched would be copied.
    paths = inv.paths
    notes = [[d.path, d.message] for f in files for d in f.diagnostics]

    def save() -> None:
        save_evidence()
        lines = index_lines(key, paths, notes, encoded, whole, lengths, parts, summary)
        os.makedirs(folder, exist_ok=True)
        write_chunks(folder, INDEX_FILE, lines)

    # Unwritable (the facts cache says so already) or unencodable: no index this time, never a
    # failed plan, since the run itself ranks from the parts.
    saving = in_background(save)
    lines = PartLines(lengths, parts, PARTS + len(files))
    evidence = IndexEvidence(lines, lines.table, inv, list(FIELDS), files, whole.resolution, folder)
    return RepoIndex(repo, repo.by_path(), whole.resolution, whole.near, whole.roles, whole.roots, evidence, summary,
                     saving)


class PartLines:
    """The lines of the index being written that scoring reads, as `repo_index.IndexLines` gives
    them: the field lengths, and each stem's postings joined from its parts."""

    def __init__(self, lengths: list[int], parts: dict[str, list[codec.PostingPart]], first: int) -> None:
        self.lengths, self.parts = lengths, parts
        self.stems = sorted(parts)
        self.table = {stem: number for number, stem in enumerate(self.stems, start=first)}
        self.first = first

    def value(self, number: int) -> Any:
        if number == LENGTHS:
            return self.lengths
        return json.loads(codec.postings_line(self.parts[self.stems[number - self.first]]))


def _uncached(inv: Inventory, given: tuple[str | None, str | None]) -> RepoIndex:
    repo, _, computed, _ = gather_for_index(inv, None, evidence_batch)
    files = tuple(repo.files)
    whole = whole_repository(files, given)
    evidence = collect(files, whole.resolution, computed)
    return RepoIndex(repo, repo.by_path(), whole.resolution, whole.near, whole.roles, whole.roots,
                     lambda _query: evidence, RepoSummary.of(files))


def evidence_parts(files: tuple[FileFacts, ...], resolution: Resolution, batches: list[BatchEvidence],
                   others: dict[int, Evidence]) -> tuple[list[int], dict[str, list[codec.PostingPart]]]:
    """Every file's field lengths, flat, and each stem's postings parts: the batches' parts, then
    one made here from the files not analysed in a batch (`others`, by number) and the route
    field of those that were."""
    width, routes_at = len(FIELDS), FIELDS.index("routes")
    lengths = [0] * (width * len(files))
    parts: dict[str, list[codec.PostingPart]] = {}
    for batch_lengths, batch_parts in batches:
        for number, counts in batch_lengths:
            lengths[number * width:(number + 1) * width] = counts
        for stem, part in batch_parts.items():
            parts.setdefault(stem, []).append(part)
    words = route_words(resolution)
    here = [(number, with_routes(ev, words.get(ev.path, []))) for number, ev in others.items()]
    for number, ev in here:
        lengths[number * width:(number + 1) * width] = [n for _, n in ev.lengths]
    numbers = {f.path: number for number, f in enumerate(files)}
    for path, said in words.items():
        number = numbers.get(path)
        if number is not None and number not in others:
            routes = with_routes(_blank(path), said)
            here.append((number, routes))
            lengths[number * width + routes_at] = routes.lengths[routes_at][1]
    for stem, part in codec.postings_parts(sorted(here, key=itemgetter(0))).items():
        parts.setdefault(stem, []).append(part)
    return lengths, parts


def _blank(path: str) -> Evidence:
    return Evidence(path, tuple((name, ()) for name in FIELDS), tuple((name, 0) for name in FIELDS))


def index_lines(key: str, paths: tuple[str, ...], diagnostics: list[list[str]], encoded: list[bytes], whole: Whole,
                lengths: list[int], parts: dict[str, list[codec.PostingPart]], summary: RepoSummary) -> list[bytes]:
    """The index file's lines: the header (with where each line starts), then the body."""
    number = {path: n for n, path in enumerate(paths)}
    meta = {"roots": list(whole.roots), "fields": list(FIELDS), "diagnostics": diagnostics}
    languages, language_ids = codec.string_table(summary.languages.values())
    stems = sorted(parts)
    head: list[Any] = [meta, codec.encode_resolution(whole.resolution, number), codec.encode_near(whole.near, number),
                       codec.encode_roles(whole.roles, paths), lengths,
                       [languages, [language_ids[summary.languages[p]] for p in paths],
                        sorted(summary.symbol_names), list(summary.ports)]]
    body = [line(v) for v in head] + [text + b"\n" for text in encoded] + [codec.postings_line(parts[s]) for s in stems]
    starts = [0]
    for item in body:
        starts.append(starts[-1] + len(item))
    header = line({"format": FORMAT, "key": key, "files": len(paths), "stems": stems, "starts": starts})
    return [header, *body]


def line(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
