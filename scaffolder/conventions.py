"""The project's own conventions: where server code and tests live, how modules are named."""
from __future__ import annotations

import posixpath
from collections import Counter

from analyzers.graph import test_subject
from scaffolder.analysis import Analysis
from scaffolder.test_runners import unit_runner


def server_root(analysis: Analysis) -> str | None:
    """The folder the server runs from: the FastAPI app's folder, else the shallowest pyproject's."""
    if analysis.server_root is not None:
        return analysis.server_root
    projects = [p for p in analysis.by_path if p.endswith("pyproject.toml") and p != "pyproject.toml"]
    return posixpath.dirname(min(projects, key=lambda p: (p.count("/"), p))) if projects else None


def client_root(analysis: Analysis) -> str | None:
    return analysis.client_root


def relative(path: str, root: str | None) -> str:
    return path[len(root) + 1:] if root and path.startswith(root + "/") else path


def logic_folder(analysis: Analysis) -> str | None:
    """The folder holding most server logic modules (e.g. `app/server/core`)."""
    folders = Counter(posixpath.dirname(p) for p in analysis.with_role("core-logic") + analysis.with_role("llm-module"))
    if not folders:
        return server_root(analysis)
    return sorted(folders.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def module_suffix(analysis: Analysis, folder: str) -> str:
    """A suffix shared by at least two module names in `folder` (`_processor`), else ""."""
    names = [posixpath.basename(p)[:-3] for p in analysis.by_path
             if posixpath.dirname(p) == folder and p.endswith(".py") and not p.endswith("__init__.py")]
    suffixes = Counter("_" + n.rsplit("_", 1)[1] for n in names if "_" in n)
    common = [s for s, n in sorted(suffixes.items()) if n >= 2]
    return max(common, key=lambda s: (suffixes[s], s)) if common else ""


def test_path_for(analysis: Analysis, module: str) -> str | None:
    """Where the test of `module` goes, mirroring how existing tests sit beside their modules."""
    root = server_root(analysis)
    tests = [p for p in analysis.with_role("server-test") if p.endswith(".py")]
    if not tests or root is None:
        return None
    name = "test_" + posixpath.basename(module)
    sub = posixpath.dirname(relative(module, root))
    mirrored = [p for p in tests if posixpath.dirname(p).endswith("/tests/" + sub) or
                (sub == "" and posixpath.dirname(p).endswith("/tests"))]
    base = posixpath.dirname(mirrored[0]) if mirrored else _tests_folder(tests)
    return posixpath.join(base, name)


def client_test_path_for(analysis: Analysis, module: str) -> str | None:
    """Where a client test of `module` goes, as the client's own tests sit: in a `__tests__` folder
    (`src/app/__tests__/x.test.js`) or beside the module they test (`Card.test.jsx`,
    `app.component.spec.ts`), whichever more of them do; None when neither layout is in use."""
    tests = sorted(p for p in analysis.with_role("client-test") if posixpath.splitext(p)[1] in CODE_EXTENSIONS)
    in_folder = [p for p in tests if "/__tests__/" in p]
    beside = [p for p in tests if p not in in_folder and any(
        posixpath.join(posixpath.dirname(p), test_subject(p) + ext) in analysis.by_path for ext in CODE_EXTENSIONS)]
    if not in_folder and not beside:
        return _first_test_path(analysis, module)
    in_tests_folder = len(in_folder) >= len(beside)
    marks = Counter(".spec" if ".spec." in posixpath.basename(p) else ".test"
                    for p in (in_folder if in_tests_folder else beside))
    mark = sorted(marks.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    stem, extension = posixpath.splitext(posixpath.basename(module))
    folder = posixpath.join(posixpath.dirname(module), "__tests__") if in_tests_folder else posixpath.dirname(module)
    return posixpath.join(folder, f"{stem}{mark}{extension}")


def _first_test_path(analysis: Analysis, module: str) -> str | None:
    """Where the client's first unit test goes when its `test` script names a unit runner but no
    test exists yet: beside the module, named as that runner finds tests by default."""
    runner = unit_runner(client_scripts(analysis).get("test", ""))
    stem, extension = posixpath.splitext(posixpath.basename(module))
    if runner is None or extension not in CODE_EXTENSIONS:
        return None
    return posixpath.join(posixpath.dirname(module), f"{stem}{runner.mark}{extension}")


def client_scripts(analysis: Analysis) -> dict[str, str]:
    """The client's package.json scripts: name → what it runs."""
    root = client_root(analysis)
    package = analysis.by_path.get(posixpath.join(root, "package.json")) if root is not None else None
    return {c.text.split()[-1]: c.label for c in package.commands} if package else {}


# Source files a test can be about (not markup, styles or data).
CODE_EXTENSIONS = frozenset(".py .ts .tsx .js .jsx .mjs .cjs .vue .svelte".split())


def _tests_folder(tests: list[str]) -> str:
    folders = sorted({posixpath.dirname(p) for p in tests}, key=lambda p: (p.count("/"), p))
    return folders[0]


def client_source_folder(analysis: Analysis) -> str | None:
    entries = analysis.with_role("client-entry")
    if entries:
        return posixpath.dirname(entries[0])
    root = client_root(analysis)
    return posixpath.join(root, "src") if root else None


def client_extension(analysis: Analysis, component: bool = False) -> str:
    """The client's usual file extension; for a component, the one its components use."""
    client = [p for p in analysis.paths_in("typescript", "javascript")
              if not p.endswith(".d.ts") and "config" not in posixpath.basename(p)
              and (not component or "component" in analysis.roles(p))]
    counts = Counter(posixpath.splitext(p)[1] for p in client)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else ".ts"
