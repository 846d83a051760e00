"""Where a template file keeps its PLAN FORMAT.

Command files for planning agents keep it in one of four ways, tried in this order:
1. a fenced ```md block after a line that names the plan (or spec) format or template;
2. written straight under a `## Plan Format` heading, unfenced, up to the command's own
   `## Feature` / `## Report` section;
3. in another file of the repository that the Plan Format section names
   ("Use the `.claude/templates/feature-spec.md` template as your guide");
4. a fenced block anywhere that holds a whole plan ("Use this exact structure:").
A file that is not an agent command at all is a plan format itself when it starts with a heading.
A command with none of these (one that implements or reviews, say) holds no plan format.

Fences with an info string nest inside the plan block (authors put ```bash examples inside
```md templates); a bare fence closes the innermost open one.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scaffolder.errors import TemplateError

FENCE = re.compile(r"^\s{0,3}(?:[-*+]\s+|\d+[.)]\s+)?(`{3,}|~{3,})\s*([^`\s]*)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MAX_TEMPLATE_BYTES = 1_000_000
_NAMES_PLAN = re.compile(r"\b(?:plan|spec)[\s_-]+(?:format|template)\b", re.I)
_TITLE = re.compile(r"(?:the\s+)?(?:plan|spec)[\s_-]+(?:format|template)", re.I)
_PLAN_FENCES = ("", "md", "markdown", "mdx", "text")
# Sections only an agent command has: its inputs, its orders, what it answers with.
_COMMAND_SECTIONS = frozenset({"variables", "instructions", "input", "inputs", "arguments", "run", "report"})
# Sections of a command that close a plan written unfenced under its Plan Format heading.
_REQUEST_SECTIONS = frozenset({"feature", "bug", "chore", "patch", "issue", "task", "request", "input",
                               "arguments", "variables", "report"})
_MARKDOWN_PATH = re.compile(r"`([^`\s]+\.md)`")
# A fenced example is a whole plan when a level-1 title is followed by at least this many sections.
_MIN_PLAN_SECTIONS = 2


@dataclass(frozen=True, slots=True)
class Located:
    """The plan format's text, and the repository file it came from when not the template itself."""

    text: str
    named_file: str | None = None


def read_template(path: str) -> str:
    try:
        if os.path.getsize(path) > MAX_TEMPLATE_BYTES:
            raise TemplateError(path, "template is larger than 1 MB; point --template at the command file")
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise TemplateError(path, "is a folder; pass the template file itself") from None
    except OSError as exc:
        raise TemplateError(path, f"cannot read template ({exc.strerror or exc}); check the path") from None
    text = data.decode("utf-8-sig", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def locate_plan(text: str, repo: str | None = None) -> Located | None:
    """The plan format in `text`; a file it names is looked up under `repo` (never outside it)."""
    lines = text.split("\n")
    naming = _naming_lines(lines)
    block = next(_plan_fences(lines, naming[0] + 1), None) if naming else None
    if block is not None:
        return Located(block)
    titles = [k for k in naming if is_plan_title(lines[k])]
    unfenced = next((p for k in titles if (p := _plan_under(lines, k)) is not None), None)
    if unfenced is not None:
        return Located(unfenced)
    named = next((p for k in naming if (p := _named_plan(lines, k, repo)) is not None), None)
    if named is not None:
        return named
    if naming or is_command(lines):
        skeleton = _skeleton_block(lines)
        return Located(skeleton) if skeleton is not None else None
    return Located(text) if HEADING.match(first_content_line(text)) else None


def named_files(text: str) -> list[str]:
    """The markdown files the plan-format lines and sections name in backticks."""
    lines = text.split("\n")
    return list(dict.fromkeys(path for k in _naming_lines(lines) for line in _naming_scope(lines, k)
                              for path in _MARKDOWN_PATH.findall(line)))


def is_command(lines: list[str]) -> bool:
    """An agent command file: it has a Variables, Instructions, Report… section."""
    return any(_bare(m.group(2)) in _COMMAND_SECTIONS for m in _headings(lines))


def plan_block(text: str) -> str | None:
    """The body of the first md/bare fence after a line that names the plan (or spec) format or template."""
    lines = text.split("\n")
    naming = _naming_lines(lines)
    return next(_plan_fences(lines, naming[0] + 1), None) if naming else None


def fenced_after(line: str, fenced: bool) -> bool:
    """Whether the plan is inside a code fence after `line`: a fence line opens one, and closes it
    unless it carries an info string (```bash inside a fence opens nothing we track)."""
    match = FENCE.match(line)
    if match is None:
        return fenced
    return not fenced if not match.group(2) or not fenced else fenced


def fenced_body(lines: list[str], first: int, opener: str) -> str:
    depth = 1
    body = []
    for line in lines[first:]:
        match = FENCE.match(line)
        if match and match.group(2):
            depth += 1
        elif match and match.group(1)[0] == opener[0] and len(match.group(1)) >= 3:
            depth -= 1
            if depth == 0:
                break
        body.append(line)
    indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
    return "\n".join(l[indent:] for l in body)


def first_content_line(text: str) -> str:
    return next((line for line in text.split("\n") if line.strip()), "")


def _naming_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _NAMES_PLAN.search(line)]


def is_plan_title(line: str) -> bool:
    """A heading that names the plan format (`## Plan Format`, `## PLAN_FORMAT`), or a line that is
    the name and nothing more (`Plan Format:`)."""
    if HEADING.match(line):
        return bool(_NAMES_PLAN.search(line))
    return bool(_TITLE.fullmatch(_bare(line)))


def _skip_fence(lines: list[str], start: int, opener: str) -> int:
    for k in range(start + 1, len(lines)):
        match = FENCE.match(lines[k])
        if match and not match.group(2) and match.group(1)[0] == opener[0]:
            return k
    return len(lines)


def _headings(lines: list[str]) -> list[re.Match[str]]:
    out, fenced = [], False
    for line in lines:
        fenced = fenced_after(line, fenced)
        match = None if fenced else HEADING.match(line)
        if match:
            out.append(match)
    return out


def _bare(heading: str) -> str:
    return heading.strip(" `*_:").lower()


def _plan_under(lines: list[str], naming: int) -> str | None:
    """A plan written unfenced right after the naming line: from its first heading to the command's
    own request or report section."""
    start = next((k for k in range(naming + 1, len(lines)) if lines[k].strip()), None)
    if start is None or not HEADING.match(lines[start]):
        return None
    end, fenced = len(lines), False
    for k in range(start + 1, len(lines)):
        fenced = fenced_after(lines[k], fenced)
        match = None if fenced else HEADING.match(lines[k])
        if match and _bare(match.group(2)) in _REQUEST_SECTIONS:
            end = k
            break
    return "\n".join(lines[start:end])


def _named_plan(lines: list[str], naming: int, repo: str | None) -> Located | None:
    """A plan in a repository file named in backticks on the naming line or, when that line is the
    Plan Format title, in its section."""
    if repo is None:
        return None
    for line in _naming_scope(lines, naming):
        for path in _MARKDOWN_PATH.findall(line):
            found = _plan_in_file(path, repo)
            if found is not None:
                return Located(found, path)
    return None


def _naming_scope(lines: list[str], naming: int) -> list[str]:
    if not is_plan_title(lines[naming]):
        return [lines[naming]]
    level = HEADING.match(lines[naming])
    return _section_from(lines, naming, len(level.group(1)) if level else 6)


def _section_from(lines: list[str], start: int, level: int) -> list[str]:
    end = next((k for k in range(start + 1, len(lines))
                if (m := HEADING.match(lines[k])) and len(m.group(1)) <= level), len(lines))
    return lines[start:end]


def _plan_in_file(path: str, repo: str) -> str | None:
    root = os.path.realpath(repo)
    full = os.path.realpath(os.path.join(root, path))
    if os.path.isabs(path) or not full.startswith(root + os.sep) or not os.path.isfile(full):
        return None
    try:
        text = read_template(full)
    except TemplateError:
        return None
    found = locate_plan(text)
    return found.text if found is not None else None


def _skeleton_block(lines: list[str]) -> str | None:
    """The first fenced block that holds a whole plan: a level-1 title and its sections."""
    for body in _plan_fences(lines, 0):
        title = HEADING.match(first_content_line(body))
        if title and len(title.group(1)) == 1 and len(_headings(body.split("\n"))) > _MIN_PLAN_SECTIONS:
            return body
    return None


def _plan_fences(lines: list[str], start: int) -> Iterator[str]:
    """The bodies of the md/bare fences from line `start` on; fences of code (```bash) are skipped whole."""
    j = start
    while j < len(lines):
        match = FENCE.match(lines[j])
        if match and match.group(2).lower() in _PLAN_FENCES:
            yield fenced_body(lines, j + 1, match.group(1))
        if match:
            j = _skip_fence(lines, j, match.group(1))
        j += 1
