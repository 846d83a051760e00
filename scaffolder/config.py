"""Per-repository settings: `.scaffolder.toml` at the root, else `[tool.scaffolder]` in pyproject.toml.

    scope = ["README.md", "app/server/**", "app/client/**", "scripts/**"]
    server-root = "app/server"
    client-root = "app/client"
    rule-packs = ["tools/scaffolder-rules"]
    out-dir = "specs"

Every path is relative to the repository root. A bad key or value stops the run with a message
naming the file, the key and the fix.
"""
from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass
from typing import Any

from scaffolder.errors import ScaffolderError

FILE = ".scaffolder.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("scope", "server-root", "client-root", "rule-packs", "out-dir")


class ConfigError(ScaffolderError):
    def __init__(self, path: str, key: str | None, why: str) -> None:
        where = f"{path}: {key!r}" if key else path
        super().__init__(f"{where}: {why}")


@dataclass(frozen=True, slots=True)
class Config:
    source: str | None = None
    scope: tuple[str, ...] = ()
    server_root: str | None = None
    client_root: str | None = None
    rule_packs: tuple[str, ...] = ()
    out_dir: str | None = None


def load_config(root: str) -> Config:
    """The repository's settings, validated; an empty Config when it has none."""
    own = os.path.join(root, FILE)
    if os.path.isfile(own):
        return parse_config(_read(own), own, root, FILE)
    pyproject = os.path.join(root, PYPROJECT)
    if os.path.isfile(pyproject):
        table = _read(pyproject).get("tool", {})
        section = table.get("scaffolder") if isinstance(table, dict) else None
        if section is not None:
            if not isinstance(section, dict):
                raise ConfigError(pyproject, "tool.scaffolder", "must be a table; write it as [tool.scaffolder]")
            return parse_config(section, pyproject, root, f"{PYPROJECT} [tool.scaffolder]")
    return Config()


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML ({exc}); fix the syntax") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read it ({exc.strerror or exc}); check its permissions") from None


def parse_config(data: dict[str, Any], path: str, root: str, source: str) -> Config:
    for key in sorted(data):
        if key not in KEYS:
            near = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            fix = f"did you mean '{near[0]}'?" if near else f"allowed keys: {', '.join(KEYS)}"
            raise ConfigError(path, key, f"unknown key; {fix}")
    return Config(
        source=source,
        scope=tuple(_globs(data, "scope", path)),
        server_root=_folder(data, "server-root", path, root),
        client_root=_folder(data, "client-root", path, root),
        rule_packs=tuple(_folders(data, "rule-packs", path, root)),
        out_dir=_relative(data, "out-dir", path),
    )


def _strings(data: dict[str, Any], key: str, path: str, example: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, key, f"must be a list of non-empty strings, e.g. {key} = [{example}]")
    return value


def _globs(data: dict[str, Any], key: str, path: str) -> list[str]:
    globs = _strings(data, key, path, '"app/server/**", "app/client/**"')
    for glob in globs:
        _check_relative(glob, key, path)
    return [g.rstrip("/") for g in globs]


def _relative(data: dict[str, Any], key: str, path: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, key, f'must be a folder name, e.g. {key} = "specs"')
    _check_relative(value, key, path)
    return value.rstrip("/")


def _check_relative(value: str, key: str, path: str) -> None:
    parts = value.replace("\\", "/").split("/")
    if os.path.isabs(value) or value.startswith("/") or ".." in parts:
        raise ConfigError(path, key, f"{value!r} must be relative to the repository root and stay inside it")


def _folder(data: dict[str, Any], key: str, path: str, root: str) -> str | None:
    value = _relative(data, key, path)
    if value is not None and not os.path.isdir(os.path.join(root, value)):
        raise ConfigError(path, key, f"folder {value!r} not found under {root}; fix the path or remove the key")
    return value


def _folders(data: dict[str, Any], key: str, path: str, root: str) -> list[str]:
    out = []
    for value in _strings(data, key, path, '"tools/rules"'):
        _check_relative(value, key, path)
        folder = os.path.join(root, value)
        if not os.path.isdir(folder):
            raise ConfigError(path, key, f"folder {value!r} not found under {root}; fix the path or remove it")
        out.append(os.path.abspath(folder))
    return out
