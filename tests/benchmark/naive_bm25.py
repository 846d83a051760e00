#!/usr/bin/env python3
"""The naive reference pass: read every in-scope file once, tokenise it, rank the files by BM25.

  python3 naive_bm25.py REPO FEATURE [--top 10]

Scope is scaffolder's default (README.md, app/server/**, app/client/**, scripts/**), skipping
node_modules, .venv, .git, dist and .scaffolder_cache folders. Each document is the file's path
plus its text; tokens are lower-cased runs of letters or digits, with camelCase split. Okapi
BM25 (k1 = 1.2, b = 0.75, non-negative idf). Standard library only, so its run time is the floor
any whole-repo tool pays: start Python, walk, read, tokenise, score.
"""
from __future__ import annotations

import math
import os
import re
import sys
from collections import Counter

SCOPE_FILES = ("README.md",)
SCOPE_DIRS = ("app/server", "app/client", "scripts")
SKIPPED_DIRS = frozenset({"node_modules", ".venv", ".git", "dist", ".scaffolder_cache"})
MAX_BYTES = 1_000_000
# One alternative per token shape: an acronym not followed by lower case (HTTP in HTTPError),
# a capitalised or lower-case word (Error, fetch), or a number. Anything else separates tokens.
TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
K1, B = 1.2, 0.75


def tokenise(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text)]


def in_scope_files(repo: str) -> list[str]:
    """Repo-relative paths of the files in scope, sorted."""
    found = [name for name in SCOPE_FILES if os.path.isfile(os.path.join(repo, name))]
    for top in SCOPE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(repo, top)):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
            rel = os.path.relpath(dirpath, repo).replace(os.sep, "/")
            found.extend(f"{rel}/{name}" for name in filenames)
    return sorted(found)


def read_text(path: str) -> str | None:
    """The file as text; None for unreadable, oversized or binary files."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", "replace")


def bm25_rank(docs: dict[str, Counter[str]], query: list[str]) -> list[tuple[float, str]]:
    """(score, path) for every document with a positive score, best first, ties by path."""
    count = len(docs)
    lengths = {path: sum(tf.values()) for path, tf in docs.items()}
    average = sum(lengths.values()) / max(count, 1)
    terms = sorted(set(query))
    df = {t: sum(1 for tf in docs.values() if t in tf) for t in terms}
    idf = {t: math.log(1 + (count - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
    scored = []
    for path, tf in docs.items():
        norm = K1 * (1 - B + B * lengths[path] / max(average, 1e-9))
        score = sum(idf[t] * tf[t] * (K1 + 1) / (tf[t] + norm) for t in terms if t in tf)
        if score > 0:
            scored.append((score, path))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--top"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    repo, feature = argv[0], argv[1]
    top = int(argv[3]) if len(argv) == 4 else 10
    docs: dict[str, Counter[str]] = {}
    for rel in in_scope_files(repo):
        text = read_text(os.path.join(repo, rel))
        if text is not None:
            docs[rel] = Counter(tokenise(rel + "\n" + text))
    ranked = bm25_rank(docs, tokenise(feature))
    for score, path in ranked[:top]:
        print(f"{score:8.3f}  {path}")
    print(f"# {len(docs)} files ranked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
