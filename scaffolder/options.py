"""CLI flags (and the repository's config) as one frozen value passed down the pipeline."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scaffolder.config import Config

DEFAULT_OUT_DIR = "specs"


@dataclass(frozen=True, slots=True)
class Options:
    feature: str
    repo: str = "."
    template: str | None = None
    out_dir: str | None = None
    stdout: bool = False
    output_format: str = "md"
    force: bool = False
    variables: tuple[tuple[str, str], ...] = ()
    use_cache: bool = True
    debug: bool = False
    # From the repository's config (.scaffolder.toml or [tool.scaffolder]); flags win where both exist.
    scope: tuple[str, ...] = ()
    server_root: str | None = None
    client_root: str | None = None
    rule_packs: tuple[str, ...] = ()
    config_source: str | None = None


def with_config(options: Options, config: Config) -> Options:
    """Options with the config's values filled in where no flag set them."""
    return replace(
        options,
        out_dir=options.out_dir or config.out_dir or DEFAULT_OUT_DIR,
        scope=options.scope or config.scope,
        server_root=options.server_root or config.server_root,
        client_root=options.client_root or config.client_root,
        rule_packs=options.rule_packs + config.rule_packs,
        config_source=config.source,
    )
