"""Reading a PLAN FORMAT: from a command file (the fenced block after "Plan Format") or a bare one.

Fences with an info string nest inside the plan block (authors put ```bash examples inside
```md templates); a bare fence closes the innermost open one.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from scaffolder.errors import TemplateError

SEED_FORMAT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "seed_plan_format.md")
REPO_COMMAND = os.path.join(".claude", "commands", "feature.md")
_FENCE = re.compile(r"^\s{0,3}(?:[-*+]\s+|\d+[.)]\s+)?(`{3,}|~{3,})\s*([^`\s]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SCOPE_LINE = re.compile(r"^\s*[-*]\s+`([^`]+)`")
_MAX_TEMPLATE_BYTES = 1_000_000
_DECLARED = re.compile(r"^\s*[-*]?\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*[:=]\s*(.*)$")
# Words of a plan's first heading → the kind of plan; anything else is a feature.
KIND_WORDS = {
    "bug": "bug", "bugfix": "bug", "fix": "bug", "defect": "bug", "incident": "bug", "regression": "bug",
    "patch": "patch", "hotfix": "patch",
    "chore": "chore", "refactor": "chore", "refactoring": "chore", "maintenance": "chore", "cleanup": "chore",
    "upgrade": "chore", "migration": "chore", "housekeeping": "chore",
    "feature": "feature", "enhancement": "feature", "story": "feature", "epic": "feature",
}

_NAMES_PLAN = re.compile(r"\b(?:plan|spec)\s+(?:format|template)\b", re.I)
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


def load_template(path: str | None, repo: str) -> Template:
    """The template at `path`; else the repo's own feature command; else the built-in seed format."""
    if path is None:
        candidate = os.path.join(repo, REPO_COMMAND)
        if os.path.isfile(candidate):
            try:
                return parse_template(_read(candidate), REPO_COMMAND)
            except TemplateError:
                pass
        return parse_template(_read(SEED_FORMAT), "built-in seed plan format")
    return parse_template(_read(path), path)


def _read(path: str) -> str:
    try:
        if os.path.getsize(path) > _MAX_TEMPLATE_BYTES:
            raise TemplateError(path, "template is larger than 1 MB; point --template at the command file")
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise TemplateError(path, "is a folder; pass the template file itself") from None
    except OSError as exc:
        raise TemplateError(path, f"cannot read template ({exc.strerror or exc}); check the path") from None
    text = data.decode("utf-8-sig", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_template(text: str, source: str) -> Template:
    block = plan_block(text)
    if block is None:
        block = text if _HEADING.match(_first_content_line(text)) else None
    if block is None:
        raise TemplateError(source, "no plan format found: add a fenced ```md block after a 'Plan Format' line, "
                                    "or pass a file that starts with a heading")
    preamble, sections = _sections(_angled(block.split("\n")))
    if not sections:
        raise TemplateError(source, "the plan format has no headings; add '# Feature: <feature name>' and sections")
    return Template(source, preamble, sections, _scope(text), _variables(text), _guides(text))


def plan_block(text: str) -> str | None:
    """The body of the first md/bare fence after a line that names the plan (or spec) format or template."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _NAMES_PLAN.search(line)), None)
    if start is None:
        return None
    j = start + 1
    while j < len(lines):
        match = _FENCE.match(lines[j])
        if match and match.group(2).lower() in ("", "md", "markdown", "mdx", "text"):
            return _fenced_body(lines, j + 1, match.group(1))
        if match:
            j = _skip_fence(lines, j, match.group(1))
        j += 1
    return None


def _angled(lines: list[str]) -> list[str]:
    """`{Clear description of the feature}` placeholders as `<…>` ones, outside code fences; a
    `{variable}` (one identifier), `${shell}` and `{"json": …}` stay as written."""
    out, fenced = [], False
    for line in lines:
        fenced = _fenced_after(line, fenced)
        out.append(line if fenced else _BRACED.sub(r"<\1>", line))
    return out


def _fenced_after(line: str, fenced: bool) -> bool:
    """Whether the plan is inside a code fence after `line`: a fence line opens one, and closes it
    unless it carries an info string (```bash inside a fence opens nothing we track)."""
    match = _FENCE.match(line)
    if match is None:
        return fenced
    return not fenced if not match.group(2) or not fenced else fenced


def _fenced_body(lines: list[str], first: int, opener: str) -> str:
    depth = 1
    body = []
    for line in lines[first:]:
        match = _FENCE.match(line)
        if match and match.group(2):
            depth += 1
        elif match and match.group(1)[0] == opener[0] and len(match.group(1)) >= 3:
            depth -= 1
            if depth == 0:
                break
        body.append(line)
    indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
    return "\n".join(l[indent:] for l in body)


def _skip_fence(lines: list[str], start: int, opener: str) -> int:
    for k in range(start + 1, len(lines)):
        match = _FENCE.match(lines[k])
        if match and not match.group(2) and match.group(1)[0] == opener[0]:
            return k
    return len(lines)


def _first_content_line(text: str) -> str:
    return next((line for line in text.split("\n") if line.strip()), "")


def _sections(lines: list[str]) -> tuple[tuple[str, ...], tuple[TemplateSection, ...]]:
    preamble: list[str] = []
    sections: list[TemplateSection] = []
    current: tuple[int, str] | None = None
    body: list[str] = []
    in_fence = False
    for line in lines:
        in_fence = _fenced_after(line, in_fence)
        heading = None if in_fence else _HEADING.match(line)
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
        if "plan format" in low and line.startswith("#"):
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
        if "plan format" in low:
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
