"""Facts about shell scripts and package.json: the commands a project runs, and its ports."""
from __future__ import annotations

import json
import re

from analyzers.model import Command, Diagnostic, FileFacts, Symbol

# `--port 8000`, `PORT=8000`, `${BACKEND_PORT:-8000}` (a default), `localhost:8000`.
_PORT = re.compile(r"(?:port[\"'=:\s-]+|localhost:|0\.0\.0\.0:|127\.0\.0\.1:|:)(\d{4,5})\b", re.I)
_SKIP = re.compile(r"^(?:#|echo\b|printf\b|set\b|fi\b|then\b|else\b|done\b|do\b|esac\b|;;|\}|\{|wait\b|sleep\b|trap\b|exit\b|return\b|local\b|read\b)")
_FUNCTION = re.compile(r"^\s*(?:function\s+([A-Za-z_][\w-]*)\s*(?:\(\))?|([A-Za-z_][\w-]*)\s*\(\))\s*\{?", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]+")


def analyze_script(path: str, text: str) -> FileFacts:
    commands = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not _SKIP.match(line) and not line.startswith("#!"):
            commands.append(Command(line[:200], number))
    ports = tuple(sorted({int(p) for p in _PORT.findall(text) if 1000 <= int(p) <= 65535}))
    symbols = tuple(Symbol(m.group(1) or m.group(2), "function", text.count("\n", 0, m.start()) + 1)
                    for m in _FUNCTION.finditer(text))
    words = tuple(sorted(set(_WORD.findall(text)))[:2000])
    return FileFacts(path=path, language="shell", lines=text.count("\n") + 1, symbols=symbols,
                     commands=tuple(commands), ports=ports, identifiers=words)


def analyze_package_json(path: str, text: str) -> FileFacts:
    lines = text.count("\n") + 1
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return FileFacts(path, "json", lines, diagnostics=(Diagnostic(path, f"invalid JSON ({type(exc).__name__})"),))
    if not isinstance(data, dict):
        return FileFacts(path, "json", lines)
    scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
    commands = tuple(Command(f"npm run {name}", _line_of(text, f'"{name}"'), str(body)[:200])
                     for name, body in sorted(scripts.items()) if isinstance(name, str))
    deps: list[str] = []
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        if isinstance(data.get(key), dict):
            deps.extend(str(k) for k in data[key])
    return FileFacts(path=path, language="json", lines=lines, commands=commands,
                     identifiers=tuple(sorted(set(deps))), title=str(data.get("name", ""))[:100])


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1
