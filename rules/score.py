"""Rank files for a feature: BM25F over evidence fields, role priors, graph propagation."""
from __future__ import annotations

import math
from dataclasses import dataclass

from rules.evidence import FIELD_WEIGHTS, Evidence
from rules.intents import Query
from rules.terms import terms

K1 = 1.2
B = 0.5
# A word in a file's path or a symbol name counts as a strong match (pseudo term frequency).
STRONG_MATCH = 5.0
# A file named after two or more of the feature's own words (`TradeHistory.jsx` for "View trade
# history") is its subject, however often other files repeat those words in strings.
NAME_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class LexicalScore:
    """A file's lexical score and its best matches: (field, stem, sample word, contribution)."""

    path: str
    score: float
    matches: tuple[tuple[str, str, str, float], ...]


def reference_score(query: Query, evidence: tuple[Evidence, ...]) -> float:
    """What a file matching every feature word well would score: the scale for "strong"."""
    count = max(len(evidence), 1)
    frequency = _frequencies(evidence)
    total = 0.0
    for stem, weight in query.terms:
        total += _strong_gain(query, stem, weight, _idf(count, frequency.get(stem, 0)))
    return total or 1.0


def _idf(files: int, df: int) -> float:
    return math.log(1 + (files - df + 0.5) / (df + 0.5))


def _strong_gain(query: Query, stem: str, weight: float, idf: float) -> float:
    """What a strong match of the stem adds to the reference score: nothing for a word only the
    description holds (a description's words break ties; they do not raise the bar), nor for an
    alternate spelling of title words already counted."""
    return 0.0 if stem in query.body or stem in query.alternates else weight * idf * STRONG_MATCH / (K1 + STRONG_MATCH)


def own_words(query: Query) -> frozenset[str]:
    """The feature's own stems, not the rule synonyms added to the query."""
    return frozenset(stem for stem, weight in query.terms if weight >= 1.0)


def name_share(words: frozenset[str], path: str) -> float:
    """Share of the feature's own words (`own_words`) that the file's name spells, when at least
    two of them do; 0 otherwise."""
    named = words.intersection(terms(path.rsplit("/", 1)[-1].split(".", 1)[0]))
    return len(named) / len(words) if len(named) >= 2 else 0.0


def _frequencies(evidence: tuple[Evidence, ...]) -> dict[str, int]:
    frequency: dict[str, int] = {}
    for ev in evidence:
        for stem in {s for _, entries in ev.fields for s, _, _ in entries}:
            frequency[stem] = frequency.get(stem, 0) + 1
    return frequency


def lexical_scores(query: Query, evidence: tuple[Evidence, ...]) -> dict[str, LexicalScore]:
    count = max(len(evidence), 1)
    fields = [{name: dict((s, (c, w)) for s, c, w in entries) for name, entries in ev.fields} for ev in evidence]
    all_lengths = [dict(ev.lengths) for ev in evidence]
    averages = {name: max(sum(lengths[name] for lengths in all_lengths) / count, 1.0) for name in FIELD_WEIGHTS}
    frequency = _frequencies(evidence)
    idfs = {stem: _idf(count, df) for stem, df in frequency.items()}
    out = {}
    for ev, per_field, lengths in zip(evidence, fields, all_lengths):
        total = 0.0
        matches = []
        present = {stem for table in per_field.values() for stem in table}
        for stem, weight in query.terms:
            if stem not in present:
                continue
            idf = idfs[stem]
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


def sparse_scores(query: Query, paths: tuple[str, ...], fields: list[str], lengths: list[int],
                  postings: dict[str, tuple[list[int], list[int], list[int], list[str]]]
                  ) -> tuple[dict[str, LexicalScore], float]:
    """`lexical_scores` and `reference_score` from per-stem postings (file, field, count, sample):
    the same float operations in the same order, but only files holding a query stem are visited."""
    count = max(len(paths), 1)
    width = len(fields)
    at = {name: j for j, name in enumerate(fields)}
    averages = {name: max(sum(lengths[at[name]::width]) / count, 1.0) for name in FIELD_WEIGHTS}
    order = [(at[name], name, weight) for name, weight in FIELD_WEIGHTS.items()]
    weights = {j: (name, weight) for j, name, weight in order}
    totals: dict[int, float] = {}
    found: dict[int, list[tuple[str, str, str, float]]] = {}
    reference = 0.0
    for stem, weight in query.terms:
        files, field_ids, counts, samples = postings.get(stem, ([], [], [], []))
        df = len(set(files))
        idf = _idf(count, df)
        reference += _strong_gain(query, stem, weight, idf)
        if not df:
            continue
        # Most files hold a stem in one field: those skip the walk over every field.
        single: dict[int, tuple[int, int, str]] = {}
        several: dict[int, dict[int, tuple[int, str]]] = {}
        for number, field, c, sample in zip(files, field_ids, counts, samples):
            if number in several:
                several[number][field] = (c, sample)
            elif number in single:
                first, first_count, first_sample = single.pop(number)
                several[number] = {first: (first_count, first_sample), field: (c, sample)}
            else:
                single[number] = (field, c, sample)
        for number, (j, c, sample) in single.items():
            known = weights.get(j)
            if known is None:
                continue
            name, field_weight = known
            pseudo = field_weight * c / (1 - B + B * lengths[number * width + j] / averages[name])
            if pseudo > 0:  # one field: its part is the whole pseudo-count and the best match
                gain = weight * idf * pseudo / (K1 + pseudo)
                totals[number] = totals.get(number, 0.0) + gain
                found.setdefault(number, []).append((name, stem, sample, round(gain, 6)))
        for number, per_field in several.items():
            pseudo = 0.0
            best = (0.0, "", "")
            base = number * width
            for j, name, field_weight in order:
                hit = per_field.get(j)
                if not hit:
                    continue
                norm = 1 - B + B * lengths[base + j] / averages[name]
                part = field_weight * hit[0] / norm
                pseudo += part
                best = max(best, (part, name, hit[1]))
            if pseudo:
                gain = weight * idf * pseudo / (K1 + pseudo)
                totals[number] = totals.get(number, 0.0) + gain
                found.setdefault(number, []).append((best[1], stem, best[2], round(gain, 6)))
    out = {}
    for number, path in enumerate(paths):
        matches = found.get(number, [])
        matches.sort(key=lambda m: (-m[3], m[1]))
        out[path] = LexicalScore(path, totals.get(number, 0.0), tuple(matches))
    return out, reference or 1.0
