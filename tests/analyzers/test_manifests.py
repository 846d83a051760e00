from __future__ import annotations

from textwrap import dedent

from analyzers.manifests import analyze_pyproject, analyze_requirements
from analyzers.registry import analyzer_for

PYPROJECT = dedent("""\
    [project]
    name = "server"
    dependencies = ["fastapi[standard]>=0.110", "Pydantic_Settings ~= 2.0", "python-multipart"]

    [project.optional-dependencies]
    pdf = ["reportlab>=4"]

    [dependency-groups]
    dev = ["pytest>=8", {include-group = "lint"}]

    [tool.uv]
    dev-dependencies = ["ruff"]

    [tool.poetry.dependencies]
    python = "^3.11"
    httpx = "*"
    """)


def test_every_kind_of_python_dependency_table_is_read_with_names_normalized() -> None:
    got = analyze_pyproject("app/server/pyproject.toml", PYPROJECT)
    assert got.language == "toml" and got.title == "server"
    assert got.identifiers == ("fastapi", "httpx", "pydantic-settings", "pytest", "python-multipart", "reportlab", "ruff")


def test_broken_toml_is_a_diagnostic_not_a_crash() -> None:
    got = analyze_pyproject("pyproject.toml", "[project\nname = 1")
    assert got.identifiers == () and "invalid TOML" in got.diagnostics[0].message


def test_requirements_lines_give_their_names_and_skip_comments_and_options() -> None:
    text = "# pinned\n-r base.txt\nFlask==3.0  # web\nrequests[socks]>=2\n\n--hash=sha256:abc\n"
    assert analyze_requirements("requirements.txt", text).identifiers == ("flask", "requests")


def test_the_registry_sends_manifests_to_their_analyzer() -> None:
    assert analyzer_for("app/server/pyproject.toml") is analyze_pyproject
    assert analyzer_for("requirements.txt") is analyze_requirements
