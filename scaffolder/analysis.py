"""Run the analyzers and the rules on a repository: the facts a plan is written from."""
from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analyzers.background import Background
from analyzers.model import FileFacts
from analyzers.resolve import Resolution
from analyzers.scan import RepoFacts
from rules.model import Ranking

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class RepoSummary:
    """What a plan reads about every file at once, so that it need not decode every file's facts:
    each file's language (by path), all symbol names, all ports."""

    languages: dict[str, str]
    symbol_names: frozenset[str]
    ports: tuple[int, ...]

    @classmethod
    def of(cls, files: Sequence[FileFacts]) -> RepoSummary:
        return cls({f.path: f.language for f in files}, frozenset(s.name for f in files for s in f.symbols),
                   tuple(sorted({p for f in files for p in f.ports})))


@dataclass(frozen=True, slots=True)
class Analysis:
    """`by_path` and `repo.files` may decode each file's facts on first use (from the repository
    index); the plan never needs the graph (`graph` builds it on demand)."""

    repo: RepoFacts
    resolution: Resolution
    ranking: Ranking
    by_path: Mapping[str, FileFacts]
    role_map: dict[str, tuple[str, ...]]
    server_root: str | None
    client_root: str | None
    summary: RepoSummary | None = None
    # role → its files and language → its files, sorted: the plan asks for them dozens of times.
    by_role: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    by_language: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # A cold run's index, still being written (see `analyse`).
    saving: Background = field(default_factory=Background, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_role: dict[str, list[str]] = {}
        for path, roles in sorted(self.role_map.items()):
            for role in roles:
                by_role.setdefault(role, []).append(path)
        object.__setattr__(self, "by_role", {role: tuple(paths) for role, paths in by_role.items()})
        if self.summary is None:
            object.__setattr__(self, "summary", RepoSummary.of(tuple(self.by_path.values())))
        by_language: dict[str, list[str]] = {}
        for path, language in sorted(self._summary.languages.items()):
            by_language.setdefault(language, []).append(path)
        object.__setattr__(self, "by_language", {k: tuple(paths) for k, paths in by_language.items()})

    @property
    def graph(self) -> nx.DiGraph:
        from analyzers.graph import build_graph

        return build_graph(tuple(self.repo.files), self.resolution)

    def roles(self, path: str) -> tuple[str, ...]:
        return self.role_map.get(path, ())

    def with_role(self, role: str) -> list[str]:
        return list(self.by_role.get(role, ()))

    # Questions about every file, answered without decoding every file's facts (see RepoSummary).
    def language(self, path: str) -> str:
        return self._summary.languages.get(path, "")

    def paths_in(self, *languages: str) -> list[str]:
        """Paths of the files in any of these languages, sorted."""
        if len(languages) == 1:
            return list(self.by_language.get(languages[0], ()))
        return sorted(p for language in set(languages) for p in self.by_language.get(language, ()))

    def symbol_names(self) -> frozenset[str]:
        return self._summary.symbol_names

    def ports(self) -> tuple[int, ...]:
        """Every port any file mentions, sorted."""
        return self._summary.ports

    @property
    def _summary(self) -> RepoSummary:
        assert self.summary is not None  # set by __post_init__
        return self.summary


def analyse(feature: str, root: str, scope: tuple[str, ...], extra_rules: tuple[str, ...] = (),
            use_cache: bool = False, roots: tuple[str | None, str | None] = (None, None)) -> Analysis:
    """Facts, resolution and ranking for one feature; `roots` overrides the detected server/client
    folders. With the cache, an unchanged repository is served from its index (scaffolder.repo_index);
    a cold run's index may still be being written on return: `saving.wait()` before the run ends
    (`pipeline.prepare` does, once the plan is made)."""
    from analyzers.cache import cache_folder
    from rules.load import load_rules
    from rules.rank import rank
    from scaffolder.repo_index import repo_index

    folder = cache_folder(root) if use_cache else None
    with collector_paused():
        index = repo_index(root, scope, folder, roots)
        try:
            ranking = rank(feature, index.repo.files, index.resolution, index.near, load_rules(extra_rules),
                           index.roots, roles=index.roles, evidence_for=index.evidence_for)
        except BaseException:
            index.saving.wait()
            raise
    return Analysis(index.repo, index.resolution, ranking, index.by_path, dict(ranking.roles),
                    *index.roots, index.summary, saving=index.saving)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the analysis runs. A scan builds millions of objects that
    live until the plan is written and almost no cycles (513 unreachable objects after a 6,000-file
    scan); the collector's repeated passes over them cost a quarter of a cold run. On the way out
    they are frozen (kept out of every later collection): the first collection after the pause
    would otherwise walk them all once more (0.15 s on 6,000 files) while the plan is written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
