from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.css import analyze
from analyzers.model import DomRef


def facts(src: str, path: str = "app/client/src/style.css"):
    return analyze(path, dedent(src))


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param(".card, #main > .card-body:hover { color: #fff; }\n",
                 (("card", "class-defined", 1), ("main", "id-defined", 1), ("card-body", "class-defined", 1)),
                 id="selector list"),
    pytest.param("body {\n  color: #abc;\n  background: #FFFFFF url(img.png);\n}\n", (), id="hex colors ignored"),
    pytest.param("/* .commented { } */\n.real { }\n", (("real", "class-defined", 2),), id="comments ignored"),
    pytest.param("@media (max-width: 600px) {\n  .mobile { display: none }\n}\n",
                 (("mobile", "class-defined", 2),), id="inside media query"),
    pytest.param("a[href$='.pdf'] { }\ninput[type=\"x.y\"]::before { content: '.z {'; }\n", (),
                 id="attribute selectors and strings"),
    pytest.param("@keyframes spin { 0% { opacity: .5 } 50.5% { opacity: 1 } }\n", (), id="keyframes"),
])
def test_selectors(src, expected):
    assert tuple((r.name, r.kind, r.line) for r in facts(src).dom) == expected


def test_scss_nesting_and_line_comments():
    got = facts("""\
        // .line-comment { }
        .parent {
          color: #abc;
          &.is-active { font-weight: bold; }
          .child { background: url(http://example.com/a.png); }
        }
    """, "src/app.scss")
    assert got.language == "css"
    assert got.dom == (DomRef("parent", "class-defined", 2), DomRef("is-active", "class-defined", 4),
                       DomRef("child", "class-defined", 5))
    assert got.identifiers == ("child", "is-active", "parent")


def test_imports_are_stylesheets():
    got = facts("@import url(\"base.css\");\n@import 'vars', \"mixins\";\n.x { }\n", "src/app.scss")
    assert got.stylesheets == ("base.css", "vars", "mixins")


@pytest.mark.parametrize("src", [
    pytest.param("", id="empty"),
    pytest.param("{{{{" * 2000, id="unbalanced braces"),
    pytest.param(":root { --accent: #ff0; }\n", id="custom properties"),
])
def test_inputs_that_yield_nothing(src):
    got = analyze("x.css", src)
    assert (got.dom, got.stylesheets, got.diagnostics) == ((), (), ())
