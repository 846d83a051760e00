"""CLI flags as one frozen value passed down the pipeline."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    feature: str
    repo: str = "."
    template: str | None = None
    out_dir: str = "specs"
    stdout: bool = False
    output_format: str = "md"
    force: bool = False
    variables: tuple[tuple[str, str], ...] = ()
    use_cache: bool = True
    debug: bool = False
