"""The plan's note on libraries: what the matched rules ask for, less what the project already
depends on, and the services or formats the request names that the project does not use yet."""
from __future__ import annotations

import re
from collections.abc import Mapping

from analyzers.manifests import normalized
from rules.model import NO_LIBRARY, Rule
from rules.terms import terms
from scaffolder.analysis import Analysis
from scaffolder.phrasing import code_like, title

MANIFEST_ROLES = ("server-config", "client-manifest")
_PACKAGE = re.compile(r"`([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]`]*\])?`")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*[A-Za-z0-9+]|[A-Za-z]|\d+")
# A name before one of these is what the request builds ("the Hopper queue system"), not a
# service it uses; a name before a number is a label ("Stage 0").
_BUILT = frozenset("""system service module component page panel widget modal dialog queue engine dashboard tab view
screen app tool script worker job pipeline feature mode""".split())


def library_note(rules: tuple[Rule, ...], dependencies: Mapping[str, str] | None = None,
                 unfamiliar: tuple[str, ...] = ()) -> str:
    """The libraries the matched rules ask for, one sentence each.

    A rule that says its part needs no library is left out when another rule does need one, or
    when the request names something the project does not use yet: "add Chart.js" and "plain CSS
    covers it: no new library needed" would contradict each other. A library the project already
    depends on (`dependencies`: package name → manifest) is to be reused, not added.
    """
    known = dependencies or {}
    libraries = [_reused(lib, known) for lib in dict.fromkeys(lib for r in rules for lib in r.libraries)]
    needed = [lib for lib in libraries if NO_LIBRARY not in lib.lower()]
    named = ""
    if unfamiliar:
        shown = " and ".join(unfamiliar)
        one = len(unfamiliar) == 1
        named = (f"{shown} {'is' if one else 'are'} used nowhere in the project yet: a library for "
                 f"{'it' if one else 'each'} (or an API client) needs adding, with the package manager so the lock "
                 "file changes with it.")
    if not libraries and not named:
        return "No new library is needed: the feature fits the project's existing dependencies."
    chosen = needed if needed or named else libraries
    return "Libraries: " + " ".join([_sentence(lib) for lib in chosen] + ([named] if named else []))


def dependencies(analysis: Analysis) -> dict[str, str]:
    """Each package the project depends on (by normalized name) → the manifest listing it first."""
    out: dict[str, str] = {}
    for path in sorted({p for role in MANIFEST_ROLES for p in analysis.by_role.get(role, ())}):
        facts = analysis.by_path.get(path)
        if facts is not None and facts.language in ("json", "toml", "text"):
            for name in facts.identifiers:
                out.setdefault(normalized(name), path)
    return out


def unfamiliar_names(feature: str, analysis: Analysis, known: Mapping[str, str],
                     rules: tuple[Rule, ...] = ()) -> tuple[str, ...]:
    """Names the request capitalises mid-sentence that no symbol, dependency or README title of the
    project holds, nor a keyword of the matched `rules` (their libraries speak for those): "Price
    alerts via Telegram" → ("Telegram",). A Title Case title says nothing by its capitals, so it
    names none."""
    words = [(m.group(0), m.start()) for m in _WORD.finditer(title(feature))]
    later = [w for w, _ in words[1:] if len(w) > 2]
    if not later or sum(w[0].isupper() for w in later) * 2 > len(later):
        return ()
    names: list[list[str]] = []
    previous_end = -2
    for index, (word, start) in enumerate(words[1:], start=1):
        following = words[index + 1][0].lower() if index + 1 < len(words) else ""
        if not word[0].isupper() or code_like(word) or following.isdigit() or following in _BUILT:
            continue
        if names and start == previous_end + 1:
            names[-1].append(word)
        else:
            names.append([word])
        previous_end = start + len(word)
    if not names:
        return ()
    vocabulary = _vocabulary(analysis, known) | {stem for r in rules for phrase in r.keywords + tuple(
        k for v in r.variants for k in v.keywords) for stem in phrase}
    return tuple(" ".join(name) for name in names if not set(terms(" ".join(name))) <= vocabulary)


def _vocabulary(analysis: Analysis, known: Mapping[str, str]) -> set[str]:
    readme = next((analysis.by_path[p] for p in analysis.by_role.get("readme", ()) if p in analysis.by_path), None)
    text = " ".join(sorted(analysis.summary.symbol_names if analysis.summary else ()))
    return set(terms(f"{text} {' '.join(known)} {readme.title if readme else ''}"))


def _reused(library: str, known: Mapping[str, str]) -> str:
    for match in _PACKAGE.finditer(library):
        manifest = known.get(normalized(match.group(1)))
        if manifest:
            return f"`{match.group(1)}` is already a dependency (`{manifest}`): reuse it"
    return library


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
