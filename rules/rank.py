"""Choose the files a feature touches: lexical score + role priors + propagation, cut adaptively."""
from __future__ import annotations

from typing import TYPE_CHECKING

from analyzers.model import FileFacts
from analyzers.resolve import Resolution
from rules.evidence import collect
from rules.intents import Query, build_query
from rules.model import FileChoice, Ranking, Reason, Rule
from rules.propagate import neighbours, propagate
from rules.roles import ROLE_TITLES, detect_roles
from rules.score import LexicalScore, lexical_scores

if TYPE_CHECKING:
    import networkx as nx

PRIOR_SCALE = 0.5
MIN_FILES = 3
MAX_FILES = 10
RELATIVE_CUT = 0.4
# Files that are never what a feature changes by themselves.
PASSIVE_ROLES = frozenset({"client-config", "server-config", "tooling"})


def rank(feature: str, files: tuple[FileFacts, ...], resolution: Resolution, graph: nx.DiGraph,
         rules: tuple[Rule, ...]) -> Ranking:
    roles = detect_roles(files, resolution)
    query = build_query(feature, rules)
    lexical = lexical_scores(query, collect(files, resolution))
    top = max((s.score for s in lexical.values()), default=0.0) or 1.0
    normal = {path: s.score / top for path, s in lexical.items()}
    priors = {path: _prior(query, roles.get(path, ())) for path in normal}
    base = {path: normal[path] + PRIOR_SCALE * priors[path][0] for path in normal}
    spread = propagate(base, normal, neighbours(graph))
    ordered = sorted(spread.items(), key=lambda item: (-round(item[1][0], 9), item[0]))
    chosen = _cut([(p, s) for p, (s, _) in ordered if not set(roles.get(p, ())) <= PASSIVE_ROLES or normal[p] > 0.5])
    choices = tuple(_choice(path, score, roles.get(path, ()), lexical[path], priors[path][1], spread[path][1])
                    for path, score in chosen)
    return Ranking(tuple(s for s, _ in query.terms), tuple(r for r, _ in query.matched), choices,
                   tuple(sorted(roles.items())))


def _prior(query: Query, roles: tuple[str, ...]) -> tuple[float, str]:
    """The strongest rule prior over the file's roles, and the rule that gave it."""
    best = (0.0, "")
    total = 0.0
    for rule, hits in query.matched:
        table = dict(rule.roles)
        value = max((table.get(role, 0.0) for role in roles), default=0.0) * rule.weight
        if value:
            total += value
            why = f"{rule.id}: {rule.description}" if not hits else f"'{hits[0]}' → {rule.id}"
            best = max(best, (value, why))
    return min(total, 2.0), best[1]


def _cut(ordered: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Keep files until scores fall below a share of the best, within [MIN_FILES, MAX_FILES]."""
    if not ordered:
        return []
    floor = ordered[0][1] * RELATIVE_CUT
    kept = [item for item in ordered[:MAX_FILES] if item[1] >= floor]
    return kept if len(kept) >= MIN_FILES else ordered[:MIN_FILES]


def _choice(path: str, score: float, roles: tuple[str, ...], lexical: LexicalScore,
            prior_why: str, spread_why: str) -> FileChoice:
    reasons = []
    if roles:
        reasons.append(Reason("role", ", ".join(ROLE_TITLES.get(r, r) for r in roles)))
    if lexical.matches:
        words = []
        for field, _stem, sample, _gain in lexical.matches[:3]:
            words.append(f"'{sample}' ({field})")
        reasons.append(Reason("lexical", "matches " + ", ".join(words)))
    if spread_why:
        reasons.append(Reason("graph", spread_why))
    if prior_why:
        reasons.append(Reason("prior", prior_why))
    return FileChoice(path, "modify", round(score, 4), roles, tuple(reasons))
