"""Which literal strings count as lexical evidence."""
from __future__ import annotations

import re

_HAS_LETTER = re.compile(r"[A-Za-z]")
_CODE_LIKE = re.compile(r"^(?:[./@~]|https?:|[\w-]+\.(?:js|ts|py|css|json|html)$)")


def keep_string(value: str) -> bool:
    """A string literal that may carry domain words: has letters, is short, is not a path."""
    text = value.strip()
    return 2 <= len(text) <= 120 and bool(_HAS_LETTER.search(text)) and not _CODE_LIKE.match(text)
