"""Choose the files a feature touches: lexical score + role priors + propagation, cut adaptively."""
from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from analyzers.graph import test_subject
from analyzers.model import FileFacts
from analyzers.resolve import Resolution
from rules.evidence import Evidence, collect
from rules.intents import Query, build_query
from rules.model import FileChoice, Ranking, Reason, Rule
from rules.propagate import Neighbour, Neighbours, nearest_route, propagate
from rules.roles import DECLARATIVE_ROLES, ROLE_TITLES, SERVER_ROLES, TEST_ROLES, detect_roles, role_titles
from rules.served import sent_as_is, served_by
from rules.score import NAME_WEIGHT, LexicalScore, lexical_scores, name_share, own_words, reference_score
from rules.terms import terms

LEXICAL_SCALE = 1.0
PRIOR_SCALE = 0.4
MIN_FILES = 3
MAX_FILES = 9
RELATIVE_CUT = 0.45
# Files that are never what a feature changes unless a rule or strong evidence says so.
PASSIVE_ROLES = frozenset({"client-config", "client-manifest", "server-config", "tooling", "client-bootstrap", "html-shell",
                           "barrel"})
TOOLING_FACTOR = 0.25
POPULATION_EXPONENT = 1.0
CROWD = 5
# A component-based client's root component needs evidence of its own: on its role prior alone it
# was never among the files a feature changed. A root that composes other components (React's App
# with its pages and layout) needs more: none of the 11 such picks on the bench sets was changed.
ROOT_COMPONENT = frozenset({"client-entry", "component"})
ROOT_MIN_LEXICAL = 0.15
SHELL_MIN_COMPONENTS = 2
SHELL_MIN_LEXICAL = 0.3
# The page or component the feature's words name is where its change is seen, even when role
# priors put server files above it: a UI file among the best lexical matches comes along.
LEADERS = 3
UI_FILE_ROLES = frozenset({"component", "ui-module", "client-module"})
# A file that none of the feature's words reach is chosen on its role prior, not on its neighbours
# alone: an error banner every panel imports is not what a panel feature changes.
UNREACHED_MIN_PRIOR = 0.3
# A feature changes one router, one models module, one service: of several chosen files sharing
# such a role, one that matches the feature's words far less than the best of them is rarely changed.
SIBLING_ROLES = ("route-module", "models", "core-logic")
SIBLING_SHARE = 0.5
ROUTER_CLEAR_MATCH = 0.2
# Of several routers, the one already serving the record a feature names is where its endpoint goes.
OTHER_ROUTER_SHARE = 0.5
MARKUP_EXTENSIONS = (".html", ".htm")
STYLE_EXTENSIONS = (".css", ".scss", ".sass", ".less")
# When a feature's generic words reach five Angular pages, their five templates would double the
# list: the two best chosen components bring theirs (on feature commits of two Angular apps in the
# mirrors, F1 0.203 without the pairing, 0.214 with it for every component, 0.219 for two).
OWN_FILES_OWNERS = 2


@dataclass(frozen=True, slots=True)
class FileScore:
    path: str
    lexical: float
    prior: float
    spread: float
    total: float


def rank(feature: str, files: Sequence[FileFacts], resolution: Resolution, near: Neighbours,
         rules: tuple[Rule, ...], roots: tuple[str | None, str | None] | None = None,
         known: dict[str, Evidence] | None = None, *, roles: dict[str, tuple[str, ...]] | None = None,
         evidence_for: Callable[[Query], tuple[Evidence, ...]] | None = None) -> Ranking:
    """`near` is `rules.propagate.neighbours(resolution)`; `roles` and `evidence_for`
    (the evidence of every file, of which scoring reads only the query's stems and the field
    lengths) let a repository index skip the facts altogether."""
    if roles is None:
        roles = detect_roles(tuple(files), resolution, roots)
    query = build_query(feature, rules, record_words(resolution))
    asked = own_words(query)
    served = served_by(asked, query.matched, resolution, roles)
    if served:  # the server side is done: its files are neither chosen nor credited by rules
        query = replace(query, left_alone=SERVER_ROLES)
    sent = sent_as_is(query.variants, query.matched, resolution, roles)
    if sent:  # the client already sends what the feature is about: its request code stays
        query = replace(query, left_alone=query.left_alone | frozenset(sent.left_alone))
    sparse = getattr(evidence_for, "scores", None)
    scored = sparse(query) if sparse else None
    if scored is None:
        evidence = evidence_for(query) if evidence_for else collect(tuple(files), resolution, known)
        scored = lexical_scores(query, evidence), reference_score(query, evidence)
    lexical, reference = scored
    subject_routers = _subject_routers(resolution, roles, asked)
    table, why = score_table(query, roles, lexical, near, reference, subject_routers)
    eligible = [s for s in table
                if _eligible(s, roles.get(s.path, ())) and not query.left_alone.intersection(roles.get(s.path, ()))]
    is_test = {s.path for s in eligible if set(roles.get(s.path, ())) & TEST_ROLES}
    modules = [s for s in eligible if s.path not in is_test and (s.lexical > 0 or s.prior >= UNREACHED_MIN_PRIOR)]
    leaders = _with_ui_leaders(_cut(modules), modules, roles, UI_FILE_ROLES - untouched(query))
    core = _without_bare_roots(leaders, roles, _shells(roles, resolution))
    core = _without_weak_siblings(core, roles, asked, subject_routers)
    core, companions = _with_companions(core, eligible, roles, query)
    own = _own_files(resolution, roles)
    before = {s.path for s in core}
    core = _with_own_files(core, eligible, own)
    companions.update((s.path, _own_file_reason(s.path, before, own)) for s in core if s.path not in before)
    chosen = _with_tests(core, [s for s in eligible if s.path in is_test], roles)
    choices = tuple(_choice(s, roles.get(s.path, ()), lexical[s.path], why[s.path], asked, resolution,
                            companions.get(s.path, ""),
                            _record_route(s.path, resolution, asked) if s.path in subject_routers else "")
                    for s in chosen)
    return Ranking(tuple(s for s, _ in query.terms), _in_effect(query), choices, tuple(sorted(roles.items())), served,
                   sent)


def _in_effect(query: Query) -> tuple[Rule, ...]:
    """The matched rules that still say something: not one whose every role another rule leaves
    alone ("Document how to run the tests in the README": the tests are the README's topic, so
    what testing-quality asks of test files is not this plan's)."""
    left_alone = untouched(query)
    return tuple(rule for rule, _ in query.matched
                 if rule.untouched or not rule.roles or {role for role, _ in rule.roles} - left_alone)


def record_words(resolution: Resolution) -> frozenset[str] | None:
    """Stems of the route path segments that name what a route serves: each segment followed by a
    parameter, and each path's last literal (`/api/books/{book_id}` → `book`; `api` is neither).
    None when the app serves no route: then nothing tells a record from any other word."""
    if not resolution.routes:
        return None
    return frozenset(stem for route in resolution.routes for stem in _records(route.path))


def _subject_routers(resolution: Resolution, roles: dict[str, tuple[str, ...]],
                     asked: frozenset[str]) -> frozenset[str]:
    """The route modules already serving a record the feature's own words name (`/api/gateway/agents`
    for "Agents roster with CRUD"), when the app has several and not every one does."""
    routers = {path for path, held in roles.items() if "route-module" in held}
    serving = frozenset(route.file for route in resolution.routes
                        if route.file in routers and asked.intersection(_records(route.path)))
    return serving if len(routers) > 1 and serving != routers else frozenset()


def _record_route(path: str, resolution: Resolution, asked: frozenset[str]) -> str:
    """How a subject router serves the record the feature names: `serves GET /api/gateway/agents`,
    the route naming most of the feature's words, of equals a read first."""
    shared = ((len(asked.intersection(_records(r.path))), r) for r in resolution.routes if r.file == path)
    named = [(-count, r.method != "GET", r.path, r.method) for count, r in shared if count]
    if not named:
        return ""
    *_, route_path, method = min(named)
    return f"serves {method} {route_path}, which the feature names"


def _records(path: str) -> frozenset[str]:
    """Stems of the segments of a route path that name what it serves: each one followed by a
    parameter, and its last literal (`/api/books/{book_id}` → `book`)."""
    parts = [p for p in path.strip("/").split("/") if p]
    return frozenset(stem for at, part in enumerate(parts) if not part.startswith("{")
                     and (at == len(parts) - 1 or parts[at + 1].startswith("{")) for stem in terms(part))


def score_table(query: Query, roles: dict[str, tuple[str, ...]], lexical: dict[str, LexicalScore],
                near: Neighbours, reference: float = 0.0, subject_routers: frozenset[str] = frozenset()
                ) -> tuple[list[FileScore], dict[str, tuple[str, Neighbour | None]]]:
    """Every file's score components, best first, and per file the prior's reason and the
    neighbour it gained most from. A router other than `subject_routers` keeps OTHER_ROUTER_SHARE
    of its prior."""
    top = reference or max((s.score for s in lexical.values()), default=0.0) or 1.0
    words = own_words(query)
    normal = {path: min(s.score / top + NAME_WEIGHT * name_share(words, path), 1.0) for path, s in lexical.items()}
    population: dict[str, int] = {}
    for file_roles in roles.values():
        for role in file_roles:
            population[role] = population.get(role, 0) + 1
    by_roles: dict[tuple[str, ...], tuple[float, str]] = {}  # many files share one set of roles
    priors = {}
    left_alone = untouched(query)
    for path in normal:
        held = roles.get(path, ())
        if held not in by_roles:
            by_roles[held] = _prior(query, tuple(r for r in held if r not in left_alone), population)
        priors[path] = by_roles[held]
        if subject_routers and "route-module" in held and path not in subject_routers:
            priors[path] = (priors[path][0] * OTHER_ROUTER_SHARE, priors[path][1])
    base = {path: LEXICAL_SCALE * normal[path] + PRIOR_SCALE * priors[path][0] for path in normal}
    spread = propagate(base, normal, near)
    table = []
    for path in normal:
        total = spread[path][0]
        if "tooling" in roles.get(path, ()):
            total *= TOOLING_FACTOR
        table.append(FileScore(path, normal[path], priors[path][0], spread[path][0] - base[path], total))
    table.sort(key=lambda s: (-round(s.total, 9), s.path))
    return table, {path: (priors[path][1], spread[path][1]) for path in normal}


def _eligible(score: FileScore, roles: tuple[str, ...]) -> bool:
    if not roles or not set(roles) <= PASSIVE_ROLES:
        return True
    return score.lexical > 0.5 or (score.prior >= 0.5 and "tooling" not in roles)


def _prior(query: Query, roles: tuple[str, ...], population: dict[str, int]) -> tuple[float, str]:
    """The summed rule priors over the file's roles (capped; the roles the feature leaves alone are
    already left out), and the strongest rule's reason.

    A role held by many files (twenty components) says little about any one of them, so its
    prior shrinks once more than CROWD files share it: by CROWD / (files sharing it), raised to
    POPULATION_EXPONENT.
    """
    best = (0.0, "")
    total = 0.0
    for rule, hits in query.matched:
        table = dict(rule.roles)
        value, credited = max(((table.get(role, 0.0) * min(1.0, (CROWD / population.get(role, 1)) ** POPULATION_EXPONENT),
                                role) for role in roles), default=(0.0, ""))
        value *= rule.weight
        if value:
            total += value
            # A rule no word of the feature matched is on for every feature: say which of its roles it credits.
            title = ROLE_TITLES.get(credited, credited)
            why = f"'{hits[0]}' → {rule.id}" if hits else f"{rule.id}: full-stack features usually change the {title}"
            best = max(best, (value, why))
    return min(total, 2.0), best[1]


def untouched(query: Query) -> frozenset[str]:
    """Roles that a rule the feature's own words matched says the feature leaves alone, and those
    the repository shows it does not need (`Query.left_alone`)."""
    return frozenset(role for rule, hits in query.matched if hits for role in rule.untouched) | query.left_alone


def _cut(ordered: list[FileScore]) -> list[FileScore]:
    """Keep files until scores fall below a share of the best, within [MIN_FILES, MAX_FILES]."""
    if not ordered:
        return []
    floor = ordered[0].total * RELATIVE_CUT
    kept = [s for s in ordered[:MAX_FILES] if s.total >= floor]
    return kept if len(kept) >= MIN_FILES else ordered[:MIN_FILES]


def _with_ui_leaders(chosen: list[FileScore], candidates: list[FileScore], roles: dict[str, tuple[str, ...]],
                     ui_roles: frozenset[str] = UI_FILE_ROLES) -> list[FileScore]:
    """Add the UI files (of `ui_roles`: those the feature does not leave alone) among the LEADERS
    best lexical matches that the cut left out."""
    taken = {s.path for s in chosen}
    leaders = sorted(candidates, key=lambda s: (-s.lexical, s.path))[:LEADERS]
    return chosen + [s for s in leaders
                     if s.path not in taken and s.lexical > 0 and ui_roles & set(roles.get(s.path, ()))]


def _shells(roles: dict[str, tuple[str, ...]], resolution: Resolution) -> frozenset[str]:
    """Root components that import at least SHELL_MIN_COMPONENTS of the repository's components."""
    components = {path for path, held in roles.items() if "component" in held}
    roots = {path for path in components if "client-entry" in roles[path]}
    composed: dict[str, set[str]] = {}
    for link in resolution.links if roots else ():
        if link.kind == "imports" and link.source in roots and link.target in components:
            composed.setdefault(link.source, set()).add(link.target)
    return frozenset(path for path, parts in composed.items() if len(parts) >= SHELL_MIN_COMPONENTS)


def _without_bare_roots(chosen: list[FileScore], roles: dict[str, tuple[str, ...]],
                        shells: frozenset[str]) -> list[FileScore]:
    """Drop a root component that the feature's words match too weakly. It stays in the ranking,
    and its score still sets where the list is cut."""
    def bare(score: FileScore) -> bool:
        if not ROOT_COMPONENT <= set(roles.get(score.path, ())):
            return False
        return score.lexical < (SHELL_MIN_LEXICAL if score.path in shells else ROOT_MIN_LEXICAL)
    return [s for s in chosen if not bare(s)] or chosen


def _without_weak_siblings(chosen: list[FileScore], roles: dict[str, tuple[str, ...]],
                           asked: frozenset[str], subject_routers: frozenset[str] = frozenset()) -> list[FileScore]:
    """Drop a file that matches the feature's words less than SIBLING_SHARE of the best chosen file
    holding one of its SIBLING_ROLES, and a file named after one of the feature's own words stays
    (`notes.py` for "delete a note from a book"). A server entry that declares routes competes with
    the routers it mounts once one of them clearly matches (ROUTER_CLEAR_MATCH): before that, a new
    endpoint goes beside the entry's own routes."""
    def held_siblings(score: FileScore) -> frozenset[str]:
        return frozenset(roles.get(score.path, ())).intersection(SIBLING_ROLES)

    best: dict[str, float] = {}
    for score in chosen:
        if "server-entry" not in roles.get(score.path, ()):
            for role in held_siblings(score):
                best[role] = max(best.get(role, 0.0), score.lexical)

    def competing(score: FileScore) -> frozenset[str]:
        if "server-entry" in roles.get(score.path, ()) and best.get("route-module", 0.0) < ROUTER_CLEAR_MATCH:
            return frozenset()
        return held_siblings(score) & best.keys()
    return [s for s in chosen
            if asked.intersection(terms(_stem_of(s.path))) or s.path in subject_routers
            or all(s.lexical >= SIBLING_SHARE * best[role] for role in competing(s))]


def _with_companions(chosen: list[FileScore], eligible: list[FileScore], roles: dict[str, tuple[str, ...]],
                     query: Query) -> tuple[list[FileScore], dict[str, str]]:
    """Add the best file of each role that matched rules say changes together with a chosen role,
    and say for each which chosen file it goes with and under which rule.

    Only a file the feature's words reach brings companions: one chosen on its role prior alone
    is a guess already (the main UI module for "Hello World Endpoint"), and its markup and styles
    would compound it."""
    wanted: dict[str, dict[str, str]] = {}  # role → companion role → the first rule saying so
    for rule, hits in query.matched:
        if hits or not rule.keywords:
            for role, companions in rule.companions:
                for companion in companions:
                    wanted.setdefault(role, {}).setdefault(companion, rule.id)
    have = {r for s in chosen for r in roles.get(s.path, ())}
    leaders: dict[str, str] = {}  # role → the first chosen file the feature's words reach holding it
    for score in chosen:
        if score.lexical > 0:
            for role in roles.get(score.path, ()):
                leaders.setdefault(role, score.path)
    left_alone = untouched(query)
    needed: dict[str, str] = {}  # companion role → why
    for role in sorted(leaders.keys() & wanted.keys()):
        for companion, rule_id in sorted(wanted[role].items()):
            if companion not in have and companion not in left_alone and companion not in needed:
                needed[companion] = f"changes with {leaders[role]} ({ROLE_TITLES.get(role, role)}), per {rule_id}"
    taken = {s.path for s in chosen}
    extra, why = [], {}
    for role in sorted(needed):
        best = next((s for s in eligible if role in roles.get(s.path, ()) and s.path not in taken), None)
        if best is not None:
            extra.append(best)
            why[best.path] = needed[role]
            taken.add(best.path)
    return chosen + extra, why


def _own_files(resolution: Resolution, roles: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each component's own markup and styles, and each such file's component: a file beside the
    component, named as it is, that it loads as its template (Angular's `templateUrl`) or imports as
    its stylesheet (`Card.jsx` + `Card.css`). Not Angular's `styleUrls`: in the UI commits of two
    Angular apps in this layout, a component changed with its template 7 times in 10 and with its
    styles only half the time; in three React apps, a component with its own stylesheet 27 of 29 times."""
    pairs: dict[str, set[str]] = {}
    for link in resolution.links:
        if "component" not in roles.get(link.source, ()):
            continue
        beside = posixpath.dirname(link.source) == posixpath.dirname(link.target)
        if not beside or _stem_of(link.source) != _stem_of(link.target):
            continue
        markup = link.kind == "loads" and link.target.endswith(MARKUP_EXTENSIONS)
        styles = link.kind == "imports" and link.target.endswith(STYLE_EXTENSIONS)
        if markup or styles:
            pairs.setdefault(link.source, set()).add(link.target)
            if markup:
                pairs.setdefault(link.target, set()).add(link.source)
    return {path: tuple(sorted(files)) for path, files in pairs.items()}


def _with_own_files(chosen: list[FileScore], eligible: list[FileScore],
                    own: dict[str, tuple[str, ...]]) -> list[FileScore]:
    """Add a chosen component's own template and stylesheet, and a chosen template's component,
    for the first OWN_FILES_OWNERS chosen files the feature's words reach (see `_own_files`)."""
    by_path = {s.path: s for s in eligible}
    taken = {s.path for s in chosen}
    owners = [s for s in chosen if s.lexical > 0 and s.path in own][:OWN_FILES_OWNERS]
    extra = []
    for score in owners:
        for path in own[score.path]:
            if path not in taken and path in by_path:
                extra.append(by_path[path])
                taken.add(path)
    return chosen + extra


def _own_file_reason(path: str, chosen: set[str], own: dict[str, tuple[str, ...]]) -> str:
    """`the own template of …` / `the component of …` / `the own stylesheet of …`."""
    owner = next(q for q in sorted(chosen) if path in own.get(q, ()))
    if path.endswith(MARKUP_EXTENSIONS):
        return f"the own template of {owner}"
    return f"the component of {owner}" if owner.endswith(MARKUP_EXTENSIONS) else f"the own stylesheet of {owner}"


def _with_tests(chosen: list[FileScore], tests: list[FileScore], roles: dict[str, tuple[str, ...]]) -> list[FileScore]:
    """Add a test file when the module it is named after was chosen, or when it outscores every
    chosen file on its own (a test named after the feature: `test_bot_status_endpoint.py`).

    Not the tests of a module that only declares data models: a feature adds fields and models
    there, and their tests rarely change with it."""
    if not chosen:
        return chosen
    stems = {test_subject(s.path) for s in chosen if set(roles.get(s.path, ())) - DECLARATIVE_ROLES}
    floor = chosen[0].total * RELATIVE_CUT
    extra = [t for t in tests
             if (test_subject(t.path) in stems and t.total >= floor * 0.5) or t.total >= chosen[0].total]
    return chosen + extra[:3]


def _stem_of(path: str) -> str:
    """`core/file_processor.py` → `file_processor`; `CourseCard.tsx` → `CourseCard`."""
    return path.rsplit("/", 1)[-1].split(".", 1)[0]


def _choice(score: FileScore, roles: tuple[str, ...], lexical: LexicalScore, why: tuple[str, Neighbour | None],
            asked: frozenset[str], resolution: Resolution, companion: str = "", serves: str = "") -> FileChoice:
    """`asked`: the feature's own stems, whose matches are named before a rule's related words';
    `companion`: why a file came in with another chosen file; `serves`: the route by which a router
    serves the record the feature names."""
    prior_why, spread_from = why
    reasons = []
    if roles:
        reasons.append(Reason("role", role_titles(roles)))
    if lexical.matches:
        ordered = sorted(lexical.matches, key=lambda match: match[1] not in asked)  # stable: gain order kept
        words = list(dict.fromkeys(f"'{sample}' ({field})" for field, _stem, sample, _gain in ordered))[:3]
        reasons.append(Reason("lexical", "matches " + ", ".join(words)))
    if serves and (spread_from is None or not spread_from.route):  # a route named once is enough
        reasons.append(Reason("route", serves))
    if spread_from is not None:
        reasons.append(Reason("graph", nearest_route(spread_from, score.path, resolution, asked)))
    if prior_why:
        reasons.append(Reason("prior", prior_why))
    if companion and spread_from is None and not prior_why:  # the only account of why it changes too
        reasons.append(Reason("companion", companion))
    return FileChoice(score.path, "modify", round(score.total, 4), roles, tuple(reasons))
