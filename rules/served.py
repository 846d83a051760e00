"""Whether the server already serves what a feature asks, so that only the client changes; and
whether the client already sends it, so that only the server changes (`sent_as_is`).

"Task filter and search" next to `GET /api/tasks(search, status_filter)`, "LLM provider toggle"
next to `POST /api/query` whose request model has `llm_provider`, "Edit and delete task" next to
`PATCH` and `DELETE /api/tasks/{task_id}`: every word of the request that is not about the
control a user clicks is a parameter, a request field or a method of routes the client already
talks to, or the resource they serve. On the bench sets, all four such requests changed no server code.
"""
from __future__ import annotations

import re

from analyzers.model import Route
from analyzers.resolve import Resolution
from rules.model import Rule, Sent, Served, Variant
from rules.roles import SERVER_ROLES, TEST_ROLES
from rules.terms import terms

# Words that say how a user asks for something, not what the server must do for it.
CONTROL_WORDS = frozenset(stem for word in """add new make enable allow support implement feature toggle switch
select selector choose option dropdown picker checkbox radio""".split() for stem in terms(word))
# What a route's method already does, besides the words of its path and parameters.
METHOD_VERBS = {
    "PATCH": ("edit", "update", "modify", "rename", "change"),
    "PUT": ("edit", "update", "modify", "rename", "change"),
    "DELETE": ("delete", "remove", "clear"),
}
MIN_WORDS = 2
_ID = re.compile(r"(?:^|_)ids?$|[a-z]Ids?$")


def served_by(asked: frozenset[str], matched: tuple[tuple[Rule, tuple[str, ...]], ...], resolution: Resolution,
              roles: dict[str, tuple[str, ...]]) -> Served | None:
    """The routes already serving a request whose own stems are `asked`, if any.

    Not when a matched rule asks for server work only (an endpoint, a test, the docs), when the
    request has fewer than MIN_WORDS words beyond its control words and the UI rules' words (one
    noun is too little: "Add new task" may change the task), or when no client file reaches the
    routes. The routes are grouped by their literal path (`/api/tasks` and `/api/tasks/{id}`)."""
    if any(hits and rule.roles and not _has_client_role(rule) for rule, hits in matched):
        return None
    shown = {stem for rule in _ui_rules(matched) for phrase in rule.keywords if len(phrase) == 1 for stem in phrase}
    needed = asked - CONTROL_WORDS - shown
    if len(needed) < MIN_WORDS:
        return None
    reached = _reached(resolution, roles)
    groups: dict[tuple[str, ...], list[Route]] = {}
    for route in resolution.routes:
        groups.setdefault(_literal(route.path), []).append(route)
    for key in sorted(groups):
        routes = sorted(groups[key], key=lambda r: (r.path, r.method))
        if not reached & {(r.method, r.path) for r in routes}:
            continue
        extra = needed - {stem for part in key for stem in terms(part)}
        serving = _serving(routes, frozenset(extra)) if extra else None
        if serving:
            return Served(serving, tuple(sorted(extra)))
    return None


def sent_as_is(variants: tuple[tuple[str, Variant], ...], matched: tuple[tuple[Rule, tuple[str, ...]], ...],
               resolution: Resolution, roles: dict[str, tuple[str, ...]]) -> Sent | None:
    """The routes the client already sends a request's data to, as a selected variant says: "JSONL
    upload support" next to `POST /api/upload(file: UploadFile)` changes how the server reads a file,
    not how the client sends one. Not when another matched rule asks for client work as well
    ("JSONL upload with a preview panel")."""
    saying = [variant for rule_id, variant in variants if variant.left_alone
              and not any(hits and rule.id != rule_id and _has_client_role(rule) for rule, hits in matched)]
    if not saying:  # as for nearly every request: the client's calls need not be read
        return None
    reached = _reached(resolution, roles)
    routes: set[Route] = set()
    types: set[str] = set()
    left_alone: set[str] = set()
    for variant in saying:
        wanted = set(variant.route_takes)
        taking = [r for r in resolution.routes if (r.method, r.path) in reached and wanted.intersection(r.types)]
        if taking:
            routes.update(taking)
            types.update(t for r in taking for t in r.types if t in wanted)
            left_alone.update(variant.left_alone)
    if not routes:
        return None
    return Sent(tuple(sorted(routes, key=lambda r: (r.path, r.method, r.file))), tuple(sorted(types)),
                tuple(sorted(left_alone)))


def _serving(routes: list[Route], words: frozenset[str]) -> tuple[tuple[Route, tuple[str, ...]], ...] | None:
    """The routes holding `words`: one route's parameters and request fields (one request carries
    them) and the methods of any, each route with its parameters that hold them; None if they fall short."""
    for carrier in [*routes, None]:
        carried = set(_parameter_words(carrier)) & words if carrier else set()
        left = words - carried
        doers = [r for r in routes if left.intersection(_verbs(r))]
        if left <= {stem for r in doers for stem in _verbs(r)}:
            chosen = sorted({*doers, *([carrier] if carried else [])}, key=lambda r: (r.path, r.method))
            return tuple((r, _holding(r, words)) for r in chosen)
    return None


def _holding(route: Route, words: frozenset[str]) -> tuple[str, ...]:
    """The route's parameters and request fields whose names hold one of `words`."""
    return tuple(name for name in _accepted(route) if words.intersection(terms(name)))


def _has_client_role(rule: Rule) -> bool:
    return any(role not in SERVER_ROLES and role not in TEST_ROLES for role, _ in rule.roles)


def _ui_rules(matched: tuple[tuple[Rule, tuple[str, ...]], ...]) -> list[Rule]:
    """Matched rules about what the user sees only: none of their roles is on the server."""
    return [rule for rule, hits in matched if hits and rule.roles and not any(r in SERVER_ROLES for r, _ in rule.roles)]


def _reached(resolution: Resolution, roles: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    """(method, path) of the routes the app's client files call, themselves or through a module."""
    def client(path: str) -> bool:
        return not set(roles.get(path, ())) & (SERVER_ROLES | TEST_ROLES)
    found = {(c.route.method, c.route.path) for c in resolution.calls if c.route is not None and client(c.file)}
    found |= {(r.route.method, r.route.path) for r in resolution.relayed if client(r.file)}
    return found


def _parameter_words(route: Route) -> set[str]:
    return {stem for name in _accepted(route) for stem in terms(name)}


def _accepted(route: Route) -> tuple[str, ...]:
    """The route's parameters and request fields but its record ids: `book_id` says which book, not
    what is asked of it."""
    return tuple(name for name in route.params if not _ID.search(name))


def _verbs(route: Route) -> tuple[str, ...]:
    return tuple(stem for verb in METHOD_VERBS.get(route.method, ()) for stem in terms(verb))


def _literal(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.strip("/").split("/") if part and not part.startswith("{"))
