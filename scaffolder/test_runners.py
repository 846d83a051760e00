"""Client test runners, read from a package.json `test` script: how to run them once, how to run
one file, how their test files are named."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Runner:
    """A unit test runner a `test` script calls.

    `once` is the flag that stops one that watches by default from watching ("" when it runs once);
    `file_flag` goes before a test file given on the command line; `mark` names its test files
    (`Card.test.jsx`, `card.component.spec.ts`)."""

    once: str
    file_flag: str = ""
    mark: str = ".test"


# Each runner as the script spells it, and what it watches by default. Vitest and Jest under
# create-react-app (and its wrappers) watch in a terminal; the Angular CLI's Karma run watches too.
_RUNNERS = (
    (("vitest",), Runner("--run")),
    (("react-scripts", "test"), Runner("--watchAll=false")),
    (("craco", "test"), Runner("--watchAll=false")),
    (("react-app-rewired", "test"), Runner("--watchAll=false")),
    (("jest",), Runner("")),
    (("ng", "test"), Runner("--watch=false", "--include ", ".spec")),
)
# Words after which a script runs its tests once already.
_ONCE_ALREADY = frozenset({"run", "--run", "--watchAll=false", "--watch=false", "--no-watch", "CI=true", "CI=1"})
_WATCH_FLAGS = frozenset({"watch", "--watch", "--watchAll", "-w", "--watch=true", "--watchAll=true"})


def watches(script: str) -> bool:
    """Whether a package.json script keeps running to watch files (`vite build --watch`, `vitest
    watch`, `tsc -w`): such a command never returns, so it is no validation command."""
    return bool(_WATCH_FLAGS.intersection(_words(script)))


def unit_runner(script: str) -> Runner | None:
    """The unit test runner the script calls, None for another command (`playwright test`,
    `npm run lint && mocha`: no file layout or flags known for them)."""
    words = _words(script)
    for spelled, runner in _RUNNERS:
        if _spells(words, spelled):
            return runner
    return None


def once_flag(script: str) -> str:
    """The flag that makes `script` run its tests once, "" when it does already."""
    runner = unit_runner(script)
    if runner is None or not runner.once or _ONCE_ALREADY.intersection(_words(script)):
        return ""
    return runner.once


def _words(script: str) -> list[str]:
    return [re.sub(r"^.*/", "", w) for w in script.split()]  # `node_modules/.bin/jest` is `jest`


def _spells(words: list[str], spelled: tuple[str, ...]) -> bool:
    return any(tuple(words[at:at + len(spelled)]) == spelled for at in range(len(words)))
