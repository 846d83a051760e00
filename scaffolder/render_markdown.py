"""Fill a template's sections, in its order, with the plan's content; no placeholder survives."""
from __future__ import annotations

import re

from scaffolder.plan import Plan
from scaffolder.sections import PLACEHOLDER, content, inline, kind_of
from scaffolder.template import Template, TemplateSection

_VARIABLE = re.compile(r"(?<![{$])\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
_ARGUMENTS = re.compile(r"\$ARGUMENTS\b|\$\{ARGUMENTS\}")


def render_sections(template: Template, plan: Plan, variables: dict[str, str]) -> list[tuple[str, str]]:
    """(heading line, body markdown) per template section, in order."""
    out = []
    sections = template.sections
    for index, section in enumerate(sections):
        kind = kind_of(section.heading, section.level, index == 0)
        has_children = index + 1 < len(sections) and sections[index + 1].level > section.level
        heading = _fill_line(section.heading, plan, kind, variables)
        body = _body(section, kind, plan, variables, has_children)
        out.append(("#" * section.level + " " + heading, "\n".join(body).strip("\n")))
    return out


def render_markdown(template: Template, plan: Plan, variables: dict[str, str]) -> str:
    parts = []
    for heading, body in render_sections(template, plan, variables):
        parts.append(heading + ("\n\n" + body if body else ""))
    return "\n\n".join(parts).rstrip() + "\n"


def _body(section: TemplateSection, kind: str, plan: Plan, variables: dict[str, str], has_children: bool) -> list[str]:
    lines: list[str] = []
    answered = False
    for line in section.body:
        stripped = line.strip()
        if _is_placeholder_line(stripped):
            if not answered:
                generated = content(kind, plan, stripped[1:-1])
                lines.extend(_drop_present(generated, section.body))
                answered = True
            continue
        lines.append(_fill_line(line, plan, kind, variables))
    if not answered and not has_children and kind not in ("title", "container") and not _has_text(lines):
        lines.extend(content(kind, plan, section.heading))
    return lines


def _is_placeholder_line(stripped: str) -> bool:
    """A line that is one placeholder, possibly with placeholders nested inside it."""
    if PLACEHOLDER.fullmatch(stripped):
        return True
    return (stripped.startswith("<") and stripped.endswith(">") and len(stripped) > 4
            and stripped[1:2].isalpha() and not stripped.startswith(("<!--", "<br", "<img", "<a ", "<details")))


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _drop_present(generated: list[str], template_lines: tuple[str, ...]) -> list[str]:
    """Skip generated commands that the template already lists literally (e.g. `uv run pytest`)."""
    literal = " ".join(template_lines)
    out = []
    for line in generated:
        code = re.match(r"- `([^`]+)`", line)
        if code and f"`{code.group(1)}`" in literal:
            continue
        out.append(line)
    return out


def _fill_line(line: str, plan: Plan, kind: str, variables: dict[str, str]) -> str:
    line = _ARGUMENTS.sub(lambda _m: " ".join(plan.feature.split()), line)
    line = _VARIABLE.sub(lambda m: variables.get(m.group(1), "not provided"), line)
    return PLACEHOLDER.sub(lambda m: inline(m.group(1), plan, kind), line)
