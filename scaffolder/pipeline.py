"""scan → graph → rank → plan → render: the whole job behind `scaffolder plan`."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from scaffolder.errors import FeatureTextError, RepoError
from scaffolder.options import Options

MAX_FEATURE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    slug: str
    template_source: str
    warnings: tuple[str, ...]


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


def run(options: Options) -> Result:
    from scaffolder.analysis import analyse
    from scaffolder.planner import build_plan
    from scaffolder.render_json import render_json
    from scaffolder.render_markdown import render_markdown, render_sections
    from scaffolder.template import load_template

    feature = check_feature(options.feature)
    root = check_repo(options.repo)
    template = load_template(options.template, root)
    scope = template.scope or default_scope()
    analysis = analyse(feature, root, scope, use_cache=options.use_cache)
    plan = build_plan(feature, template.kind, analysis)
    variables = dict(options.variables)
    if options.output_format == "json":
        text = render_json(plan, template.source, render_sections(template, plan, variables))
    else:
        text = render_markdown(template, plan, variables)
    return Result(text, plan.slug, template.source, plan.skipped)


def default_scope() -> tuple[str, ...]:
    from analyzers.walk import DEFAULT_SCOPE

    return DEFAULT_SCOPE


def warn(message: str) -> None:
    print(f"scaffolder: {message}", file=sys.stderr)
