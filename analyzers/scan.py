"""Scan a repository: walk the scope, read each file, run its analyzer (or reuse cached facts)."""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass

from analyzers.cache import FactsCache, cache_folder, cache_key
from analyzers.model import Diagnostic, FileFacts
from analyzers.registry import Analyzer, analyzer_for
from analyzers.source import Source, read_source
from analyzers.walk import DEFAULT_SCOPE, walk


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """Facts of every in-scope file, sorted by path, and what was skipped."""

    root: str
    files: tuple[FileFacts, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Content key of each file (aligned with `files`; "" where unreadable), for caches downstream.
    keys: tuple[str, ...] = ()

    def by_path(self) -> dict[str, FileFacts]:
        return {f.path: f for f in self.files}


# Below this many files to parse, a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 300


def scan(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE, use_cache: bool = True) -> RepoFacts:
    walked = walk(root, scope)
    cache = FactsCache(cache_folder(root) if use_cache else None)
    slots: list[FileFacts | None] = []
    notes = list(walked.diagnostics)
    sources: list[Source | None] = []
    for item in walked.files:
        source = read_source(item.abspath, item.path)
        if isinstance(source, Diagnostic):
            notes.append(source)
        sources.append(source if isinstance(source, Source) else None)
    server_dirs = _server_folders([s for s in sources if s is not None])
    pending: list[tuple[int, str, str, str, bool]] = []
    keys: list[str] = []
    for item, source in zip(walked.files, sources):
        if source is None:
            slots.append(FileFacts(item.path, "binary", 0))
            keys.append("")
            continue
        light = _is_outside(item.path, server_dirs)
        key = cache_key(item.path + ("\0light" if light else ""), source.digest)
        keys.append(key)
        cached = cache.get(key)
        if cached is not None and cached.path != item.path:
            cached = None  # a crafted entry must not rename the file it claims to describe
        if cached is None:
            pending.append((len(slots), key, item.path, source.text, light))
        slots.append(cached)
    work = [(p, t, light) for _, _, p, t, light in pending]
    for (index, key, *_rest), facts in zip(pending, _analyze_all(work)):
        slots[index] = facts
        cache.put(key, facts)
    problem = cache.save()
    if problem:
        notes.append(Diagnostic(".scaffolder_cache", problem))
    files = tuple(f for f in slots if f is not None)
    notes.extend(d for f in files for d in f.diagnostics)
    return RepoFacts(root, files, tuple(sorted(set(notes), key=lambda d: (d.path, d.message))), tuple(keys))


def _server_folders(sources: list[Source]) -> tuple[str, ...]:
    """Folders of Python files that construct a FastAPI app: where the app's server code lives.

    A cheap text test, made before any parse, so that Python outside these folders can get
    the light analysis. No FastAPI app at all means every Python file is parsed in full.
    """
    folders = {posixpath.dirname(s.path) for s in sources if s.path.endswith(".py") and "FastAPI(" in s.text}
    return tuple(sorted(folders))


def _is_outside(path: str, server_dirs: tuple[str, ...]) -> bool:
    if not path.endswith(".py") or not server_dirs:
        return False
    return not any(d == "" or path.startswith(d + "/") for d in server_dirs)


def _analyze_all(work: list[tuple[str, str, bool]]) -> list[FileFacts]:
    if len(work) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return [_analyze_one(item) for item in work]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 2, 4)) as pool:
            return list(pool.map(_analyze_one, work, chunksize=32))
    except (OSError, RuntimeError):  # a broken pool (e.g. no /dev/shm): do it here instead
        return [_analyze_one(item) for item in work]


def _analyze_one(item: tuple[str, str, bool]) -> FileFacts:
    path, text, light = item
    if light:
        from analyzers.python_light import analyze

        return _guarded(analyze, path, text)
    return analyze_text(path, text)


def analyze_text(path: str, text: str) -> FileFacts:
    """Run the file's analyzer; an analyzer bug becomes a diagnostic, never a crash."""
    return _guarded(analyzer_for(path), path, text)


def _guarded(analyzer: Analyzer, path: str, text: str) -> FileFacts:
    try:
        return analyzer(path, text)
    except RecursionError:
        why = "nesting too deep to analyse"
    except Exception as exc:  # an analyzer must not take the whole plan down with it
        why = f"could not analyse ({type(exc).__name__})"
    return FileFacts(path, "other", text.count("\n") + 1, diagnostics=(Diagnostic(path, why),))
