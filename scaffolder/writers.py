"""The Markdown lines that answer one section of a given kind, from the plan's facts only."""
from __future__ import annotations

import re
from collections.abc import Callable

from scaffolder import prose, wording
from scaffolder.fill import MODEL_ROLES, UI_ROLES, Fill
from scaffolder.inline import estimate, library_notes, scale, testing
from scaffolder.phrasing import mid_sentence, third_person
from scaffolder.plan import FileEntry, Task
from scaffolder.steps import action, tasks

Writer = Callable[[Fill, str], list[str]]


def content(kind: str, fill: Fill, hint: str) -> list[str]:
    """Lines answering a section of `kind`; `hint` is the placeholder's (or heading's) own words."""
    writer = WRITERS.get(kind)
    return writer(fill, hint) if writer else _description(fill, hint)


def bullets(items: tuple[str, ...] | list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def _file_line(entry: FileEntry) -> str:
    return f"- `{entry.path}` — {entry.reason.rstrip('.')}."


def files(fill: Fill, hint: str) -> list[str]:
    lines = [_file_line(f) for f in fill.scope_files()] or [f"- {prose.nothing_matched(fill.plan)}"]
    docs = fill.plan.docs
    if docs:
        lines += ["", f"Documentation to read first, as `{docs[0].guide}` directs for this feature:", ""]
        lines += [f"- `{d.path}` — {d.condition.rstrip('.')}." for d in docs]
    new = fill.new_files()
    if new and not fill.new_section:
        lines += ["", "### New Files", ""] + [_file_line(f) for f in new]
    return lines


def new_files(fill: Fill, hint: str) -> list[str]:
    new = fill.new_files()
    return [_file_line(f) for f in new] or ["- No new file is needed: the change fits in the files above."]


def task_lines(items: list[Task], heading: str = "### {n}. {title}") -> list[str]:
    lines: list[str] = []
    for number, task in enumerate(items, start=1):
        if lines:
            lines.append("")
        lines.append(heading.format(n=number, title=task.title))
        lines.extend(bullets(task.bullets))
    return lines


def step_lines(fill: Fill, hint: str) -> list[str]:
    return task_lines(tasks(fill, hint))


def task_items(fill: Fill, hint: str) -> list[str]:
    """Tasks as one flat list (for `- [ ] <task>` templates): each task's concrete action."""
    return bullets([action(t) for t in tasks(fill, hint)])


def goals(fill: Fill, hint: str) -> list[str]:
    first = (f"{wording.expected_actual(fill)[0][0].upper()}{wording.expected_actual(fill)[0][1:]}."
             if fill.kind == "bug" else f"The {fill.plan.user_type} can {third_person(fill.plan.action)}.")
    return bullets([first] + [a[0].upper() + a[1:] for a in fill.plan.acceptance[:3]])


def current(fill: Fill, hint: str) -> list[str]:
    """How the code looks today: the flow and where the behaviour lives."""
    if fill.kind == "bug":
        return wording.actual(fill)
    lines = [f"Today the behaviour lives on the path {wording.flow(fill)}.", ""]
    for entry in fill.plan.files[:3]:
        symbols = fill.symbols(entry.path)
        lines.append(f"- {wording.role_phrase(entry)}" + (f": {', '.join(symbols)}" if symbols else ""))
    return lines


def target(fill: Fill, hint: str) -> list[str]:
    return [wording.solution(fill)] + [""] + bullets(list(fill.plan.acceptance[:3]))


def validation(fill: Fill, hint: str) -> list[str]:
    low = hint.lower()
    lines = [f"- `{c}` — {_why_command(c)}" for c in fill.plan.commands]
    if fill.kind == "bug" and "before" in low:
        command = fill.focused_command()
        if command:
            lines.insert(0, f"- Run the new regression test before the fix (it fails) and after it (it passes): "
                            f"`{command}`")
    no_curl = "curl" in low and any(w in low for w in ("don't", "do not", "never", "no curl", "without"))
    if not no_curl:
        lines.extend(f"- {check}" for check in fill.plan.e2e_checks)
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


def notes(fill: Fill, hint: str) -> list[str]:
    return bullets(fill.plan.notes) + ["", "```mermaid", fill.plan.diagram, "```"]


def user_story(fill: Fill, hint: str) -> list[str]:
    plan = fill.plan
    return [f"As {wording.article(plan.user_type)} {plan.user_type}", f"I want to {plan.action}", f"So that {plan.benefit}"]


def metadata(fill: Fill, hint: str) -> list[str]:
    if fill.declared:
        return [f"- {name}: `{fill.variables.get(name, 'not provided')}`" for name in fill.declared]
    return [f"- plan: `{fill.plan.slug}`", f"- kind: {fill.kind}", f"- rules: {', '.join(fill.plan.rules)}"]


def _description(fill: Fill, hint: str) -> list[str]:
    words = set(re.findall(r"[a-z]+", hint.lower()))
    if words & {"name", "title"}:
        return [fill.plan.name]
    if words & {"problem", "why", "motivation", "opportunity"}:
        return [wording.problem(fill)]
    if words & {"solution", "approach", "how"}:
        return [wording.solution(fill)]
    return [wording.description(fill)]


def risks(fill: Fill, hint: str) -> list[str]:
    level = ("low", "medium", "high")[round(scale(fill) * 2)]
    out = [f"Overall risk: {level} ({len(fill.plan.files)} changed file(s), {len(fill.new_files())} new)."]
    out += [f"{wording.role_phrase(f)} is shared: anything that imports it can break; its tests must stay green."
            for f in fill.plan.files[:3]]
    if any(set(f.roles) & MODEL_ROLES for f in fill.plan.files):
        out.append("A data model changes: check every reader of it, server and client.")
    return bullets(out)


def rollback(fill: Fill, hint: str) -> list[str]:
    models = any(set(f.roles) & MODEL_ROLES for f in fill.plan.files)
    extra = "revert the model change together with its readers" if models else "no data migration is involved"
    return bullets([f"Revert the commit; {extra}.",
                    "Re-run the Validation Commands after the revert: " + ", ".join(f"`{c}`" for c in fill.plan.commands)
                    if fill.plan.commands else "Re-run the project's tests after the revert."])


def review(fill: Fill, hint: str) -> list[str]:
    return bullets([f"`{f.path}` — {f.reason.rstrip('.')}." for f in fill.plan.files[:5]] + list(fill.plan.acceptance[:3]))


def environment(fill: Fill, hint: str) -> list[str]:
    plan = fill.plan
    out = [f"{plan.app_name}: {plan.app_summary}" if plan.app_summary else plan.app_name]
    if fill.start_command:
        out.append(f"Start: `{fill.start_command}`" + (f" (server on port {fill.port})" if fill.port else ""))
    out += [f"Check: `{c}`" for c in plan.commands]
    return bullets(out)


def impact(fill: Fill, hint: str) -> list[str]:
    routes = [f"`{r.method} {r.path}` (`{r.handler}` in `{r.file}`)" for r in fill.plan.routes[:4]]
    ui = [f"`{f.path}`" for f in fill.plan.files if set(f.roles) & UI_ROLES][:4]
    out = [f"Routes: {', '.join(routes)}." if routes else "No HTTP route is involved."]
    out.append(f"UI: {', '.join(ui)}." if ui else "No UI module is involved.")
    out.append(f"Who: every {fill.plan.user_type} using this flow.")
    return bullets(out)


def out_of_scope(fill: Fill, hint: str) -> list[str]:
    listed = {f.path for f in fill.plan.files}
    other = [f"`{r.method} {r.path}`" for r in fill.plan.routes if r.file not in listed][:3]
    out = ["Files not listed under Relevant Files stay unchanged."]
    if other:
        out.append(f"Routes this plan only reads from: {', '.join(other)}.")
    out.append("No new dependency unless the Notes name one.")
    return bullets(out)


def alternatives(fill: Fill, hint: str) -> list[str]:
    out = []
    if fill.plan.suggested_files:
        where = fill.plan.files[0].path if fill.plan.files else "the route module"
        out.append(f"Keep the logic in `{where}` rather than a new module `{fill.plan.suggested_files[0].path}`: "
                   "fewer files, but harder to unit-test.")
    if fill.plan.proposed_routes and fill.ui:
        route = fill.plan.proposed_routes[0]
        out.append(f"Do it in the client only, without `{route.method} {route.path}`: no server change, but the "
                   "logic cannot be tested with the server's tests.")
    return bullets(out or ["Extend the existing modules (chosen) rather than adding new ones: the smallest change."])


def assumptions(fill: Fill, hint: str) -> list[str]:
    commands = ", ".join(f"`{c}`" for c in fill.plan.commands[:2])
    return bullets([f"The files were chosen by static analysis of {fill.plan.app_name}, not by running it.",
                    f"The project is built and tested with {commands}." if commands else
                    "The README describes how to build and test the project."])


def questions(fill: Fill, hint: str) -> list[str]:
    out = []
    for route in fill.plan.proposed_routes:
        option = f" or in a new module `{fill.plan.suggested_files[0].path}`" if fill.plan.suggested_files else ""
        out.append(f"Should `{route.method} {route.path}` live in `{route.file}`{option}?")
    if fill.kind == "bug" and len(fill.plan.files) > 1:
        out.append(f"Is the cause in `{fill.plan.files[0].path}` or further along in `{fill.plan.files[1].path}`?")
    return bullets(out or ["None found in the code; confirm the acceptance criteria with whoever asked for the change."])


def api(fill: Fill, hint: str) -> list[str]:
    out = [f"New: `{p.method} {p.path}` in `{p.file}`." for p in fill.plan.proposed_routes]
    out += [f"Existing: `{r.method} {r.path}` — `{r.handler}` in `{r.file}` (line {r.line})." for r in fill.plan.routes]
    return bullets(out or ["No HTTP route changes."])


def data_model(fill: Fill, hint: str) -> list[str]:
    models = [f for f in fill.plan.files if set(f.roles) & MODEL_ROLES]
    return [_file_line(f) for f in models] or ["- No data model change is needed."]


def ui(fill: Fill, hint: str) -> list[str]:
    entries = [f for f in fill.plan.files + fill.new_files() if set(f.roles) & UI_ROLES]
    ids = fill.dom_ids()[:4]
    lines = [_file_line(f) for f in entries] or ["- No UI change is needed."]
    if ids:
        lines.append("- Existing elements to place it beside: " + ", ".join(f"`#{i}`" for i in ids) + ".")
    return lines


def dependencies(fill: Fill, hint: str) -> list[str]:
    return bullets(library_notes(fill) or ["No new library is needed."])


def decisions(fill: Fill, hint: str) -> list[str]:
    """The few choices the plan already makes: where the endpoint goes, whether a module is added,
    which data shapes change."""
    plan = fill.plan
    out = []
    for route in plan.proposed_routes[:2]:
        out.append(f"New endpoint `{route.method} {route.path}` in `{route.file}`, beside the routes already there.")
    if not plan.proposed_routes and plan.routes:
        route = plan.routes[0]
        out.append(f"No new endpoint: the change builds on `{route.method} {route.path}` (`{route.handler}`).")
    if plan.suggested_files:
        where = f", used from `{plan.files[0].path}`" if plan.files else ""
        out.append(f"The feature's logic goes in a new module `{plan.suggested_files[0].path}`{where}.")
    else:
        out.append(f"No new module: the change fits in {wording.top_files(fill, 3)}.")
    models = [f.path for f in plan.files if set(f.roles) & MODEL_ROLES]
    if models:
        out.append(f"Data shapes change in `{models[0]}`, and every reader of them changes in the same commit.")
    return bullets(out)


def performance(fill: Fill, hint: str) -> list[str]:
    """What could make the change slow, from the routes it reads and whether it has a UI."""
    reads = [f"`{r.method} {r.path}`" for r in fill.plan.proposed_routes if r.method == "GET"]
    reads += [f"`{r.method} {r.path}`" for r in fill.plan.routes if r.method == "GET"]
    out = [f"Keep what {', '.join(reads[:3])} return{'s' if len(reads) == 1 else ''} bounded (a limit or "
           "pagination), so a large table does not slow every call." if reads else
           "The change adds no read over unbounded data."]
    if fill.ui:
        out.append("Request data once per user action, not per keystroke or per row, and re-render only what changed.")
    return bullets(out)


def security(fill: Fill, hint: str) -> list[str]:
    writes = [f"`{r.method} {r.path}`" for r in fill.plan.routes if r.method in ("POST", "PUT", "PATCH", "DELETE")]
    writes += [f"`{p.method} {p.path}`" for p in fill.plan.proposed_routes]
    out = [f"Validate every input reaching {', '.join(writes[:4])} with the request models; reject bad input "
           "with a 4xx." if writes else "The change adds no endpoint that accepts input."]
    out.append("Never echo raw user input into HTML; no secret goes into the client bundle.")
    return bullets(out)


def rollout(fill: Fill, hint: str) -> list[str]:
    out = [f"Build and check: `{c}`." for c in fill.plan.commands]
    if fill.start_command:
        out.append(f"Start locally with `{fill.start_command}` and try the change once by hand.")
    return bullets(out or ["Ship with the next release; no flag or migration is needed."])


def checklist(fill: Fill, hint: str) -> list[str]:
    items = list(fill.plan.acceptance) + [f"`{c}` passes." for c in fill.plan.commands]
    return [f"- [ ] {item}" for item in dict.fromkeys(items)]


def commit(fill: Fill, hint: str) -> list[str]:
    prefix = {"bug": "fix", "chore": "chore", "patch": "fix", "feature": "feat"}[fill.kind]
    return [f"`{prefix}: {mid_sentence(fill.said)}`"]


def references(fill: Fill, hint: str) -> list[str]:
    paths = [f.path for f in fill.plan.files[:5]] + [t.path for t in fill.plan.tests[:3]]
    return bullets([f"`{p}`" for p in dict.fromkeys(paths)] + ["`README.md`"])


def unit_tests(fill: Fill, hint: str) -> list[str]:
    return bullets(fill.plan.unit_tests)


def integration_tests(fill: Fill, hint: str) -> list[str]:
    return bullets(fill.plan.integration_tests)


def testing_lines(fill: Fill, hint: str) -> list[str]:
    return bullets(fill.plan.unit_tests + fill.plan.integration_tests)


WRITERS: dict[str, Writer] = {
    "files": files, "new_files": new_files, "tasks": step_lines, "validation": validation, "notes": notes,
    "user_story": user_story, "metadata": metadata, "risks": risks, "rollback": rollback, "review": review,
    "environment": environment, "impact": impact, "out_of_scope": out_of_scope, "alternatives": alternatives,
    "assumptions": assumptions, "questions": questions, "api": api, "data_model": data_model, "ui": ui,
    "dependencies": dependencies, "security": security, "performance": performance, "decisions": decisions, "rollout": rollout, "checklist": checklist,
    "commit": commit, "references": references, "unit_tests": unit_tests, "integration_tests": integration_tests,
    "testing": testing_lines, "task_items": task_items, "goals": goals, "current": current, "target": target,
    "problem": lambda f, h: [wording.problem(f)],
    "solution": lambda f, h: [wording.solution(f)],
    "phase1": lambda f, h: bullets(f.plan.phases[0]),
    "phase2": lambda f, h: bullets(f.plan.phases[1]),
    "phase3": lambda f, h: bullets(f.plan.phases[2]),
    "edge_cases": lambda f, h: bullets(f.plan.edge_cases or ("empty input", "invalid input")),
    "acceptance": lambda f, h: bullets(f.plan.acceptance),
    "reproduce": lambda f, h: wording.reproduce(f),
    "root_cause": lambda f, h: wording.root_cause(f),
    "expected": lambda f, h: wording.expected(f),
    "actual": lambda f, h: wording.actual(f),
    "estimate": lambda f, h: [estimate(f) + "."],
    "test_scope": lambda f, h: [testing(f) + "."],
    "user": lambda f, h: [f"The {f.plan.user_type} of {f.plan.app_name}."],
}
