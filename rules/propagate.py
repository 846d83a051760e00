"""Spread lexical evidence to neighbouring files along the graph (one step, weighted by edge kind)."""
from __future__ import annotations

import re

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

Neighbours = dict[str, tuple[tuple[str, float, str], ...]]


def neighbours(resolution: Resolution) -> Neighbours:
    """For each file: (neighbour file, weight, relation in words), sorted. Read from the edges
    the graph (`analyzers.graph`) would hold, without building it: no networkx on the way."""
    found: dict[str, dict[str, tuple[float, str]]] = {}

    def add(target: str, source: str, weight: float, why: str) -> None:
        if target != source and weight > found.setdefault(target, {}).get(source, (0.0, ""))[0]:
            found[target][source] = (weight, why)

    # As in the graph, routes sharing a method and path are one node: the last one's file handles it.
    routes = {route_node(route): route for route in resolution.routes}
    for (a, b), kind in sorted(file_edges(resolution).items()):
        if kind in EDGE_WEIGHTS and a.startswith("file:") and b.startswith("file:"):
            forward, backward = EDGE_WEIGHTS[kind]
            add(b[5:], a[5:], forward, f"{_verb(kind, True)} {a[5:]}")
            add(a[5:], b[5:], backward, f"{_verb(kind, False)} {b[5:]}")
        elif kind == "calls-route":
            route = routes[b]
            label = f"{route.method} {route.path}"
            add(route.file, a[5:], ROUTE_WEIGHT, f"handles {label}, called from {a[5:]}")
            add(a[5:], route.file, ROUTE_WEIGHT, f"calls {label}, handled in {route.file}")
    return {path: tuple(sorted((src, w, why) for src, (w, why) in table.items()))
            for path, table in sorted(found.items())}


_ROUTE_RELATION = re.compile(
    r"^(?P<verb>handles|calls) (?P<method>\S+) (?P<path>\S+), (?:called from|handled in) (?P<other>\S+)$")


def nearest_route(why: str, path: str, resolution: Resolution, words: frozenset[str]) -> str:
    """`why` (a relation of `path` from `neighbours`) naming, if it is a call to a route, the route
    between the same two files that shares most of `words` (the feature's stems): the relation
    records only the first of the routes a client module calls in a server module."""
    match = _ROUTE_RELATION.match(why)
    if match is None or not words:
        return why
    client, server = (match["other"], path) if match["verb"] == "handles" else (path, match["other"])
    joining = sorted({(c.route.method, c.route.path): c.route for c in resolution.calls
                      if c.file == client and c.route is not None and c.route.file == server}.values(),
                     key=lambda r: (r.method, r.path))

    def shared(route: Route) -> int:
        return len(words.intersection(terms(f"{route.path} {route.handler}")))

    named = next((r for r in joining if (r.method, r.path) == (match["method"], match["path"])), None)
    best = max(joining, key=shared, default=None)
    if best is None or named is None or shared(best) <= shared(named):
        return why
    return why.replace(f"{named.method} {named.path}", f"{best.method} {best.path}", 1)


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


def propagate(base: dict[str, float], lexical: dict[str, float], near: Neighbours) -> dict[str, tuple[float, str]]:
    """New score per file, and the strongest neighbour's relation as evidence."""
    out = {}
    for path, score in base.items():
        gained = 0.0
        best = (0.0, "")
        for source, weight, why in near.get(path, ()):
            gain = weight * lexical.get(source, 0.0)
            gained += gain
            best = max(best, (gain, why))
        out[path] = (score + min(gained, SPREAD_CAP), best[1] if best[0] > 0.05 else "")
    return out
