"""Reading a PLAN FORMAT into sections, with what its command file declares around it: the scope
(its Relevant Files), `name: $1` variables and the conditional-docs guides it points to.
Where in the file the plan format sits is `scaffolder.plan_locate`'s job."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from scaffolder.errors import TemplateError
from scaffolder.pipeline import warn
from scaffolder.plan_locate import (HEADING, fenced_after, is_command, is_plan_title, locate_plan, named_files,
                                    read_template)

SEED_FORMAT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "seed_plan_format.md")
REPO_COMMAND = os.path.join(".claude", "commands", "feature.md")
_SCOPE_LINE = re.compile(r"^\s*[-*]\s+`([^`]+)`")
_DECLARED = re.compile(r"^\s*[-*]?\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*[:=]\s*(.*)$")
# Words of a plan's first heading → the kind of plan; anything else is a feature.
KIND_WORDS = {
    "bug": "bug", "bugfix": "bug", "fix": "bug", "defect": "bug", "incident": "bug", "regression": "bug",
    "patch": "patch", "hotfix": "patch",
    "chore": "chore", "refactor": "chore", "refactoring": "chore", "maintenance": "chore", "cleanup": "chore",
    "upgrade": "chore", "migration": "chore", "housekeeping": "chore",
    "feature": "feature", "enhancement": "feature", "story": "feature", "epic": "feature",
}

# A braced placeholder holds words, not one identifier: `{type of user}`, `{Brief Title}`.
_BRACED = re.compile(r"(?<![{$\w])\{([A-Za-z][^{}<>\"\n]*[\s/,][^{}<>\"\n]*)\}(?!\})")

_GUIDE = re.compile(r"`([\w./-]*conditional[_-]docs?\.md)`", re.I)

@dataclass(frozen=True, slots=True)
class TemplateSection:
    level: int
    heading: str
    body: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A plan format: its sections in order, where it came from, and any scope it declares."""

    source: str
    preamble: tuple[str, ...]
    sections: tuple[TemplateSection, ...]
    scope: tuple[str, ...] = ()

    variables: tuple[tuple[str, str], ...] = ()
    # Conditional documentation guides the template says to read (see scaffolder.guides).
    guides: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """feature, bug, chore or patch, from the words of the first heading (`# Bug: <name>`)."""
        first = self.sections[0].heading if self.sections else ""
        words = re.findall(r"[a-z]+", first.split(":")[0].split("<")[0].lower())
        return next((KIND_WORDS[w] for w in words if w in KIND_WORDS), "feature")


SEED_SOURCE = "built-in seed plan format"


def load_template(path: str | None, repo: str) -> Template:
    """The template at `path`; else the repo's own feature command; else the built-in seed format.
    A repo command that holds no plan format (one that implements rather than plans, say) gives way
    to the seed with a warning, and still lends the seed its scope, variables and guides."""
    if path is not None:
        return parse_template(read_template(path), path, repo)
    candidate = os.path.join(repo, REPO_COMMAND)
    text = ""
    if os.path.isfile(candidate):
        try:
            text = read_template(candidate)
            return parse_template(text, REPO_COMMAND, repo)
        except TemplateError as exc:
            warn(f"{exc}; planning with the {SEED_SOURCE} instead")
    seed = parse_template(read_template(SEED_FORMAT), SEED_SOURCE)
    return replace(seed, scope=_scope(text), variables=_variables(text), guides=_guides(text)) if text else seed


def parse_template(text: str, source: str, repo: str | None = None) -> Template:
    """`repo` is where a plan format the file names (`.claude/templates/feature-spec.md`) is looked up."""
    located = locate_plan(text, repo)
    if located is None:
        raise TemplateError(source, _no_plan_reason(text))
    preamble, sections = _sections(_angled(located.text.split("\n")))
    if not sections:
        raise TemplateError(source, "the plan format has no headings; add '# Feature: <feature name>' and sections")
    if located.named_file is not None:
        source = f"{located.named_file} (named by {source})"
    return Template(source, preamble, sections, _scope(text), _variables(text), _guides(text))


def _no_plan_reason(text: str) -> str:
    fix = "add a fenced ```md block after a 'Plan Format' line, or pass a file that starts with a heading"
    named = named_files(text)
    if named:
        listed = ", ".join(f"`{path}`" for path in named[:3])
        return (f"its plan format is in {listed}, which this repository does not hold as a plan format; "
                "copy that file into the repository, or pass it with --template")
    if is_command(text.split("\n")):
        return f"an agent command with no plan format found in it; {fix}"
    return f"no plan format found: {fix}"


def _angled(lines: list[str]) -> list[str]:
    """`{Clear description of the feature}` placeholders as `<…>` ones, outside code fences; a
    `{variable}` (one identifier), `${shell}` and `{"json": …}` stay as written."""
    out, fenced = [], False
    for line in lines:
        fenced = fenced_after(line, fenced)
        out.append(line if fenced else _BRACED.sub(r"<\1>", line))
    return out


def _sections(lines: list[str]) -> tuple[tuple[str, ...], tuple[TemplateSection, ...]]:
    preamble: list[str] = []
    sections: list[TemplateSection] = []
    current: tuple[int, str] | None = None
    body: list[str] = []
    in_fence = False
    for line in lines:
        in_fence = fenced_after(line, in_fence)
        heading = None if in_fence else HEADING.match(line)
        if heading:
            if current:
                sections.append(TemplateSection(current[0], current[1], _trim(body)))
            else:
                preamble = body
            current, body = (len(heading.group(1)), heading.group(2)), []
        else:
            body.append(line)
    if current:
        sections.append(TemplateSection(current[0], current[1], _trim(body)))
    return tuple(_trim(preamble)), tuple(sections)


def _trim(lines: list[str]) -> tuple[str, ...]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return tuple(lines[start:end])


def _scope(text: str) -> tuple[str, ...]:
    """Globs listed under a 'Relevant Files' heading or line that comes before the plan format."""
    lines = text.split("\n")
    out: list[str] = []
    active = False
    for line in lines:
        low = line.lower()
        if is_plan_title(line):
            break
        if "relevant files" in low and (line.startswith("#") or line.rstrip().endswith(":")):
            active = True
            continue
        if active and line.startswith("#"):
            active = False
        match = _SCOPE_LINE.match(line) if active else None
        if match and not match.group(1).startswith((".claude", "/")) and " " not in match.group(1):
            out.append(match.group(1).rstrip("/"))
    return tuple(dict.fromkeys(out))


def _guides(text: str) -> tuple[str, ...]:
    """`.claude/commands/conditional_docs.md` and the like, named in backticks anywhere in the file."""
    return tuple(dict.fromkeys(m.group(1).removeprefix("./") for m in _GUIDE.finditer(text)))


def _variables(text: str) -> tuple[tuple[str, str], ...]:
    """`name: $1` lines under a 'Variables' heading before the plan format: (name, declaration)."""
    out: list[tuple[str, str]] = []
    active = False
    for line in text.split("\n"):
        low = line.lower().strip()
        if is_plan_title(line):
            break
        if line.startswith("#") or re.match(r"^\**variables\**\s*:\**$", low):
            active = "variables" in low
            continue
        match = _DECLARED.match(line) if active else None
        if match:
            out.append((match.group(1), match.group(2).strip()))
        elif low and out:
            active = False
    return tuple(dict.fromkeys(out))
