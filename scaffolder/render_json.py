"""The plan as one JSON object with sorted keys (schema in the README)."""
from __future__ import annotations

import json

from scaffolder.plan import Plan


def render_json(plan: Plan, template_source: str, sections: list[tuple[str, str]]) -> str:
    data = {
        "feature": plan.feature_text or plan.feature,
        "slug": plan.slug,
        "template": template_source,
        "relevant_files": [
            {"path": f.path, "status": f.status, "reason": f.reason, "score": f.score}
            for f in plan.files + plan.new_files
        ],
        "docs": [{"path": d.path, "condition": d.condition, "guide": d.guide} for d in plan.docs],
        "routes": [
            {"method": r.method, "path": r.path, "handler": r.handler, "file": r.file, "line": r.line}
            for r in plan.routes
        ],
        "tests": [
            {"path": t.path, "status": t.status, "covers": list(t.covers), "command": t.command}
            for t in plan.tests
        ],
        "validation_commands": list(plan.commands),
        "sections": [{"heading": heading.lstrip("#").strip(), "markdown": body} for heading, body in sections],
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
