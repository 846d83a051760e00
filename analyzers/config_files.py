"""Facts about tsconfig/jsconfig files: `baseUrl` and `paths`, for import resolution."""
from __future__ import annotations

import json
import re

from analyzers.model import Diagnostic, FileFacts

_COMMENT = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def analyze_tsconfig(path: str, text: str) -> FileFacts:
    lines = text.count("\n") + 1
    try:
        data = json.loads(_TRAILING_COMMA.sub(r"\1", _COMMENT.sub(lambda m: m.group(1) or "", text)))
    except (ValueError, RecursionError):
        return FileFacts(path, "json", lines, diagnostics=(Diagnostic(path, "invalid JSON; aliases ignored"),))
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict):
        return FileFacts(path, "json", lines)
    constants: list[tuple[str, str]] = []
    if isinstance(options.get("baseUrl"), str):
        constants.append(("baseUrl", options["baseUrl"]))
    paths = options.get("paths")
    if isinstance(paths, dict):
        for key, targets in sorted(paths.items()):
            if isinstance(targets, list) and targets and isinstance(targets[0], str):
                constants.append((f"paths:{key}", targets[0]))
    return FileFacts(path, "json", lines, constants=tuple(constants))
