"""Per-file evidence remembered between runs, beside the facts cache, keyed by the same content
key: splitting and stemming every identifier of a large repository costs more than the rest of a
warm run."""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from analyzers.cache import code_fingerprint, read_json, write_entries
from analyzers.model import FileFacts
from rules.evidence import Evidence, file_evidence

EVIDENCE_FILE = "evidence.json"
_FORMAT = "scaffolder-evidence-1"
# Evidence is derived by this code from the facts: stored evidence is not reused once it changes.
_CODE = ("rules/evidence.py", "rules/terms.py")


def evidence_json(evidence: Evidence) -> bytes:
    return json.dumps(_encode(evidence), separators=(",", ":")).encode()


def known_evidence(folder: str | None, files: tuple[FileFacts, ...], keys: tuple[str, ...]) -> dict[str, Evidence]:
    """Evidence by path for every file, read from the store where it holds the key, else computed
    here; the store is rewritten when anything was computed or dropped."""
    found, save = evidence_elsewhere(folder, files, keys, {})
    save()
    return {f.path: found[n] for n, f in enumerate(files)}


def evidence_elsewhere(folder: str | None, files: tuple[FileFacts, ...], keys: tuple[str, ...],
                       computed: Mapping[str, bytes]) -> tuple[dict[int, Evidence], Callable[[], None]]:
    """Evidence of the files whose evidence this run has not computed yet (not in `computed`, the
    stored form of the others by path), by number: read from the store where it holds the file's
    key, else computed here. And the job that rewrites the store, to be run when convenient: it
    does nothing unless something was computed or dropped."""
    stored = _load(folder)
    out: dict[int, Evidence] = {}
    fresh: dict[str, Any] = {}
    for number, (facts, key) in enumerate(zip(files, keys)):
        raw = computed.get(facts.path)
        if raw is None:
            raw = stored.get(key) if key else None
            evidence = _decode(facts.path, raw) if raw is not None else None
            if evidence is None:
                evidence = file_evidence(facts)
                raw = evidence_json(evidence)
            out[number] = evidence
        if key:
            fresh[key] = raw
    if folder and set(fresh) != set(stored):
        return out, partial(_save, folder, fresh)
    return out, _nothing


def _nothing() -> None:
    pass


def _encode(evidence: Evidence) -> Any:
    return evidence.fields  # [[name, [[stem, count, sample], ...]], ...]: JSON writes tuples as lists


def _decode(path: str, raw: Any) -> Evidence | None:
    try:
        fields = tuple((str(name), tuple((str(s), int(c), str(w)) for s, c, w in entries)) for name, entries in raw)
    except (TypeError, ValueError, OverflowError):
        return None
    if any(not 0 < c < 10_000_000 for _, entries in fields for _, c, _ in entries):
        return None
    return Evidence(path, fields, tuple((name, sum(c for _, c, _ in entries)) for name, entries in fields))


def _load(folder: str | None) -> dict[str, Any]:
    data = read_json(os.path.join(folder, EVIDENCE_FILE)) if folder else None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"] if data.get("code") == code_fingerprint(_CODE) else {}


def _save(folder: str, entries: dict[str, Any]) -> None:
    if os.path.isdir(folder):
        with contextlib.suppress(OSError):
            write_entries(folder, EVIDENCE_FILE, {"format": _FORMAT, "code": code_fingerprint(_CODE)}, entries)
