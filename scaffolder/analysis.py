"""Run the analyzers and the rules on a repository: the facts a plan is written from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzers.model import FileFacts
from analyzers.resolve import Resolution, resolve
from analyzers.scan import RepoFacts, scan
from rules.load import load_rules
from rules.model import Ranking
from rules.rank import rank
from rules.roles import app_roots

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class Analysis:
    repo: RepoFacts
    resolution: Resolution
    graph: nx.DiGraph
    ranking: Ranking
    by_path: dict[str, FileFacts]
    role_map: dict[str, tuple[str, ...]]
    server_root: str | None
    client_root: str | None

    def roles(self, path: str) -> tuple[str, ...]:
        return self.role_map.get(path, ())

    def with_role(self, role: str) -> list[str]:
        return [path for path, roles in sorted(self.role_map.items()) if role in roles]


def _roots(files: tuple[FileFacts, ...], resolution: Resolution,
           given: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    detected = app_roots(files, resolution)
    return (given[0].strip("/") if given[0] else detected[0], given[1].strip("/") if given[1] else detected[1])


def analyse(feature: str, root: str, scope: tuple[str, ...], extra_rules: tuple[str, ...] = (),
            use_cache: bool = False, roots: tuple[str | None, str | None] = (None, None)) -> Analysis:
    """Facts, graph and ranking for one feature; `roots` overrides the detected server/client folders."""
    from analyzers.graph import build_graph

    from analyzers.cache import cache_folder
    from rules.evidence_store import known_evidence

    folder = cache_folder(root) if use_cache else None
    repo = scan(root, scope, use_cache)
    resolution = resolve(repo.files)
    graph = build_graph(repo.files, resolution)
    server, client = _roots(repo.files, resolution, roots)
    known = known_evidence(folder, repo.files, repo.keys) if folder else None
    ranking = rank(feature, repo.files, resolution, graph, load_rules(extra_rules), (server, client), known)
    return Analysis(repo, resolution, graph, ranking, repo.by_path(), dict(ranking.roles), server, client)
