"""Scan a repository: walk the scope, read each file, run its analyzer (or reuse cached facts).

Two steps, so that a caller holding a repository-level index can stop after the first:
`inventory` walks the scope and learns every file's content key (reading only files whose stat
changed since the last run), `gather` turns an inventory into facts.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analyzers.batches import Batches, Derive, Item, parallel_possible
from analyzers.cache import FactsCache, cache_folder, cache_key
from analyzers.codec import facts_json
from analyzers.model import Diagnostic, FileFacts
from analyzers.paths import import_root, package_folders
from analyzers.registry import Analyzer, analyzer_for
from analyzers.source import Source, decode_source, read_bytes
from analyzers.stat_index import Known, StatIndex
from analyzers.walk import DEFAULT_SCOPE, WalkedFile, WalkResult, walk

_CODE = frozenset({"python", "typescript", "javascript"})
_GENERATED = re.compile(r"auto-?generated|@generated|\bgenerated (?:by|from|with)\b|do not edit", re.I)
_COMMENT_STARTS = ("#", "//", "/*", "*", '"""', "'''")
_HEAD_LINES = 5
_HEAD_CHARS = 1000


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
class EarlyStart:
    """How to analyse files handed over while the inventory still reads (see `inventory`)."""

    derive: Derive | None
    as_json: bool


@dataclass(frozen=True, slots=True)
class Inventory:
    """Every in-scope file with its content key ("" when it is not text), before any analysis.

    `texts` holds the files read in this run and not handed over for analysis yet, by index;
    `notes` what the walk and the reads skipped; `light` whether a Python file lies outside the
    server folders (lexical facts only). `started` lists the files whose analysis began during
    the inventory, in the order handed to `batches`, where `gather` takes their results; `close`
    stops that work if nothing will.
    """

    root: str
    files: tuple[WalkedFile, ...]
    keys: tuple[str, ...]
    light: tuple[bool, ...]
    texts: dict[int, str]
    notes: tuple[Diagnostic, ...]
    started: tuple[int, ...] = ()
    batches: Batches | None = field(default=None, compare=False, repr=False)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.files)

    def close(self) -> None:
        if self.batches is not None:
            self.batches.close()


def scan(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE, use_cache: bool = True) -> RepoFacts:
    folder = cache_folder(root) if use_cache else None
    return gather(inventory(root, scope, folder), folder)


def inventory(root: str, scope: tuple[str, ...], folder: str | None, early: EarlyStart | None = None) -> Inventory:
    """Walk the scope and key every file; a file whose stat is unchanged since the last run (as
    recorded in `folder`) is not read. `folder` None: read everything, record nothing.

    With `early` (the caller will analyse every file read here: no facts are cached) and files
    enough for a process pool, each file is handed to the pool's workers as soon as it is read
    (a Python file once every file is read: whether it gets the light analysis depends on them
    all), so that parsing overlaps the reading."""
    walked = walk(root, scope)
    batches = None
    if early is not None and parallel_possible(len(walked.files)):
        batches = Batches(_analyze_item, early.derive, early.as_json, True)
    try:
        return _inventory(root, walked, folder, batches)
    except BaseException:
        if batches is not None:
            batches.close()
        raise


def _inventory(root: str, walked: WalkResult, folder: str | None, batches: Batches | None) -> Inventory:
    index = StatIndex(folder)
    notes = list(walked.diagnostics)
    found: list[Known | None] = []
    texts: dict[int, str] = {}
    started: list[int] = []
    for number, item in enumerate(walked.files):
        known = index.lookup(item)
        if known is None:
            known, text = _read(item, notes)
            if text is not None:
                if batches is not None and not item.path.endswith(".py"):
                    batches.add((number, item.path, text, False))
                    started.append(number)
                else:
                    texts[number] = text
            if known is not None:
                index.record(item, known)
        elif known.note:
            notes.append(Diagnostic(item.path, known.note))
        found.append(known)
    server_dirs = _server_folders([(f.path, k) for f, k in zip(walked.files, found)])
    light = tuple(_is_outside(f.path, server_dirs) for f in walked.files)
    if batches is not None:
        started.extend(texts)
        batches.add_last([(number, walked.files[number].path, text, light[number]) for number, text in texts.items()])
        texts = {}  # handed over: the batches hold them until they are analysed
    index.save()
    keys = tuple(_content_key(f.path, k.digest, lit) if k and k.digest else ""
                 for f, k, lit in zip(walked.files, found, light))
    return Inventory(root, walked.files, keys, light, texts, tuple(notes), tuple(started), batches)


def gather(inv: Inventory, folder: str | None) -> RepoFacts:
    """Facts of every file in the inventory: cached by content key, else analysed."""
    return _gather(inv, folder, False)[0]


def gather_for_index(inv: Inventory, folder: str | None, derive: Derive
                     ) -> tuple[RepoFacts, list[bytes], dict[str, Any], list[Any]]:
    """`gather`; with a `folder`, each file's facts as JSON text (for an index built from them);
    `derive`'s value for each file analysed in this run, by path; and its value for each batch of
    them (see `analyzers.batches`: `derive` runs in the pool's workers when there is a pool)."""
    return _gather(inv, folder, folder is not None, derive)


def _gather(inv: Inventory, folder: str | None, keep: bool, derive: Derive | None = None
            ) -> tuple[RepoFacts, list[bytes], dict[str, Any], list[Any]]:
    cache = FactsCache(folder)
    slots: list[FileFacts | None] = []
    encoded: list[Any] = []  # JSON text, or a cached entry's JSON value
    started = frozenset(inv.started)
    pending: list[tuple[str, Item]] = []
    notes = list(inv.notes)
    for number, (item, key, light) in enumerate(zip(inv.files, inv.keys, inv.light)):
        if not key or number in started:
            slots.append(FileFacts(item.path, "binary", 0) if not key else None)
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
            pending.append((key, (number, item.path, text, light)))
        slots.append(cached)
        encoded.append(cache.entries[key] if cached is not None and keep else None)
    batches = inv.batches or Batches(_analyze_item, derive, folder is not None, parallel_possible(len(pending)))
    with batches:
        batches.add_last([work for _key, work in pending])
        analysed, batch_values = batches.results()
    order = [(inv.keys[number], number) for number in inv.started] + [(key, work[0]) for key, work in pending]
    derived: dict[str, Any] = {}
    for (key, number), (facts, extra, raw) in zip(order, analysed):
        slots[number] = facts
        encoded[number] = raw
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
    return RepoFacts(inv.root, files, sorted_notes(notes), inv.keys), texts, derived, batch_values


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
    return _analyze_one(item.path, text, inv.light[number])


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
    """The import roots of Python files that construct a FastAPI app: where the app's server code
    lives. A root is the app's folder, or the first folder above it that is not a package, since an
    app built in `src/server/__init__.py` mounts routers from `src/api/`.

    A cheap text test, made before any parse, so that Python outside these folders can get
    the light analysis. No FastAPI app at all means every Python file is parsed in full.
    """
    folders = package_folders(path for path, _known in found)
    return tuple(sorted({import_root(posixpath.dirname(path), folders) for path, known in found
                         if known and known.server and path.endswith(".py")}))


def _is_outside(path: str, server_dirs: tuple[str, ...]) -> bool:
    if not path.endswith(".py") or not server_dirs:
        return False
    return not any(d == "" or path.startswith(d + "/") for d in server_dirs)


def _analyze_item(item: Item) -> FileFacts:
    _number, path, text, light = item
    return _analyze_one(path, text, light)


def _analyze_one(path: str, text: str, light: bool) -> FileFacts:
    if light:
        from analyzers.python_light import analyze

        return _guarded(analyze, path, text)
    return analyze_text(path, text)


def is_generated(text: str) -> bool:
    """Whether a comment in the file's first lines says a tool wrote it: `auto-generated`,
    `@generated`, `Generated by …`, `DO NOT EDIT`."""
    head = text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES]
    return any(_GENERATED.search(line) for line in head if line.lstrip().startswith(_COMMENT_STARTS))


def analyze_text(path: str, text: str) -> FileFacts:
    """Run the file's analyzer; an analyzer bug becomes a diagnostic, never a crash."""
    return _guarded(analyzer_for(path), path, text)


def _guarded(analyzer: Analyzer, path: str, text: str) -> FileFacts:
    try:
        facts = analyzer(path, text)
        return replace(facts, generated=True) if facts.language in _CODE and is_generated(text) else facts
    except RecursionError:
        why = "nesting too deep to analyse"
    except Exception as exc:  # an analyzer must not take the whole plan down with it
        why = f"could not analyse ({type(exc).__name__})"
    return FileFacts(path, "other", text.count("\n") + 1, diagnostics=(Diagnostic(path, why),))
