"""Which rules a feature text triggers, and the query terms it yields."""
from __future__ import annotations

from dataclasses import dataclass

from rules.model import Rule
from rules.terms import phrase_terms, terms

EXPANSION_WEIGHT = 0.35


@dataclass(frozen=True, slots=True)
class Query:
    """Stemmed feature terms with weights, and the rules they matched (with the words that did)."""

    terms: tuple[tuple[str, float], ...]
    matched: tuple[tuple[Rule, tuple[str, ...]], ...]


def build_query(feature: str, rules: tuple[Rule, ...]) -> Query:
    stems = terms(feature)
    weights: dict[str, float] = {s: 1.0 for s in stems}
    matched = []
    words = phrase_terms(feature)
    for rule in rules:
        hits = _hits(rule, words)
        if hits or not rule.keywords:
            matched.append((rule, hits))
            for word in rule.synonyms:
                for stem in terms(word):
                    weights.setdefault(stem, EXPANSION_WEIGHT * rule.weight)
    return Query(tuple(sorted(weights.items())), tuple(matched))


def _hits(rule: Rule, stems: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for phrase in rule.keywords:
        if _contains(stems, phrase):
            found.append(" ".join(phrase))
    return tuple(found)


def _contains(stems: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(stems[i:i + n] == phrase for i in range(len(stems) - n + 1))
