"""Validation commands: from README code blocks, package.json scripts and the test layout."""
from __future__ import annotations

import posixpath
import re

from scaffolder.analysis import Analysis
from scaffolder.conventions import client_root, client_scripts, relative, server_root
from scaffolder.test_runners import once_flag, unit_runner, watches

MAX_FOCUSED_TESTS = 3


def in_folder(folder: str, command: str) -> str:
    """`cd app/client && npm run test`; the command alone when the folder is the repository's root."""
    return f"cd {folder} && {command}" if folder else command


def server_test_command(analysis: Analysis, test_files: tuple[str, ...] = ()) -> str | None:
    root = server_root(analysis)
    if root is None or not analysis.with_role("server-test"):
        return None
    runner = "uv run pytest" if _uses_uv(analysis, root) else "python -m pytest"
    targets = " ".join(relative(t, root) for t in test_files)
    return in_folder(root, runner + (f" {targets}" if targets else ""))


def _uses_uv(analysis: Analysis, root: str) -> bool:
    readme_uv = any("uv " in c.text for p in analysis.paths_in("markdown") for c in analysis.by_path[p].commands)
    return readme_uv or posixpath.join(root, "pyproject.toml") in analysis.by_path


def client_runner(analysis: Analysis) -> str:
    """The package runner the README uses (`bun run`, `pnpm`, `yarn`), else `npm run`."""
    for path in analysis.paths_in("markdown"):
        for command in analysis.by_path[path].commands:
            for runner in ("bun run", "pnpm run", "yarn run", "npm run"):
                if command.text.startswith(runner):
                    return runner
    return "npm run"


def client_commands(analysis: Analysis) -> list[str]:
    """The client's checks, each run once: a test runner that watches by default is told not to."""
    root = client_root(analysis)
    if root is None:
        return []
    package = analysis.by_path.get(posixpath.join(root, "package.json"))
    scripts = client_scripts(analysis)
    runner = client_runner(analysis)
    out = [in_folder(root, _script_command(runner, name, once_flag(scripts[name]) if name == "test" else ""))
           for name in ("typecheck", "type-check", "lint", "test", "build")
           if name in scripts and not watches(scripts[name])]
    if not any("tsc" in scripts.get(n, "") for n in scripts) and any(p.endswith(".ts") for p in analysis.by_path):
        if package and "typescript" in package.identifiers:
            out.insert(0, in_folder(root, "npx tsc --noEmit"))
    return out


def _script_command(runner: str, name: str, arguments: str) -> str:
    """`npm run test -- --run`: npm passes arguments on to the script after `--`; yarn, pnpm and
    bun pass on what follows the script's name."""
    if not arguments:
        return f"{runner} {name}"
    return f"{runner} {name} {'-- ' if runner == 'npm run' else ''}{arguments}"


def regenerate_command(analysis: Analysis) -> str | None:
    """How the project rebuilds its generated files: a script named for it, the shallowest first
    (`./scripts/generate-client.sh`), else the client's package.json script
    (`cd frontend && npm run generate-client`)."""
    scripts = [p for p in analysis.with_role("script") if "generat" in posixpath.basename(p).lower()]
    if scripts:
        return "./" + min(scripts, key=lambda p: (p.count("/"), p))
    root = client_root(analysis)
    package = analysis.by_path.get(posixpath.join(root, "package.json")) if root is not None else None
    names = sorted(c.text.split()[-1] for c in package.commands) if package else []
    name = next((n for n in names if "generat" in n.lower()), None)
    return in_folder(root, f"{client_runner(analysis)} {name}") if name else None


def client_test_command(analysis: Analysis, test_file: str | None = None) -> str | None:
    """`cd app/client && npm run test` when the client's package.json has a test script; with
    `test_file`, the command running that file alone when the script's runner takes one
    (`cd app/client && npm run test -- --run src/Card.test.jsx`)."""
    root = client_root(analysis)
    script = client_scripts(analysis).get("test")
    if root is None or script is None or watches(script):
        return None
    runner = unit_runner(script)
    arguments = once_flag(script)
    if test_file and runner is not None:
        arguments = f"{arguments} {runner.file_flag}{relative(test_file, root)}".strip()
    return in_folder(root, _script_command(client_runner(analysis), "test", arguments))


def validation_commands(analysis: Analysis, focused_tests: tuple[str, ...]) -> tuple[str, ...]:
    commands: list[str] = []
    if focused_tests:
        focused = server_test_command(analysis, focused_tests[:MAX_FOCUSED_TESTS])
        if focused:
            commands.append(focused)
    full = server_test_command(analysis)
    if full:
        commands.append(full)
    commands.extend(client_commands(analysis))
    return tuple(dict.fromkeys(commands))


def start_script(analysis: Analysis) -> str | None:
    """The script that starts the app: one whose name has the word `start` or `dev`, the
    shallowest first (`scripts/start.sh` before a copy in `scripts/scripts/`), a bare
    `start.sh` before `start_server.sh`."""
    def words(path: str) -> list[str]:
        return re.split(r"[-_.]", posixpath.basename(path).lower())

    scripts = [p for p in analysis.with_role("script") if {"start", "dev"} & set(words(p))]
    return min(scripts, key=lambda p: (p.count("/"), words(p)[0] not in ("start", "dev"), p), default=None)


def start_command(analysis: Analysis) -> str | None:
    """How to run `start_script`: `./scripts/start.sh`."""
    script = start_script(analysis)
    return f"./{script}" if script else None


def server_port(analysis: Analysis) -> int | None:
    """The server's port: one the start script names, else one any file names. A repository
    mentions other ports too (a webhook's 8001, an old client's 5000 in a setup script)."""
    script = start_script(analysis)
    facts = analysis.by_path.get(script) if script else None
    for ports in (facts.ports if facts else (), analysis.ports()):
        preferred = [p for p in ports if p in (8000, 8080, 5000, 3001)]
        found = preferred or [p for p in ports if p not in (5173, 3000, 4200)]
        if found:
            return found[0]
    return None
