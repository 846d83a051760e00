"""scaffolder reads analysed code as text: it never imports it, runs it, or evaluates it, and it never
opens a network connection. A booby-trapped repository proves it: each trap writes a marker file
(and then tries to reach the network) if anything executes it. The autouse socket guard in
conftest.py covers in-process runs; CLI runs load netguard/sitecustomize.py for the same."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from hardening_kit import ROOT, cli, copy_example, plan, write

TRAP = """\
import pathlib, socket
pathlib.Path({marker!r}).joinpath({name!r}).write_text("executed")
socket.create_connection(("203.0.113.7", 9), timeout=1)
"""
PY_TRAPS = (
    "app/server/conftest.py", "app/server/__init__.py", "app/server/routers/__init__.py",
    "app/server/core/__init__.py", "app/server/sitecustomize.py", "app/server/usercustomize.py",
    "app/server/setup.py", "app/server/__main__.py", "app/server/tests/conftest.py",
    # Names that would shadow scaffolder's own imports if the repo were ever on sys.path.
    "click.py", "libcst.py", "json.py", "scaffolder.py", "app/server/networkx.py", "app/server/tree_sitter.py",
    "sitecustomize.py", "conftest.py",
)


@pytest.fixture
def trapped(tmp_path: Path) -> tuple[Path, Path]:
    """A realistic app whose every executable part writes into `markers/` when run."""
    repo = copy_example(tmp_path / "repo")
    markers = tmp_path / "markers"
    markers.mkdir()
    for rel in PY_TRAPS:
        write(repo, rel, TRAP.format(marker=str(markers), name=rel.replace("/", "_")))
    server = repo / "app/server/server.py"
    server.write_text(TRAP.format(marker=str(markers), name="server.py") + server.read_text())
    for rel in ("scripts/start.sh", "scripts/stop.sh"):
        script = write(repo, rel, f"#!/bin/sh\ntouch {markers}/{rel.replace('/', '_')}\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    write(repo, "app/client/package.json",
          '{"scripts": {"preinstall": "touch %s/npm", "test": "touch %s/npm", "build": "vite build"},'
          ' "dependencies": {"typescript": "5"}}' % (markers, markers))
    write(repo, "README.md", f"# Trap\n\n```bash\ntouch {markers}/readme\n```\n\n$(touch {markers}/readme2)\n")
    write(repo, ".claude/commands/feature.md",
          f"# Feature\n\n!`touch {markers}/claude`\n\n## Plan Format\n\n```md\n# Feature: <name>\n\n"
          f"## Relevant Files\n\n<files>\n\n## Notes\n\n!`touch {markers}/claude2`\n```\n")
    write(repo, "app/client/src/evil.ts", f"require('child_process').execSync('touch {markers}/node');\n")
    return repo, markers


def assert_nothing_ran(markers: Path, repo: Path) -> None:
    assert sorted(p.name for p in markers.iterdir()) == []
    loaded = [name for name, module in list(sys.modules.items())
              if str(getattr(module, "__file__", None) or "").startswith(str(repo))]
    assert loaded == []


def test_in_process_plan_runs_nothing(trapped: tuple[Path, Path]) -> None:
    repo, markers = trapped
    result = plan(repo)
    assert "app/server/server.py" in result.text  # the trapped server was analysed, as text
    assert_nothing_ran(markers, repo)
    assert not any(p.name == "__pycache__" for p in repo.rglob("*"))  # nothing was even compiled


def test_cached_in_process_runs_run_nothing(trapped: tuple[Path, Path]) -> None:
    repo, markers = trapped
    first = plan(repo, use_cache=True)
    assert (repo / ".scaffolder_cache/facts.json").is_file()
    assert plan(repo, use_cache=True).text == first.text
    assert_nothing_ran(markers, repo)


@pytest.mark.parametrize("args", [
    pytest.param(("plan", "Add CSV export", "--stdout"), id="plan --stdout"),
    pytest.param(("plan", "Run the start script", "--format", "json", "--stdout"), id="plan json"),
    pytest.param(("context", "Add CSV export"), id="context"),
])
def test_cli_runs_nothing_and_stays_offline(trapped: tuple[Path, Path], tmp_path: Path,
                                            args: tuple[str, ...]) -> None:
    repo, markers = trapped
    done = cli(*args, "--repo", str(repo), tmp=tmp_path)  # cli() fails on any network attempt
    assert done.returncode == 0, done.stderr
    assert_nothing_ran(markers, repo)


def test_check_runs_nothing(trapped: tuple[Path, Path], tmp_path: Path) -> None:
    repo, markers = trapped
    done = cli("plan", "Add CSV export", "--repo", str(repo), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    cli("check", "--repo", str(repo), tmp=tmp_path)
    assert_nothing_ran(markers, repo)


def test_console_script_run_from_inside_the_repo_imports_nothing_from_it(trapped: tuple[Path, Path],
                                                                         tmp_path: Path) -> None:
    """The README's `uv run scaffolder …` from the repo root: click.py, json.py … there must not load."""
    repo, markers = trapped
    script = Path(sys.executable).parent / "scaffolder"
    if not script.exists():
        pytest.skip("console script not installed")
    done = cli("plan", "Add CSV export", "--repo", ".", "--stdout", tmp=tmp_path, cwd=repo,
               command=(str(script),), env={"PYTHONPATH": str(ROOT / "tests/hardening/netguard")})
    assert done.returncode == 0, done.stderr
    assert_nothing_ran(markers, repo)


def test_in_process_plan_never_calls_subprocess_or_exec(trapped: tuple[Path, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: forbid the ways code could be run while a plan is made."""
    import builtins
    import importlib
    import subprocess

    repo, markers = trapped
    calls: list[str] = []

    def forbidden(name: str):  # type: ignore[no-untyped-def]
        def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(f"{name}{args[:1]!r}")
            raise AssertionError(f"{name} called while planning")
        return refuse

    for module, name in ((subprocess, "Popen"), (os, "system"), (os, "execv"), (os, "execve"),
                         (os, "posix_spawn"), (builtins, "exec"), (builtins, "eval")):
        monkeypatch.setattr(module, name, forbidden(name))
    real_import = importlib.import_module

    def guarded_import(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        module = real_import(name, *args, **kwargs)
        if str(getattr(module, "__file__", "") or "").startswith(str(repo)):
            calls.append(f"import {name}")
        return module

    monkeypatch.setattr(importlib, "import_module", guarded_import)
    result = plan(repo, "Run the start script and the npm scripts")
    monkeypatch.undo()
    assert calls == []
    assert result.template_source == ".claude/commands/feature.md"
    assert "## Relevant Files" in result.text and "scripts/start.sh" in result.text
    assert_nothing_ran(markers, repo)


def test_the_traps_and_the_network_guard_do_fire(trapped: tuple[Path, Path], tmp_path: Path) -> None:
    """Control: running a trap for real leaves its marker, and the guard catches its connection."""
    import subprocess

    repo, markers = trapped
    net = tmp_path / "net.txt"
    env = dict(os.environ, SCAFFOLDER_NET_GUARD=str(net), PYTHONPATH=str(ROOT / "tests/hardening/netguard"))
    done = subprocess.run([sys.executable, str(repo / "app/server/conftest.py")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "network access is forbidden" in done.stderr
    assert (markers / "app_server_conftest.py").exists() and net.exists()
    subprocess.run(["sh", str(repo / "scripts/start.sh")], capture_output=True, timeout=60)
    assert (markers / "scripts_start.sh").exists()
