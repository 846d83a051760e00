"""FileFacts ⇄ JSON values: the per-type encoders write what a walk of the value writes, and
decoding gives the facts back."""
from __future__ import annotations

import dataclasses
import json
import os
import pickle

import pytest

from analyzers.codec import decode_facts, encode, facts_json
from analyzers.model import FileFacts, Model, Route, Symbol
from analyzers.scan import scan

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def walked(value: object) -> object:
    """The plain recursive encoding: records and tuples become lists."""
    if dataclasses.is_dataclass(value):
        return [walked(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, tuple):
        return [walked(v) for v in value]
    return value


@pytest.mark.parametrize("app", ["examples/bookshelf", "tests/fixtures/recipes_react"])
def test_every_fixture_file_encodes_as_a_walk_and_decodes_back(app: str) -> None:
    for facts in scan(os.path.join(ROOT, app), use_cache=False).files:
        encoded = encode(facts)
        assert encoded == walked(facts), facts.path
        assert decode_facts(json.loads(json.dumps(encoded))) == facts


def test_nested_records_and_pairs_become_lists() -> None:
    facts = FileFacts("app/m.py", "python", 3, symbols=(Symbol("f", "function", 1),),
                      routes=(Route("GET", "/a", "f", "app/m.py", 2),), models=(Model("M", ("a", "b"), 3),),
                      constants=(("API", "/api"),))
    encoded = dict(zip((f.name for f in dataclasses.fields(FileFacts)), encode(facts)))
    assert encoded["symbols"] == [["f", "function", 1, "", True]]
    assert encoded["models"] == [["M", ["a", "b"], 3, []]]
    assert encoded["constants"] == [["API", "/api"]]
    assert list(encoded.values()) == walked(facts)


@pytest.mark.parametrize("app", ["examples/bookshelf", "tests/fixtures/recipes_react"])
def test_every_fixture_file_pickles_back_to_equal_facts(app: str) -> None:
    for facts in scan(os.path.join(ROOT, app), use_cache=False).files:
        assert pickle.loads(pickle.dumps(facts)) == facts, facts.path


def test_facts_json_is_ascii_and_decodes_back_even_with_a_lone_surrogate() -> None:
    facts = FileFacts("app/é.py", "python", 1, strings=("caf\u00e9", "\ud800 half"))
    text = facts_json(facts)
    assert text.isascii()
    assert decode_facts(json.loads(text)) == facts
