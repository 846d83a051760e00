"""Rank files for a feature: BM25F over evidence fields, role priors, graph propagation."""
from __future__ import annotations

import math
from dataclasses import dataclass

from rules.evidence import FIELD_WEIGHTS, Evidence
from rules.intents import Query

K1 = 1.2
B = 0.5


@dataclass(frozen=True, slots=True)
class LexicalScore:
    """A file's lexical score and its best matches: (field, stem, sample word, contribution)."""

    path: str
    score: float
    matches: tuple[tuple[str, str, str, float], ...]


def lexical_scores(query: Query, evidence: tuple[Evidence, ...]) -> dict[str, LexicalScore]:
    count = max(len(evidence), 1)
    fields = [{name: dict((s, (c, w)) for s, c, w in entries) for name, entries in ev.fields} for ev in evidence]
    averages = {name: max(sum(dict(ev.lengths)[name] for ev in evidence) / count, 1.0) for name in FIELD_WEIGHTS}
    frequency: dict[str, int] = {}
    for per_field in fields:
        for stem in {s for table in per_field.values() for s in table}:
            frequency[stem] = frequency.get(stem, 0) + 1
    out = {}
    for ev, per_field in zip(evidence, fields):
        lengths = dict(ev.lengths)
        total = 0.0
        matches = []
        for stem, weight in query.terms:
            df = frequency.get(stem, 0)
            if not df:
                continue
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            pseudo = 0.0
            best: tuple[float, str, str] = (0.0, "", "")
            for name, field_weight in FIELD_WEIGHTS.items():
                hit = per_field[name].get(stem)
                if not hit:
                    continue
                norm = 1 - B + B * lengths[name] / averages[name]
                part = field_weight * hit[0] / norm
                pseudo += part
                best = max(best, (part, name, hit[1]))
            if pseudo:
                gain = weight * idf * pseudo / (K1 + pseudo)
                total += gain
                matches.append((best[1], stem, best[2], round(gain, 6)))
        matches.sort(key=lambda m: (-m[3], m[1]))
        out[ev.path] = LexicalScore(ev.path, total, tuple(matches))
    return out
