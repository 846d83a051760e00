"""Which rules a feature text triggers, and the query terms it yields."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rules.model import Rule, Variant
from rules.terms import phrase_terms, split_words, stem, terms, without_actor

EXPANSION_WEIGHT = 0.35
# Words after the feature's first line (its description) only break ties between files. At full
# weight a description's prose drowned the title's words and triggered unrelated rules: on the
# bench's title+description texts F1 fell from 0.54 to 0.40.
BODY_WEIGHT = 0.05


@dataclass(frozen=True, slots=True)
class Query:
    """Stemmed feature terms with weights, and the rules they matched (with the words that did).
    `body`: the stems only the description after the first line holds; `alternates`: the stems of
    mixed-case names read whole (`joined_words`), another spelling of words already counted;
    `left_alone`: roles the repository shows the feature does not need (`rules.served`);
    `variants`: the variants the title selects of the rules its words matched, with their rule's id."""

    terms: tuple[tuple[str, float], ...]
    matched: tuple[tuple[Rule, tuple[str, ...]], ...]
    body: frozenset[str] = frozenset()
    alternates: frozenset[str] = frozenset()
    left_alone: frozenset[str] = frozenset()
    variants: tuple[tuple[str, Variant], ...] = ()


def split_title(feature: str) -> tuple[str, str]:
    """The first non-blank line (the title), stripped, and the text after it."""
    lines = feature.splitlines()
    at = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return (lines[at].strip(), "\n".join(lines[at + 1:])) if at < len(lines) else ("", "")


def build_query(feature: str, rules: tuple[Rule, ...], records: frozenset[str] | None = None) -> Query:
    """Rules match the first line (the title) only; the rest of the text adds weak terms.
    `records`: the stems naming the app's records (see `rules.rank.record_words`); a rule's
    `record_keywords` count only when the title names one. None: not known, they always count."""
    title, description = split_title(feature)
    # Whom the request is for ("Let readers…") is not what it is about.
    weights: dict[str, float] = {s: 1.0 for s in terms(" ".join(without_actor(split_words(title))))}
    alternates = frozenset(joined_words(title)) - set(weights)
    weights.update((s, 1.0) for s in alternates)
    body = set(terms(description)) - set(weights)
    weights.update((s, BODY_WEIGHT) for s in body)
    matched = []
    variants: list[tuple[str, Variant]] = []
    words = phrase_terms(title)
    said = tuple(w for w in split_words(title) if not w.isdigit())  # the words `words` are the stems of
    names_record = records is None or bool(records.intersection(terms(title)))
    names = _joined_spans(title)
    found = [_spans(rule.keywords + (rule.record_keywords if names_record else ()), words, said, names)
             for rule in rules]
    claimed = [(rule.pack, at, at + n) for rule, spans in zip(rules, found) for at, n, _ in spans if n > 1]
    for rule, spans in zip(rules, found):
        # A word inside a longer phrase another rule of its pack matched is that phrase's: "log" in
        # "log in" means signing in, not a history. (Layers do not compete with intents.)
        hits = tuple(dict.fromkeys(text for at, n, text in spans
                                   if not any(pack == rule.pack and start <= at and at + n <= end and end - start > n
                                              for pack, start, end in claimed)))
        if hits or not (rule.keywords or rule.record_keywords):
            chosen = _selected(rule, words)
            matched.append((_as_said(rule, chosen), hits))
            variants.extend((rule.id, v) for v in chosen)
            for word in rule.synonyms:
                for stem in terms(word):
                    if stem not in weights or stem in body:  # a rule's synonym outranks a description word
                        weights[stem] = EXPANSION_WEIGHT * rule.weight
                        body.discard(stem)
    return Query(tuple(sorted(weights.items())), tuple(matched), frozenset(body), alternates,
                 variants=tuple(variants))


def _selected(rule: Rule, stems: tuple[str, ...]) -> list[Variant]:
    """The rule's variants the title's `stems` select."""
    return [v for v in rule.variants if any(_position(stems, phrase) is not None for phrase in v.keywords)]


def _as_said(rule: Rule, chosen: list[Variant]) -> Rule:
    """The rule with what the variants the title selects (`chosen`) add to a plan in place of its own."""
    if not chosen:
        return rule

    def merged(field: str) -> tuple[str, ...]:
        said = tuple(dict.fromkeys(item for v in chosen for item in getattr(v, field)))
        return said or getattr(rule, field)
    return replace(rule, edge_cases=merged("edge_cases"), acceptance=merged("acceptance"),
                   libraries=merged("libraries"))


def joined_words(title: str) -> tuple[str, ...]:
    """Stems of the title's mixed-case names read whole: `SQLite` is `sqlite` as code imports it,
    besides the `sq` + `lite` its camel-case split gives."""
    return tuple(stem(chunk.lower()) for chunk in re.findall(r"[A-Za-z]+", title)
                 if mixed_case(chunk) and len(split_words(chunk)) > 1)


def mixed_case(word: str) -> bool:
    """Whether a word's case changes inside it, as in a name: `GitHub`, `SQLite`, `OpenAI`."""
    return bool(_MIXED_CASE.search(word))


_MIXED_CASE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_CHUNK = re.compile(r"[A-Za-z0-9]+")  # as `split_words` cuts a text before its camel-case split


# Before a participle these make it a state the feature shows, not what the feature does:
# "when each report was generated", "auto-generated IDs", "rename an uploaded table".
_STATE_MARKERS = frozenset("""is are was were be been being auto pre a an the each every all my your our their its
this that these those""".split())


def _spans(keywords: tuple[tuple[str, ...], ...], stems: tuple[str, ...], said: tuple[str, ...],
           names: dict[str, tuple[int, int]]) -> tuple[tuple[int, int, str], ...]:
    """Where (first word, length, the words) the title matches each of the keyword phrases; a
    participle that only describes a state ("was generated") does not match. A one-word keyword
    also matches a mixed-case name read whole (`github` in "Sign in with GitHub"): `names`."""
    found = []
    for phrase in keywords:
        at = _position(stems, phrase)
        if at is not None and not (len(phrase) == 1 and _a_state(said, at)):
            found.append((at, len(phrase), " ".join(said[at:at + len(phrase)])))
        elif len(phrase) == 1 and phrase[0] in names:
            at, n = names[phrase[0]]
            found.append((at, n, "".join(said[at:at + n])))
    return tuple(found)


def _joined_spans(title: str) -> dict[str, tuple[int, int]]:
    """The title's mixed-case names read whole (see `joined_words`), each with where its pieces
    start among the title's words and how many there are: "Sign in with GitHub" → {github: (3, 2)}."""
    spans: dict[str, tuple[int, int]] = {}
    at = 0
    for chunk in _CHUNK.findall(title):
        pieces = [w for w in split_words(chunk) if not w.isdigit()]
        if len(pieces) > 1 and mixed_case(chunk):
            spans.setdefault(stem(chunk.lower()), (at, len(pieces)))
        at += len(pieces)
    return spans


def _a_state(said: tuple[str, ...], at: int) -> bool:
    return said[at].lower().endswith("ed") and at > 0 and said[at - 1].lower() in _STATE_MARKERS


def _position(stems: tuple[str, ...], phrase: tuple[str, ...]) -> int | None:
    n = len(phrase)
    return next((i for i in range(len(stems) - n + 1) if stems[i:i + n] == phrase), None)
