"""Conditional placeholders: `<If the bug affects UI, include a task …>` holds or not, from facts.

A condition is decided only from what the plan knows (which roles the chosen files play, which
routes it touches, whether an E2E test was planned). A condition nothing here recognises does
not hold, so its instruction is left out rather than guessed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rules.model import NO_LIBRARY
from scaffolder.fill import CLIENT_ROLES, MODEL_ROLES

if TYPE_CHECKING:
    from scaffolder.fill import Fill

_CONDITION = re.compile(r"^if\s+(.*?)(?:,|\s+then\b|:)", re.I | re.S)


def is_conditional(hint: str) -> bool:
    return bool(re.match(r"^(?:if|when|only if)\b", hint.strip(), re.I))


def holds(hint: str, fill: Fill) -> bool:
    """Whether the condition at the start of `hint` is true for this plan."""
    match = _CONDITION.match(hint.strip())
    condition = (match.group(1) if match else hint).lower()
    for pattern, test in _TESTS:
        if re.search(pattern, condition):
            return test(fill)
    return False


def quoted_instruction(hint: str) -> str | None:
    """The literal text a conditional asks to include ("include the following validation step: '…'")."""
    head, _, rest = hint.partition(":")
    if "following" not in head.lower() or not rest.strip():
        return None
    text = rest.strip().strip("\"“”'")
    return text.rstrip(".") + "." if text else None


def _touches(fill: Fill, roles: frozenset[str]) -> bool:
    return any(set(f.roles) & roles for f in fill.plan.files + fill.plan.new_files)


def _new_library(fill: Fill) -> bool:
    return any(n.startswith("New libraries") and NO_LIBRARY not in n.lower() for n in fill.plan.notes)


_TESTS = (
    (r"\b(?:e2e|end-to-end|end to end) tests?\b", lambda f: f.e2e is not None),
    (r"\b(?:ui|user interfaces?|frontend|front-end|front end|user interactions?|visual|screens?|layout|styles?)\b",
     lambda f: f.ui),
    (r"\bclient\b", lambda f: _touches(f, CLIENT_ROLES)),
    (r"\b(?:librar|dependenc|packages?\b)", _new_library),
    (r"\b(?:database|schema|data models?|models?|migrations?)\b", lambda f: _touches(f, MODEL_ROLES)),
    (r"\b(?:api|endpoints?|routes?)\b", lambda f: bool(f.plan.routes or f.plan.proposed_routes)),
    (r"\bnew files?\b", lambda f: bool(f.new_files())),
)
