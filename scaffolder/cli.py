"""The command line: parse flags, build Options, run the pipeline, write or print, exit."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from scaffolder import __version__
from scaffolder.errors import EXIT_INTERNAL, ScaffolderError
from scaffolder.options import Options


def _guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Turn ScaffolderError into one line and an exit code; anything else into exit 3 (or a traceback with --debug)."""

    def wrapper(**kwargs: Any) -> None:
        debug = kwargs.get("debug", False)
        try:
            code = func(**kwargs)
        except ScaffolderError as exc:
            if debug:
                raise
            click.echo(f"scaffolder: error: {exc}", err=True)
            code = exc.exit_code
        except KeyboardInterrupt:
            click.echo("scaffolder: interrupted", err=True)
            code = 130
        except Exception as exc:  # the last line of defence: never a traceback unless asked
            if debug:
                raise
            click.echo(f"scaffolder: internal error ({type(exc).__name__}: {exc}); rerun with --debug "
                       "and report it", err=True)
            code = EXIT_INTERNAL
        sys.exit(code)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scaffolder")
def main() -> None:
    """Deterministic, offline feature plans for FastAPI + TypeScript repositories."""


@main.command()
@click.argument("feature")
@click.option("--repo", default=".", show_default=True, help="Repository root to analyse.")
@click.option("--template", "template", default=None, help="Plan template or command file (default: the repo's "
              ".claude/commands/feature.md, else the built-in seed format).")
@click.option("--out-dir", default=None, help="Folder for the spec, relative to --repo (default: the config's "
              "out-dir, else specs).")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the plan instead of writing it.")
@click.option("--format", "output_format", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing spec.")
@click.option("--var", "variables", multiple=True, metavar="KEY=VALUE", help="Fill {KEY} in the template.")
@click.option("--no-cache", is_flag=True, help="Parse every file; neither read nor write .scaffolder_cache/.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@_guarded
def plan(feature: str, repo: str, template: str | None, out_dir: str | None, to_stdout: bool, output_format: str,
         force: bool, variables: tuple[str, ...], no_cache: bool, debug: bool) -> int:
    """Write specs/<slug>.md for FEATURE (a one-line request, or a title line and a description)."""
    from scaffolder.output import spec_path, write_spec
    from scaffolder.pipeline import run, warn

    pairs = tuple(_pair(v) for v in variables)
    options = Options(feature=feature, repo=repo, template=template, out_dir=out_dir, stdout=to_stdout,
                      output_format=output_format, force=force, variables=pairs, use_cache=not no_cache,
                      debug=debug)
    result = run(options)
    warn(f"template: {result.template_source}")
    if result.config_source:
        warn(f"config: {result.config_source}")
    for line in result.warnings:
        warn(line)
    if to_stdout:
        click.echo(result.text, nl=False)
        return 0
    path = spec_path(repo, result.out_dir, result.slug, ".json" if output_format == "json" else ".md")
    write_spec(path, result.text, force)
    click.echo(path)
    return 0


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        from scaffolder.errors import UsageError

        raise UsageError(f"--var {text!r}: expected KEY=VALUE, e.g. --var adw_id=abc123")
    return key.strip(), value


@main.command()
@click.argument("specs", nargs=-1, type=click.Path())
@click.option("--repo", default=".", show_default=True, help="Repository the specs' paths are relative to.")
@click.option("--template", "template", default=None, help="Template the specs must follow (default: the "
              "repo's .claude/commands/<kind>.md, else the built-in format for features).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@_guarded
def check(specs: tuple[str, ...], repo: str, template: str | None, debug: bool) -> int:
    """Lint plans: sections in order, no placeholder, real paths, a final validation step.

    With no SPEC, checks every specs/*.md under --repo.
    """
    import glob
    import os

    from scaffolder.check import check_spec
    from scaffolder.template import load_template

    from scaffolder.config import load_config

    if not os.path.isdir(repo):
        from scaffolder.errors import RepoError

        raise RepoError(repo, "folder not found; pass --repo with the repository's root folder")
    chosen = load_template(template, repo) if template else None
    folder = "" if specs else (load_config(repo).out_dir or "specs")
    paths = list(specs) or sorted(glob.glob(os.path.join(repo, folder, "*.md")))
    findings = [f for spec in paths for f in check_spec(spec, repo, chosen)]
    for finding in findings:
        click.echo(str(finding))
    return 1 if findings else 0


@main.command()
@click.argument("feature")
@click.option("--repo", default=".", show_default=True, help="Repository root to analyse.")
@click.option("--template", "template", default=None, help="Plan template whose Relevant Files set the scope.")
@click.option("--format", "output_format", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--budget", type=click.IntRange(min=100), default=None, metavar="TOKENS",
              help="Trim to about this many tokens (estimated as characters / 4).")
@click.option("--no-cache", is_flag=True, help="Parse every file; neither read nor write .scaffolder_cache/.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@_guarded
def context(feature: str, repo: str, template: str | None, output_format: str, budget: int | None, no_cache: bool,
            debug: bool) -> int:
    """Print the files, outlines, routes, tests and commands an LLM needs for FEATURE."""
    from scaffolder.context import render_context
    from scaffolder.pipeline import prepare, warn

    options = Options(feature=feature, repo=repo, template=template, stdout=True, use_cache=not no_cache,
                      debug=debug)
    text, fits = render_context(prepare(options), output_format, budget)
    if not fits:
        warn(f"context: even the smallest summary is over the budget of {budget} tokens; printed it anyway")
    click.echo(text, nl=False)
    return 0
