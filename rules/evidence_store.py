"""Per-file evidence remembered between runs, beside the facts cache, keyed by the same content
key: splitting and stemming every identifier of a large repository costs more than the rest of a
warm run."""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from typing import Any

from analyzers.cache import code_fingerprint, read_json, write_entries
from analyzers.model import FileFacts
from rules.evidence import Evidence, file_evidence

EVIDENCE_FILE = "evidence.json"
_FORMAT = "scaffolder-evidence-1"
# Evidence is derived by this code from the facts: stored evidence is not reused once it changes.
_CODE = ("rules/evidence.py", "rules/terms.py")


def evidence_and_json(facts: FileFacts) -> tuple[Evidence, bytes]:
    """The file's evidence and its stored form as JSON text: made in a parsing worker, so that the
    main process only writes it."""
    evidence = file_evidence(facts)
    return evidence, json.dumps(_encode(evidence), separators=(",", ":")).encode()


def known_evidence(folder: str | None, files: tuple[FileFacts, ...], keys: tuple[str, ...],
                   computed: Mapping[str, tuple[Evidence, bytes]] | None = None) -> dict[str, Evidence]:
    """Evidence by path for every file, read from the store where it holds the key, else taken from
    `computed` (by path, made beside the analyzer by `evidence_and_json`), else computed here; the
    store is rewritten when anything was computed or dropped."""
    stored = _load(folder)
    out: dict[str, Evidence] = {}
    fresh: dict[str, Any] = {}
    for facts, key in zip(files, keys):
        raw = stored.get(key) if key else None
        evidence = _decode(facts.path, raw) if raw is not None else None
        if evidence is None:
            evidence, raw = (computed or {}).get(facts.path) or evidence_and_json(facts)
        if key:
            fresh[key] = raw
        out[facts.path] = evidence
    if folder and set(fresh) != set(stored):
        _save(folder, fresh)
    return out


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
