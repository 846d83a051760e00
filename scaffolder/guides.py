"""Documentation a repository's own guide says to read for this feature.

Templates of the ADW family say "Read `.claude/commands/conditional_docs.md` … include those
documentation files in Relevant Files". That guide lists documents, each with the conditions
under which it applies:

    - app_docs/feature-490eb6b5-one-click-table-exports.md
      - Conditions:
        - When working with CSV export functionality

A condition holds when it names a folder or file the plan touches, or shares a distinctive word
with the feature. Only documents that exist are listed: no path is invented.
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, replace

from rules.terms import terms
from scaffolder.plan import DocEntry, Plan
from scaffolder.repo_paths import inside_repo

MAX_GUIDE_BYTES = 512 * 1024
MAX_DOCS = 5
_ENTRY = re.compile(r"^[-*+]\s+`?([\w./-]+\.\w+)`?\s*:?\s*$")
_CONDITION = re.compile(r"^\s+[-*+]\s+(.+?)\s*$")
_PATHLIKE = re.compile(r"`?([\w.*-]+(?:/[\w.*-]*)+)`?")
# Words every condition uses ("When working with …"): they say nothing about which document applies.
_GENERIC = frozenset(terms("""when working operating anything under first understanding structure want learn
need changes change modify modifying adding removing create creating files file code codebase project
directory folder documentation docs functionality related task tasks trouble troubleshooting issues
making work implementing"""))


@dataclass(frozen=True, slots=True)
class GuideEntry:
    path: str
    conditions: tuple[str, ...]


def with_docs(plan: Plan, guides: tuple[str, ...], root: str) -> Plan:
    """The plan with the documents its template's guides call for (the first guide that exists)."""
    for guide in guides:
        entries = read_guide(root, guide)
        if entries:
            return replace(plan, docs=matching_docs(entries, plan, root, guide))
    return plan


def read_guide(root: str, rel: str) -> tuple[GuideEntry, ...]:
    """The guide's documents and their conditions; nothing when it is missing or unreadable."""
    path = os.path.join(root, rel)
    if not inside_repo(root, rel) or not os.path.isfile(path) or os.path.getsize(path) > MAX_GUIDE_BYTES:
        return ()
    try:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig", "replace")
    except OSError:
        return ()
    return parse_guide(text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_guide(text: str) -> tuple[GuideEntry, ...]:
    entries: list[GuideEntry] = []
    current: str | None = None
    conditions: list[str] = []
    for line in text.split("\n"):
        entry = _ENTRY.match(line)
        if entry:
            if current:
                entries.append(GuideEntry(current, tuple(conditions)))
            current, conditions = entry.group(1), []
            continue
        condition = _CONDITION.match(line)
        if current and condition and condition.group(1).rstrip(":").lower() != "conditions":
            conditions.append(condition.group(1))
        elif line.strip() and not line.startswith((" ", "\t")):
            if current:
                entries.append(GuideEntry(current, tuple(conditions)))
            current, conditions = None, []
    if current:
        entries.append(GuideEntry(current, tuple(conditions)))
    return tuple(e for e in entries if e.conditions)


def matching_docs(entries: tuple[GuideEntry, ...], plan: Plan, root: str, guide: str) -> tuple[DocEntry, ...]:
    """Existing documents whose conditions hold for the plan, best first (at most MAX_DOCS).

    A document holds when its conditions share two of the feature's words, or one word no other
    document of the guide uses (`query` in every document of a query app picks none out), or
    name a folder or file the plan touches.
    """
    feature = set(terms(plan.feature_text or plan.feature)) - _GENERIC
    touched = [f.path for f in plan.files + plan.new_files]
    entries = tuple(e for e in entries if e.path not in touched)  # listed already, as a file to change
    words = [{c: _words(c) for c in e.conditions} for e in entries]
    documents_using: dict[str, int] = {}
    for conditions in words:
        for word in set().union(*conditions.values()):
            documents_using[word] = documents_using.get(word, 0) + 1
    scored = []
    for order, (entry, conditions) in enumerate(zip(entries, words)):
        shared = set().union(*conditions.values()) & feature
        if len(shared) < 2 and not any(documents_using[w] == 1 for w in shared):
            shared = set()
        why = max(entry.conditions, key=lambda c: len(conditions[c] & shared)) if shared else next(
            (c for c in entry.conditions if _names_touched(c, touched)), "")
        if why and inside_repo(root, entry.path) and os.path.isfile(os.path.join(root, entry.path)):
            scored.append((-len(shared), order, DocEntry(entry.path, why, guide)))
    return tuple(doc for _, _, doc in sorted(scored)[:MAX_DOCS])


def _words(condition: str) -> set[str]:
    return set(terms(_PATHLIKE.sub(" ", condition))) - _GENERIC


def _names_touched(condition: str, touched: list[str]) -> bool:
    return any(_covers(m.group(1).strip("/"), t) for m in _PATHLIKE.finditer(condition) for t in touched)


def _covers(pattern: str, path: str) -> bool:
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(path, pattern)
    return path == pattern or path.startswith(pattern + "/")
