"""Fill a template's sections, in its order, with the plan's content; no placeholder survives.

Line by line: literal lines are kept (their inline `<placeholders>` and `{variables}` filled), a
line that is one placeholder is answered by the section's writer, conditional placeholders are
kept or dropped from facts, and example subsections (`### Step 1: <specific action>`) are
replaced by real steps in the same shape.
"""
from __future__ import annotations

import re

from scaffolder.conditions import holds, is_conditional, quoted_instruction
from scaffolder.examples import example_groups, expand, file_row
from scaffolder.fill import Fill, e2e_stem, make_fill
from scaffolder.inline import answer
from scaffolder.plan import Plan
from scaffolder.sections import PLACEHOLDER, kind_of
from scaffolder.template import Template, TemplateSection
from scaffolder.wording import article
from scaffolder.writers import content

_VARIABLE = re.compile(r"(?<![{$])\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
_ARGUMENTS = re.compile(r"\$ARGUMENTS\b|\$\{ARGUMENTS\}")
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+))((?:\*\*|__)?<.+>(?:\*\*|__)?)\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ELLIPSIS_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])?\s*(?:\.\.\.|…)$")
_EXTENSION = re.compile(r"^\.[A-Za-z]{1,5}\b")
_VERB_SPAN = re.compile(r"`([A-Z][a-z]+) ([^`\s]+/[^`\s]+)`")
_LONE_TICK = re.compile(r"(?<![`\w./-])([\w.-]+(?:/[\w.-]+)+\.\w+)`")
LIST_KINDS = frozenset({"files", "new_files", "tasks", "acceptance", "edge_cases", "unit_tests", "integration_tests",
                        "testing", "reproduce", "root_cause", "checklist"})


def render_sections(template: Template, plan: Plan, variables: dict[str, str],
                    existing: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(heading line, body markdown) per rendered section, in template order."""
    fill = make_fill(template, plan, variables, existing)
    sections = template.sections
    groups = example_groups(sections)
    out: list[tuple[str, str]] = []
    for index, section in enumerate(sections):
        if index in groups.skipped:
            continue
        if index in groups.starts:
            out.extend(expand(groups.starts[index], groups.parent_hint[index], fill, render_line))
            continue
        kind = kind_of(section.heading, section.level, index == 0, _first_hint(section))
        children = index + 1 < len(sections) and sections[index + 1].level > section.level
        heading = render_line(section.heading, fill, kind)
        body = _body(section, kind, fill, children, index + 1 in groups.starts)
        out.append(("#" * section.level + " " + heading, "\n".join(body).strip("\n")))
    return out


def render_markdown(template: Template, plan: Plan, variables: dict[str, str],
                    existing: frozenset[str] = frozenset()) -> str:
    parts = []
    for heading, body in render_sections(template, plan, variables, existing):
        parts.append(heading + ("\n\n" + body if body else ""))
    return "\n\n".join(parts).rstrip() + "\n"


def _first_hint(section: TemplateSection) -> str:
    return next((m.group(1) for line in section.body for m in PLACEHOLDER.finditer(line)), "")


def _body(section: TemplateSection, kind: str, fill: Fill, children: bool, examples_follow: bool) -> list[str]:
    lines: list[str] = []
    answered = False
    fenced = False
    header: list[str] = []
    plain = not any(PLACEHOLDER.search(line) for line in section.body)
    item_indent: int | None = None  # the indent of a list item answered as a whole placeholder
    for line in _unboxed(section.body):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if item_indent is not None and stripped and indent > item_indent:
            continue  # the answered example item's own sub-items are part of the example
        item_indent = None
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or _FENCE.match(line):
            answered = answered or bool(PLACEHOLDER.search(line))
            lines.append(render_line(line, fill, kind))
            continue
        if answered and _ELLIPSIS_ITEM.match(stripped):
            continue  # the example list's "2. ..." once its items are real
        whole = _whole_placeholder(stripped)
        if whole is None and plain and kind not in ("title", "container", "generic"):
            whole = _instruction(stripped)
        if whole is None and kind in ("files", "new_files"):
            whole = _example_file_row(stripped)
        if whole is not None:
            marker, hint = whole
            item_indent = indent if marker.strip() else None
            if examples_follow:
                continue
            flat = "task_items" if marker.strip() and kind == "tasks" else kind
            generated = _answer_line(hint, flat, fill, answered, section.body)
            if generated:
                answered = answered or not is_conditional(hint)
                lines.extend(_nested(_reshape(generated, marker), section.level))
            continue
        if "|" in stripped and PLACEHOLDER.search(stripped) and header:
            if not answered:
                lines.extend(_table_rows(stripped, header, kind, fill))
            answered = True
            continue
        if stripped.startswith("|"):
            header = _cells(stripped) if not header else header
        lines.append(render_line(line, fill, kind))
    if not answered and not children and kind not in ("title", "container") and _needs_content(kind, lines):
        lines.extend(_gap(lines) + _nested(content(kind, fill, section.heading), section.level))
    return _squeeze(lines)


# A placeholder that asks for prose ("describe new API endpoints if applicable"), not for a value
# such as `<command that proves it works>` that reads well inside a code fence.
_ASKS_PROSE = re.compile(r"^(?:describe|explain|define|outline|summari[sz]e|document)\b", re.I)


def _unboxed(body: tuple[str, ...]) -> list[str]:
    """The section's lines, with a code fence that holds nothing but prose placeholders
    (```python / <define new data structures or models needed> / ```) opened up: it is a box for
    the answer, which the section's writer gives in markdown."""
    out: list[str] = []
    k = 0
    while k < len(body):
        end = None
        if _FENCE.match(body[k]):
            end = next((j for j in range(k + 1, len(body)) if _FENCE.match(body[j])), None)
        inner = [line for line in body[k + 1:end] if line.strip()] if end is not None else []
        hints = [_whole_placeholder(line.strip()) for line in inner]
        if inner and all(h is not None and _ASKS_PROSE.match(h[1]) for h in hints):
            out.extend(inner)
            k = end + 1  # type: ignore[operator]
            continue
        out.append(body[k])
        k += 1
    return out


def _nested(generated: list[str], level: int) -> list[str]:
    """Generated headings (`### 1. Step`, `### New Files`) one level below their section's, so a
    template that puts `### Step by Step Tasks` under an h2 still holds its steps."""
    if level < 3:
        return generated
    deeper = "#" * min(level + 1, 6)
    return [re.sub(r"^#{1,6}(?=\s)", deeper, line) if re.match(r"^#{1,%d}\s" % level, line) else line
            for line in generated]


def _whole_placeholder(stripped: str) -> tuple[str, str] | None:
    """(list marker, words) for a line that is one placeholder, bare or as a list item."""
    match = _LIST_ITEM.match(stripped)
    marker, body = (match.group(1), match.group(2)) if match else ("", stripped)
    body = re.sub(r"^(\*\*|__)(<.+>)\1$", r"\2", body)  # `1. **<Task category>**`
    if not (body.startswith("<") and body.endswith(">") and len(body) > 4
            and (body[1:2].isalpha() or PLACEHOLDER.fullmatch(body))):
        return None
    if body.startswith(("<!--", "<br", "<img", "<a ", "<details", "<summary")):
        return None
    return marker, body[1:-1]


_INSTRUCTION = re.compile(
    r"^(?:(?:list|describe|explain|summari[sz]e|outline|provide|specify|mention)\b"
    r"|(?:(?:a|an|the)\s+)?(?:brief|short|concise|detailed|clear)\s+(?:description|summary|overview|explanation)\b"
    r"|(?:task|step|item)\s*\d+\b)", re.I)


def _instruction(stripped: str) -> tuple[str, str] | None:
    """(list marker, words) for a literal line that tells the author what to write ("Brief
    description of what will be implemented", "- List existing files that will be modified",
    "1. [ ] Task 1 — description"): in a section with no placeholder, it stands for one."""
    match = re.match(r"^(\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+(?:\[[ xX]\]\s+)?))?(.+?)\s*$", stripped)
    if not match or "`" in stripped or not _INSTRUCTION.match(match.group(2)):
        return None
    return match.group(1) or "", match.group(2)


_EXAMPLE_ROW = re.compile(r"^([-*+]\s+)`(?:path/to/[^`]*|<[^`<>]+>)`(.*)$")


def _example_file_row(stripped: str) -> tuple[str, str] | None:
    """(list marker, words) for a files section's example row: `- `path/to/file.ext` - <why>`,
    `- `<new file path>` - Purpose and description`."""
    match = _EXAMPLE_ROW.match(stripped)
    return (match.group(1), match.group(2).strip(" -—:") or "files") if match else None


def _answer_line(hint: str, kind: str, fill: Fill, answered: bool, template_lines: tuple[str, ...]) -> list[str]:
    if is_conditional(hint):
        if not holds(hint, fill):
            return []
        quoted = quoted_instruction(hint)
        if quoted:
            return ["- " + render_line(tidy_code(quoted), fill, kind)]
        return [] if answered or kind in ("tasks", "task_items") else content(kind, fill, hint)
    if answered:
        return []
    if kind == "generic":
        kind = kind_of("", 2, False, hint)
    return _drop_present(content(kind, fill, hint), template_lines)


def _reshape(lines: list[str], marker: str) -> list[str]:
    """Give generated bullets the template's own list marker (`1.`, `- [ ]`)."""
    if not marker or marker.strip() == "-":
        return lines
    out, number = [], 0
    for line in lines:
        if line.startswith("- ") and not line.startswith("- [ ] "):
            number += 1
            box = "[ ] " if "[" in marker else ""
            prefix = f"{number}. {box}" if marker.strip()[0].isdigit() else marker
            line = prefix + line[2:]
        out.append(line)
    return out


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _table_rows(row: str, header: list[str], kind: str, fill: Fill) -> list[str]:
    """A table row of placeholders: one row per file for file sections, else one filled row."""
    cells = _cells(row)
    if kind in ("files", "new_files"):
        entries = fill.new_files() if kind == "new_files" else fill.plan.files
        if entries:
            return ["| " + " | ".join(file_row(e, header, i)) + " |" for e in entries for i in [0]]
    filled = [render_line(cell, fill, kind, label=header[i] if i < len(header) else "") for i, cell in enumerate(cells)]
    return ["| " + " | ".join(filled) + " |"]


def _needs_content(kind: str, lines: list[str]) -> bool:
    if not any(line.strip() for line in lines):
        return True
    has_list = any(re.match(r"^\s*(?:[-*+]|\d+[.)]|#{3,})\s", line) for line in lines)
    return kind in LIST_KINDS and not has_list


def _gap(lines: list[str]) -> list[str]:
    return [""] if lines and lines[-1].strip() else []


def _squeeze(lines: list[str]) -> list[str]:
    """No run of blank lines longer than one, none inside a list (dropped placeholders leave gaps)."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip():
            after = next((later for later in lines[index + 1:] if later.strip()), "")
            if not (out and out[-1].strip()) or (_is_item(out[-1]) and _is_item(after)):
                continue
        out.append(line)
    return out


def _is_item(line: str) -> bool:
    return bool(re.match(r"^(?:[-*+]|\d+[.)])\s", line))


def tidy_code(text: str) -> str:
    """Mend a quoted instruction's code spans: `Read a/b.md` → Read `a/b.md`; a/b.md` → `a/b.md`."""
    text = _VERB_SPAN.sub(lambda m: f"{m.group(1)} `{m.group(2)}`", text).replace("your new", "the new")
    if text.count("`") % 2:
        text = _LONE_TICK.sub(lambda m: f"`{m.group(1)}`", text, count=1)
    return text


def _drop_present(generated: list[str], template_lines: tuple[str, ...]) -> list[str]:
    """Skip generated commands that the template already lists literally (e.g. `uv run pytest`)."""
    literal = " ".join(template_lines)
    out = []
    for line in generated:
        code = re.match(r"- `([^`]+)`", line)
        if code and f"`{code.group(1)}`" in literal and code.group(1).count(" ") > 0:
            continue
        out.append(line)
    return out


_ARTICLE_A = re.compile(r"(?<![A-Za-z])[Aa](?=(?:\*\*|\*|_)? $)")  # `As a `, `**As a** `


def render_line(line: str, fill: Fill, kind: str, label: str | None = None) -> str:
    """A literal line with $ARGUMENTS, {variables} and inline <placeholders> filled."""
    line = _ARGUMENTS.sub(lambda _m: " ".join(fill.plan.feature.split()), line)
    line = _VARIABLE.sub(lambda m: fill.variables.get(m.group(1), "not provided"), line)

    def one(match: re.Match[str]) -> str:
        before, after = line[:match.start()], line[match.end():]
        if before[-1:] in ("_", "/", "-") or _EXTENSION.match(after):
            return e2e_stem(fill.plan)  # a file name pattern: `test_<descriptive_name>.md`
        return answer(match.group(1), label if label is not None else before, fill, kind)

    out, at = [], 0
    for match in PLACEHOLDER.finditer(line):
        value, head = one(match), line[at:match.start()]
        article_at = _ARTICLE_A.search(head)
        if article_at and value and article(value) == "an":  # `As a <type of user>` → `As an admin`
            head = head[:article_at.end()] + "n" + head[article_at.end():]
        out.append(head + value)
        at = match.end()
    return "".join(out) + line[at:]
