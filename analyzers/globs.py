"""Glob patterns with `**`, as used by scope lists and .gitignore files."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a slash-separated glob: `*` stays in a segment, `**` crosses segments."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches(pattern: str, path: str) -> bool:
    return glob_regex(pattern).match(path) is not None


def scope_admits(globs: tuple[str, ...], path: str) -> bool:
    """True when `path` is one of the scope globs or lies below a `dir/**` glob."""
    return any(matches(g, path) for g in globs)


def scope_may_contain(globs: tuple[str, ...], directory: str) -> bool:
    """True when some file below `directory` could match a scope glob (prunes the walk)."""
    prefix = directory + "/"
    for glob in globs:
        literal = re.split(r"[*?\[]", glob, maxsplit=1)[0]
        if literal.startswith(prefix) or prefix.startswith(literal) or matches(glob, directory):
            return True
    return False


class GitIgnore:
    """The rules of one .gitignore file, anchored at `base` (a repo-relative folder or "")."""

    def __init__(self, base: str, text: str) -> None:
        self.base = base
        self.rules: list[tuple[bool, bool, re.Pattern[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            line = line.lstrip("!")
            dir_only = line.endswith("/")
            # A slash at the start or in the middle anchors the pattern to this folder.
            anchored = "/" in line.rstrip("/")
            line = line.strip("/")
            if not line:
                continue
            pattern = line if anchored else "**/" + line
            self.rules.append((negate, dir_only, glob_regex(pattern)))

    def ignored(self, path: str, is_dir: bool) -> bool | None:
        """True/False when a rule decides, None when no rule speaks of `path`."""
        if self.base:
            if not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base) + 1:]
        verdict: bool | None = None
        for negate, dir_only, regex in self.rules:
            if dir_only and not is_dir:
                continue
            if regex.match(path):
                verdict = not negate
        return verdict
