"""The file-level edges the ranking reads are the graph's own, without building the graph."""
from __future__ import annotations

import os

import pytest

from analyzers.graph import build_graph, distinct_routes, file_edges, file_node, route_node
from analyzers.model import ClientCall, Route
from analyzers.resolve import Link, ResolvedCall, Resolution, resolve
from analyzers.scan import scan
from rules.propagate import neighbours

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("app", ["examples/bookshelf", "tests/fixtures/recipes_react"])
def test_file_edges_are_the_graphs_edges_between_files_and_routes(app: str) -> None:
    files = tuple(scan(os.path.join(ROOT, app), use_cache=False).files)
    resolution = resolve(files)
    graph = build_graph(files, resolution)
    expected = [((a, b), kind) for a, b, kind in graph.edges(data="kind") if kind not in ("defines", "relays-route")]
    assert sorted(file_edges(resolution).items()) == sorted(expected)
    # Routes reached through another module's function are the graph's, not ranking's, edges.
    relayed = {(file_node(r.file), route_node(r.route)) for r in resolution.relayed} - set(file_edges(resolution))
    assert relayed and {(a, b) for a, b, kind in graph.edges(data="kind") if kind == "relays-route"} == relayed


def test_a_later_edge_between_the_same_files_replaces_the_earlier_kind() -> None:
    links = (Link("imports", "a.py", "b.py"), Link("mounts", "a.py", "b.py"))
    assert file_edges(Resolution(links, (), (), ())) == {("file:a.py", "file:b.py"): "mounts"}


def test_neighbours_join_a_client_call_to_the_file_handling_its_route() -> None:
    route = Route("GET", "/api/items", "items", "server.py", 3)
    call = ResolvedCall("api.ts", ClientCall("GET", "/api/items", "fetch", "load", 2), route)
    near = neighbours(Resolution((Link("imports", "tests/test_server.py", "server.py"),), (route,), (call,), ()))
    described = {path: tuple((n.path, n.weight, n.describe()) for n in entries) for path, entries in near.items()}
    assert described == {
        "api.ts": (("server.py", 0.6, "calls GET /api/items, handled in server.py"),),
        "server.py": (("api.ts", 0.6, "handles GET /api/items, called from api.ts"),
                      ("tests/test_server.py", 0.15, "tested by tests/test_server.py")),
        "tests/test_server.py": (("server.py", 0.45, "tests server.py"),),
    }


def test_distinct_routes_keep_the_last_of_those_sharing_a_method_and_path_in_first_place() -> None:
    first = Route("GET", "/", "serve_client", "server.py", 6)
    items = Route("GET", "/api/items", "list_items", "server.py", 14)
    last = Route("GET", "/", "redirect_to_docs", "server.py", 10)
    post = Route("POST", "/", "submit", "server.py", 18)
    assert distinct_routes((first, items, last, post)) == (last, items, post)
