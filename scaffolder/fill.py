"""What a renderer knows while filling one template: the plan, the template's kind and variables,
which paths the template names that exist, and the E2E test the template asks for (if any).

Everything here is derived from the plan and the template once, before any section is written,
because a later section (Validation) must agree with an earlier one (Relevant Files, Tasks).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from scaffolder import phrasing
from scaffolder.plan import FileEntry, Plan, Task
from scaffolder.slug import slugify
from scaffolder.template import Template

UI_ROLES = frozenset({"client-entry", "ui-module", "component", "html-entry", "stylesheet", "shared-stylesheet"})
CLIENT_ROLES = UI_ROLES | {"api-client", "types", "client-module", "client-test"}
MODEL_ROLES = frozenset({"models", "types"})
PATCH_FILES = 4
PLACEHOLDER_TEXT = re.compile(r"<(?!!--)([A-Za-z][^<>\n]{2,})>")
_E2E_PATH = re.compile(r"`?([\w./-]*test_<[^<>`]+>\.md)`?")
_CODE_PATH = re.compile(r"`([\w.-]+(?:/[\w.-]+)+\.\w+)`")
_START = re.compile(r"^`([^`]+)` then")
_PORT = re.compile(r"localhost:(\d+)")
_DOM_ID = re.compile(r"`#([\w-]+)`")
_SYMBOL = re.compile(r"`([\w.]+)` \(line (\d+)\)")
START_FROM = "Start from "  # opens a task's bullet naming the symbols that hold the feature's words
_STOP = frozenset("""a an and as at by for from in into of on or that the this to with when which it its is are
be was were their our my your his her""".split())


@dataclass(frozen=True, slots=True)
class E2E:
    """The E2E test file a template asks for when the change touches the UI."""

    path: str
    examples: tuple[str, ...]
    runner: str | None
    early: bool


@dataclass(frozen=True, slots=True)
class Fill:
    plan: Plan
    kind: str
    variables: dict[str, str]
    declared: tuple[str, ...]
    existing: frozenset[str]
    e2e: E2E | None
    new_section: bool = False

    @property
    def ui(self) -> bool:
        return any(set(f.roles) & UI_ROLES for f in self.plan.files + self.plan.new_files)

    @property
    def request(self) -> str:
        """The feature text's first line, spaces collapsed."""
        first = next((line for line in self.plan.feature.splitlines() if line.strip()), self.plan.name)
        return " ".join(first.split()).rstrip(".")

    @property
    def said(self) -> str:
        """The request without its label or the way it is asked: "Bug: deleting a book fails" →
        `Deleting a book fails`; what plans for bugs, chores and patches quote."""
        return phrasing.reported(self.request)

    @property
    def start_command(self) -> str | None:
        match = next((m for m in map(_START.match, self.plan.e2e_checks) if m), None)
        return match.group(1) if match else None

    @property
    def port(self) -> str | None:
        match = next((m for m in map(_PORT.search, self.plan.e2e_checks) if m), None)
        return match.group(1) if match else None

    def task_for(self, path: str) -> Task | None:
        return next((t for t in self.plan.tasks if t.title.endswith(f"`{path}`")), None)

    def symbols(self, path: str, limit: int = 2) -> list[str]:
        """`name` (line N) strings the planner pointed at in this file's task: those it says to start
        from, which name the feature's words (not a file's first definitions when none does)."""
        task = self.task_for(path)
        found = [f"`{m.group(1)}` (line {m.group(2)})" for b in (task.bullets if task else ())
                 if b.startswith(START_FROM) for m in _SYMBOL.finditer(b)]
        return found[:limit]

    def dom_ids(self) -> list[str]:
        ids = [m.group(1) for t in self.plan.tasks for b in t.bullets for m in _DOM_ID.finditer(b)]
        return list(dict.fromkeys(ids))

    def focused_command(self) -> str | None:
        """The first validation command (the tests nearest the change), else a test's own command."""
        if self.plan.commands:
            return self.plan.commands[0]
        return next((t.command for t in self.plan.tests if t.command), None)

    def scope_files(self) -> tuple[FileEntry, ...]:
        """The files a plan of this kind changes: a patch keeps only the top-ranked few."""
        return self.plan.files[:PATCH_FILES] if self.kind == "patch" else self.plan.files

    def new_files(self) -> tuple[FileEntry, ...]:
        extra: tuple[FileEntry, ...] = ()
        if self.e2e is not None:
            extra = (FileEntry(self.e2e.path, "new", "the E2E test that walks through the change in the browser",
                               0.0, ("e2e-test",)),)
        return self.plan.new_files + extra


# Template variables that name the plan (`# Issue #{issue_number}: {title}`): the feature's name
# unless the caller gives one (`--var title=…`).
TITLE_VARIABLES = ("title", "issue_title", "feature_title", "feature_name", "plan_title")


def make_fill(template: Template, plan: Plan, variables: dict[str, str], existing: frozenset[str]) -> Fill:
    declared = tuple(name for name, _ in template.variables)
    values = {name: plan.name for name in TITLE_VARIABLES}
    values.update({name: plan.feature for name, how in template.variables if how.strip() == "$ARGUMENTS"})
    values.update(variables)
    new_section = any(re.search(r"new files|files to create", s.heading, re.I) for s in template.sections)
    draft = Fill(plan, template.kind, values, declared, existing, None, new_section)
    return Fill(plan, template.kind, values, declared, existing, _e2e(template, draft), new_section)


def template_hints(template: Template) -> list[str]:
    """Every placeholder's words, in template order."""
    return [m.group(1) for s in template.sections for line in (s.heading, *s.body)
            for m in PLACEHOLDER_TEXT.finditer(line)]


def referenced_paths(template: Template) -> tuple[str, ...]:
    """Paths the template names in backticks (`.claude/commands/e2e/test_basic_query.md`)."""
    text = "\n".join(line for s in template.sections for line in (s.heading, *s.body))
    return tuple(sorted({m.group(1) for m in _CODE_PATH.finditer(text) if "<" not in m.group(1)}))


def _e2e(template: Template, draft: Fill) -> E2E | None:
    """An E2E test file when a placeholder asks for one ("If the feature affects UI, … E2E test …")."""
    from scaffolder.conditions import holds

    for hint in _block_hints(template):
        low = hint.lower()
        if "e2e" in low and "task" in low and low.startswith("if ") and holds(hint, draft):
            mentioned = [m.group(1) for m in _CODE_PATH.finditer(hint) if "<" not in m.group(1)]
            pattern = _E2E_PATH.search(hint)
            folder = next((p.rsplit("/", 1)[0] for p in mentioned if "e2e" in p.lower()), None)
            if pattern is None and folder is None:
                return None
            name = e2e_stem(draft.plan)
            path = PLACEHOLDER_TEXT.sub(name, pattern.group(1)) if pattern else f"{folder}/test_{name}.md"
            examples = tuple(p for p in dict.fromkeys(mentioned) if p in draft.existing and "/e2e/" in p)
            runner = next((p for p in referenced_paths(template) if p.endswith("test_e2e.md") and p in draft.existing),
                          None)
            return E2E(path, examples, runner, "early" in low)
    return None


def _block_hints(template: Template) -> list[str]:
    """Placeholder texts, including ones whose quoted example holds nested `<placeholders>`."""
    out = []
    for section in template.sections:
        for line in section.body:
            stripped = line.strip()
            if stripped.startswith("<") and stripped.endswith(">"):
                out.append(stripped[1:-1])
    return out


def e2e_stem(plan: Plan) -> str:
    """The stem of the plan's E2E test file, wherever a plan names it."""
    return e2e_name(plan.feature_text) if plan.feature_text else snake_name(plan.slug)


def e2e_name(feature: str) -> str:
    """The E2E test's stem, from the request as asked ("Can you add a search box?" →
    `add_search_box`; "Users can't log in" → `users_cant_log`)."""
    return snake_name(slugify(re.sub(r"['’]", "", phrasing.title(feature))))


def snake_name(slug: str, words: int = 5) -> str:
    """`add-a-button-that-exports-csv` → `add_button_exports_csv` (a descriptive file stem)."""
    kept = [w for w in slug.split("-") if w and w not in _STOP][:words]
    return "_".join(kept) or "change"
