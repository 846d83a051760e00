from __future__ import annotations

import pytest

from analyzers.globs import GitIgnore, matches, scope_admits, scope_may_contain
from analyzers.walk import DEFAULT_SCOPE


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    pytest.param("*.py", "main.py", True, id="star in segment"),
    pytest.param("*.py", "app/main.py", False, id="star does not cross slash"),
    pytest.param("**/*.py", "main.py", True, id="double star slash matches zero dirs"),
    pytest.param("**/*.py", "a/b/c/main.py", True, id="double star slash matches many dirs"),
    pytest.param("app/**", "app/x/y.ts", True, id="trailing double star"),
    pytest.param("app/**", "application/x", False, id="trailing double star needs the folder"),
    pytest.param("a/**/b.py", "a/b.py", True, id="inner double star zero dirs"),
    pytest.param("a/**/b.py", "a/x/y/b.py", True, id="inner double star many dirs"),
    pytest.param("?.md", "a.md", True, id="question mark one char"),
    pytest.param("?.md", "ab.md", False, id="question mark not two"),
    pytest.param("?.md", "/.md", False, id="question mark not slash"),
    pytest.param("README.md", "READMExmd", False, id="dot is literal"),
    pytest.param("README.md", "docs/README.md", False, id="anchored at start"),
    pytest.param("README.md", "README.md.bak", False, id="anchored at end"),
    pytest.param("a+b(c).py", "a+b(c).py", True, id="regex metacharacters escaped"),
])
def test_matches(pattern, path, expected):
    assert matches(pattern, path) is expected


@pytest.mark.parametrize(("path", "expected"), [
    pytest.param("README.md", True, id="root readme"),
    pytest.param("docs/README.md", False, id="nested readme"),
    pytest.param("app/server/main.py", True, id="server file"),
    pytest.param("app/client/src/deep/App.tsx", True, id="deep client file"),
    pytest.param("scripts/start.sh", True, id="script"),
    pytest.param("app/serverless/x.py", False, id="sibling with same prefix"),
    pytest.param("app/main.py", False, id="app root file"),
])
def test_scope_admits_default(path, expected):
    assert scope_admits(DEFAULT_SCOPE, path) is expected


@pytest.mark.parametrize(("scope", "directory", "expected"), [
    pytest.param(DEFAULT_SCOPE, "app", True, id="parent of scope glob"),
    pytest.param(DEFAULT_SCOPE, "app/server", True, id="scope folder"),
    pytest.param(DEFAULT_SCOPE, "app/server/routers/v1", True, id="below scope folder"),
    pytest.param(DEFAULT_SCOPE, "docs", False, id="unrelated folder"),
    pytest.param(DEFAULT_SCOPE, "app/serverless", False, id="same-prefix sibling"),
    pytest.param(("**/*.py",), "anything/at/all", True, id="leading double star"),
    pytest.param(("app/*/main.py",), "app/x", True, id="star segment"),
    pytest.param(("README.md",), "app", False, id="root file only"),
])
def test_scope_may_contain(scope, directory, expected):
    assert scope_may_contain(scope, directory) is expected


@pytest.mark.parametrize(("base", "text", "path", "is_dir", "expected"), [
    pytest.param("", "*.log", "a/b/x.log", False, True, id="unanchored matches at any depth"),
    pytest.param("", "*.log\n!keep.log", "a/keep.log", False, False, id="negation decides last"),
    pytest.param("", "!keep.log\n*.log", "a/keep.log", False, True, id="later rule wins"),
    pytest.param("", "build/", "app/build", True, True, id="dir-only on dir"),
    pytest.param("", "build/", "app/build", False, None, id="dir-only skips file"),
    pytest.param("", "app/gen", "app/gen", True, True, id="middle slash anchors"),
    pytest.param("", "app/gen", "x/app/gen", True, None, id="anchored not nested"),
    pytest.param("", "docs/**", "docs/a/b.md", False, True, id="double star below"),
    pytest.param("", "  *.tmp  \n", "x.tmp", False, True, id="surrounding spaces stripped"),
    pytest.param("", "# *.py\n\n", "x.py", False, None, id="comment and blank"),
    pytest.param("", "/", "x.py", False, None, id="bare slash ignored"),
    pytest.param("app/client", "*.gen.ts", "app/client/src/a.gen.ts", False, True, id="nested base"),
    pytest.param("app/client", "*.gen.ts", "app/server/a.gen.ts", False, None, id="outside base"),
    pytest.param("app/client", "src/*.ts", "app/client/src/a.ts", False, True, id="anchored to base"),
    pytest.param("app", "x", "application/x", False, None, id="base is a folder not a prefix"),
])
def test_gitignore_rules(base, text, path, is_dir, expected):
    assert GitIgnore(base, text).ignored(path, is_dir) is expected




@pytest.mark.parametrize(("text", "path", "expected"), [
    pytest.param("/secret.py", "secret.py", True, id="leading slash matches at base"),
    pytest.param("/secret.py", "app/secret.py", None, id="leading slash anchors"),
    pytest.param("secret[12].py", "app/secret1.py", True, id="bracket character class"),
    pytest.param("*.sw[op]", "app/x.swp", True, id="bracket class in suffix"),
])
def test_gitignore_git_semantics(text, path, expected):
    """Cases that git itself decides (`git check-ignore`)."""
    assert GitIgnore("", text).ignored(path, False) is expected


@pytest.mark.parametrize(("text", "path"), [
    pytest.param("", "a.py", id="empty file"),
    pytest.param("# only comments\n#*.py\n", "a.py", id="comments"),
    pytest.param("*.log\n", "a.py", id="other suffix"),
    pytest.param("tmp/\n", "app/tmp.py", id="dir-only vs file"),
    pytest.param("app/gen\n", "lib/app/gen", id="anchored elsewhere"),
])
def test_gitignore_rules_that_say_nothing(text, path):
    assert GitIgnore("", text).ignored(path, False) is None
