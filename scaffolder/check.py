"""`scaffolder check`: lint plans against their template. Imports nothing heavy (no libcst,
networkx, tree-sitter or mistune), so it can run as a pre-commit hook on every commit."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from scaffolder.errors import TemplateError
from scaffolder.sections import PLACEHOLDER
from scaffolder.template import REPO_COMMAND, Template, load_template, parse_template

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_PATH_BULLET = re.compile(r"^\s*[-*]\s+`([^`]+)`")
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


def check_spec(spec: str, repo: str, template: Template | None) -> list[Finding]:
    try:
        with open(spec, encoding="utf-8-sig") as fh:
            text = fh.read().replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        return [Finding(spec, 1, f"cannot read the spec ({getattr(exc, 'strerror', None) or type(exc).__name__})")]
    lines = text.split("\n")
    headings = _headings(lines)
    template = template or _template_for(headings, repo)
    findings = _placeholders(spec, lines)
    if template is not None:
        findings += _missing_sections(spec, headings, template)
    findings += _paths(spec, lines, headings, repo)
    findings += _tasks(spec, lines, headings)
    findings += _validation(spec, lines, headings)
    return sorted(findings, key=lambda f: (f.line, f.message))


def _headings(lines: list[str]) -> list[Heading]:
    out = []
    fenced = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            out.append(Heading(len(match.group(1)), match.group(2), number))
    return out


def _template_for(headings: list[Heading], repo: str) -> Template | None:
    kind = headings[0].text.split(":")[0].strip().lower() if headings else "feature"
    command = os.path.join(repo, os.path.dirname(REPO_COMMAND), f"{kind}.md")
    if os.path.isfile(command):
        try:
            with open(command, encoding="utf-8", errors="replace") as fh:
                return parse_template(fh.read(), command)
        except (OSError, TemplateError):
            pass
    return load_template(None, "/nonexistent") if kind == "feature" else None


def _pattern(heading: str) -> re.Pattern[str]:
    parts = PLACEHOLDER.split(heading)
    literal = [re.escape(p.strip()) if i % 2 == 0 else ".+" for i, p in enumerate(parts)]
    return re.compile(r"\s*".join(p for p in literal if p) + r"\s*$", re.I)


def _missing_sections(spec: str, headings: list[Heading], template: Template) -> list[Finding]:
    findings = []
    cursor = 0
    previous = "the start"
    for section in template.sections:
        pattern = _pattern(section.heading)
        found = next((i for i in range(cursor, len(headings)) if pattern.match(headings[i].text)), None)
        label = section.heading if "<" not in section.heading else section.heading.split("<")[0].strip()
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


def _section_lines(lines: list[str], headings: list[Heading], words: str) -> tuple[int, list[tuple[int, str]]] | None:
    for index, heading in enumerate(headings):
        if words in heading.text.lower():
            end = next((h.line for h in headings[index + 1:] if h.level <= heading.level), len(lines) + 1)
            return heading.line, [(n, lines[n - 1]) for n in range(heading.line + 1, end)]
    return None


def _paths(spec: str, lines: list[str], headings: list[Heading], repo: str) -> list[Finding]:
    found = _section_lines(lines, headings, "relevant files") or _section_lines(lines, headings, "files to modify")
    if not found:
        return []
    out = []
    in_new = False
    for number, line in found[1]:
        match = _HEADING.match(line)
        if match:
            in_new = "new files" in match.group(2).lower()
            continue
        bullet = _PATH_BULLET.match(line)
        if bullet and not in_new and _looks_like_path(bullet.group(1)):
            if not os.path.exists(os.path.join(repo, bullet.group(1))):
                out.append(Finding(spec, number, f"path '{bullet.group(1)}' does not exist; fix it or move it under "
                                                 "'### New Files'"))
    return out


def _looks_like_path(text: str) -> bool:
    return " " not in text and ("/" in text or "." in text) and not text.startswith(("http:", "https:"))


def _tasks(spec: str, lines: list[str], headings: list[Heading]) -> list[Finding]:
    found = _section_lines(lines, headings, "step by step")
    if not found:
        return []
    start, body = found
    steps = [(n, l) for n, l in body if l.startswith("### ")]
    if steps and "validation" not in steps[-1][1].lower():
        return [Finding(spec, steps[-1][0], "the last step does not run the Validation Commands; add a final step "
                                            "that runs them")]
    if not steps and not any("validation" in l.lower() for _, l in body):
        return [Finding(spec, start, "Step by Step Tasks has no final validation step; add one")]
    return []


def _validation(spec: str, lines: list[str], headings: list[Heading]) -> list[Finding]:
    found = _section_lines(lines, headings, "validation commands")
    if not found:
        return []
    start, body = found
    if not any(_COMMAND.search(l) for _, l in body):
        return [Finding(spec, start, "Validation Commands lists no command; add at least one, e.g. "
                                     "`cd app/server && uv run pytest`")]
    return []
