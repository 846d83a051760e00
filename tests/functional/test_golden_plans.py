"""The committed plans under specs/ are exactly what scaffolder writes for the example app."""
from __future__ import annotations

import os

import pytest

from helpers import EXAMPLE, ROOT
from scaffolder.options import Options
from scaffolder.pipeline import run

GOLDEN = (
    "Add a button that exports the book list as a CSV file",
    "Let readers delete a note from a book",
    "Show reading statistics as a chart on the stats panel",
)


@pytest.mark.parametrize("feature", GOLDEN)
def test_golden_plan(feature: str, update_golden: bool) -> None:
    result = run(Options(feature=feature, repo=EXAMPLE, stdout=True))
    path = os.path.join(ROOT, "specs", result.slug + ".md")
    if update_golden:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(result.text)
    with open(path, encoding="utf-8") as fh:
        assert fh.read() == result.text, f"{path} differs; review and rerun with --update-golden"
