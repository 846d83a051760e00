"""Lexical evidence of each file, by field, as stem counts with a readable sample per stem."""
from __future__ import annotations

from dataclasses import dataclass

from analyzers.model import FileFacts
from analyzers.resolve import Resolution
from rules.terms import terms

# Field weights for BM25F: names a developer chose weigh more than incidental identifiers.
FIELD_WEIGHTS = {"path": 5.0, "symbols": 2.0, "routes": 2.5, "dom": 1.5, "strings": 1.0, "identifiers": 0.5}
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


def collect(files: tuple[FileFacts, ...], resolution: Resolution) -> tuple[Evidence, ...]:
    routes_by_file: dict[str, list[str]] = {}
    for route in resolution.routes:
        routes_by_file.setdefault(route.file, []).extend([route.path, route.handler])
    for call in resolution.calls:
        routes_by_file.setdefault(call.file, []).append(call.call.url)
    return tuple(_evidence(f, routes_by_file.get(f.path, [])) for f in files)


def _evidence(f: FileFacts, route_words: list[str]) -> Evidence:
    texts = {
        "path": [w for w in f.path.replace(".", "/").split("/") if w.lower() not in _IGNORED_PATH_WORDS],
        "symbols": [s.name for s in f.symbols] + [s.doc for s in f.symbols if s.doc]
        + [m.name for m in f.models] + [fld for m in f.models for fld in m.fields]
        + [t.name for t in f.tests] + ([f.summary] if f.summary and f.language != "markdown" else []),
        "routes": route_words,
        "dom": [d.name for d in f.dom],
        "strings": list(f.strings) + ([f.title] if f.title else []) + [s.title for s in f.sections]
        + ([f.summary] if f.summary and f.language == "markdown" else []),
        # Prose words of a Markdown file are not code identifiers: they count like UI strings.
        "identifiers": list(f.identifiers) if f.language != "markdown" else [],
    }
    fields = []
    lengths = []
    for name, words in texts.items():
        counts: dict[str, list[object]] = {}
        for word in words:
            prose = " " in word.strip()
            for piece in (word.split() if prose else [word]):
                for stem in terms(piece):
                    entry = counts.setdefault(stem, [0, piece.strip(".,:;!?()[]{}'\"`")[:60]])
                    entry[0] = int(entry[0]) + 1  # type: ignore[call-overload]
        fields.append((name, tuple(sorted((s, int(c), str(w)) for s, (c, w) in counts.items()))))
        lengths.append((name, sum(int(c) for c, _ in counts.values())))
    return Evidence(f.path, tuple(fields), tuple(lengths))
