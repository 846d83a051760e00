"""Glob patterns with `**`, as used by scope lists and .gitignore files.

Patterns come from files inside the repository (.gitignore, templates, config), so they are
untrusted: a malformed `[z-a]` class must not raise, and a pattern such as `**/**/**/…/x`
must not send a backtracking regex engine into exponential time. Patterns with few wildcards
compile to a regex (fast, and bounded: a low polynomial); the rare pattern with more runs on a
small automaton whose cost is linear in the path. Paths may hold any character but `/`.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

# A backtracking regex costs up to the product of what each star can span: a path (`**`, `**/`)
# or one file name (`*`, at most 255 bytes). Measured worst cases stay near 50 ms with two stars
# of any kind, or three of which at most one spans the path; past that, the automaton runs.
MAX_REGEX_STARS = 3
MAX_REGEX_PATH_STARS = 1


class _Wild(enum.Enum):
    ONE = "?"
    STAR = "*"
    DSTAR = "**"
    DSTAR_SLASH = "**/"


_STARS = frozenset({_Wild.STAR, _Wild.DSTAR, _Wild.DSTAR_SLASH})


@dataclass(frozen=True, slots=True)
class _Class:
    """A `[...]` character class: ranges (lo, hi) inclusive; never matches `/`."""

    negate: bool
    ranges: tuple[tuple[str, str], ...]

    def admits(self, char: str) -> bool:
        return char != "/" and any(lo <= char <= hi for lo, hi in self.ranges) != self.negate


# A token is one literal character, a wildcard, or a character class.
Token = str | _Wild | _Class


class Glob:
    """One compiled glob; `match(path)` is True when the whole path matches."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        stars = sum(1 for t in tokens if t in _STARS)
        spanning = sum(1 for t in tokens if t in (_Wild.DSTAR, _Wild.DSTAR_SLASH))
        safe = stars <= 2 or (stars <= MAX_REGEX_STARS and spanning <= MAX_REGEX_PATH_STARS)
        self._regex = re.compile(_regex(tokens) + r"\Z", re.DOTALL) if safe else None

    def match(self, path: str) -> bool:
        if self._regex is not None:
            return self._regex.match(path) is not None
        return _run(self.tokens, path)


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> Glob:
    """Compile a slash-separated glob: `*` stays in a segment, `**` crosses segments."""
    return Glob(_simplify(_tokens(pattern)))


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The regex of a glob, whatever its number of wildcards (tests and debugging only)."""
    return re.compile(_regex(_simplify(_tokens(pattern))) + r"\Z", re.DOTALL)


def _tokens(pattern: str) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(_Wild.DSTAR_SLASH)
            i += 3
        elif pattern.startswith("**", i):
            out.append(_Wild.DSTAR)
            i += 2
        elif pattern[i] in "*?":
            out.append(_Wild(pattern[i]))
            i += 1
        elif pattern[i] == "[" and (end := _class_end(pattern, i)) is not None:
            out.append(_char_class(pattern[i + 1:end]))
            i = end + 1
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
        else:
            out.append(pattern[i])
            i += 1
    return out


def _simplify(tokens: list[Token]) -> tuple[Token, ...]:
    """Fewer stars, same language: a run of stars holding a `**` is one `**` (it matches anything),
    and a star repeated (`**/**/`) is one star."""
    out: list[Token] = []
    run: list[Token] = []
    for token in [*tokens, ""]:
        if token in _STARS:
            run.append(token)
            continue
        if _Wild.DSTAR in run:
            out.append(_Wild.DSTAR)
        else:
            out.extend(t for k, t in enumerate(run) if k == 0 or t != run[k - 1])
        run = []
        if token != "":
            out.append(token)
    return tuple(out)


def _class_end(pattern: str, start: int) -> int | None:
    """Index of the `]` closing the class that opens at `start`; a `]` first in it is literal."""
    j = start + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    end = pattern.find("]", j)
    return end if end >= 0 else None


def _char_class(body: str) -> _Class:
    negate = body[:1] in ("!", "^")
    chars = body[1:] if negate else body
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(chars):
        if chars[i] == "\\" and i + 1 < len(chars):
            i += 1
        lo = chars[i]
        if i + 2 < len(chars) and chars[i + 1] == "-":
            hi = chars[i + 2]
            if lo <= hi:  # a reversed range such as `z-a` matches nothing, as in git
                ranges.append((lo, hi))
            i += 3
        else:
            ranges.append((lo, lo))
            i += 1
    return _Class(negate, tuple(ranges))


def _regex(tokens: tuple[Token, ...]) -> str:
    parts = []
    for token in tokens:
        if isinstance(token, _Class):
            parts.append(_class_regex(token))
        elif isinstance(token, _Wild):
            parts.append(_WILD_REGEX[token])
        else:
            parts.append(re.escape(token))
    return "".join(parts)


_WILD_REGEX = {_Wild.ONE: "[^/]", _Wild.STAR: "[^/]*", _Wild.DSTAR: ".*", _Wild.DSTAR_SLASH: "(?:.*/)?"}


def _class_regex(cls: _Class) -> str:
    items = "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in cls.ranges)
    if cls.negate:
        return f"[^/{items}]"
    return f"(?!/)[{items}]" if items else "(?!)"


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def _run(tokens: tuple[Token, ...], path: str) -> bool:
    """Match by tracking every token position at once (a Thompson automaton): linear in the path.

    State i < len(tokens) waits before token i; len(tokens) has read them all; for a `**/` at i,
    state len(tokens) + 1 + i is inside it, having read characters but not yet its closing `/`.
    """
    end = len(tokens)
    states = _closure(tokens, {0})
    for char in path:
        step: set[int] = set()
        for state in states:
            if state > end:  # inside a `**/`: read on, or close it at a slash
                step.add(state)
                if char == "/":
                    step.add(state - end)
                continue
            token = tokens[state] if state < end else None
            if token is _Wild.DSTAR or (token is _Wild.STAR and char != "/"):
                step.add(state)
            elif token is _Wild.DSTAR_SLASH:
                step.add(end + 1 + state)
                if char == "/":
                    step.add(state + 1)
            elif token is not None and _one(token, char):
                step.add(state + 1)
        if not step:
            return False
        states = _closure(tokens, step)
    return end in states


def _one(token: Token, char: str) -> bool:
    """Whether a single-character token reads `char`."""
    if isinstance(token, _Class):
        return token.admits(char)
    if token is _Wild.ONE:
        return char != "/"
    return token == char


def _closure(tokens: tuple[Token, ...], states: set[int]) -> set[int]:
    """States plus those reachable without reading a character (a star repeated zero times)."""
    out = set(states)
    pending = list(states)
    while pending:
        i = pending.pop()
        if i < len(tokens) and tokens[i] in _STARS and i + 1 not in out:
            out.add(i + 1)
            pending.append(i + 1)
    return out


def matches(pattern: str, path: str) -> bool:
    return compile_glob(pattern).match(path)


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
        self.rules: list[tuple[bool, bool, Glob]] = []
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
            self.rules.append((negate, dir_only, compile_glob(pattern)))

    def ignored(self, path: str, is_dir: bool) -> bool | None:
        """True/False when a rule decides, None when no rule speaks of `path`."""
        if self.base:
            if not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base) + 1:]
        verdict: bool | None = None
        for negate, dir_only, glob in self.rules:
            if dir_only and not is_dir:
                continue
            if glob.match(path):
                verdict = not negate
        return verdict
