"""Facts → one frozen networkx graph of files, symbols, routes and tests.

Node ids are strings with a kind prefix (`file:`, `symbol:`, `route:`, `test:`) so that the
graph's own ordering is deterministic; edges carry a `kind`: imports, defines, handles,
calls-route, relays-route, tests, loads, mounts, mirrors, exercises.
"""
from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from analyzers.model import FileFacts, Route
from analyzers.resolve import Resolution

if TYPE_CHECKING:
    import networkx as nx


def file_node(path: str) -> str:
    return f"file:{path}"


def route_node(route: Route) -> str:
    return f"route:{route.method} {route.path}"


def distinct_routes(routes: tuple[Route, ...]) -> tuple[Route, ...]:
    """One route per method and path, as the graph holds them: the last one declared (an `if`
    and its `else` may each declare `GET /`), in the order the first of them came."""
    last = {route_node(route): route for route in routes}
    return tuple(last[node] for node in dict.fromkeys(route_node(route) for route in routes))


def is_test_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return (name.startswith("test_") or name.endswith(("_test.py", ".test.ts", ".test.tsx", ".test.js",
            ".test.jsx", ".spec.ts", ".spec.tsx", ".spec.js", ".spec.jsx")) or "/__tests__/" in path)


def test_subject(path: str) -> str:
    """A file's name without its extension and, for a test, without what marks it as one: the name
    of the module it is named after (`test_x.py` → `x`, `Card.test.jsx` → `Card`,
    `app.component.spec.ts` → `app.component`)."""
    name = posixpath.splitext(posixpath.basename(path))[0]
    return re.sub(r"^test_|_test$|\.(?:test|spec)$", "", name)


def file_edges(resolution: Resolution) -> dict[tuple[str, str], str]:
    """(source node, target node) → kind of every edge between two files or from a file to a
    route, in the order the graph adds them; as in the graph, a later edge between the same two
    nodes replaces the kind of an earlier one (a route's own file calling it: `calls-route`)."""
    edges = {(file_node(route.file), route_node(route)): "handles" for route in resolution.routes}
    for link in resolution.links:
        kind = "tests" if link.kind == "imports" and is_test_path(link.source) else link.kind
        edges[(file_node(link.source), file_node(link.target))] = kind
    for resolved in resolution.calls:
        if resolved.route is not None:
            edges[(file_node(resolved.file), route_node(resolved.route))] = "calls-route"
    return edges


def build_graph(files: tuple[FileFacts, ...], resolution: Resolution) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    for facts in files:
        graph.add_node(file_node(facts.path), kind="file", path=facts.path, language=facts.language)
        for symbol in facts.symbols:
            node = f"symbol:{facts.path}:{symbol.name}"
            graph.add_node(node, kind="symbol", name=symbol.name, file=facts.path, line=symbol.line)
            graph.add_edge(file_node(facts.path), node, kind="defines")
        for test in facts.tests:
            node = f"test:{facts.path}::{test.name}"
            graph.add_node(node, kind="test", name=test.name, file=facts.path, line=test.line)
            graph.add_edge(file_node(facts.path), node, kind="defines")
    for route in resolution.routes:
        graph.add_node(route_node(route), kind="route", method=route.method, path=route.path,
                       handler=route.handler, file=route.file, line=route.line)
    for (source, target), kind in file_edges(resolution).items():
        graph.add_edge(source, target, kind=kind)
    for relay in resolution.relayed:  # through another module's function: not a ranking neighbour
        edge = (file_node(relay.file), route_node(relay.route))
        if not graph.has_edge(*edge):
            graph.add_edge(*edge, kind="relays-route", via=relay.callee)
    return nx.freeze(graph)
