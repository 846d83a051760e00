"""What each template section asks for, and the grounded Markdown that answers it."""
from __future__ import annotations

import re

from scaffolder.plan import Plan

PLACEHOLDER = re.compile(r"<(?!!--)(?!/?(?:br|hr|details|summary|code|kbd|sub|sup|img|a)\b)([A-Za-z][^<>\n]{2,})>")
# (words in the heading, kind); the first hit wins, so specific names come before general ones.
KINDS = (
    ("new files", "new_files"), ("relevant files", "files"), ("files to modify", "files"), ("files", "files"),
    ("user story", "user_story"), ("problem", "problem"), ("solution", "solution"),
    ("unit test", "unit_tests"), ("integration test", "integration_tests"), ("edge case", "edge_cases"),
    ("e2e", "integration_tests"), ("end-to-end", "integration_tests"),
    ("phase 1", "phase1"), ("foundation", "phase1"), ("phase 2", "phase2"), ("core implementation", "phase2"),
    ("phase 3", "phase3"), ("integration", "phase3"), ("implementation plan", "container"),
    ("reproduce", "reproduce"), ("root cause", "root_cause"),
    ("step by step", "tasks"), ("implementation steps", "tasks"), ("tasks", "tasks"), ("steps", "tasks"),
    ("testing strategy", "testing"), ("testing", "testing"), ("tests", "testing"),
    ("acceptance", "acceptance"), ("validation", "validation"), ("notes", "notes"), ("metadata", "metadata"),
    ("risk", "risks"), ("rollback", "risks"), ("review", "review"),
    ("description", "description"), ("summary", "description"), ("overview", "description"),
    ("context", "description"), ("issue", "description"),
)


def kind_of(heading: str, level: int, first: bool) -> str:
    if first and level == 1:
        return "title"
    low = PLACEHOLDER.sub("", heading).lower()
    for words, kind in KINDS:
        if words in low:
            return kind
    return "generic"


def bullets(items: tuple[str, ...] | list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def content(kind: str, plan: Plan, hint: str) -> list[str]:
    """Markdown lines answering a section of `kind`; `hint` is the placeholder's own words."""
    if kind in ("description", "generic", "title", "container"):
        return _generic(plan, hint)
    writer = _WRITERS.get(kind)
    return writer(plan) if writer else _generic(plan, hint)


def _files(plan: Plan) -> list[str]:
    return [f"- `{f.path}` — {f.reason}." for f in plan.files]


def _new_files(plan: Plan) -> list[str]:
    if not plan.new_files:
        return ["- No new file is needed: the change fits in the files above."]
    return [f"- `{f.path}` — {f.reason}." for f in plan.new_files]


def _tasks(plan: Plan) -> list[str]:
    lines: list[str] = []
    for number, task in enumerate(plan.tasks, start=1):
        if lines:
            lines.append("")
        lines.append(f"### {number}. {task.title}")
        lines.extend(bullets(task.bullets))
    return lines


def _validation(plan: Plan) -> list[str]:
    lines = [f"- `{c}` — {_why_command(c)}" for c in plan.commands]
    lines.extend(f"- {check}" for check in plan.e2e_checks)
    return lines or ["- Run the project's test suite; no test command was found in the README or package.json."]


def _why_command(command: str) -> str:
    if "pytest" in command and command.rstrip().endswith("pytest"):
        return "the whole server test suite, zero regressions"
    if "pytest" in command:
        return "the tests closest to the changed modules, first"
    if "tsc" in command or "typecheck" in command or "type-check" in command:
        return "the client type-checks"
    if command.endswith("build"):
        return "the client builds (type-check and bundle)"
    if command.endswith(("test", "lint")):
        return "the client's own checks pass"
    return "runs without errors"


def _notes(plan: Plan) -> list[str]:
    lines = bullets(plan.notes)
    lines += ["", "```mermaid", plan.diagram, "```"]
    return lines


def _user_story(plan: Plan) -> list[str]:
    return [f"As a {plan.user_type}", f"I want to {plan.action}", f"So that {plan.benefit}"]


def _testing(plan: Plan) -> list[str]:
    return bullets(plan.unit_tests + plan.integration_tests)


def _reproduce(plan: Plan) -> list[str]:
    steps = [f"Start the app: {plan.e2e_checks[0]}" if plan.e2e_checks else "Start the app as the README describes"]
    if plan.routes:
        route = plan.routes[0]
        steps.append(f"Exercise `{route.method} {route.path}` (handled by `{route.handler}` in `{route.file}`)")
    steps.append(f"Observe: {plan.feature.strip().splitlines()[0] if plan.feature.strip() else plan.name}")
    return [f"{i}. {s}" for i, s in enumerate(steps, start=1)]


def _root_cause(plan: Plan) -> list[str]:
    top = plan.files[:3]
    where = ", ".join(f"`{f.path}`" for f in top) or "the modules listed under Relevant Files"
    return [f"Not yet confirmed; static analysis points first at {where}, in that order. "
            "Confirm by reproducing with a failing test before changing code."]


def _risks(plan: Plan) -> list[str]:
    out = [f"Changing `{f.path}` affects everything that imports it; its tests must stay green." for f in plan.files[:3]]
    out.append("Roll back by reverting the commit; no data migration is involved unless a model changes.")
    return bullets(out)


def _review(plan: Plan) -> list[str]:
    return bullets([f"`{f.path}` — {f.reason}." for f in plan.files[:5]] + list(plan.acceptance[:3]))


def _metadata(plan: Plan) -> list[str]:
    return [f"- feature: `{plan.slug}`", f"- plan kind: {plan.kind}", f"- rules: {', '.join(plan.rules)}"]


def _generic(plan: Plan, hint: str) -> list[str]:
    low = hint.lower()
    if "name" in low or "title" in low:
        return [plan.name]
    if "problem" in low:
        return [plan.problem]
    if "solution" in low or "approach" in low:
        return [plan.solution]
    return [plan.description]


_WRITERS = {
    "files": _files,
    "new_files": _new_files,
    "user_story": _user_story,
    "problem": lambda p: [p.problem],
    "solution": lambda p: [p.solution],
    "phase1": lambda p: bullets(p.phases[0]),
    "phase2": lambda p: bullets(p.phases[1]),
    "phase3": lambda p: bullets(p.phases[2]),
    "tasks": _tasks,
    "unit_tests": lambda p: bullets(p.unit_tests),
    "integration_tests": lambda p: bullets(p.integration_tests),
    "edge_cases": lambda p: bullets(p.edge_cases or ("empty input", "invalid input")),
    "testing": _testing,
    "acceptance": lambda p: bullets(p.acceptance),
    "validation": _validation,
    "notes": _notes,
    "reproduce": _reproduce,
    "root_cause": _root_cause,
    "risks": _risks,
    "review": _review,
    "metadata": _metadata,
}


def inline(hint: str, plan: Plan, kind: str) -> str:
    """A short value for a placeholder inside a line (`As a <type of user>`)."""
    low = hint.lower()
    table = (
        (("type of user", "user type", "persona", "role"), plan.user_type),
        (("action", "goal", "want"), plan.action),
        (("benefit", "value", "so that"), plan.benefit),
        (("name", "title"), plan.name),
        (("spec", "path"), f"specs/{plan.slug}.md"),
        (("problem",), plan.problem),
        (("solution", "approach"), plan.solution),
        (("command",), plan.commands[0] if plan.commands else "the README's test command"),
        (("file",), plan.files[0].path if plan.files else "README.md"),
    )
    for words, value in table:
        if any(w in low for w in words):
            return value
    if kind in ("problem", "solution"):
        return plan.problem if kind == "problem" else plan.solution
    return plan.description if len(hint) > 30 else plan.name
