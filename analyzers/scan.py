"""Scan a repository: walk the scope, read each file, run its analyzer (or reuse cached facts)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from analyzers.cache import FactsCache, cache_folder, cache_key
from analyzers.model import Diagnostic, FileFacts
from analyzers.registry import analyzer_for
from analyzers.source import read_source
from analyzers.walk import DEFAULT_SCOPE, walk


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """Facts of every in-scope file, sorted by path, and what was skipped."""

    root: str
    files: tuple[FileFacts, ...]
    diagnostics: tuple[Diagnostic, ...]

    def by_path(self) -> dict[str, FileFacts]:
        return {f.path: f for f in self.files}


# Below this many files to parse, a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 300


def scan(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE, use_cache: bool = True) -> RepoFacts:
    walked = walk(root, scope)
    cache = FactsCache(cache_folder(root) if use_cache else None)
    slots: list[FileFacts | None] = []
    notes = list(walked.diagnostics)
    pending: list[tuple[int, str, str, str]] = []
    for item in walked.files:
        source = read_source(item.abspath, item.path)
        if isinstance(source, Diagnostic):
            notes.append(source)
            slots.append(FileFacts(item.path, "binary", 0))
            continue
        key = cache_key(item.path, source.digest)
        cached = cache.get(key)
        if cached is None:
            pending.append((len(slots), key, item.path, source.text))
        slots.append(cached)
    for (index, key, _path, _text), facts in zip(pending, _analyze_all([(p, t) for _, _, p, t in pending])):
        slots[index] = facts
        cache.put(key, facts)
    problem = cache.save()
    if problem:
        notes.append(Diagnostic(".scaffolder_cache", problem))
    files = tuple(f for f in slots if f is not None)
    notes.extend(d for f in files for d in f.diagnostics)
    return RepoFacts(root, files, tuple(sorted(set(notes), key=lambda d: (d.path, d.message))))


def _analyze_all(work: list[tuple[str, str]]) -> list[FileFacts]:
    if len(work) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return [analyze_text(path, text) for path, text in work]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 2, 4)) as pool:
            return list(pool.map(_analyze_pair, work, chunksize=32))
    except (OSError, RuntimeError):  # a broken pool (e.g. no /dev/shm): do it here instead
        return [analyze_text(path, text) for path, text in work]


def _analyze_pair(pair: tuple[str, str]) -> FileFacts:
    return analyze_text(*pair)


def analyze_text(path: str, text: str) -> FileFacts:
    """Run the file's analyzer; an analyzer bug becomes a diagnostic, never a crash."""
    try:
        return analyzer_for(path)(path, text)
    except RecursionError:
        why = "nesting too deep to analyse"
    except Exception as exc:  # an analyzer must not take the whole plan down with it
        why = f"could not analyse ({type(exc).__name__})"
    return FileFacts(path, "other", text.count("\n") + 1, diagnostics=(Diagnostic(path, why),))
