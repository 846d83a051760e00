"""Which analyzer reads which file: an explicit, ordered table (first match wins)."""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from analyzers.model import FileFacts

# (file-name suffix, module, function). Modules are imported on first use.
ANALYZERS: tuple[tuple[str, str, str], ...] = (
    ("package.json", "analyzers.shell", "analyze_package_json"),
    ("tsconfig.json", "analyzers.config_files", "analyze_tsconfig"),
    ("pyproject.toml", "analyzers.manifests", "analyze_pyproject"),
    ("requirements.txt", "analyzers.manifests", "analyze_requirements"),
    ("jsconfig.json", "analyzers.config_files", "analyze_tsconfig"),
    (".py", "analyzers.python_ast", "analyze"),  # stdlib ast; libcst (analyzers.python) when it must
    (".d.ts", "analyzers.typescript", "analyze"),
    (".ts", "analyzers.typescript", "analyze"),
    (".tsx", "analyzers.typescript", "analyze"),
    (".js", "analyzers.typescript", "analyze"),
    (".jsx", "analyzers.typescript", "analyze"),
    (".mjs", "analyzers.typescript", "analyze"),
    (".cjs", "analyzers.typescript", "analyze"),
    (".html", "analyzers.html", "analyze"),
    (".htm", "analyzers.html", "analyze"),
    (".css", "analyzers.css", "analyze"),
    (".scss", "analyzers.css", "analyze"),
    (".less", "analyzers.css", "analyze"),
    (".md", "analyzers.markdown", "analyze"),
    (".sh", "analyzers.shell", "analyze_script"),
    (".bash", "analyzers.shell", "analyze_script"),
)

Analyzer = Callable[[str, str], FileFacts]


def analyzer_for(path: str) -> Analyzer:
    """The analyzer for `path`, or one that records only the file's size."""
    name = path.rsplit("/", 1)[-1].lower()
    for suffix, module, function in ANALYZERS:
        if name.endswith(suffix):
            return getattr(import_module(module), function)  # type: ignore[no-any-return]
    return _plain_file


def _plain_file(path: str, text: str) -> FileFacts:
    return FileFacts(path=path, language="other", lines=text.count("\n") + 1)
