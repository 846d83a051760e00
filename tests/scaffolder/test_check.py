"""`scaffolder check`: a fresh spec passes; each kind of damage is named with its line and its fix."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from scaffolder.check import Finding, check_spec

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "bookshelf")
GOLDEN = os.path.join(ROOT, "specs", "add-a-button-that-exports-the-book-list-as-a-csv-file.md")


@pytest.fixture
def fresh() -> str:
    with open(GOLDEN, encoding="utf-8") as fh:
        return fh.read()


def write(tmp_path: str, text: str) -> str:
    path = os.path.join(str(tmp_path), "x.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle) + 1


def test_a_fresh_spec_is_clean(tmp_path: str, fresh: str) -> None:
    assert check_spec(write(tmp_path, fresh), EXAMPLE, None) == []


def _drop_section(text: str, heading: str) -> str:
    lines = text.split("\n")
    start = lines.index(heading)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return "\n".join(lines[:start] + lines[end:])


DAMAGE = [
    pytest.param(lambda t: _drop_section(t, "## Acceptance Criteria"), "### Edge Cases",
                 "section 'Acceptance Criteria' is missing; add it after 'Edge Cases'", id="missing section"),
    pytest.param(lambda t: t.replace("- `app/client/src/api/client.ts` —", "- `app/client/src/api/nowhere.ts` —"),
                 "- `app/client/src/api/nowhere.ts` —",
                 "path 'app/client/src/api/nowhere.ts' does not exist; fix it, or move it under '### New Files'",
                 id="path that does not exist"),
    pytest.param(lambda t: t.replace("As a reader", "As a <type of user>"), "As a <type of user>",
                 "placeholder '<type of user>' is left; replace it with real content", id="placeholder left"),
    pytest.param(lambda t: re.sub(r"### \d+\. Run the Validation Commands", "### 99. Tidy up", t), "### 99. Tidy up",
                 "the last step of 'Step by Step Tasks' does not run the Validation Commands", id="no final validation"),
    pytest.param(lambda t: t.replace("## User Story", "## TEMP").replace("## Problem Statement", "## User Story")
                 .replace("## TEMP", "## Problem Statement"), "## User Story",
                 "section 'Problem Statement' is out of order; add it after 'User Story'", id="out of order"),
]


@pytest.mark.parametrize("damage, where, message", DAMAGE)
def test_damage_is_named_with_its_line_and_fix(tmp_path: str, fresh: str, damage, where: str, message: str) -> None:
    broken = damage(fresh)
    findings = check_spec(write(tmp_path, broken), EXAMPLE, None)
    assert any(message in f.message for f in findings), findings
    hit = next(f for f in findings if message in f.message)
    assert hit.line == line_of(broken, next(l for l in broken.split("\n") if l.startswith(where)))


def test_empty_validation_commands(tmp_path: str, fresh: str) -> None:
    lines = fresh.split("\n")
    start = lines.index("## Validation Commands")
    end = lines.index("## Notes")
    broken = "\n".join(lines[:start + 1] + ["", "Run everything.", ""] + lines[end:])
    findings = check_spec(write(tmp_path, broken), EXAMPLE, None)
    assert Finding(str(tmp_path) + "/x.md", start + 1, "'Validation Commands' lists no command; add at least one, "
                   "e.g. `cd app/server && uv run pytest`") in findings


def test_new_files_and_code_spans_are_not_flagged(tmp_path: str, fresh: str) -> None:
    text = fresh.replace("## Implementation Plan", "### New Files\n\n- `app/server/core/export.py` — new.\n\n"
                                                   "## Implementation Plan")
    text = text.replace("## Notes\n", "## Notes\n\n- run `uv add <package>` if needed\n")
    assert check_spec(write(tmp_path, text), EXAMPLE, None) == []


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scaffolder", "check", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_cli_exit_codes_and_output_format(tmp_path: str, fresh: str) -> None:
    clean = run_check("--repo", EXAMPLE, GOLDEN)
    assert (clean.returncode, clean.stdout) == (0, "")
    broken = write(tmp_path, fresh.replace("As a reader", "As a <type of user>"))
    result = run_check("--repo", EXAMPLE, broken)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{broken}:{line_of(fresh, 'As a reader')}: placeholder '<type of user>'")


def test_check_imports_nothing_heavy_and_is_fast() -> None:
    probe = ("import sys, time; t = time.perf_counter(); from scaffolder.cli import main\n"
             "try:\n    main(['check', '--repo', sys.argv[1], *sys.argv[2:]])\nexcept SystemExit as e:\n"
             "    code = e.code\nheavy = sorted(m for m in ('libcst', 'networkx', 'tree_sitter', 'mistune') if m in sys.modules)\n"
             "print(code, heavy, time.perf_counter() - t)")
    specs = [os.path.join(ROOT, "specs", n) for n in sorted(os.listdir(os.path.join(ROOT, "specs")))] * 2
    out = subprocess.run([sys.executable, "-c", probe, EXAMPLE, *specs], capture_output=True, text=True, cwd=ROOT,
                         timeout=60).stdout.split()
    assert out[:2] == ["0", "[]"]
    assert float(out[2]) < 0.2, f"check took {out[2]} s for {len(specs)} specs"


def test_check_in_process_speed(tmp_path: str, fresh: str) -> None:
    paths = [write(tmp_path, fresh)] * 6
    start = time.perf_counter()
    for path in paths:
        check_spec(path, EXAMPLE, None)
    assert time.perf_counter() - start < 0.1


# A bare plan format, as some repositories keep their command, saved by an editor that writes a BOM.
BUG_COMMAND = ("# Bug: <bug name>\r\n\r\n## Bug Description\r\n<describe the bug>\r\n\r\n"
               "## Steps to Reproduce\r\n<steps>\r\n\r\n## Validation Commands\r\n<commands>\r\n")


def test_a_bug_spec_is_checked_against_the_repos_own_bug_command_saved_with_a_bom_and_crlf(tmp_path) -> None:
    commands = tmp_path / ".claude" / "commands"
    commands.mkdir(parents=True)
    (commands / "bug.md").write_bytes(b"\xef\xbb\xbf" + BUG_COMMAND.encode())
    spec = tmp_path / "specs" / "bug.md"
    spec.parent.mkdir()
    spec.write_text("# Bug: the search returns duplicate rows\n\n## Bug Description\n\nRows repeat.\n\n"
                    "## Validation Commands\n\n- `cd app/server && uv run pytest`\n")
    found = run_check("--repo", str(tmp_path), str(spec))
    assert found.returncode == 1
    assert "Steps to Reproduce" in found.stdout
