"""Shared helpers for the hardening suite: hostile repositories, in-process and CLI runs, a tally."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scaffolder.options import Options
from scaffolder.pipeline import Result, run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "bookshelf"
NET_GUARD = HERE / "netguard"
SEED_HEADINGS = (
    "# Feature:", "## Feature Description", "## User Story", "## Problem Statement", "## Solution Statement",
    "## Relevant Files", "## Implementation Plan", "## Step by Step Tasks", "## Testing Strategy",
    "## Acceptance Criteria", "## Validation Commands", "## Notes",
)

# Hypothesis examples run by the property tests; reported in the terminal summary.
TALLY = {"examples": 0}


def count_example() -> None:
    TALLY["examples"] += 1


def copy_example(dest: Path) -> Path:
    """A private copy of the bookshelf example app (without its committed cache)."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".scaffolder_cache", "specs"), symlinks=True)
    return dest


def write(root: Path, rel: str | bytes, data: str | bytes) -> Path:
    """Write `data` (bytes as they are, text as UTF-8 without newline translation) at `root/rel`."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(rel))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def plan(repo: Path, feature: str = "Add CSV export", **options: object) -> Result:
    """The pipeline in-process, cache off unless asked: what `scaffolder plan --stdout` prints."""
    options.setdefault("use_cache", False)
    return run(Options(feature=feature, repo=str(repo), **options))  # type: ignore[arg-type]


def cli(*args: str, tmp: Path, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 120, command: tuple[str, ...] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess whose sockets are booby-trapped; fail if it touched the network."""
    marker = tmp / "network-attempted.txt"
    full_env = dict(os.environ, PYTHONHASHSEED="0", SCAFFOLDER_NET_GUARD=str(marker),
                    PYTHONPATH=os.pathsep.join([str(NET_GUARD), str(ROOT)]))
    full_env.update(env or {})
    done = subprocess.run([*(command or (sys.executable, "-m", "scaffolder")), *args], capture_output=True,
                          text=True, errors="replace", env=full_env, cwd=cwd or ROOT, timeout=timeout)
    assert not marker.exists(), marker.read_text()
    return done


def assert_one_line_error(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    """A user-facing failure: the exit code, one stderr line naming the problem, no traceback."""
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("scaffolder: template:")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("scaffolder: error: "), done.stderr
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def headings(markdown: str) -> list[str]:
    """Level-1 and level-2 headings outside code fences."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (line.startswith("# ") or line.startswith("## ")):
            out.append(line)
    return out


def assert_complete_plan(text: str) -> None:
    """Every seed section is there, in order, exactly once."""
    found = headings(text)
    positions = []
    for heading in SEED_HEADINGS:
        hits = [i for i, line in enumerate(found) if line.startswith(heading) and (line == heading or heading.endswith(":"))]
        assert len(hits) == 1, (heading, found)
        positions.append(hits[0])
    assert positions == sorted(positions), found
