"""Facts about one stylesheet (.css .scss .less): the classes and ids its selectors define.

Only selector text (what precedes a `{`) is read, so `#fff` in a declaration is never an id.
"""
from __future__ import annotations

import bisect
import re

from analyzers.model import Diagnostic, DomRef, FileFacts

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# `//` comments exist in SCSS and Less only; `url(http://...)` has a `:` before its slashes.
_LINE_COMMENT = re.compile(r"(?m)(^|[\s;{}])//[^\n]*")
_QUOTED = re.compile(r"""("[^"\n]*"|'[^'\n]*')""")
_PRELUDE = re.compile(r"([^{};]*)\{")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_NAME = re.compile(r"([#.])(-?[A-Za-z_][\w-]*)")
_IMPORT = re.compile(r"""@import\s+([^;]+);""")
_IMPORT_TARGET = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|["']([^"']+)["']""")


def analyze(path: str, text: str) -> FileFacts:
    """Classes and ids defined by selectors, and `@import` targets; never raises."""
    lines = text.count("\n") + 1
    try:
        code = _without_comments(text, path.lower().endswith((".scss", ".less")))
        dom = tuple(dict.fromkeys(_selector_refs(code)))
        return FileFacts(path, "css", lines, dom=dom, stylesheets=_imports(code),
                         identifiers=tuple(sorted({ref.name for ref in dom})))
    except Exception as exc:
        why = Diagnostic(path, f"could not parse: {type(exc).__name__}")
        return FileFacts(path, "css", lines, diagnostics=(why,))


def _without_comments(text: str, line_comments: bool) -> str:
    """Comments blanked out, keeping their newlines so offsets still give line numbers."""
    text = _BLOCK_COMMENT.sub(_blank, text)
    return _LINE_COMMENT.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text) \
        if line_comments else text


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _selector_refs(code: str) -> list[DomRef]:
    code = _QUOTED.sub(_blank, code)
    line_starts = [0] + [m.end() for m in re.finditer("\n", code)]
    found = []
    for match in _PRELUDE.finditer(code):
        prelude = match.group(1)
        if prelude.lstrip().startswith("@"):
            continue
        for name in _NAME.finditer(_ATTRIBUTE.sub(_blank, prelude)):
            line = bisect.bisect_right(line_starts, match.start(1) + name.start())
            found.append(DomRef(name.group(2), "id-defined" if name.group(1) == "#" else "class-defined", line))
    return found


def _imports(code: str) -> tuple[str, ...]:
    targets = []
    for statement in _IMPORT.finditer(code):
        for match in _IMPORT_TARGET.finditer(statement.group(1)):
            targets.append((match.group(1) or match.group(2)).strip())
    return tuple(dict.fromkeys(targets))
