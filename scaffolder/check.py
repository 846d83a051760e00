"""`scaffolder check`: lint plans against their template. Imports nothing heavy (no libcst,
networkx, tree-sitter or mistune), so it can run as a pre-commit hook on every commit."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from scaffolder.errors import TemplateError
from scaffolder.plan_locate import read_template
from scaffolder.repo_paths import inside_repo
from scaffolder.sections import PLACEHOLDER, is_example, kind_of
from scaffolder.template import KIND_WORDS, REPO_COMMAND, Template, load_template, parse_template

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_PATH_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+`([^`]+)`")
_COMMAND = re.compile(r"`[^`]+`")


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int
    kind: str


def check_spec(spec: str, repo: str, template: Template | None) -> list[Finding]:
    """Every problem in one spec, in line order; [] when it is clean."""
    try:
        with open(spec, encoding="utf-8-sig") as fh:
            text = fh.read().replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        return [Finding(spec, 1, f"cannot read the spec ({getattr(exc, 'strerror', None) or type(exc).__name__})")]
    lines = text.split("\n")
    headings = _headings(lines)
    if not headings:
        return [Finding(spec, 1, "no headings found; start the plan with '# Feature: <name>' and its sections")]
    template = template or template_for(headings[0].text, repo)
    findings = _placeholders(spec, lines)
    if template is not None:
        findings += _missing_sections(spec, headings, template)
    findings += _paths(spec, lines, headings, repo)
    findings += _tasks(spec, lines, headings)
    findings += _validation(spec, lines, headings)
    return sorted(findings, key=lambda f: (f.line, f.message))


def _headings(lines: list[str]) -> list[Heading]:
    out: list[Heading] = []
    fenced = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            level, text = len(match.group(1)), match.group(2)
            out.append(Heading(level, text, number, kind_of(text, level, not out)))
    return out


def template_for(title: str, repo: str) -> Template | None:
    """The template a spec follows: the repo's `.claude/commands/<kind>.md`, else the seed for features."""
    words = re.findall(r"[a-z]+", title.split(":")[0].lower())
    kind = next((KIND_WORDS[w] for w in words if w in KIND_WORDS), "feature")
    command = os.path.join(repo, os.path.dirname(REPO_COMMAND), f"{kind}.md")
    if os.path.isfile(command):
        try:
            return parse_template(read_template(command), command, repo)
        except TemplateError:
            pass
    return load_template(None, "/nonexistent") if kind == "feature" else None


_VARIABLE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\$ARGUMENTS\b|\$\d\b")


def _pattern(heading: str) -> re.Pattern[str]:
    """A template heading as a pattern: its placeholders and variables (`{title}`, `$1`) match any text."""
    parts = PLACEHOLDER.split(_VARIABLE.sub("<variable>", heading))
    literal = [re.escape(p.strip()) if i % 2 == 0 else ".+" for i, p in enumerate(parts)]
    return re.compile(r"\s*".join(p for p in literal if p) + r"\s*$", re.I)


def _missing_sections(spec: str, headings: list[Heading], template: Template) -> list[Finding]:
    findings = []
    cursor = 0
    previous = "the start"
    for section in template.sections:
        if is_example(section.heading):
            continue  # `### Step 1: <specific action>` shows a shape; real steps replace it
        pattern = _pattern(section.heading)
        found = next((i for i in range(cursor, len(headings)) if pattern.match(headings[i].text)), None)
        label = section.heading.split("<")[0].strip().rstrip(":").strip() or section.heading
        if found is None:
            anywhere = any(pattern.match(h.text) for h in headings)
            where = headings[cursor - 1].line if cursor else 1
            why = "is out of order" if anywhere else "is missing"
            findings.append(Finding(spec, where, f"section '{label}' {why}; add it after '{previous}'"))
            continue
        cursor = found + 1
        previous = label
    return findings


def _placeholders(spec: str, lines: list[str]) -> list[Finding]:
    out = []
    fenced = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in PLACEHOLDER.finditer(re.sub(r"`[^`]*`", "", line)):
            out.append(Finding(spec, number, f"placeholder '{match.group(0)}' is left; replace it with real content"))
    return out


def _section(lines: list[str], headings: list[Heading], kinds: tuple[str, ...]) -> tuple[Heading, list[tuple[int, str]]] | None:
    """The outermost first section of one of `kinds`, and its lines up to the next heading of its level or higher.

    Outermost, because a step heading inside the tasks (`### 9. Run the Validation Commands`) is not the
    Validation Commands section.
    """
    found = [(h.level, i) for i, h in enumerate(headings) if h.kind in kinds]
    if not found:
        return None
    index = min(found)[1]
    heading = headings[index]
    end = next((h.line for h in headings[index + 1:] if h.level <= heading.level), len(lines) + 1)
    return heading, [(n, lines[n - 1]) for n in range(heading.line + 1, end)]


def _paths(spec: str, lines: list[str], headings: list[Heading], repo: str) -> list[Finding]:
    found = _section(lines, headings, ("files",))
    if not found:
        return []
    out = []
    in_new = False
    fenced = False
    for number, line in found[1]:
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            in_new = kind_of(match.group(2), len(match.group(1)), False) == "new_files"
            continue
        bullet = None if fenced else _PATH_BULLET.match(line)
        if bullet and not in_new and _looks_like_path(bullet.group(1)):
            path = bullet.group(1).rstrip("/")
            if not inside_repo(repo, path):
                out.append(Finding(spec, number, f"path '{path}' is outside the repository; list paths relative to "
                                                 "the repository root"))
            elif not os.path.exists(os.path.join(repo, path)):
                out.append(Finding(spec, number, f"path '{path}' does not exist; fix it, or move it under "
                                                 "'### New Files' if the plan creates it"))
    return out


def _looks_like_path(text: str) -> bool:
    return (" " not in text and ("/" in text or "." in text) and "*" not in text
            and not text.startswith(("http:", "https:")))


def _tasks(spec: str, lines: list[str], headings: list[Heading]) -> list[Finding]:
    found = _section(lines, headings, ("tasks",))
    if not found:
        return []
    heading, body = found
    steps = [(n, l) for n, l in body if _HEADING.match(l)]
    if steps:
        last = steps[-1][0]
        tail = " ".join(l for n, l in body if n >= last).lower()
        if "validat" not in tail:
            return [Finding(spec, last, f"the last step of '{heading.text}' does not run the Validation Commands; "
                                        "add a final step that runs them")]
        return []
    if not any("validat" in l.lower() for _, l in body):
        return [Finding(spec, heading.line, f"'{heading.text}' has no final validation step; add one that runs the "
                                            "Validation Commands")]
    return []


def _fenced_text(body: list[tuple[int, str]]) -> bool:
    """Whether a fenced block in `body` holds any text (a ```bash block of commands)."""
    fenced = False
    for _, line in body:
        if _FENCE.match(line):
            fenced = not fenced
        elif fenced and line.strip():
            return True
    return False


def _validation(spec: str, lines: list[str], headings: list[Heading]) -> list[Finding]:
    found = _section(lines, headings, ("validation",))
    if not found:
        return []
    heading, body = found
    if not any(_COMMAND.search(l) for _, l in body) and not _fenced_text(body):
        return [Finding(spec, heading.line, f"'{heading.text}' lists no command; add at least one, e.g. "
                                            "`cd app/server && uv run pytest`")]
    return []
