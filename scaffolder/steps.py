"""The ordered steps of a plan, shaped by its kind, always ending with the Validation Commands.

A feature takes the planner's tasks as they are. A bug starts with a failing regression test. A
patch keeps the few steps that touch its top-ranked files. Any kind gets the E2E test task the
template asks for when the change touches the UI.
"""
from __future__ import annotations

import re

from scaffolder.fill import Fill
from scaffolder.plan import Task
from scaffolder.phrasing import action as user_action
from scaffolder.phrasing import mid_sentence

_PATH_IN_TITLE = re.compile(r"`([^`]+)`\s*$")
_ACTION = re.compile(r"^(?:Add|Place|Mirror|Move|Style|Create|Remove|Rename|Replace|Fix|Change|Wire)\b")
_CUT = re.compile(r"\s+\(|,\s+with\b|;\s|\s+next to\b|\s+beside\b|\s+(?:consistently\s+)?with\s+`|,\s+including\b")
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)\s+(?:\w+\s+)?(?:steps|tasks)", re.I)


def tasks(fill: Fill, hint: str = "") -> list[Task]:
    """Tasks for the template's kind; the last one runs the Validation Commands."""
    planned = list(fill.plan.tasks)
    body, last = planned[:-1], planned[-1:] or [Task("Run the Validation Commands", ("run every command "
                                                                                     "under Validation Commands",))]
    if fill.kind == "bug":
        body = [regression_task(fill)] + body
    if fill.kind == "patch":
        body = _minimal(fill, body, limit_of(hint, default=5) - 1 - (fill.e2e is not None))
    if fill.e2e is not None:
        e2e = e2e_task(fill)
        body = [e2e] + body if fill.e2e.early else body + [e2e]
    return body + last


def limit_of(hint: str, default: int) -> int:
    """`list 2-5 focused steps` → 5."""
    match = _RANGE.search(hint)
    return max(2, int(match.group(2))) if match else default


def _minimal(fill: Fill, body: list[Task], limit: int) -> list[Task]:
    """The tasks on the top-ranked files, in task order, at most `limit`."""
    top = {f.path for f in fill.plan.files[:limit]} | {f.path for f in fill.plan.new_files}
    kept = [t for t in body if (path_of(t) or "") in top or path_of(t) is None]
    return (kept or body)[:max(1, limit)]


def path_of(task: Task) -> str | None:
    match = _PATH_IN_TITLE.search(task.title)
    return match.group(1) if match else None


def action(task: Task) -> str:
    """A specific action for a step heading: the task's first concrete bullet, naming its file."""
    path = path_of(task)
    bullet = next((b for b in task.bullets if _ACTION.match(b)), None)
    if bullet is None or path is None:
        return task.title
    clause = _CUT.split(bullet, maxsplit=1)[0].rstrip(". ")
    return clause if path in clause else f"{clause} in `{path}`"


def regression_task(fill: Fill) -> Task:
    existing = next((t for t in fill.plan.tests if t.status == "existing"), None)
    expected = mid_sentence(fill.said)
    if existing is not None:
        bullets = [f"Add a test to `{existing.path}` that reproduces the bug ({expected}) and fails on the current code.",
                   f"Run it alone with `{existing.command}` and keep the failing output for the review."]
    else:
        new = next((t for t in fill.plan.tests if t.status == "new"), None)
        where = f"in `{new.path}`" if new else "beside the changed module, following the project's test layout"
        bullets = [f"Write a test {where} that reproduces the bug ({expected}) and fails on the current code."]
    bullets.append("Follow the Steps to Reproduce if the bug only shows in the running app.")
    return Task("Reproduce the bug with a failing regression test", tuple(bullets))


def e2e_task(fill: Fill) -> Task:
    assert fill.e2e is not None
    e2e = fill.e2e
    read = (f"Read {' and '.join(f'`{p}`' for p in e2e.examples)} to follow the format of the existing E2E tests."
            if e2e.examples else "Follow the E2E test format the template describes.")
    start = f"start the app with `{fill.start_command}`, " if fill.start_command else "start the app, "
    ids = fill.dom_ids()[:3]
    where = (" using " + ", ".join(f"`#{i}`" for i in ids)) if ids else ""
    if fill.kind == "bug":
        report = mid_sentence(fill.said)
        steps = (f"Write the minimal steps: {start}open the client, follow the report ({report}){where}, "
                 f"check that it no longer happens and take a screenshot to prove the bug is fixed.")
    else:
        steps = (f"Write the minimal steps: {start}open the client, {user_action(fill.request)}"
                 f"{where}, check the result and take a screenshot to show the change works.")
    return Task(f"Create the E2E test `{e2e.path}`", (read, steps))
