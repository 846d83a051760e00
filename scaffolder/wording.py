"""Kind-aware prose: a bug, a chore and a patch are described differently from a feature.

Features use the planner's own sentences unchanged. The other kinds are written here from the
same facts (ranked files, routes and their callers, tests, commands): a bug gets symptoms,
expected and actual behaviour and ranked suspects; a chore its scope and safety net; a patch a
one-line issue and a minimal change.
"""
from __future__ import annotations

import re

from rules.roles import ROLE_TITLES, primary_role
from scaffolder.fill import Fill
from scaffolder.phrasing import mid_sentence
from scaffolder.plan import FileEntry

_INSTEAD = re.compile(r"^(?P<actual>.+?)\s+instead of\s+(?P<expected>.+)$", re.I)
_SHOULD = re.compile(r"^(?P<subject>.+?)\s+(?:should|must)\s+(?P<expected>.+)$", re.I)
_FIX_VERB = re.compile(r"^(?:fix|resolve|repair|correct)\s+(?:the\s+)?(?:bug\s+(?:where|that|in)\s+)?", re.I)


def role_phrase(entry: FileEntry) -> str:
    title = ROLE_TITLES.get(primary_role(entry.roles), "file")
    return f"`{entry.path}` ({title})"


def top_files(fill: Fill, count: int = 3) -> str:
    return ", ".join(role_phrase(f) for f in fill.plan.files[:count]) or "the files under Relevant Files"


def flow(fill: Fill) -> str:
    """`client.ts` → `POST /api/query` → `handler` in `server.py` (line N), for the first route."""
    if not fill.plan.routes:
        return top_files(fill, 2)
    route = fill.plan.routes[0]
    caller = f"`{route.called_from[0]}` → " if route.called_from else ""
    return f"{caller}`{route.method} {route.path}` → `{route.handler}` in `{route.file}` (line {route.line})"


def expected_actual(fill: Fill) -> tuple[str, str]:
    """(expected, actual) from the bug text: 'X instead of Y', 'X should Y', else the report itself."""
    text = _FIX_VERB.sub("", fill.said)
    match = _INSTEAD.match(text)
    if match:
        return match.group("expected"), match.group("actual")
    match = _SHOULD.match(text)
    if match:
        return f"{match.group('subject')} {match.group('expected')}", f"{match.group('subject')} does not"
    return ("the flow works as the README describes and the existing tests expect",
            mid_sentence(fill.said))


def description(fill: Fill) -> str:
    plan = fill.plan
    if fill.kind == "bug":
        expected, actual = expected_actual(fill)
        return (f"{fill.said}. Expected: {expected}. Actual: {actual}. In {plan.app_name} the symptom shows on "
                f"the path {flow(fill)}; static analysis ranks {top_files(fill)} as the places most likely involved.")
    if fill.kind == "chore":
        tests = ", ".join(f"`{t.path}`" for t in plan.tests if t.status == "existing")[:200]
        net = f"the existing tests ({tests})" if tests else "the Validation Commands"
        return (f"{fill.said}. This is maintenance work in {plan.app_name}: it touches {top_files(fill)} "
                f"and keeps what the {plan.user_type} sees unchanged unless the request says otherwise; {net} are "
                f"the safety net.")
    if fill.kind == "patch":
        return f"{fill.said}: a focused change to {top_files(fill, 2)}, nothing more."
    return plan.description


def problem(fill: Fill) -> str:
    plan = fill.plan
    if fill.kind == "bug":
        return (f"{fill.said}. Every {plan.user_type} who goes through {flow(fill)} is affected until the defect "
                f"is fixed where it starts rather than worked around further down.")
    if fill.kind in ("chore", "patch"):
        return (f"{fill.said}. Until it is done, {top_files(fill, 2)} stay as they are; the change must not alter "
                f"behaviour that the Validation Commands check.")
    return plan.problem


def solution(fill: Fill) -> str:
    plan = fill.plan
    if fill.kind == "bug":
        start = _start_point(fill)
        test = next((f"in `{t.path}`" for t in plan.tests), "beside the changed module")
        return (f"Make the smallest change that removes the cause: start in {start}. First add a regression test "
                f"{test} that fails on the current code, then fix the code until it passes, and leave unrelated "
                f"files untouched. The Validation Commands then show zero regressions.")
    if fill.kind in ("chore", "patch"):
        command = fill.focused_command()
        check = f"; `{command}` proves nothing else moved" if command else ""
        return f"Change only what the request names, in {top_files(fill, 2 if fill.kind == 'patch' else 3)}{check}."
    return plan.solution


def _start_point(fill: Fill) -> str:
    if not fill.plan.files:
        return "the files under Relevant Files"
    first = fill.plan.files[0]
    symbols = fill.symbols(first.path)
    return f"`{first.path}`" + (f" ({', '.join(symbols)})" if symbols else "")


def reproduce(fill: Fill) -> list[str]:
    """Numbered steps a developer can follow, from the start script, the UI ids, the route and the tests."""
    plan = fill.plan
    start = fill.start_command
    steps = [f"Start the app with `{start}`." if start else "Start the server and the client as the README describes."]
    ids = fill.dom_ids()[:3]
    if fill.ui and ids:
        steps.append("Open the client in a browser and use the elements " + ", ".join(f"`#{i}`" for i in ids) + ".")
    route = plan.routes[0] if plan.routes else None
    if route is not None:
        steps.append(_route_step(fill, route.method, route.path, route.handler, route.file))
    command = next((t.command for t in plan.tests if t.command and t.status == "existing"), None)
    if command:
        steps.append(f"Run the closest existing tests: `{command}`.")
    expected, actual = expected_actual(fill)
    steps.append(f"Observe: {actual}. Expected instead: {expected}.")
    return [f"{i}. {s}" for i, s in enumerate(steps, start=1)]


def _route_step(fill: Fill, method: str, path: str, handler: str, file: str) -> str:
    if fill.port and "{" not in path and method == "GET":
        return f"Call the route directly: `curl -s http://localhost:{fill.port}{path}` (handled by `{handler}` in `{file}`)."
    return f"Send `{method} {path}` (handled by `{handler}` in `{file}`) with the input from the report."


def root_cause(fill: Fill) -> list[str]:
    """Ranked suspects with their evidence; honest that nothing was run."""
    lines = ["Not confirmed by running the code: static analysis ranks these suspects, most likely first.", ""]
    for entry in fill.plan.files[:3]:
        symbols = fill.symbols(entry.path)
        where = f" — look first at {', '.join(symbols)}" if symbols else ""
        lines.append(f"- {role_phrase(entry)}{where}. Evidence: {entry.reason.rstrip('.')}.")
    if fill.plan.routes:
        lines.append(f"- The request path: {flow(fill)}.")
    lines += ["", "Confirm the cause with the regression test from the first task before changing code: if that "
              "test passes on the current code, the cause lies elsewhere on the path above."]
    return lines


def expected(fill: Fill) -> list[str]:
    return [expected_actual(fill)[0][0].upper() + expected_actual(fill)[0][1:] + "."]


def actual(fill: Fill) -> list[str]:
    text = expected_actual(fill)[1]
    return [text[0].upper() + text[1:] + "."]


def article(word: str) -> str:
    """`a` or `an` before `word`, by its sound: an admin, a user, a UI designer."""
    lowered = word.lower()
    if lowered.startswith(("user", "uni", "use", "usu", "eu", "one", "ui")):
        return "a"
    return "an" if lowered[:1] in tuple("aeiou") else "a"
