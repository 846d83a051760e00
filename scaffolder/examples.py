"""Example subsections: `### Step 1: <specific action>` / `### Step 2: …` show the shape of a list of
steps. They are replaced by the plan's real steps in that shape, numbered on, never left as is.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from scaffolder.fill import Fill
from scaffolder.plan import FileEntry, Task
from scaffolder.sections import PLACEHOLDER, is_example
from scaffolder.steps import action, tasks
from scaffolder.template import TemplateSection

LineRenderer = Callable[..., str]
_NUMBERED = re.compile(r"^(?P<pre>.*?)(?P<n>\d+)(?P<sep>[^<\w]*)<[^<>]+>(?P<post>.*)$")
_BULLET = re.compile(r"^(\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+))<[^<>]+>\s*$")
_PHASE_NAMES = ("Foundation", "Core Implementation", "Integration")


@dataclass
class Groups:
    starts: dict[int, tuple[TemplateSection, ...]] = field(default_factory=dict)
    parent_hint: dict[int, str] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)


def example_groups(sections: tuple[TemplateSection, ...]) -> Groups:
    """Runs of sibling example headings, keyed by the index of the first one."""
    groups = Groups()
    index = 0
    while index < len(sections):
        if index == 0 or not is_example(sections[index].heading):
            index += 1
            continue
        end = index + 1
        while end < len(sections) and sections[end].level >= sections[index].level and (
                sections[end].level > sections[index].level or is_example(sections[end].heading)):
            end += 1
        parent = next((s for s in reversed(sections[:index]) if s.level < sections[index].level), None)
        groups.starts[index] = tuple(s for s in sections[index:end] if s.level == sections[index].level)
        groups.parent_hint[index] = next((m.group(1) for line in (parent.body if parent else ())
                                          for m in PLACEHOLDER.finditer(line)), "")
        groups.skipped.update(range(index + 1, end))
        index = end
    return groups


def expand(examples: tuple[TemplateSection, ...], parent_hint: str, fill: Fill,
           render: LineRenderer) -> list[tuple[str, str]]:
    """The real subsections, in the shape of the first example."""
    first = examples[0]
    phases = "phase" in first.heading.lower()
    items = _phases(fill) if phases else _steps(fill, len(examples), parent_hint)
    out = []
    for number, (title, details) in enumerate(items, start=1):
        heading = _heading(first.heading, number, title)
        body = _body(first.body, details, fill, render)
        out.append(("#" * first.level + " " + heading, "\n".join(body).strip("\n")))
    return out


def _steps(fill: Fill, minimum: int, hint: str) -> list[tuple[str, tuple[str, ...]]]:
    items = tasks(fill, hint)
    while len(items) < minimum:
        items.insert(len(items) - 1, Task("Re-read the change against the request",
                                          (f"Compare the diff with the request: {fill.request}.",)))
    return [(action(t), t.bullets) for t in items]


def _phases(fill: Fill) -> list[tuple[str, tuple[str, ...]]]:
    return [(name, fill.plan.phases[i]) for i, name in enumerate(_PHASE_NAMES)]


def _heading(example: str, number: int, title: str) -> str:
    match = _NUMBERED.match(example.strip())
    if match is None:
        return title
    return f"{match.group('pre')}{number}{match.group('sep')}{title}{match.group('post')}"


def _body(example: tuple[str, ...], details: tuple[str, ...], fill: Fill, render: LineRenderer) -> list[str]:
    lines: list[str] = []
    listed = False
    for line in example:
        bullet = _BULLET.match(line)
        stripped = line.strip()
        if bullet:
            if not listed:
                lines.extend(f"{bullet.group(1)}{d}" for d in details)
                listed = True
            continue
        if stripped.startswith("<") and stripped.endswith(">"):
            continue  # "<continue as needed>": an instruction to the writer, not content
        lines.append(render(line, fill, "tasks"))
    if not listed:
        lines.extend(f"- {d}" for d in details)
    return lines


def file_row(entry: FileEntry, header: list[str], _: int) -> list[str]:
    """Cells for one file, chosen by the column names (`File`, `Change`, `Status`)."""
    cells = []
    for name in header:
        low = name.lower()
        if any(w in low for w in ("file", "path", "module")):
            cells.append(f"`{entry.path}`")
        elif any(w in low for w in ("status", "action", "type", "kind")):
            cells.append("create" if entry.status == "new" else "modify")
        elif "score" in low:
            cells.append(f"{entry.score:.2f}")
        else:
            cells.append(entry.reason.rstrip("."))
    return cells
