from __future__ import annotations

import pytest

from scaffolder.slug import MAX_SLUG, slugify


@pytest.mark.parametrize("text, slug", [
    pytest.param("Add CSV export!", "add-csv-export", id="punctuation"),
    pytest.param("  Query   History  ", "query-history", id="spaces"),
    pytest.param("../../etc/passwd", "etc-passwd", id="path traversal"),
    pytest.param(".hidden", "hidden", id="leading dot"),
    pytest.param(".", "feature", id="lone dot"),
    pytest.param("CON", "con-feature", id="reserved windows name"),
    pytest.param("日本語のテキスト", "feature", id="no ascii letters"),
    pytest.param("Café déjà vu", "cafe-deja-vu", id="accents folded"),
    pytest.param("a/b\\c", "a-b-c", id="separators"),
    pytest.param("Add 🚀 rocket", "add-rocket", id="emoji"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_long_text_is_cut_at_a_word_boundary() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= MAX_SLUG and not slug.endswith("-") and slug.startswith("word-word")
