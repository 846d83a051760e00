"""What a template section asks for, from its heading (and, failing that, its placeholder's words).

Kept free of heavy imports: `scaffolder check` uses PLACEHOLDER and kind_of on every commit.
"""
from __future__ import annotations

import re

# `<feature name>`, and `<2-3 sentences: what and why>`: a digit may open one when words follow.
PLACEHOLDER = re.compile(r"<(?!!--)(?!/?(?:br|hr|details|summary|code|kbd|sub|sup|img|a)\b)"
                         r"([A-Za-z][^<>\n]{2,}|\d[^<>\n]*?\s[A-Za-z]{3,}[^<>\n]*)>")
# (words in the heading, kind); the first hit wins, so specific names come before general ones.
KINDS = (
    ("new files", "new_files"), ("files to create", "new_files"), ("relevant files", "files"),
    ("files to modify", "files"), ("files to change", "files"), ("affected files", "files"), ("files", "files"),
    ("user story", "user_story"), ("persona", "user"), ("audience", "user"), ("stakeholder", "user"),
    ("metadata", "metadata"),
    ("expected", "expected"), ("actual", "actual"), ("observed", "actual"), ("current", "current"),
    ("as-is", "current"), ("target", "target"), ("desired", "target"), ("to-be", "target"),
    ("reproduc", "reproduce"), ("root cause", "root_cause"), ("cause", "root_cause"),
    ("non-goal", "out_of_scope"), ("non goal", "out_of_scope"), ("out of scope", "out_of_scope"),
    ("problem", "problem"), ("motivation", "problem"), ("why", "problem"), ("goal", "goals"),
    ("objective", "goals"),
    ("solution", "solution"), ("approach", "solution"), ("proposal", "solution"), ("fix", "solution"),
    ("resolution", "solution"), ("remediation", "solution"), ("decision", "decisions"), ("design", "solution"),
    ("architect", "solution"),
    ("unit test", "unit_tests"), ("integration test", "integration_tests"), ("edge case", "edge_cases"),
    ("e2e", "integration_tests"), ("end-to-end", "integration_tests"), ("regression", "testing"),
    ("phase 1", "phase1"), ("foundation", "phase1"), ("phase 2", "phase2"), ("core implementation", "phase2"),
    ("phase 3", "phase3"), ("integration", "phase3"), ("implementation plan", "container"),
    ("step by step", "tasks"), ("implementation steps", "tasks"), ("tasks", "tasks"), ("steps", "tasks"),
    ("todo", "tasks"), ("to do", "tasks"), ("plan of work", "tasks"),
    ("testing strategy", "testing"), ("test plan", "testing"), ("testing", "testing"), ("tests", "testing"),
    ("how to test", "testing"), ("verification", "validation"), ("qa", "testing"),
    ("acceptance", "acceptance"), ("success", "acceptance"), ("definition of done", "checklist"),
    ("checklist", "checklist"), ("validation", "validation"), ("verify", "validation"),
    ("risk", "risks"), ("rollback", "rollback"), ("revert", "rollback"), ("review", "review"),
    ("environment", "environment"), ("impact", "impact"), ("affected", "impact"),
    ("alternative", "alternatives"), ("assumption", "assumptions"), ("question", "questions"),
    ("dependenc", "dependencies"), ("librar", "dependencies"), ("security", "security"), ("privacy", "security"),
    ("performance", "performance"), ("latency", "performance"), ("scalab", "performance"),
    ("api", "api"), ("endpoint", "api"), ("route", "api"), ("data model", "data_model"), ("schema", "data_model"),
    ("migration", "data_model"), ("database", "data_model"), ("ui", "ui"), ("user interface", "ui"),
    ("frontend", "ui"), ("ux", "ui"), ("rollout", "rollout"), ("deploy", "rollout"), ("release", "rollout"),
    ("commit", "commit"), ("changelog", "commit"), ("pull request", "commit"),
    ("estimate", "estimate"), ("effort", "estimate"), ("scope", "estimate"), ("complexity", "estimate"),
    ("reference", "references"), ("links", "references"), ("resources", "references"), ("related", "references"),
    ("notes", "notes"), ("considerations", "notes"), ("documentation", "references"),
    ("description", "description"), ("summary", "description"), ("overview", "description"),
    ("context", "description"), ("background", "description"), ("issue", "description"), ("tl;dr", "description"),
)
_WORDS = tuple((re.compile(r"\b" + re.escape(words)), kind) for words, kind in KINDS)


def kind_of(heading: str, level: int, first: bool, hint: str = "") -> str:
    """The kind of a section: from its heading, else from its placeholder's words, else 'generic'."""
    if first and level == 1:
        return "title"
    for text in (PLACEHOLDER.sub("", heading), hint):
        low = text.lower()
        for pattern, kind in _WORDS:
            if pattern.search(low):
                return kind
    return "generic"


_EXAMPLE = re.compile(r"^.*?\d+[^<\w]*<[^<>]+>.*$")


def is_example(heading: str) -> bool:
    """`Step 1: <specific action>` or `<task name>`: an example of a heading, not a required one."""
    heading = heading.strip()
    return bool(_EXAMPLE.match(heading)) or bool(PLACEHOLDER.fullmatch(heading))
