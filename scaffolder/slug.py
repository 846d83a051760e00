"""File-name slugs for specs: lower-case ASCII kebab-case, bounded, never a path."""
from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60
_NON_WORD = re.compile(r"[^a-z0-9]+")
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def slugify(text: str) -> str:
    """`Add CSV export!` → `add-csv-export`; text with no ASCII letters or digits → `feature`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    slug = slug.strip("-")
    if not slug:
        return "feature"
    return f"{slug}-feature" if slug in _RESERVED else slug
