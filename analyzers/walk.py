"""Which files of a repository are in scope: scope globs, .gitignore, and safety limits."""
from __future__ import annotations

import os
from dataclasses import dataclass

from analyzers.globs import GitIgnore, scope_admits, scope_may_contain
from analyzers.model import Diagnostic

DEFAULT_SCOPE = ("README.md", "app/server/**", "app/client/**", "scripts/**")
MAX_FILE_BYTES = 1_000_000
SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", "dist", "build", "out",
    "coverage", ".next", ".nuxt", ".cache", ".turbo", ".parcel-cache", ".scaffolder_cache",
    "site-packages", ".idea", ".vscode", ".angular",
})
# Generated files that are large and never what a feature changes.
SKIPPED_FILES = frozenset({
    "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "uv.lock", "poetry.lock",
    "Pipfile.lock", "bun.lockb", "Cargo.lock", ".DS_Store",
})
SKIPPED_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".bmp", ".pdf", ".zip", ".gz", ".tar",
    ".whl", ".so", ".dylib", ".dll", ".exe", ".pyc", ".woff", ".woff2", ".ttf", ".eot",
    ".mp3", ".mp4", ".wav", ".db", ".sqlite", ".sqlite3", ".map", ".min.js", ".lock",
)


@dataclass(frozen=True, slots=True)
class WalkedFile:
    path: str
    abspath: str
    size: int


@dataclass(frozen=True, slots=True)
class WalkResult:
    files: tuple[WalkedFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def walk(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE) -> WalkResult:
    """List the in-scope files below `root`, sorted by path; never follows links out of it."""
    real_root = os.path.realpath(root)
    files: list[WalkedFile] = []
    notes: list[Diagnostic] = []
    ignores: list[GitIgnore] = []
    _walk_dir(real_root, "", scope, ignores, files, notes)
    files.sort(key=lambda f: f.path)
    return WalkResult(tuple(files), tuple(sorted(notes, key=lambda d: d.path)))


def _walk_dir(root: str, rel: str, scope: tuple[str, ...], ignores: list[GitIgnore],
              files: list[WalkedFile], notes: list[Diagnostic]) -> None:
    directory = os.path.join(root, rel) if rel else root
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        notes.append(Diagnostic(rel or ".", f"cannot list folder ({exc.strerror or exc})"))
        return
    local = _read_gitignore(directory, rel)
    scoped = ignores + [local] if local else ignores
    for entry in entries:
        path = f"{rel}/{entry.name}" if rel else entry.name
        _visit(root, entry, path, scope, scoped, files, notes)


def _visit(root: str, entry: os.DirEntry[str], path: str, scope: tuple[str, ...],
           ignores: list[GitIgnore], files: list[WalkedFile], notes: list[Diagnostic]) -> None:
    try:
        is_link = entry.is_symlink()
        is_dir = entry.is_dir(follow_symlinks=False)
    except OSError:
        return
    if is_dir:
        if entry.name in SKIPPED_DIRS or _ignored(ignores, path, True):
            return
        if scope_may_contain(scope, path):
            _walk_dir(root, path, scope, ignores, files, notes)
        return
    if not scope_admits(scope, path) or _ignored(ignores, path, False):
        return
    if entry.name in SKIPPED_FILES or entry.name.lower().endswith(SKIPPED_SUFFIXES):
        return
    if is_link:
        _visit_link(root, entry, path, files, notes)
        return
    try:
        size = entry.stat(follow_symlinks=False).st_size
    except OSError as exc:
        notes.append(Diagnostic(path, f"cannot read ({exc.strerror or exc})"))
        return
    if not entry.is_file(follow_symlinks=False):
        return
    _admit(entry.path, path, size, files, notes)


def _visit_link(root: str, entry: os.DirEntry[str], path: str,
                files: list[WalkedFile], notes: list[Diagnostic]) -> None:
    """Follow a file link only when it stays inside the repository and reaches a file."""
    target = os.path.realpath(entry.path)
    if not (target == root or target.startswith(root + os.sep)):
        notes.append(Diagnostic(path, "link points outside the repository; not followed"))
        return
    if not os.path.isfile(target):
        notes.append(Diagnostic(path, "link does not reach a file; not followed"))
        return
    _admit(target, path, os.path.getsize(target), files, notes)


def _admit(abspath: str, path: str, size: int, files: list[WalkedFile],
           notes: list[Diagnostic]) -> None:
    if size > MAX_FILE_BYTES:
        notes.append(Diagnostic(path, f"larger than 1 MB ({size} bytes)"))
        return
    files.append(WalkedFile(path, abspath, size))


def _ignored(ignores: list[GitIgnore], path: str, is_dir: bool) -> bool:
    verdict = False
    for rules in ignores:
        decided = rules.ignored(path, is_dir)
        if decided is not None:
            verdict = decided
    return verdict


def _read_gitignore(directory: str, rel: str) -> GitIgnore | None:
    path = os.path.join(directory, ".gitignore")
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return None
        with open(path, "rb") as fh:
            text = fh.read(200_000).decode("utf-8", "replace")
    except OSError:
        return None
    return GitIgnore(rel, text)
