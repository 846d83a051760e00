"""Lexical facts of a Python file outside the app's server folder (tooling, scripts, agents).

Such files are never route, model or test sources for the app, and they can be large: a regex
pass gives their names, imports and strings for lexical evidence at a fraction of a parse.
"""
from __future__ import annotations

import re

from analyzers.model import FileFacts, ImportFact, Symbol
from analyzers.python import _identifiers, _strings

_TOP_DEF = re.compile(r"^(?:async[ \t]+)?(def|class)[ \t]+(\w+)", re.M)
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+([^\n#]+)|import[ \t]+([\w.]+))", re.M)


def analyze(path: str, text: str) -> FileFacts:
    symbols = tuple(Symbol(m.group(2), "function" if m.group(1) == "def" else "class",
                           text.count("\n", 0, m.start()) + 1, "", not m.group(2).startswith("_"))
                    for m in _TOP_DEF.finditer(text))
    imports = []
    for m in _IMPORT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group(3):
            imports.append(ImportFact(m.group(3), (m.group(3),), line))
        else:
            module = m.group(1)
            level = len(module) - len(module.lstrip("."))
            names = tuple(sorted(n.strip().strip("()") for n in m.group(2).split(",") if n.strip().strip("()")))
            imports.append(ImportFact(module.lstrip("."), names, line, level))
    return FileFacts(path=path, language="python", lines=text.count("\n") + 1, symbols=symbols,
                     imports=tuple(imports), identifiers=_identifiers(text), strings=_strings(text))
