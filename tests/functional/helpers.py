"""Shared bits for functional tests: paths, running the CLI in a subprocess, reading sections."""
from __future__ import annotations

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "bookshelf")
SEED_HEADINGS = (
    "# Feature:", "## Feature Description", "## User Story", "## Problem Statement", "## Solution Statement",
    "## Relevant Files", "## Implementation Plan", "### Phase 1: Foundation", "### Phase 2: Core Implementation",
    "### Phase 3: Integration", "## Step by Step Tasks", "## Testing Strategy", "### Unit Tests",
    "### Integration Tests", "### Edge Cases", "## Acceptance Criteria", "## Validation Commands", "## Notes",
)
PLACEHOLDER = re.compile(r"<(?!!--)(?!/?(?:br|hr|details|summary|code|kbd|sub|sup|img|a)\b)[A-Za-z][^<>\n]{2,}>")


def run_cli(*args: str, seed: str = "0", cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "scaffolder", *args], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT, timeout=120)


def section(markdown: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = markdown.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    out = []
    for line in lines[start + 1:]:
        match = re.match(r"^(#+)\s", line)
        if match and len(match.group(1)) <= level:
            break
        out.append(line)
    return "\n".join(out)


def listed_paths(markdown: str) -> tuple[list[str], list[str]]:
    """(existing paths, new paths) named as bullets under Relevant Files."""
    body = section(markdown, "## Relevant Files")
    existing, _, new = body.partition("### New Files")
    pattern = re.compile(r"^- `([^`]+)`", re.M)
    return pattern.findall(existing), pattern.findall(new)
