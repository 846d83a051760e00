"""Spread lexical evidence to neighbouring files along the graph (one step, weighted by edge kind)."""
from __future__ import annotations

from typing import NamedTuple

from analyzers.graph import file_edges, route_node
from analyzers.model import Route
from analyzers.resolve import Resolution
from rules.terms import terms

# (weight toward the edge's target, weight back toward its source) per edge kind.
EDGE_WEIGHTS = {
    "imports": (0.30, 0.20),
    "tests": (0.15, 0.45),
    "loads": (0.35, 0.35),
    "mounts": (0.25, 0.25),
    "mirrors": (0.45, 0.45),
}
# A hub (the server entry imports every module) must not win on the sum of its neighbours.
SPREAD_CAP = 0.6
# A client module and the module handling the route it calls are one feature's two halves.
ROUTE_WEIGHT = 0.6
# Which of several equally fitting routes a reason names: reads first, deletes last.
_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


class Neighbour(NamedTuple):
    """A file next to another one, and how a reason says it: `verb` `path`, or for a route call
    `verb` `route`, `called from`/`handled in` `path`."""

    path: str
    weight: float
    verb: str  # "imported by", "tests", "calls", "handles", ...
    route: str = ""  # "GET /api/x" when the two files meet at a route

    def describe(self) -> str:
        if not self.route:
            return f"{self.verb} {self.path}"
        return f"{self.verb} {self.route}, {'handled in' if self.verb == 'calls' else 'called from'} {self.path}"


Neighbours = dict[str, tuple[Neighbour, ...]]
_NONE = Neighbour("", 0.0, "")


def neighbours(resolution: Resolution) -> Neighbours:
    """For each file its neighbours, sorted. Read from the edges the graph (`analyzers.graph`)
    would hold, without building it: no networkx on the way."""
    found: dict[str, dict[str, Neighbour]] = {}

    def add(target: str, near: Neighbour) -> None:
        if target != near.path and near.weight > found.setdefault(target, {}).get(near.path, _NONE).weight:
            found[target][near.path] = near

    # As in the graph, routes sharing a method and path are one node: the last one's file handles it.
    routes = {route_node(route): route for route in resolution.routes}
    for (a, b), kind in sorted(file_edges(resolution).items()):
        if kind in EDGE_WEIGHTS and a.startswith("file:") and b.startswith("file:"):
            forward, backward = EDGE_WEIGHTS[kind]
            add(b[5:], Neighbour(a[5:], forward, _verb(kind, True)))
            add(a[5:], Neighbour(b[5:], backward, _verb(kind, False)))
        elif kind == "calls-route":
            route = routes[b]
            label = f"{route.method} {route.path}"
            add(route.file, Neighbour(a[5:], ROUTE_WEIGHT, "handles", label))
            add(a[5:], Neighbour(route.file, ROUTE_WEIGHT, "calls", label))
    return {path: tuple(sorted(table.values())) for path, table in sorted(found.items())}


def nearest_route(near: Neighbour, path: str, resolution: Resolution, words: frozenset[str]) -> str:
    """The relation of `near` to `path` in words; for a route call, naming the route between the
    two files that shares most of `words` (the feature's stems), and of equals a read before a write,
    a delete last: `neighbours` keeps only the first route in text order, where DELETE comes before GET."""
    if not near.route:
        return near.describe()
    client, server = (near.path, path) if near.verb == "handles" else (path, near.path)
    joining = {(c.route.method, c.route.path): c.route for c in resolution.calls
               if c.file == client and c.route is not None and c.route.file == server}.values()

    def order(route: Route) -> tuple[int, int, str]:
        shared = len(words.intersection(terms(f"{route.path} {route.handler}")))
        return -shared, _METHOD_ORDER.get(route.method, len(_METHOD_ORDER)), route.path

    best = min(joining, key=order, default=None)
    if best is None:
        return near.describe()
    return near._replace(route=f"{best.method} {best.path}").describe()


def _verb(kind: str, toward_target: bool) -> str:
    if kind == "tests":
        return "tested by" if toward_target else "tests"
    if kind == "loads":
        return "loaded by" if toward_target else "loads"
    if kind == "mirrors":
        return "types mirrored in" if toward_target else "mirrors types of"
    if kind == "mounts":
        return "router mounted by" if toward_target else "mounts router in"
    return "imported by" if toward_target else "imports"


def propagate(base: dict[str, float], lexical: dict[str, float],
              near: Neighbours) -> dict[str, tuple[float, Neighbour | None]]:
    """New score per file, and the neighbour it gained most from, when that gain counts as evidence."""
    out = {}
    for path, score in base.items():
        gained = 0.0
        best: tuple[float, Neighbour | None] = (0.0, None)
        for neighbour in near.get(path, ()):
            gain = neighbour.weight * lexical.get(neighbour.path, 0.0)
            gained += gain
            tied = gain == best[0] and best[1] is not None and neighbour.describe() > best[1].describe()
            if gain > best[0] or tied:
                best = (gain, neighbour)
        out[path] = (score + min(gained, SPREAD_CAP), best[1] if best[0] > 0.05 else None)
    return out
