"""The plan as data: everything the renderers format, nothing they have to work out."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str
    status: str
    reason: str
    score: float
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RouteEntry:
    method: str
    path: str
    handler: str
    file: str
    line: int
    called_from: tuple[str, ...] = ()  # the app's own files that call it
    tested_from: tuple[str, ...] = ()  # test files that call it


@dataclass(frozen=True, slots=True)
class TestEntry:
    path: str
    status: str
    covers: tuple[str, ...]
    command: str


@dataclass(frozen=True, slots=True)
class Task:
    title: str
    bullets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProposedRoute:
    method: str
    path: str
    file: str
    beside: str


@dataclass(frozen=True, slots=True)
class DocEntry:
    """A document the repository's guide says to read for this feature, and the condition why."""

    path: str
    condition: str
    guide: str


@dataclass(frozen=True, slots=True)
class Plan:
    feature: str
    name: str
    slug: str
    kind: str
    app_name: str
    app_summary: str
    user_type: str
    action: str
    benefit: str
    files: tuple[FileEntry, ...]
    new_files: tuple[FileEntry, ...]
    routes: tuple[RouteEntry, ...]
    proposed_routes: tuple[ProposedRoute, ...]
    tests: tuple[TestEntry, ...]
    commands: tuple[str, ...]
    e2e_checks: tuple[str, ...]
    description: str
    problem: str
    solution: str
    phases: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    tasks: tuple[Task, ...]
    unit_tests: tuple[str, ...]
    integration_tests: tuple[str, ...]
    edge_cases: tuple[str, ...]
    acceptance: tuple[str, ...]
    notes: tuple[str, ...]
    diagram: str
    skipped: tuple[str, ...]
    rules: tuple[str, ...]
    # Conventional names for modules the feature may want: suggestions, not claimed files.
    suggested_files: tuple[FileEntry, ...] = ()
    start_command: str = ""
    server_port: int = 0
    # The feature as the user typed it; `feature` is the same text made safe to embed in Markdown.
    feature_text: str = ""
    docs: tuple[DocEntry, ...] = ()
    # How many files the analysis read: a plan with no files says whether nothing matched or nothing was there.
    files_read: int = 0
