"""Every rule's [[example]] runs against the project's own fixture apps."""
from __future__ import annotations

import os

import pytest

from rules.load import load_rules
from scaffolder.analysis import analyse
from analyzers.walk import DEFAULT_SCOPE

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = {
    "bookshelf": os.path.join(ROOT, "examples", "bookshelf"),
    "recipes_react": os.path.join(ROOT, "tests", "fixtures", "recipes_react"),
}
EXAMPLES = [pytest.param(rule.id, example, id=f"{rule.id}: {example.feature}")
            for rule in load_rules() for example in rule.examples]


@pytest.mark.parametrize("rule_id, example", EXAMPLES)
def test_rule_example(rule_id: str, example: object) -> None:
    fixture = FIXTURES[example.fixture]  # type: ignore[attr-defined]
    analysis = analyse(example.feature, fixture, DEFAULT_SCOPE)  # type: ignore[attr-defined]
    chosen = [c.path for c in analysis.ranking.chosen]
    assert rule_id in [r.id for r in analysis.ranking.rules]
    missing = [p for p in example.expect if p not in chosen]  # type: ignore[attr-defined]
    assert not missing, f"{missing} not in {chosen}"
    unwanted = [p for p in example.absent if p in chosen]  # type: ignore[attr-defined]
    assert not unwanted, f"{unwanted} in {chosen}"


def test_every_example_names_existing_files() -> None:
    for rule in load_rules():
        for example in rule.examples:
            for path in example.expect + example.absent:
                assert os.path.isfile(os.path.join(FIXTURES[example.fixture], path)), (rule.id, path)
