"""Facts about Python dependency manifests (pyproject.toml, requirements.txt): the packages a
project already depends on, as identifiers, so that a plan does not ask to add one it has."""
from __future__ import annotations

import re
import tomllib

from analyzers.model import Diagnostic, FileFacts

# The distribution name at the start of a PEP 508 requirement: `fastapi[all]>=0.1` → `fastapi`.
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def analyze_pyproject(path: str, text: str) -> FileFacts:
    lines = text.count("\n") + 1
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return FileFacts(path, "toml", lines, diagnostics=(Diagnostic(path, f"invalid TOML ({exc}); dependencies ignored"),))
    project = _table(data, "project")
    requirements = _strings(project.get("dependencies"))
    for group in (_table(project, "optional-dependencies"), _table(data, "dependency-groups")):
        for listed in group.values():
            requirements.extend(_strings(listed))
    requirements.extend(_strings(_table(_table(data, "tool"), "uv").get("dev-dependencies")))
    poetry = _table(_table(data, "tool"), "poetry")
    names = {_name(r) for r in requirements} | {k for k in _table(poetry, "dependencies") if k != "python"}
    return FileFacts(path, "toml", lines, identifiers=tuple(sorted(n for n in names if n)),
                     title=str(project.get("name", ""))[:100])


def analyze_requirements(path: str, text: str) -> FileFacts:
    lines = text.splitlines()
    names = {_name(line) for line in lines if line.strip() and not line.lstrip().startswith(("#", "-"))}
    return FileFacts(path, "text", len(lines) or 1, identifiers=tuple(sorted(n for n in names if n)))


def normalized(name: str) -> str:
    """A distribution name as package indexes compare them (PEP 503): `Foo_Bar` → `foo-bar`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(requirement: str) -> str:
    match = _NAME.match(requirement)
    return normalized(match.group(1)) if match else ""


def _table(data: object, key: str) -> dict[str, object]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
