"""Stems remembered between runs, next to the facts cache: stemming every identifier of a
repository costs more than reading the cached facts themselves."""
from __future__ import annotations

import json
import os
import tempfile

from rules.terms import known_stems, load_stems

STEMS_FILE = "stems.json"


def load(folder: str | None) -> int:
    if not folder:
        return 0
    try:
        with open(os.path.join(folder, STEMS_FILE), encoding="utf-8") as fh:
            table = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return 0
    if isinstance(table, dict):
        load_stems(table)
        return len(table)
    return 0


def save(folder: str | None, loaded: int) -> None:
    table = known_stems()
    if not folder or len(table) == loaded or not os.path.isdir(folder):
        return
    try:
        handle, temp = tempfile.mkstemp(prefix=".stems-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            json.dump(table, fh, separators=(",", ":"), sort_keys=True)
        os.replace(temp, os.path.join(folder, STEMS_FILE))
    except OSError:
        pass
