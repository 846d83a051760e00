"""Short answers for placeholders inside a line: `As a <type of user>`, `**Risk level:** <low|medium|high>`.

The answer is chosen from the placeholder's own words and the label before it on the line
(`**Lines of code to change:**`), so the same template reads naturally for any plan.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from scaffolder.fill import Fill
from scaffolder.wording import expected_actual, solution, top_files

_SCALED = ("risk", "priority", "severity", "complexity", "effort", "size", "impact", "estimate")
_SIZES = {"xs", "s", "m", "l", "xl", "low", "medium", "high"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LABEL = re.compile(r"([A-Za-z][A-Za-z /'-]*)\W*$")
# `<list or "None">`: the template's own answer for nothing to report.
_OFFERS_NONE = re.compile(r"\bor\s+[\"'“]?none\b", re.I)


def answer(hint: str, label: str, fill: Fill, section_kind: str) -> str:
    """The value for `<hint>`, given the words before it on its line."""
    variable = _variable(hint, fill)
    if variable is not None:
        return variable
    if "|" in hint:
        return choose(hint.split("|"), label, fill)
    words = f"{_label_words(label)} {hint}".lower()
    for keys, value in _TABLE:
        if any(k in words for k in keys):
            return value(fill)
    if _OFFERS_NONE.search(hint):
        return "None found in the code"
    if section_kind in _BY_SECTION:
        return _BY_SECTION[section_kind](fill)
    return fill.plan.description if len(hint) > 30 else fill.plan.name


def _variable(hint: str, fill: Fill) -> str | None:
    """`<spec_path>` names a template variable: its --var value, else 'not provided'."""
    name = hint.strip()
    if not _IDENTIFIER.match(name) or not (name in fill.variables or name in fill.declared or "_" in name):
        return None
    return fill.variables.get(name, "not provided")


def _label_words(label: str) -> str:
    match = _LABEL.search(label.replace("*", "").replace("_", " "))
    return match.group(1) if match else ""


def choose(options: list[str], label: str, fill: Fill) -> str:
    """One of `low|medium|high`-style options, picked from the size and reach of the change."""
    options = [o.strip() for o in options if o.strip()]
    low = [o.lower() for o in options]
    if set(low) <= {"yes", "no", "true", "false", "y", "n"}:
        yes = _yes(label, fill)
        return next((o for o in options if o.lower() in (("yes", "true", "y") if yes else ("no", "false", "n"))),
                    options[0])
    if not any(w in label.lower() for w in _SCALED) and not set(low) & _SIZES:
        return options[0]
    return options[min(len(options) - 1, round(scale(fill) * (len(options) - 1)))]


def _yes(label: str, fill: Fill) -> bool:
    words = label.lower()
    if "ui" in words.split() or "frontend" in words or "visual" in words:
        return fill.ui
    if "breaking" in words or "migration" in words:
        return any("models" in f.roles for f in fill.plan.files[:3])
    if "test" in words:
        return True
    return False


def scale(fill: Fill) -> float:
    """0 (one small file) … 1 (many files, shared models, new endpoints): how big the change is."""
    plan = fill.plan
    size = len(plan.files) + 2 * len(fill.new_files()) + 2 * len(plan.proposed_routes)
    shared = any(set(f.roles) & {"models", "settings", "server-entry"} for f in plan.files[:4])
    value = min(1.0, size / 12) + (0.25 if shared else 0.0)
    if fill.kind == "patch":
        value -= 0.25
    return max(0.0, min(1.0, value))


def estimate(fill: Fill) -> str:
    """Lines of code, from the number of changed and new files (10–40 per changed file, 40–120 per new one)."""
    changed = len(fill.scope_files())
    new = len(fill.new_files())
    low, high = 10 * changed + 40 * new, 40 * changed + 120 * new
    files = f"{changed} changed file{'s' if changed != 1 else ''}" + (f" and {new} new" if new else "")
    return f"about {low}–{high} lines across {files} (a rough estimate from the file count, not from a diff)"


def testing(fill: Fill) -> str:
    tests = [f"`{t.path}`" for t in fill.plan.tests][:3]
    command = fill.focused_command()
    where = f"extend {', '.join(tests)}" if tests else "add a test beside the changed module"
    return f"{where}; run `{command}`" if command else where


def _short_solution(fill: Fill) -> str:
    return solution(fill) if fill.kind != "feature" else f"change {top_files(fill, 3)}"


def _file_list(fill: Fill) -> str:
    paths = [f.path for f in fill.plan.files[:6]] + [f.path for f in fill.new_files()]
    return ", ".join(f"`{p}`" for p in paths) or "`README.md`"


def _documents(fill: Fill) -> str:
    return ", ".join(f"`{d.path}`" for d in fill.plan.docs[:4]) or "no related document found"


def library_notes(fill: Fill) -> list[str]:
    """The plan's notes on libraries (new ones, or why none is needed)."""
    return [n for n in fill.plan.notes if "librar" in n.lower()]


def _libraries(fill: Fill) -> str:
    notes = library_notes(fill)
    return notes[0].rstrip(".") if notes else "no new library is needed"


_TABLE: tuple[tuple[tuple[str, ...], Callable[[Fill], str]], ...] = (
    (("type of user", "user type", "persona", "role", "as a"), lambda f: f.plan.user_type),
    (("benefit", "value", "so that"), lambda f: f.plan.benefit),
    (("action", "goal", "i want"), lambda f: f.plan.action),
    (("estimate", "lines of code", "effort", "size"), estimate),
    (("testing", "test"), testing),
    (("expected",), lambda f: expected_actual(f)[0]),
    (("actual", "observed"), lambda f: expected_actual(f)[1]),
    (("agent", "author", "owner", "assignee", "reviewer"), lambda f: "not provided"),
    (("blocker", "blocking"), lambda f: "none found in the code"),
    (("internal dependenc", "dependent feature"), lambda f: f"the existing {top_files(f, 3)}"),
    (("dependenc", "package", "librar"), _libraries),
    (("branch",), lambda f: f"`{f.kind}/{f.plan.slug}`"),
    (("list of files", "files to be", "files touched"), _file_list),
    (("related doc", "docs"), _documents),
    (("name", "title"), lambda f: f.plan.name),
    (("issue", "bug", "problem", "symptom"), lambda f: f.said),
    (("solution", "approach", "fix"), _short_solution),
    (("command",), lambda f: f.focused_command() or "the README's test command"),
    (("file", "path"), lambda f: f"`{f.plan.files[0].path}`" if f.plan.files else "`README.md`"),
    (("outcome", "result", "then"), lambda f: f.plan.acceptance[0] if f.plan.acceptance else f.plan.benefit),
    (("context", "given", "precondition"), lambda f: f"the app is running (`{f.start_command}`)" if f.start_command
     else f"{f.plan.app_name} is running"),
    (("date",), lambda f: "not provided"),
)
_BY_SECTION: dict[str, Callable[[Fill], str]] = {
    "problem": lambda f: f.said,
    "solution": _short_solution,
}
