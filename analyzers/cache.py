"""Per-file facts cached by content hash in `<repo>/.scaffolder_cache/` (or $SCAFFOLDER_CACHE_DIR).

The key never depends on the feature text: it is the tool's analyzer version, the file's path
and the SHA-256 of its bytes. A corrupt or foreign cache file is ignored and rebuilt; writes go
to a temporary file that is renamed into place, so concurrent runs never leave a torn file.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import stat
import tempfile
from typing import Any

from analyzers.codec import decode_facts, facts_json
from analyzers.model import FileFacts

# Bump when any analyzer's output changes, so old entries are never reused.
ANALYZER_VERSION = "30"
CACHE_DIR_NAME = ".scaffolder_cache"
CACHE_FILE = "facts.json"
_FORMAT = "scaffolder-facts"


def cache_key(path: str, digest: str) -> str:
    return hashlib.sha256(f"{ANALYZER_VERSION}\0{path}\0{digest}".encode()).hexdigest()[:32]


class FactsCache:
    """A dict of key → FileFacts loaded once, saved once if anything new was added."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.entries: dict[str, Any] = {}
        self.fresh: dict[str, Any] = {}
        self.used: set[str] = set()
        if folder:
            self.entries = _load(os.path.join(folder, CACHE_FILE))

    def get(self, key: str) -> FileFacts | None:
        raw = self.entries.get(key)
        if raw is None:
            return None
        try:
            facts = decode_facts(raw)
        except (ValueError, TypeError, AssertionError):
            return None
        self.used.add(key)
        return facts

    def put(self, key: str, facts: FileFacts, text: bytes | None = None) -> None:
        """Remember `facts` under `key`; `text` is their JSON text when the caller has it already."""
        if not self.folder:
            return  # --no-cache: encoding 6,000 files' facts would cost a second for nothing
        self.fresh[key] = text if text is not None else facts_json(facts)
        self.used.add(key)

    def save(self) -> str | None:
        """Write entries used in this run (dropping stale ones); the reason if it could not."""
        if not self.folder or (not self.fresh and self.used == set(self.entries)):
            return None
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        kept.update(self.fresh)
        try:
            os.makedirs(self.folder, exist_ok=True)
            _write_gitignore(self.folder)
            write_entries(self.folder, CACHE_FILE, {"format": _FORMAT, "version": ANALYZER_VERSION}, kept)
        except OSError as exc:
            return f"cache not written to {self.folder} ({exc.strerror or exc}); pass --no-cache to skip it"
        return None


def read_json(path: str) -> Any:
    """The JSON document at `path`, or None when it is missing, unreadable, not JSON, or not a
    regular file (a link could point anywhere; a FIFO would block the read forever)."""
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return None
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None


def write_json(folder: str, name: str, data: Any) -> None:
    """Write `data` as compact, key-sorted JSON to `folder/name`, atomically. Raises OSError."""
    # json.dumps, not json.dump: only the one-shot call uses the C encoder (10x faster).
    write_chunks(folder, name, [json.dumps(data, separators=(",", ":"), sort_keys=True).encode()])


def write_entries(folder: str, name: str, head: dict[str, Any], entries: dict[str, Any]) -> None:
    """Write `{**head, "entries": entries}` as `write_json` does, where an entry may already be JSON
    text (bytes): a cold run's entries are encoded in the parsing workers, not here. Raises OSError."""
    plain = {k: v for k, v in entries.items() if type(v) is not bytes}
    chunks = [b'{"entries":', json.dumps(plain, separators=(",", ":")).encode()[:-1]]
    for key, value in entries.items():
        if type(value) is bytes:
            chunks += [b"," if len(chunks) > 2 or plain else b"", json.dumps(key).encode(), b":", value]
    chunks += [b"},", json.dumps(head, separators=(",", ":")).encode()[1:]]
    write_chunks(folder, name, chunks)


def write_chunks(folder: str, name: str, chunks: list[bytes]) -> None:
    """Write the bytes of `chunks` to `folder/name` atomically (temporary file, then rename); no
    temporary file survives a failure. Raises OSError."""
    handle, temp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.writelines(chunks)
        os.replace(temp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def map_file(path: str) -> mmap.mmap | None:
    """A read-only mapping of the regular file at `path`, or None when it is missing, empty, a
    link or anything but a regular file. The mapping keeps the file as it was when opened, even
    if another run replaces it meanwhile."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
            return None
        return mmap.mmap(handle, 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    finally:
        os.close(handle)


def code_fingerprint(sources: tuple[str, ...]) -> str:
    """A digest of the given project source files (paths from the project root): a cache of
    values that this code derives must not outlive a change to it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256()
    for name in sources:
        try:
            with open(os.path.join(root, name), "rb") as fh:
                digest.update(hashlib.sha256(fh.read()).digest())
        except OSError:
            digest.update(b"missing " + name.encode())
    return digest.hexdigest()[:32]


def cache_folder(repo_root: str) -> str | None:
    """$SCAFFOLDER_CACHE_DIR/<tag of the repo>, else <repo>/.scaffolder_cache.

    None (no cache) when the in-repo folder is a link: a repository could otherwise point it
    anywhere on the machine and have every run write there.
    """
    override = os.environ.get("SCAFFOLDER_CACHE_DIR")
    if override:
        tag = hashlib.sha256(os.fsencode(os.path.realpath(repo_root))).hexdigest()[:16]
        return os.path.join(override, tag)
    folder = os.path.join(repo_root, CACHE_DIR_NAME)
    return None if os.path.islink(folder) else folder


def _load(path: str) -> dict[str, Any]:
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("version") != ANALYZER_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write_gitignore(folder: str) -> None:
    """Create `<folder>/.gitignore` unless something (even a dangling link) is already there."""
    path = os.path.join(folder, ".gitignore")
    if os.path.lexists(path):
        return
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="utf-8") as fh:
        fh.write("*\n")
