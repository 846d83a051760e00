"""Token estimates without a tokenizer: one token per four characters, rounded up.

English prose and code average three to four characters per token in the GPT/Claude BPE
vocabularies, so characters / 4 slightly under-counts dense code and over-counts prose; a
budget is met with the margin that leaves. No model-specific tokenizer is downloaded.
"""
from __future__ import annotations

import math

METHOD = "ceil(characters / 4)"


def estimate(text: str) -> int:
    return math.ceil(len(text) / 4)
