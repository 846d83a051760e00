"""Scan a repository: walk the scope, read each file, run its analyzer (or reuse cached facts).

Two steps, so that a caller holding a repository-level index can stop after the first:
`inventory` walks the scope and learns every file's content key (reading only files whose stat
changed since the last run), `gather` turns an inventory into facts.
"""
from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from analyzers.cache import FactsCache, cache_folder, cache_key
from analyzers.codec import facts_json
from analyzers.model import Diagnostic, FileFacts
from analyzers.registry import Analyzer, analyzer_for
from analyzers.source import Source, decode_source, read_bytes
from analyzers.stat_index import Known, StatIndex
from analyzers.walk import DEFAULT_SCOPE, WalkedFile, walk


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """Facts of every in-scope file, sorted by path, and what was skipped."""

    root: str
    files: Sequence[FileFacts]
    diagnostics: tuple[Diagnostic, ...]
    # Content key of each file (aligned with `files`; "" where unreadable), for caches downstream.
    keys: tuple[str, ...] = ()

    def by_path(self) -> dict[str, FileFacts]:
        return {f.path: f for f in self.files}


@dataclass(frozen=True, slots=True)
class Inventory:
    """Every in-scope file with its content key ("" when it is not text), before any analysis.

    `texts` holds the files read in this run, by index; `notes` what the walk and the reads
    skipped; `light` whether a Python file lies outside the server folders (lexical facts only).
    """

    root: str
    files: tuple[WalkedFile, ...]
    keys: tuple[str, ...]
    light: tuple[bool, ...]
    texts: dict[int, str]
    notes: tuple[Diagnostic, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.files)


# Below this many files to parse, a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 300


def scan(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE, use_cache: bool = True) -> RepoFacts:
    folder = cache_folder(root) if use_cache else None
    return gather(inventory(root, scope, folder), folder)


def inventory(root: str, scope: tuple[str, ...], folder: str | None) -> Inventory:
    """Walk the scope and key every file; a file whose stat is unchanged since the last run (as
    recorded in `folder`) is not read. `folder` None: read everything, record nothing."""
    walked = walk(root, scope)
    index = StatIndex(folder)
    notes = list(walked.diagnostics)
    found: list[Known | None] = []
    texts: dict[int, str] = {}
    for number, item in enumerate(walked.files):
        known = index.lookup(item)
        if known is None:
            known, text = _read(item, notes)
            if text is not None:
                texts[number] = text
            if known is not None:
                index.record(item, known)
        elif known.note:
            notes.append(Diagnostic(item.path, known.note))
        found.append(known)
    index.save()
    server_dirs = _server_folders([(f.path, k) for f, k in zip(walked.files, found)])
    light = tuple(_is_outside(f.path, server_dirs) for f in walked.files)
    keys = tuple(_content_key(f.path, k.digest, lit) if k and k.digest else ""
                 for f, k, lit in zip(walked.files, found, light))
    return Inventory(root, walked.files, keys, light, texts, tuple(notes))


def gather(inv: Inventory, folder: str | None) -> RepoFacts:
    """Facts of every file in the inventory: cached by content key, else analysed."""
    return _gather(inv, folder, False)[0]


def gather_for_index(inv: Inventory, folder: str | None,
                     derive: Callable[[FileFacts], Any]) -> tuple[RepoFacts, list[bytes], dict[str, Any]]:
    """`gather`; with a `folder`, each file's facts as JSON text (for an index built from them);
    and `derive(facts)` by path for each file analysed in this run. `derive` runs beside the
    analyzer, in the pool's workers when there is a pool, so that per-file work downstream of the
    facts is done in parallel too. It must be a module-level function (workers receive it by name)."""
    return _gather(inv, folder, folder is not None, derive)


def _gather(inv: Inventory, folder: str | None, keep: bool,
            derive: Callable[[FileFacts], Any] | None = None) -> tuple[RepoFacts, list[bytes], dict[str, Any]]:
    cache = FactsCache(folder)
    slots: list[FileFacts | None] = []
    encoded: list[Any] = []  # JSON text, or a cached entry's JSON value
    pending: list[tuple[int, str, str, str, bool]] = []
    notes = list(inv.notes)
    for number, (item, key, light) in enumerate(zip(inv.files, inv.keys, inv.light)):
        if not key:
            slots.append(FileFacts(item.path, "binary", 0))
            encoded.append(None)
            continue
        cached = cache.get(key)
        if cached is not None and cached.path != item.path:
            cached = None  # a crafted entry must not rename the file it claims to describe
        if cached is None:
            text = inv.texts.get(number)
            if text is None:
                text, still = _reread(item, key, light, notes)
                key = key if still else ""  # changed during this run: analyse it, cache nothing
            pending.append((len(slots), key, item.path, text, light))
        slots.append(cached)
        encoded.append(cache.entries[key] if cached is not None and keep else None)
    work = [(p, t, light) for _, _, p, t, light in pending]
    derived: dict[str, Any] = {}
    for (index, key, *_rest), (facts, extra, raw) in zip(pending, _analyze_all(work, derive, folder is not None)):
        slots[index] = facts
        encoded[index] = raw
        if derive is not None:
            derived[facts.path] = extra
        if key:
            cache.put(key, facts, raw)
    problem = cache.save()
    if problem:
        notes.append(Diagnostic(".scaffolder_cache", problem))
    files = tuple(f for f in slots if f is not None)
    notes.extend(d for f in files for d in f.diagnostics)
    texts = [_as_json(raw, f) for raw, f in zip(encoded, files)] if keep else []
    return RepoFacts(inv.root, files, sorted_notes(notes), inv.keys), texts, derived


def _as_json(value: Any, facts: FileFacts) -> bytes:
    if value is None:
        return facts_json(facts)
    return value if type(value) is bytes else json.dumps(value, separators=(",", ":")).encode()


def sorted_notes(notes: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(notes), key=lambda d: (d.path, d.message)))


def facts_of(inv: Inventory, number: int, folder: str | None) -> FileFacts:
    """One file's facts outside a scan (a damaged index entry): the cache, else a fresh analysis."""
    item, key = inv.files[number], inv.keys[number]
    if not key:
        return FileFacts(item.path, "binary", 0)
    cached = FactsCache(folder).get(key) if folder else None
    if cached is not None and cached.path == item.path:
        return cached
    text = inv.texts.get(number)
    if text is None:
        text, _still = _reread(item, key, inv.light[number], [])
    return _analyze_one((item.path, text, inv.light[number]))


def _read(item: WalkedFile, notes: list[Diagnostic]) -> tuple[Known | None, str | None]:
    """Read one file: what to remember about it (None for a read error), and its text."""
    data = read_bytes(item.abspath, item.path)
    if isinstance(data, Diagnostic):
        notes.append(data)
        return None, None
    source = decode_source(item.path, data)
    if isinstance(source, Diagnostic):
        notes.append(source)
        return Known("", False, source.message), None
    return Known(source.digest, _constructs_app(source)), source.text


def _reread(item: WalkedFile, key: str, light: bool, notes: list[Diagnostic]) -> tuple[str, bool]:
    """The text of a file the stat index vouched for, read because its facts were not cached, and
    whether it still has content key `key` (a file changed during the run must not be cached
    under its old key)."""
    known, text = _read(item, notes)
    same = known is not None and bool(known.digest) and _content_key(item.path, known.digest, light) == key
    return text or "", same


def _content_key(path: str, digest: str, light: bool) -> str:
    """The facts' cache key: a light (lexical-only) analysis is cached apart from a full one."""
    return cache_key(path + ("\0light" if light else ""), digest)


def _constructs_app(source: Source) -> bool:
    return source.path.endswith(".py") and "FastAPI(" in source.text


def _server_folders(found: list[tuple[str, Known | None]]) -> tuple[str, ...]:
    """Folders of Python files that construct a FastAPI app: where the app's server code lives.

    A cheap text test, made before any parse, so that Python outside these folders can get
    the light analysis. No FastAPI app at all means every Python file is parsed in full.
    """
    folders = {posixpath.dirname(path) for path, known in found if known and known.server and path.endswith(".py")}
    return tuple(sorted(folders))


def _is_outside(path: str, server_dirs: tuple[str, ...]) -> bool:
    if not path.endswith(".py") or not server_dirs:
        return False
    return not any(d == "" or path.startswith(d + "/") for d in server_dirs)


def _analyze_all(work: list[tuple[str, str, bool]], derive: Callable[[FileFacts], Any] | None,
                 as_json: bool) -> list[tuple[FileFacts, Any, bytes | None]]:
    """Each file's facts, `derive` of them (None without `derive`) and, if `as_json`, the facts as
    JSON text: encoded in the workers, the main process only writes them."""
    job = partial(_analyze_and_derive, derive, as_json)
    if len(work) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return [job(item) for item in work]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 2, 4)) as pool:
            return list(pool.map(job, work, chunksize=32))
    except (OSError, RuntimeError):  # a broken pool (e.g. no /dev/shm): do it here instead
        return [job(item) for item in work]


def _analyze_and_derive(derive: Callable[[FileFacts], Any] | None, as_json: bool,
                        item: tuple[str, str, bool]) -> tuple[FileFacts, Any, bytes | None]:
    facts = _analyze_one(item)
    return facts, derive(facts) if derive is not None else None, facts_json(facts) if as_json else None


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
