from __future__ import annotations

import os

from rules.table import BEGIN, END, markdown_table

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "README.md")


def test_readme_rules_table_is_generated_from_the_packs() -> None:
    text = open(README, encoding="utf-8").read()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == markdown_table(), "run `python -m rules.table` and paste it into README.md"
