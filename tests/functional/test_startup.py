"""`--help`, `--version` and `check` start without the heavy libraries (issue 5)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import EXAMPLE, ROOT

HEAVY = ("libcst", "networkx", "tree_sitter", "mistune")


def imported_modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "scaffolder", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert names, done.stderr[-300:]
    return names


@pytest.mark.parametrize("args", [
    pytest.param(("--help",), id="--help"),
    pytest.param(("--version",), id="--version"),
    pytest.param(("plan", "--help"), id="plan --help"),
    pytest.param(("check", os.path.join(ROOT, "specs", "let-readers-delete-a-note-from-a-book.md"),
                  "--repo", EXAMPLE), id="check a spec"),
])
def test_no_heavy_library_is_imported(args: tuple[str, ...]) -> None:
    assert imported_modules(*args) & set(HEAVY) == set()


def test_plan_imports_the_parsers_it_needs_and_libcst_only_as_a_fallback() -> None:
    names = imported_modules("plan", "Add CSV export", "--repo", EXAMPLE, "--stdout", "--no-cache")
    assert "tree_sitter" in names
    assert "libcst" not in names  # every bookshelf file is read by the stdlib ast fast path
    assert "networkx" not in names  # the neighbour table is read from the resolution, not a graph


def test_libcst_reads_what_the_fast_path_is_unsure_of(tmp_path) -> None:
    server = tmp_path / "app" / "server"
    server.mkdir(parents=True)
    # ast decodes `{{` in an f-string while libcst keeps the text as written: libcst decides.
    (server / "server.py").write_text('from fastapi import FastAPI\napp = FastAPI()\n\n\n'
                                      '@app.get(f"/items/{{id}}")\ndef item():\n    return 1\n')
    names = imported_modules("plan", "Add CSV export", "--repo", str(tmp_path), "--stdout", "--no-cache")
    assert "libcst" in names
