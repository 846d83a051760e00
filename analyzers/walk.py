"""Which files of a repository are in scope: scope globs, .gitignore, and safety limits."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from analyzers.globs import GitIgnore, scope_admits, scope_may_contain
from analyzers.model import Diagnostic

APP_FOLDERS = ("app/server", "app/client")
DEFAULT_SCOPE = ("README.md", *(f"{folder}/**" for folder in APP_FOLDERS), "scripts/**")
WHOLE_REPOSITORY = ("[!.]*", "[!.]*/**")  # all but hidden files and folders (.github, .claude)
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
# Characters a file name may not hold: controls (Cc), undecodable bytes (surrogates, Cs), and
# line or paragraph separators (Zl, Zp).
_UNFAIR = frozenset({"Cc", "Cs", "Zl", "Zp"})


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """An in-scope file; the stat fields let a cache tell an unchanged file without reading it."""

    path: str
    abspath: str
    size: int
    mtime_ns: int = 0
    ctime_ns: int = 0
    inode: int = 0


@dataclass(frozen=True, slots=True)
class WalkResult:
    files: tuple[WalkedFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def walk(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE) -> WalkResult:
    """List the in-scope files below `root`, sorted by path; never follows links out of it."""
    real_root = os.path.realpath(root)
    files: list[WalkedFile] = []
    notes: list[Diagnostic] = []
    # A stack, not recursion: a repository may nest folders thousands deep.
    pending: list[tuple[str, list[GitIgnore]]] = [("", [])]
    while pending:
        rel, ignores = pending.pop()
        pending.extend(_walk_dir(real_root, rel, scope, ignores, files, notes))
    files.sort(key=lambda f: f.path)
    return WalkResult(tuple(files), tuple(sorted(notes, key=lambda d: (d.path, d.message))))


def _walk_dir(root: str, rel: str, scope: tuple[str, ...], ignores: list[GitIgnore],
              files: list[WalkedFile], notes: list[Diagnostic]) -> list[tuple[str, list[GitIgnore]]]:
    """Visit one folder's entries; return its subfolders to walk, with the ignore rules that apply."""
    directory = os.path.join(root, rel) if rel else root
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        notes.append(Diagnostic(rel or ".", f"cannot list folder ({exc.strerror or exc})"))
        return []
    local = _read_gitignore(directory, rel)
    scoped = ignores + [local] if local else ignores
    folders: list[tuple[str, list[GitIgnore]]] = []
    for entry in entries:
        path = f"{rel}/{entry.name}" if rel else entry.name
        if _visit(root, entry, path, scope, scoped, files, notes):
            folders.append((path, scoped))
    return folders


def _visit(root: str, entry: os.DirEntry[str], path: str, scope: tuple[str, ...],
           ignores: list[GitIgnore], files: list[WalkedFile], notes: list[Diagnostic]) -> bool:
    """Admit a file or note why not; True for a folder that should be walked."""
    try:
        is_link = entry.is_symlink()
        is_dir = entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
    if is_dir:
        if entry.name in SKIPPED_DIRS or _ignored(ignores, path, True) or not scope_may_contain(scope, path):
            return False
        return _fair_name(path, notes)
    if not scope_admits(scope, path) or _ignored(ignores, path, False):
        return False
    if entry.name in SKIPPED_FILES or entry.name.lower().endswith(SKIPPED_SUFFIXES):
        return False
    if not _fair_name(path, notes):
        return False
    if is_link:
        _visit_link(root, entry, path, files, notes)
        return False
    try:
        stat = entry.stat(follow_symlinks=False)
    except OSError as exc:
        notes.append(Diagnostic(path, f"cannot read ({exc.strerror or exc})"))
        return False
    if entry.is_file(follow_symlinks=False):
        _admit(entry.path, path, stat, files, notes)
    return False


def _fair_name(path: str, notes: list[Diagnostic]) -> bool:
    """False (with a note) for a name that is not UTF-8 or holds a control or line-break character.

    Such a name cannot be written into a UTF-8 plan, and a newline in it would start a new
    Markdown line there, so the file is left out rather than half-handled.
    """
    name = path.rsplit("/", 1)[-1]
    if name.isprintable() or not any(unicodedata.category(c) in _UNFAIR for c in name):
        return True
    notes.append(Diagnostic(_printable(path), "file name is not UTF-8 or holds control characters; "
                                              "rename it to include it"))
    return False


def _printable(path: str) -> str:
    """The path with undecodable bytes (`\\xff`) and control characters (`\\n`) written as escapes."""
    return "".join(c if unicodedata.category(c) not in _UNFAIR else _escape(c) for c in path)


def _escape(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte that os.fsdecode could not decode
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def _visit_link(root: str, entry: os.DirEntry[str], path: str,
                files: list[WalkedFile], notes: list[Diagnostic]) -> None:
    """Follow a file link only when it stays inside the repository and reaches a file."""
    target = os.path.realpath(entry.path)
    if not (target == root or target.startswith(root + os.sep)):
        notes.append(Diagnostic(path, "link points outside the repository; not followed"))
        return
    try:
        stat = os.stat(target) if os.path.isfile(target) else None
    except OSError:
        stat = None
    if stat is None:
        notes.append(Diagnostic(path, "link does not reach a file; not followed"))
        return
    _admit(target, path, stat, files, notes)


def _admit(abspath: str, path: str, stat: os.stat_result, files: list[WalkedFile],
           notes: list[Diagnostic]) -> None:
    if stat.st_size > MAX_FILE_BYTES:
        notes.append(Diagnostic(path, f"larger than 1 MB ({stat.st_size} bytes)"))
        return
    files.append(WalkedFile(path, abspath, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))


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
