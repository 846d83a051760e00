"""What each file held when it was last read, keyed by its stat: an unchanged file is neither read
nor hashed again.

An entry is trusted only while the file's size, modification time, change time and inode are all
the same as when it was read; any difference means the file is read again. A file modified less
than `RACY_NS` before the run is not remembered at all: within a file system's timestamp
granularity it could change again without its stat changing ("racily clean", as git calls it);
the change time counts too, since a tool can put the modification time back.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from analyzers.cache import ANALYZER_VERSION, read_json, write_json
from analyzers.walk import WalkedFile

STAT_FILE = "stat.json"
_FORMAT = "scaffolder-stat-1"
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Known:
    """What a read of the file found: the SHA-256 of its bytes ("" when it is not text), whether
    it constructs a FastAPI app (`FastAPI(` in a Python file), and why it was skipped ("" if not)."""

    digest: str
    server: bool = False
    note: str = ""


class StatIndex:
    """path → (size, mtime_ns, ctime_ns, inode, Known), loaded once and saved once if it changed."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.started_ns = time.time_ns()
        self.entries: dict[str, Any] = _load(folder)
        self.fresh: dict[str, Any] = {}
        self.changed = False

    def lookup(self, item: WalkedFile) -> Known | None:
        """What the file held, if its stat is exactly as recorded; else None (read it)."""
        raw = self.entries.get(item.path)
        known = _decode(raw, item) if raw is not None else None
        if known is not None:
            self.fresh[item.path] = raw
        return known

    def record(self, item: WalkedFile, known: Known) -> None:
        self.changed = True
        if item.mtime_ns and max(item.mtime_ns, item.ctime_ns) + RACY_NS < self.started_ns:
            self.fresh[item.path] = [item.size, item.mtime_ns, item.ctime_ns, item.inode,
                                     known.digest, int(known.server), known.note]

    def save(self) -> None:
        """Write the entries of this run's files (dropping others); failures are ignored, since
        the facts cache reports an unwritable folder already."""
        if not self.folder or (not self.changed and len(self.fresh) == len(self.entries)):
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            write_json(self.folder, STAT_FILE, {"format": _FORMAT, "version": ANALYZER_VERSION,
                                                "entries": self.fresh})
        except OSError:
            pass


def _load(folder: str | None) -> dict[str, Any]:
    data = read_json(os.path.join(folder, STAT_FILE)) if folder else None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("version") != ANALYZER_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _decode(raw: Any, item: WalkedFile) -> Known | None:
    """The entry's Known when it is well formed and its stat matches the file's exactly. (The
    digest only ever feeds a hash, the cache key: any 64 characters are harmless.)"""
    if type(raw) is not list or len(raw) != 7:
        return None
    size, mtime, ctime, inode, digest, server, note = raw
    if mtime != item.mtime_ns or size != item.size or inode != item.inode or ctime != item.ctime_ns:
        return None
    if not (type(size) is type(mtime) is type(ctime) is type(inode) is type(server) is int) or not mtime:
        return None
    if type(digest) is not str or type(note) is not str or len(note) > 500 or len(digest) != (0 if note else 64):
        return None
    return Known(digest, bool(server), note)
