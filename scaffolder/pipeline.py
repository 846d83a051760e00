"""config → scan → graph → rank → plan → render: the whole job behind `scaffolder plan` (and, up to the
plan, behind `scaffolder context`)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffolder.errors import FeatureTextError, RepoError, ScaffolderError
from scaffolder.options import Options

if TYPE_CHECKING:
    from scaffolder.analysis import Analysis
    from scaffolder.plan import Plan
    from scaffolder.template import Template

MAX_FEATURE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    slug: str
    template_source: str
    warnings: tuple[str, ...]
    out_dir: str = "specs"
    config_source: str | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything up to the plan: the resolved options, the template, the analysis and the plan."""

    options: Options
    root: str
    template: Template
    analysis: Analysis
    plan: Plan


def check_feature(feature: str) -> str:
    text = feature.replace("\r\n", "\n").replace("\x00", "")
    if not text.strip():
        raise FeatureTextError("the feature text is empty; describe the feature, e.g. scaffolder plan \"Add CSV export\"")
    if len(text) > MAX_FEATURE_CHARS:
        text = text[:MAX_FEATURE_CHARS]
    return text.strip()


def check_repo(repo: str) -> str:
    if not os.path.exists(repo):
        raise RepoError(repo, "folder not found; pass --repo with the repository's root folder")
    if not os.path.isdir(repo):
        raise RepoError(repo, "is a file, not a folder; pass --repo with the repository's root folder")
    return os.path.abspath(repo)


def prepare(options: Options) -> Prepared:
    """Config, template, analysis and plan for one feature: what `plan` and `context` share."""
    from rules.load import RuleError
    from scaffolder.analysis import analyse
    from scaffolder.config import load_config
    from scaffolder.guides import with_docs
    from scaffolder.options import with_config
    from scaffolder.planner import build_plan
    from scaffolder.template import load_template

    feature = check_feature(options.feature)
    root = check_repo(options.repo)
    options = with_config(options, load_config(root))
    template = load_template(options.template, root)
    scope = options.scope or reaching_scope(template.scope, template.source, root) or scope_for(root)
    try:
        analysis = analyse(feature, root, scope, options.rule_packs, use_cache=options.use_cache,
                           roots=(options.server_root, options.client_root))
    except RuleError as exc:
        raise ScaffolderError(str(exc)) from None
    try:
        plan = with_docs(build_plan(feature, template.kind, analysis), template.guides, root)
    finally:
        analysis.saving.wait()  # a cold run's index is written while the files are ranked and planned
    return Prepared(options, root, template, analysis, plan)


def run(options: Options) -> Result:
    from scaffolder.fill import referenced_paths
    from scaffolder.render_json import render_json
    from scaffolder.render_markdown import render_markdown, render_sections

    ready = prepare(options)
    template, plan, root = ready.template, ready.plan, ready.root
    variables = dict(ready.options.variables)
    existing = frozenset(p for p in referenced_paths(template) if os.path.isfile(os.path.join(root, p)))
    if ready.options.output_format == "json":
        text = render_json(plan, template.source, render_sections(template, plan, variables, existing))
    else:
        text = render_markdown(template, plan, variables, existing)
    return Result(text, plan.slug, template.source, plan.skipped + _advice(ready), ready.options.out_dir or "specs",
                  ready.options.config_source)


def _advice(ready: Prepared) -> tuple[str, ...]:
    """What the user may want to change about the request or the template, one line each."""
    from scaffolder.phrasing import is_report

    plan, out = ready.plan, []
    if not (plan.files or plan.new_files) and plan.files_read:
        out.append(f"no file of the {plan.files_read} read matched the request's words, so the plan names none; "
                   "describe the change in more detail (a line under the title helps)")
    bug_command = os.path.join(".claude", "commands", "bug.md")
    if (plan.kind == "feature" and is_report(plan.feature_text) and ready.options.template is None
            and os.path.isfile(os.path.join(ready.root, bug_command))):
        out.append(f"the request reads as a bug report; to plan it as one, pass --template {bug_command}")
    return tuple(out)


# A file in a scope that holds no code: a template listing only these does not describe the code.
_DOCUMENT_ENDINGS = (".md", ".markdown", ".txt", ".rst")


def reaching_scope(scope: tuple[str, ...], source: str, root: str) -> tuple[str, ...]:
    """The template's scope when one of its entries reaches code in this repository (a folder or a
    source file that exists); else () with a warning, so the default scope applies. Templates are
    copied between projects: one that names only folders this repo lacks would leave a plan with
    nothing but the README to go on."""
    if not scope or any(_reaches_code(entry, root) for entry in scope):
        return scope
    warn(f"{source}: its Relevant Files ({', '.join(scope)}) reach none of this repository's code; reading "
         f"the default scope ({', '.join(default_scope())}) instead. List the app's folders there, or set "
         "`scope` in .scaffolder.toml, to choose.")
    return ()


def _reaches_code(entry: str, root: str) -> bool:
    base = entry.split("*", 1)[0].rstrip("/")
    path = os.path.join(root, base) if base else root
    if os.path.isdir(path):
        return True
    return os.path.isfile(path) and not base.lower().endswith(_DOCUMENT_ENDINGS)


def default_scope() -> tuple[str, ...]:
    from analyzers.walk import DEFAULT_SCOPE

    return DEFAULT_SCOPE


def scope_for(root: str) -> tuple[str, ...]:
    """The default scope, or the whole repository (its dependency and build folders left out)
    when the app is not under app/server and app/client (`backend/` and `frontend/`, say)."""
    from analyzers.walk import APP_FOLDERS, WHOLE_REPOSITORY

    if any(os.path.isdir(os.path.join(root, folder)) for folder in APP_FOLDERS):
        return default_scope()
    warn(f"{' and '.join(APP_FOLDERS)} are not in this repository; reading all of it. To choose, set "
         'scope in .scaffolder.toml, e.g. scope = ["README.md", "backend/**", "frontend/**"].')
    return WHOLE_REPOSITORY


def warn(message: str) -> None:
    print(f"scaffolder: {message}", file=sys.stderr)
