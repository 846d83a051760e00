"""Lexical evidence of each file, by field, as stem counts with a readable sample per stem."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analyzers.model import FileFacts
from analyzers.resolve import Resolution
from rules.terms import terms

# Field weights for BM25F: names a developer chose weigh more than incidental identifiers.
FIELD_WEIGHTS = {"path": 5.0, "symbols": 2.0, "routes": 2.5, "dom": 1.5, "strings": 1.0, "identifiers": 0.5}
# The fields of every Evidence, in this order (as `file_evidence` makes them).
FIELDS = tuple(FIELD_WEIGHTS)
_IGNORED_PATH_WORDS = frozenset({"app", "src", "server", "client", "index", "py", "ts", "tsx", "js", "jsx",
                                 "d", "css", "html", "md", "sh", "json", "init"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """Per field: (stem, count, sample word) sorted by stem; `length` counts stems per field."""

    path: str
    fields: tuple[tuple[str, tuple[tuple[str, int, str], ...]], ...]
    lengths: tuple[tuple[str, int], ...]

    def field(self, name: str) -> dict[str, tuple[int, str]]:
        for field_name, entries in self.fields:
            if field_name == name:
                return {stem: (count, sample) for stem, count, sample in entries}
        return {}


FieldEntries = tuple[tuple[str, int, str], ...]


def collect(files: tuple[FileFacts, ...], resolution: Resolution,
            known: dict[str, Evidence] | None = None) -> tuple[Evidence, ...]:
    """Evidence of every file. `known` holds per-file evidence by path, computed on an earlier run
    (by content key, see `rules.evidence_store`) or beside the analyzer: only the route field,
    which depends on the whole repository, is computed here for those."""
    words = route_words(resolution)
    out = []
    for f in files:
        base = (known or {}).get(f.path) or file_evidence(f)
        out.append(with_routes(base, words.get(f.path, [])))
    return tuple(out)


def route_words(resolution: Resolution) -> dict[str, list[str]]:
    """The words of each file's route field: its routes' paths and handlers, its calls' URLs."""
    words: dict[str, list[str]] = {}
    for route in resolution.routes:
        words.setdefault(route.file, []).extend([route.path, route.handler])
    for call in resolution.calls:
        words.setdefault(call.file, []).append(call.call.url)
    return words


# Names every browser script uses: `document.getElementById` says nothing about documents.
_BROWSER_GLOBALS = frozenset({"document", "window", "console"})


def file_evidence(f: FileFacts) -> Evidence:
    """Evidence from the file's own facts (the route field left empty)."""
    texts = {
        "path": [w for w in f.path.replace(".", "/").split("/") if w.lower() not in _IGNORED_PATH_WORDS],
        "symbols": [s.name for s in f.symbols] + [s.doc for s in f.symbols if s.doc]
        + [m.name for m in f.models] + [fld for m in f.models for fld in m.fields]
        + [t.name for t in f.tests] + ([f.summary] if f.summary and f.language != "markdown" else []),
        "routes": [],
        "dom": [d.name for d in f.dom],
        "strings": list(f.strings) + ([f.title] if f.title else []) + [s.title for s in f.sections]
        + ([f.summary] if f.summary and f.language == "markdown" else []),
        # Prose words of a Markdown file are not code identifiers: they count like UI strings.
        "identifiers": [i for i in f.identifiers if i not in _BROWSER_GLOBALS] if f.language != "markdown" else [],
    }
    fields = tuple((name, _entries(words)) for name, words in texts.items())
    return Evidence(f.path, fields, tuple((name, sum(c for _, c, _ in entries)) for name, entries in fields))


def with_routes(base: Evidence, words: list[str]) -> Evidence:
    """`base` with its route field made of `words` (unchanged without any)."""
    if not words:
        return base
    entries = _entries(words)
    fields = tuple((name, entries if name == "routes" else old) for name, old in base.fields)
    lengths = tuple((name, sum(c for _, c, _ in entries) if name == "routes" else n) for name, n in base.lengths)
    return Evidence(base.path, fields, lengths)


def _entries(words: list[str]) -> FieldEntries:
    if not words:
        return ()
    counts: dict[str, int] = {}
    samples: dict[str, str] = {}  # the first sample of each stem
    for word in words:
        for stem, sample in _stems(word):
            if stem in counts:
                counts[stem] += 1
            else:
                counts[stem] = 1
                samples[stem] = sample
    return tuple([(stem, counts[stem], samples[stem]) for stem in sorted(counts)])


@lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[tuple[str, str], ...]:
    """(stem, sample word) for each stem of `word`, in order: names recur from file to file."""
    pieces = word.split() if " " in word.strip() else [word]
    return tuple((stem, _sample(piece, stem)) for piece in pieces for stem in terms(piece))


_NAME = re.compile(r"[\w$]+(?:[./-][\w$]+)*")  # `user.name`, `drag-drop`, `application/json`: one name
_PUNCTUATION = ".,:;!?()[]{}'\"`"


def _sample(piece: str, stem: str) -> str:
    """The readable part of `piece` that says `stem`: `SELECT` out of `;\\s*(?:SELECT|UPDATE)`,
    `exportCSV` as it is."""
    names = _NAME.findall(piece)
    if len(names) == 1 and len(names[0]) >= len(piece) - 2:
        return piece.strip(_PUNCTUATION)[:60]
    return next((name for name in names if stem in terms(name)), piece.strip(_PUNCTUATION))[:60]
