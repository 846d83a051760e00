"""Real and held-out plan templates, filled on the example app: every heading in order, no placeholder
left, and `scaffolder check` passes the result against the same template."""
from __future__ import annotations

import glob
import os
import re

import pytest

from helpers import EXAMPLE, PLACEHOLDER, ROOT
from scaffolder.check import check_spec
from scaffolder.options import Options
from scaffolder.pipeline import run
from scaffolder.template import load_template

HELD_OUT = sorted(glob.glob(os.path.join(ROOT, "tests", "functional", "templates", "*.md")))
# The 22 real templates of the shared bench, when this checkout sits next to it (never in CI).
SHARED = sorted(glob.glob(os.path.join(os.path.dirname(ROOT), "shared", "templates", "*.md")))
FEATURES = (
    "Add a button that exports the book list as a CSV file",
    "Deleting a book leaves its notes behind instead of removing them",
)


def headings(markdown: str) -> list[str]:
    out, depth = [], 0
    for line in markdown.split("\n"):
        fence = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)", line)
        if fence:
            depth = depth + 1 if fence.group(2) else max(0, depth - 1)
        elif depth == 0 and re.match(r"^#{1,6}\s", line):
            title = re.split(r"[:<]", re.sub(r"^#+\s*", "", line).strip())[0].strip().lower()
            if title:
                out.append(title)
    return out


@pytest.mark.parametrize("feature", FEATURES, ids=("feature text", "bug text"))
@pytest.mark.parametrize("path", HELD_OUT + SHARED, ids=os.path.basename)
def test_template_is_filled_completely_and_passes_check(path: str, feature: str, tmp_path: str) -> None:
    template = load_template(path, EXAMPLE)
    result = run(Options(feature=feature, repo=EXAMPLE, template=path, stdout=True))
    found = iter(headings(result.text))
    wanted = headings("\n".join("#" * s.level + " " + s.heading for s in template.sections))
    assert [w for w in wanted if not any(h == w or h.startswith(w) for h in found)] == []
    assert PLACEHOLDER.findall(result.text) == []
    spec = os.path.join(str(tmp_path), "spec.md")
    with open(spec, "w", encoding="utf-8") as fh:
        fh.write(result.text)
    assert check_spec(spec, EXAMPLE, template) == []
