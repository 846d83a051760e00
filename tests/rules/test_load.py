from __future__ import annotations

import os

import pytest

from rules.load import RuleError, load_rule, load_rules


def test_builtin_packs_load_sorted_with_examples() -> None:
    rules = load_rules()
    ids = [(r.pack, r.id) for r in rules]
    assert ids == sorted(ids)
    assert {"export-download", "ui-change", "endpoint"} <= {r.id for r in rules}
    export = next(r for r in rules if r.id == "export-download")
    assert ("export",) in export.keywords and ("save", "as") in export.keywords
    assert dict(export.roles)["route-module"] > 0
    assert export.examples


@pytest.mark.parametrize("body, message", [
    pytest.param('id = "bad-rule"\nkeywrds = []\n', "unknown key 'keywrds'", id="unknown key"),
    pytest.param('id = "Bad Rule"\n', "kebab-case", id="bad id"),
    pytest.param('id = "other-name"\n', "file name must be", id="id differs from file name"),
    pytest.param('id = "bad-rule"\nkeywords = "export"\n', "'keywords' must be a list", id="keywords not a list"),
    pytest.param('id = "bad-rule"\n[roles]\napi-client = "high"\n', "'roles' must map", id="role weight not a number"),
    pytest.param('id = "bad-rule"\nkeywords = [\n', "fix the TOML", id="invalid toml"),
    pytest.param('id = "bad-rule"\nuntouched = "html-entry"\n', "'untouched' must be a list", id="untouched not a list"),
    pytest.param('id = "bad-rule"\n[[variant]]\nedge_cases = ["x"]\n', r"a \[\[variant\]\] needs 'keywords'",
                 id="variant without keywords"),
    pytest.param('id = "bad-rule"\n[[variant]]\nkeywords = ["pdf"]\nroles = []\n', "unknown variant key 'roles'",
                 id="variant key unknown"),
    pytest.param('id = "bad-rule"\n[[variant]]\nkeywords = ["xml"]\nleft_alone = ["api-client"]\n',
                 r"'left_alone' needs 'route_takes'", id="variant leaving roles alone unconditionally"),
    pytest.param('id = "bad-rule"\nvariant = "pdf"\n', "'variant' must be a list of tables", id="variant not tables"),
    pytest.param('id = "bad-rule"\nendpoint = "replace"\n', "'endpoint' must be one of 'new', 'extend'",
                 id="endpoint kind unknown"),
])
def test_bad_rules_name_the_file_and_the_fix(tmp_path: str, body: str, message: str) -> None:
    path = os.path.join(str(tmp_path), "bad-rule.toml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(body)
    with pytest.raises(RuleError, match=message) as info:
        load_rule(path, "custom")
    assert path in str(info.value)
