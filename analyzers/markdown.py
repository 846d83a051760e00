"""Facts about a Markdown file (the README), read with mistune: title, sections, commands."""
from __future__ import annotations

import re
from typing import Any

from analyzers.model import Command, Diagnostic, FileFacts, Section

SHELL_INFOS = frozenset({"", "bash", "sh", "shell", "console", "zsh", "shell-session", "cmd", "powershell"})
_PROMPT = re.compile(r"^\s*(?:\$|>|#\s*\$)\s+")
_COMMAND_START = re.compile(r"^(?:cd|uv|npm|npx|pnpm|yarn|python3?|pip3?|pytest|bun|make|docker|"
                            r"\./|sh|bash|git|node|vite|tsc|curl|source|export|cp|mkdir|uvicorn|poetry)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]+")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*", re.I)
_LETTER = re.compile(r"[^\W\d_]")
# Sections that tell a reader what to do rather than what the project is: the project's summary
# comes before the first of them ("Click the Use this template button…" under "How to Use It" is not one).
_INSTRUCTIONS = re.compile(r"\b(?:how to|install|setup|set up|getting started|get started|quick ?start|usage|"
                           r"running|run it|develop(?:ment|ing)?\b|deploy(?:ment|ing)?\b|contribut|licen[cs]e|"
                           r"prerequisite|requirement|configur(?:e|ation|ing)\b|testing|troubleshoot)", re.I)
MAX_BULLETS = 200  # list items kept as evidence, each cut to BULLET_CHARS
BULLET_CHARS = 200


def analyze(path: str, text: str) -> FileFacts:
    lines = text.count("\n") + 1
    try:
        import mistune

        tokens = mistune.create_markdown(renderer=None)(text)
    except RecursionError:
        return FileFacts(path, "markdown", lines, diagnostics=(Diagnostic(path, "nesting too deep to parse"),))
    except Exception as exc:
        return FileFacts(path, "markdown", lines,
                         diagnostics=(Diagnostic(path, f"could not read Markdown ({type(exc).__name__})"),))
    locator = _Locator(text)
    sections: list[Section] = []
    commands: list[Command] = []
    bullets: list[str] = []
    _collect(tokens, locator, sections, commands, current=None, bullets=bullets)
    title = next((s.title for s in sections if s.level == 1), sections[0].title if sections else "")
    summary = _summary(sections)
    words = sorted({w for s in sections for w in _WORD.findall(s.title + " " + s.text)})
    return FileFacts(path=path, language="markdown", lines=lines, sections=tuple(sections),
                     commands=tuple(commands), title=title, summary=summary,
                     identifiers=tuple(words[:2000]),
                     strings=tuple(sorted({s.title for s in sections} | set(bullets))))


def _summary(sections: list[Section]) -> str:
    for section in sections:
        if _INSTRUCTIONS.search(section.title):
            return ""
        if section.text:
            return section.text
    return ""


class _Locator:
    """Finds the line of a piece of text, moving forward, since mistune tokens carry no lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def heading_line(self, title: str) -> int:
        """Line of an ATX heading (`## Title`), else of the title text (setext heading)."""
        match = re.compile(rf"^#{{1,6}}[ \t]+{re.escape(title[:80])}", re.M).search(self.text, self.pos)
        if match is None:
            return self.line_of(title)
        self.pos = match.end()
        return self.text.count("\n", 0, match.start()) + 1

    def line_of(self, needle: str) -> int:
        probe = needle.strip().splitlines()[0] if needle.strip() else ""
        at = self.text.find(probe, self.pos) if probe else -1
        if at < 0:
            return self.text.count("\n", 0, self.pos) + 1
        self.pos = at + len(probe)
        return self.text.count("\n", 0, at) + 1


def _collect(tokens: list[dict[str, Any]], locator: _Locator, sections: list[Section],
             commands: list[Command], current: str | None, bullets: list[str]) -> None:
    for token in tokens:
        kind = token.get("type")
        if kind == "heading":
            title = _plain(token.get("children", [])).strip()
            sections.append(Section(title, int(token.get("attrs", {}).get("level", 1)), locator.heading_line(title)))
            current = title
        elif kind == "paragraph" and sections and not sections[-1].text and _prose(token.get("children", [])):
            para = " ".join(_plain(token.get("children", [])).split())
            last = sections[-1]
            sections[-1] = Section(last.title, last.level, last.line, para[:400])
        elif kind == "block_code":
            commands.extend(_commands(token, locator, current or ""))
        elif "children" in token and kind in ("list", "list_item", "block_quote"):
            if kind == "list_item":
                text = " ".join(_plain([c for c in token["children"] if c.get("type") != "list"]).split())
                if text and len(bullets) < MAX_BULLETS:
                    bullets.append(text[:BULLET_CHARS])
            _collect(token["children"], locator, sections, commands, current, bullets)


def _commands(token: dict[str, Any], locator: _Locator, section: str) -> list[Command]:
    info = str(token.get("attrs", {}).get("info") or "").split()
    if (info[0].lower() if info else "") not in SHELL_INFOS:
        return []
    raw = str(token.get("raw", ""))
    first = locator.line_of(raw)
    out = []
    for offset, line in enumerate(raw.splitlines()):
        text, _, comment = _PROMPT.sub("", line).partition(" #")
        text = text.strip()
        if text and not text.startswith("#") and _COMMAND_START.match(text):
            out.append(Command(text, first + offset, comment.strip() or section))
    return out


def _prose(children: list[dict[str, Any]]) -> bool:
    """Whether a paragraph says something in words: not a bare URL (a video link under the
    title), nor only images and links (a row of badges)."""
    for child in children:
        kind = child.get("type")
        if kind == "text" and _LETTER.search(_URL.sub("", str(child.get("raw", "")))):
            return True
        if kind in ("strong", "emphasis") and _prose(child.get("children", [])):
            return True
    return False


def _plain(children: list[dict[str, Any]]) -> str:
    parts = []
    for child in children:
        if child.get("type") in ("softbreak", "linebreak"):
            parts.append(" ")
        elif "raw" in child:
            parts.append(str(child["raw"]))
        elif "children" in child:
            parts.append(_plain(child["children"]))
    return "".join(parts)
