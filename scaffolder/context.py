"""`scaffolder context`: the facts an LLM agent needs for a feature, trimmed to a token budget.

The relevant files with their outlines (symbols with lines, the routes they handle, the client
calls that reach those routes, the tests that import them), the README's commands and the draft
plan's key lists. Trimming goes level by level (fewer symbols, fewer links, fewer files) until
the rendered text fits; the result states its own estimate and how it was made.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rules.roles import TEST_ROLES
from scaffolder.pipeline import Prepared
from scaffolder.tokens import METHOD, estimate


@dataclass(frozen=True, slots=True)
class Level:
    symbols: int
    links: int
    commands: int
    tasks: int
    files: int
    reason: int


LEVELS = (
    Level(40, 8, 20, 20, 99, 400), Level(12, 4, 10, 12, 99, 200), Level(6, 2, 6, 8, 99, 160),
    Level(3, 1, 4, 0, 99, 120), Level(0, 1, 3, 0, 10, 100), Level(0, 0, 2, 0, 6, 80),
    Level(0, 0, 0, 0, 3, 60), Level(0, 0, 0, 0, 1, 40),
)


def render_context(ready: Prepared, output_format: str, budget: int | None) -> tuple[str, bool]:
    """(text, within budget): the fullest level whose rendering fits `budget` tokens."""
    facts = gather(ready)
    text = ""
    for level in LEVELS if budget else LEVELS[:1]:
        text = _render(trim(facts, level), output_format, budget)
        if budget is None or estimate(text) <= budget:
            return text, True
    return text, False


def gather(ready: Prepared) -> dict[str, Any]:
    """Everything, untrimmed, in ranking order."""
    plan, analysis = ready.plan, ready.analysis
    files = [_file(ready, f.path, f.status, f.reason, f.score) for f in plan.files + plan.new_files]
    readme = next((analysis.by_path[p] for p in sorted(analysis.by_path) if p.lower() == "readme.md"), None)
    return {
        "feature": plan.feature_text or plan.feature,
        "relevant_files": files,
        "readme_commands": list(dict.fromkeys(c.text for c in readme.commands)) if readme else [],
        "plan": {
            "routes": [f"{r.method} {r.path} -> {r.handler} ({r.file}:{r.line})" for r in plan.routes],
            "proposed_routes": [f"{r.method} {r.path} in {r.file}" for r in plan.proposed_routes],
            "tests": [f"{t.path} ({t.status})" for t in plan.tests],
            "validation_commands": list(plan.commands),
            "tasks": [t.title for t in plan.tasks],
            "docs_to_read": [f"{d.path} ({d.condition})" for d in plan.docs],
        },
    }


def _file(ready: Prepared, path: str, status: str, reason: str, score: float) -> dict[str, Any]:
    analysis = ready.analysis
    facts = analysis.by_path.get(path)
    resolution = analysis.resolution
    symbols = sorted(((s.line, s.kind, s.name) for s in facts.symbols), key=lambda t: t[0]) if facts else []
    routes = [f"{r.method} {r.path} -> {r.handler} (line {r.line})" for r in resolution.routes if r.file == path]
    # Requests a file makes itself first, then those made through another module's functions; each part in
    # file and line order (as numbers: line 59 before line 170).
    called_by = _lines({(c.file, c.call.line, f"{c.file}:{c.call.line} {c.call.function or c.call.via} -> "
                         f"{c.route.method} {c.route.path}")
                        for c in resolution.calls if c.route is not None and c.route.file == path}) + _lines(
        {(r.file, r.line, f"{r.file}:{r.line} {r.callee} -> {r.route.method} {r.route.path}")
         for r in resolution.relayed if r.route.file == path})
    calls = _lines({("", c.call.line, f"line {c.call.line}: {c.call.method} {c.call.url}"
                     + (f" -> {c.route.file}" if c.route else ""))
                    for c in resolution.calls if c.file == path}) + _lines(
        {("", r.line, f"line {r.line}: {r.route.method} {r.route.path} via {r.callee} ({r.module}) -> {r.route.file}")
         for r in resolution.relayed if r.file == path})
    tests = sorted({link.source for link in resolution.links
                    if link.kind == "imports" and link.target == path
                    and TEST_ROLES & set(analysis.roles(link.source))})
    return {"path": path, "status": status, "score": round(score, 3), "reason": reason, "roles": list(
        analysis.roles(path)), "outline": [f"{name} ({kind}, line {line})" for line, kind, name in symbols],
            "routes": routes, "called_by": called_by, "calls": calls, "tests": tests}


def _lines(entries: set[tuple[str, int, str]]) -> list[str]:
    return [text for _, _, text in sorted(entries)]


def trim(facts: dict[str, Any], level: Level) -> dict[str, Any]:
    files = []
    for entry in facts["relevant_files"][:level.files]:
        reason = entry["reason"]
        files.append(dict(entry, reason=reason if len(reason) <= level.reason else reason[:level.reason - 1] + "…",
                          outline=entry["outline"][:level.symbols], routes=entry["routes"][:max(level.links, 1)],
                          called_by=entry["called_by"][:level.links], calls=entry["calls"][:level.links],
                          tests=entry["tests"][:level.links]))
    plan = dict(facts["plan"], tasks=facts["plan"]["tasks"][:level.tasks])
    if level.links == 0:
        plan = {"validation_commands": plan["validation_commands"][:2], "proposed_routes": plan["proposed_routes"]}
    return dict(facts, relevant_files=files, readme_commands=facts["readme_commands"][:level.commands], plan=plan)


def _render(facts: dict[str, Any], output_format: str, budget: int | None) -> str:
    """Rendered with its own token estimate, recomputed until the number it states is stable."""
    stated = 0
    text = ""
    for _ in range(4):
        tokens = {"method": METHOD, "estimate": stated, "budget": budget}
        text = _json(facts, tokens) if output_format == "json" else _markdown(facts, tokens)
        if estimate(text) == stated:
            break
        stated = estimate(text)
    return text


def _json(facts: dict[str, Any], tokens: dict[str, Any]) -> str:
    return json.dumps(dict(facts, tokens=tokens), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def _markdown(facts: dict[str, Any], tokens: dict[str, Any]) -> str:
    budget = f", budget {tokens['budget']}" if tokens["budget"] else ""
    lines = [f"# Context: {facts['feature'].splitlines()[0]}", "",
             f"About {tokens['estimate']} tokens, estimated as {tokens['method']}{budget}.", "", "## Relevant files"]
    for entry in facts["relevant_files"]:
        lines += ["", f"### `{entry['path']}` ({entry['status']}, score {entry['score']})", entry["reason"]]
        for label in ("outline", "routes", "called_by", "calls", "tests"):
            if entry[label]:
                lines.append(f"- {label.replace('_', ' ')}: " + "; ".join(entry[label]))
    if facts["readme_commands"]:
        lines += ["", "## README commands", "", "```bash", *facts["readme_commands"], "```"]
    lines += ["", "## Draft plan"]
    for label, items in facts["plan"].items():
        if items:
            lines.append(f"- {label.replace('_', ' ')}: " + "; ".join(items))
    return "\n".join(lines) + "\n"
