"""Words out of identifiers, paths and prose: split, lower-case, drop stop words, stem."""
from __future__ import annotations

import re
from functools import lru_cache

# An acronym's plural (`LLMs`, `URLs`) is the acronym, not `LL` + `Ms`: group 1 holds it.
_CAMEL = re.compile(r"([A-Z]{2,})s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_CHUNK = re.compile(r"[A-Za-z0-9]+")

STOP_WORDS = frozenset("""
a an and are as at be been but by can could do does for from has have how i if in into is it its
let me my of on or our should so than that the their them then there these this to too up us was
we were what when where which while who will with would you your yours also any all each every
via per new add adding added implement implementing implementation feature features support
supports supported allow allows allowing enable enabling make makes use using used able ability
should want wants need needs based etc get set like just only one two some more most other same
user users app application please ensure proper properly better improve improved existing
""".split())


@lru_cache(maxsize=1)
def _stemmer() -> object:
    """PyStemmer (the same Snowball algorithm compiled, ~200× faster); else pure-Python Snowball."""
    try:
        import Stemmer

        return Stemmer.Stemmer("english")
    except ImportError:
        # The English module alone: `import snowballstemmer` loads every language (~0.1 s).
        from snowballstemmer.english_stemmer import EnglishStemmer

        return EnglishStemmer()


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


# British spellings folded onto American ones, so `favourite` in a request finds `favorite` in code.
SPELLINGS = {
    "favourite": "favorite", "favourites": "favorites", "colour": "color", "colours": "colors",
    "behaviour": "behavior", "organise": "organize", "organisation": "organization", "visualise": "visualize",
    "visualisation": "visualization", "analyse": "analyze", "catalogue": "catalog", "cancelled": "canceled",
    "centre": "center", "licence": "license", "initialise": "initialize", "customise": "customize",
    "optimise": "optimize", "summarise": "summarize", "normalise": "normalize", "serialise": "serialize",
    "authorise": "authorize", "dialogue": "dialog", "grey": "gray", "labelled": "labeled", "modelling": "modeling",
}


# Short forms code uses and the long words requests use (and agent nouns and -able adjectives
# Snowball leaves apart from their verb), folded onto one word before stemming.
WORD_FORMS = {
    **{w: "config" for w in ("configuration", "configurations", "configure", "configured", "configuring",
                             "configurable", "cfg", "configs")},
    **{w: "auth" for w in ("authentication", "authenticate", "authenticated", "authorization", "authorize",
                           "authorized")},
    "repository": "repo", "repositories": "repos",
    "environment": "env", "environments": "envs", "information": "info",
    "statistics": "stats", "statistic": "stat", "statistical": "stat",
    "msg": "message", "msgs": "messages", "navigation": "nav", "navigate": "nav", "navbar": "nav",
    "img": "image", "imgs": "images", "parameter": "param", "parameters": "params",
    "pref": "preference", "prefs": "preferences",
    "initialize": "init", "initialization": "init", "initialized": "init",
    "synchronize": "sync", "synchronization": "sync", "synchronized": "sync", "synced": "sync", "syncing": "sync",
    "documentation": "docs", "doc": "docs", "btn": "button", "btns": "buttons", "ctx": "context",
    "req": "request", "resp": "response", "mgr": "manager", "svc": "service", "perf": "performance",
    "calc": "calculate", "admin": "administration", "administrator": "administration", "lang": "language",
    "viz": "visualization",
    "selector": "select", "selectors": "select", "selectable": "select", "tracker": "track", "trackers": "track",
    "formatter": "format", "formatters": "format", "loader": "load", "loaders": "load", "parser": "parse",
    "parsers": "parse", "builder": "build", "builders": "build", "viewer": "view", "viewers": "view",
    "editor": "edit", "editors": "edit", "picker": "pick", "pickers": "pick", "checker": "check",
    "checkers": "check", "searchable": "search", "sortable": "sort", "filterable": "filter",
    "clickable": "click", "draggable": "drag", "resizable": "resize", "collapsible": "collapse",
    "expandable": "expand", "copyable": "copy",
}


def split_words(text: str) -> list[str]:
    """`exportToCSV`, `sql_processor`, `query-history.ts` → lower-case word pieces."""
    words: list[str] = []
    for chunk in _CHUNK.findall(text):
        words.extend(SPELLINGS.get(w, w) for w in (
            (piece.group(1) or piece.group(0)).lower() for piece in _CAMEL.finditer(chunk)))
    return words


def actor_span(words: list[str]) -> tuple[int, int] | None:
    """Whom the request is for, as (where that word is, where the words after the phrase naming
    it start): "Let readers edit…" → (1, 2), "Allow admins to delete…" → (1, 3); None when it names
    no one. `words` as `split_words` gives them."""
    lowered = [w.lower() for w in words]
    for at, word in enumerate(lowered[:-2]):
        if word == "let":
            return at + 1, at + 2
        if word in ("allow", "enable") and lowered[at + 2] == "to":
            return at + 1, at + 3
    return None


def without_actor(words: list[str]) -> list[str]:
    """`words` less whom the request is for (see `actor_span`)."""
    span = actor_span(words)
    return words if span is None else words[:span[0]] + words[span[0] + 1:]


@lru_cache(maxsize=65536)
def terms(text: str) -> tuple[str, ...]:
    """Stemmed content words of `text`, in order, stop words and one-letter pieces dropped."""
    return tuple(stem(WORD_FORMS.get(w, w)) for w in split_words(text)
                 if len(w) > 1 and w not in STOP_WORDS and not w.isdigit())


@lru_cache(maxsize=65536)
def phrase_terms(text: str) -> tuple[str, ...]:
    """Stems of every word, stop words kept, for matching multi-word keywords like "save as"."""
    return tuple(stem(WORD_FORMS.get(w, w)) for w in split_words(text) if not w.isdigit())
