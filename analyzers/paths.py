"""Turning import specifiers into repository paths (Python modules, JS/TS specifiers)."""
from __future__ import annotations

import posixpath
from collections.abc import Iterable

from analyzers.model import FileFacts, ImportFact

JS_EXTENSIONS = (".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs")
ASSET_EXTENSIONS = (".css", ".scss", ".less", ".json", ".html", ".svg")


def parent(path: str) -> str:
    if "//" in path or path.startswith("/"):
        return posixpath.dirname(path)
    return path.rpartition("/")[0]  # the same for a clean relative path, at a third of the cost


def ancestors(directory: str) -> list[str]:
    """`a/b/c` → [`a/b/c`, `a/b`, `a`, ``]: nearest first, the repository root last."""
    out = []
    while directory:
        out.append(directory)
        directory = parent(directory)
    out.append("")
    return out


PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def package_folders(paths: Iterable[str]) -> tuple[set[str], set[str]]:
    """The folders among `paths` that are Python packages (hold an `__init__.py`), and those that
    are a Python project's root (hold its pyproject.toml), for `import_root`."""
    packages, projects = set(), set()
    for path in paths:
        folder_of, _, name = path.rpartition("/")
        if name == "__init__.py":
            packages.add(folder_of)
        elif name in PROJECT_FILES:
            projects.add(folder_of)
    return packages, projects


def import_root(folder: str, folders: tuple[set[str], set[str]], keep_out: str | None = None) -> str:
    """The first folder at or above `folder` that is not a Python package or is a Python project's
    root (`folders`, from `package_folders`), short of the repository root and of any folder
    holding `keep_out`: an app built in `src/server/__init__.py` mounts routers from `src/api/`."""
    packages, projects = folders
    while folder in packages and folder not in projects:
        up = parent(folder)
        if not up or (keep_out is not None and keep_out.startswith(up + "/")):
            break
        folder = up
    return folder


def join(*parts: str) -> str:
    joined = "/".join([p for p in parts if p])
    if _is_normal(joined):  # most joins: resolution asks tens of thousands, normpath is the cost
        return joined
    joined = posixpath.normpath(posixpath.join(*[p for p in parts if p]))
    return "" if joined == "." else joined


def _is_normal(path: str) -> bool:
    """Whether normpath would leave `path` as it is (no `.` segments, empty segments or root)."""
    return (bool(path) and not path.startswith((".", "/")) and not path.endswith("/")
            and "//" not in path and "/." not in path)


def original_name(name: str) -> str:
    return name.split(" as ", 1)[0]


def bound_name(name: str) -> str:
    return name.split(" as ", 1)[-1]


def resolve_python(importer: str, imp: ImportFact, files: frozenset[str],
                   folders: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(target file, imported name or "") for each repo module the import reaches. `folders`
    (see `python_folders`) lets it pass over a root below which the module cannot be."""
    module_path = imp.module.replace(".", "/")
    if imp.level:
        base = parent(importer)
        for _ in range(imp.level - 1):
            base = parent(base)
        roots = [base]
    else:
        roots = ancestors(parent(importer))
    plain = all(original_name(name).isidentifier() or name == "*" for name in imp.names)
    known = folders if plain else None
    for root in roots:
        base = join(root, module_path)
        # Every hit is `base.py`, `base/__init__.py` or `base/<name>…`: base is a module or a folder.
        if known is not None and base not in known:
            continue
        hits = _python_hits(base, imp, files)
        if hits:
            return hits
    return []


def python_folders(files: frozenset[str]) -> frozenset[str]:
    """Every folder holding a Python file at any depth ("" for the root), and every Python
    module's path without `.py`."""
    out = {""}
    for path in files:
        if path.endswith(".py"):
            out.add(path[:-3])
            folder = parent(path)
            while folder not in out:
                out.add(folder)
                folder = parent(folder)
    return frozenset(out)


class PythonImports:
    """`resolve_python` for the files of one repository, each answer remembered by folder and
    import: a folder's files import the same modules again and again, and an import from outside
    the repository is looked for in every ancestor folder before it is given up."""

    def __init__(self, files: frozenset[str]) -> None:
        self.files = files
        self.folders = python_folders(files)
        self.known: dict[tuple[str, str, int, tuple[str, ...]], list[tuple[str, str]]] = {}

    def resolve(self, importer: str, imp: ImportFact) -> list[tuple[str, str]]:
        key = (parent(importer), imp.module, imp.level, imp.names)
        hits = self.known.get(key)
        if hits is None:
            hits = self.known[key] = resolve_python(importer, imp, self.files, self.folders)
        return hits


def _python_hits(base: str, imp: ImportFact, files: frozenset[str]) -> list[tuple[str, str]]:
    hits: list[tuple[str, str]] = []
    module_file = _python_module(base, files) if base else None
    plain_import = not imp.level and len(imp.names) == 1 and original_name(imp.names[0]) == imp.module
    for name in () if plain_import else imp.names:
        sub = _python_module(join(base, original_name(name)), files)
        if sub:
            hits.append((sub, ""))
        elif module_file:
            hits.append((module_file, original_name(name)))
    if module_file and not hits:
        hits.append((module_file, ""))
    return sorted(set(hits))


def _python_module(base: str, files: frozenset[str]) -> str | None:
    for candidate in (base + ".py", base + "/__init__.py"):
        if candidate in files:
            return candidate
    return None


def resolve_js(importer: str, specifier: str, files: frozenset[str],
               aliases: tuple[tuple[str, str], ...]) -> str | None:
    """Resolve a JS/TS specifier with extension, `index` and tsconfig alias rules."""
    bases: list[str] = []
    if specifier.startswith("."):
        bases.append(join(parent(importer), specifier))
    elif specifier.startswith("/"):
        bases.extend(join(root, specifier.lstrip("/")) for root in ancestors(parent(importer)))
    else:
        bases.extend(_aliased(specifier, aliases))
    for base in bases:
        found = _js_file(base, files)
        if found:
            return found
    return None


def _aliased(specifier: str, aliases: tuple[tuple[str, str], ...]) -> list[str]:
    """`aliases` pairs a tsconfig `paths` key (or "" for baseUrl) with its repo folder/target."""
    out = []
    for key, target in aliases:
        if not key:
            out.append(join(target, specifier))
        elif key.endswith("*") and specifier.startswith(key[:-1]):
            out.append(join(target.replace("*", specifier[len(key) - 1:])))
        elif key == specifier:
            out.append(target)
    return out


def _js_file(base: str, files: frozenset[str]) -> str | None:
    if base in files:
        return base
    stem = base
    for ext in (".js", ".jsx", ".mjs"):
        if base.endswith(ext):
            stem = base[: -len(ext)]
    for ext in JS_EXTENSIONS:
        if stem + ext in files:
            return stem + ext
    for ext in JS_EXTENSIONS:
        if f"{base}/index{ext}" in files:
            return f"{base}/index{ext}"
    return None


def tsconfig_aliases(facts: FileFacts) -> tuple[tuple[str, str], ...]:
    """Aliases from a tsconfig's `baseUrl` and `paths`, made relative to the repository."""
    folder = parent(facts.path)
    values = dict(facts.constants)
    base = join(folder, values.get("baseUrl", ".")) if "baseUrl" in values else folder
    out = [(key[len("paths:"):], join(base, target)) for key, target in facts.constants
           if key.startswith("paths:")]
    if "baseUrl" in values:
        out.append(("", base))
    return tuple(out)
