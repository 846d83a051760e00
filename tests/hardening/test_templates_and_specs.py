"""Templates (--template, the repo's command file, the repo's config) and specs given to `check`:
missing, empty, binary, without a plan format, with unclosed fences, or malformed Markdown."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hardening_kit import assert_complete_plan, assert_one_line_error, cli, copy_example, plan, write
from scaffolder.check import check_spec
from scaffolder.errors import ScaffolderError, TemplateError

FENCE = "`" * 3
GOOD_FORMAT = f"# Command\n\n## Plan Format\n\n{FENCE}md\n# Feature: <feature name>\n\n## Notes\n\n<notes>\n{FENCE}\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("templates") / "repo")


BAD_TEMPLATES = [
    pytest.param(None, "cannot read template", id="missing file"),
    pytest.param(b"", "no plan format found", id="empty"),
    pytest.param(b"   \n\n\t\n", "no plan format found", id="blank"),
    pytest.param(b"Just prose.\nNo format here.\n", "no plan format found", id="prose only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff", "no plan format found", id="binary"),
    pytest.param(f"## Plan Format\n\n{FENCE}md\n{FENCE}\n".encode(), "no headings", id="empty plan block"),
    pytest.param(b"# F\n" + b"x" * 1_100_000, "larger than 1 MB", id="over 1 MB"),
    pytest.param(b"#\n##\n# Feature: <name>\n", "no plan format found", id="bare hashes first"),
]


@pytest.mark.parametrize(("content", "message"), BAD_TEMPLATES)
def test_unusable_template_is_a_one_line_error(repo: Path, tmp_path: Path, content: bytes | None,
                                               message: str) -> None:
    template = tmp_path / "template.md"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(TemplateError, match=message) as caught:
        plan(repo, template=str(template))
    assert str(template) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(lambda t: t.mkdir(), "is a folder", id="a folder"),
    pytest.param(lambda t: (os.symlink(t.name + "2", t), os.symlink(t.name, str(t) + "2")),
                 "cannot read template", id="link loop"),
    pytest.param(lambda t: os.symlink("nowhere.md", t), "cannot read template", id="dangling link"),
])
def test_template_path_oddities_are_one_line_errors(repo: Path, tmp_path: Path, make, message: str) -> None:
    template = tmp_path / "template.md"
    make(template)
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", "--template", str(template), tmp=tmp_path)
    assert_one_line_error(done, 1, str(template), message)


@pytest.mark.parametrize("content", [
    pytest.param(f"## Plan Format\n\n{FENCE}md\n# Feature: <name>\n\n## Notes\n<notes>\n", id="unclosed plan fence"),
    pytest.param(f"## Plan Format\n\n{FENCE}md\n# Feature: <name>\n{FENCE}bash\nnever closed\n## Notes\n",
                 id="unclosed inner fence"),
    pytest.param("\ufeff# Feature: <name>\r\n\r\n## Notes\r\n\r\n<notes>\r\n", id="BOM and CRLF"),
    pytest.param("# Feature: caf\xe9 <name>\n\n## Notes\n".encode("latin-1").decode("latin-1"), id="Latin-1 bytes"),
    pytest.param("# Feature: {0} {x.y} {x[0]} {!r} { {{ }}\n\n## Notes {feature} %s %(x)s\n$ARGUMENTS\n",
                 id="format-string syntax"),
    pytest.param("# Feature: <name>\n" + "".join(f"## Section {i}\n\nbody {i}\n" for i in range(3000)),
                 id="3000 sections"),
    pytest.param("# \n## \n###   \n# Feature: <name>\n", id="empty headings"),
    pytest.param(f"## Plan Format\n{FENCE}md\n" * 3000, id="3000 unclosed fences"),
    pytest.param("# Feature: <name>\n\n## Notes\n" + "> " * 5000 + "deep\n", id="5000 nested quotes"),
])
def test_odd_but_usable_template_gives_a_plan(repo: Path, tmp_path: Path, content: str) -> None:
    template = tmp_path / "template.md"
    template.write_bytes(content.encode("utf-8") if "Latin-1" not in content else content.encode("latin-1"))
    started = time.monotonic()
    result = plan(repo, template=str(template))
    assert time.monotonic() - started < 20
    assert result.text.startswith("#") or result.text.startswith("\n")
    assert "\r" not in result.text and "\ufeff" not in result.text
    assert "Traceback" not in result.text


def test_latin1_template_is_read_with_replacement(repo: Path, tmp_path: Path) -> None:
    template = write(tmp_path, "t.md", "# Feature: café <feature name>\n\n## Notes\n\n<notes>\n".encode("latin-1"))
    result = plan(repo, template=str(template))
    assert result.text.startswith("# Feature: caf\ufffd")


def test_repo_command_file_without_a_format_falls_back_to_the_seed(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    write(repo, ".claude/commands/feature.md", b"\x00\xff not a template")
    result = plan(repo)
    assert result.template_source == "built-in seed plan format"
    assert_complete_plan(result.text)
    write(repo, ".claude/commands/feature.md", GOOD_FORMAT)
    assert plan(repo).template_source == ".claude/commands/feature.md"


@pytest.mark.parametrize("config", [
    pytest.param(b'out-dir = "../../escape"\n', id="out-dir escapes"),
    pytest.param(b'out-dir = "/tmp/abs"\n', id="out-dir absolute"),
    pytest.param(b'out-dir = "specs/../.."\n', id="out-dir climbs back"),
    pytest.param(b'server-root = "../.."\n', id="server-root escapes"),
    pytest.param(b'rule-packs = ["/etc"]\n', id="rule-packs absolute"),
    pytest.param(b"scope = 'app/**'\n", id="scope not a list"),
    pytest.param(b"bogus = 1\n", id="unknown key"),
    pytest.param(b"x = [[[[[[[[[[[[\n", id="invalid TOML"),
])
def test_hostile_repo_config_is_a_one_line_error(tmp_path: Path, config: bytes) -> None:
    repo = copy_example(tmp_path / "repo")
    write(repo, ".scaffolder.toml", config)
    with pytest.raises(ScaffolderError, match=r"\.scaffolder\.toml"):
        plan(repo)
    assert not (tmp_path / "escape").exists()


def test_config_cli_error_names_the_file(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    write(repo, ".scaffolder.toml", b'out-dir = "../../escape"\n')
    done = cli("plan", "Add CSV export", "--repo", str(repo), tmp=tmp_path)
    assert_one_line_error(done, 1, ".scaffolder.toml", "out-dir", "stay inside it")
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize("name", [".scaffolder.toml", "pyproject.toml"])
def test_config_that_is_not_utf8_is_a_one_line_error(tmp_path: Path, name: str) -> None:
    """Was exit 3 (config.py): UnicodeDecodeError escaped _read as an internal error."""
    repo = copy_example(tmp_path / "repo")
    write(repo, name, b"\xff\xfe[tool.scaffolder]\n")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", "--no-cache", tmp=tmp_path)
    assert_one_line_error(done, 1, name)


def test_scope_glob_that_would_backtrack_forever_is_fast(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    deep = repo / "app/server" / "/".join(["a"] * 40)
    deep.mkdir(parents=True)
    write(repo, ".scaffolder.toml", 'scope = ["' + "/".join(["**"] * 25) + '/x", "**/a/**/a/**/a/**/a/**/a/**/z", '
                                    '"app/**", "README.md"]\n')
    started = time.monotonic()
    assert_complete_plan(plan(repo).text)
    assert time.monotonic() - started < 10


# ----------------------------------------------------------------------------------------------
# `scaffolder check` on malformed specs


def findings(spec: Path, repo: Path) -> list[str]:
    return [str(f) for f in check_spec(str(spec), str(repo), None)]


@pytest.mark.parametrize(("content", "fragment"), [
    pytest.param(b"", "no headings", id="empty"),
    pytest.param(b"\x00\xff\xfe binary", "cannot read the spec", id="binary"),
    pytest.param("# Feature: café\n".encode("latin-1"), "cannot read the spec", id="Latin-1"),
    pytest.param(f"{FENCE}\n# Feature: x\n## Relevant Files\n".encode(), "no headings", id="everything in a fence"),
    pytest.param(f"# Feature: x\n{FENCE}python\nnever closed\n## Notes\n".encode(), "is missing", id="unclosed fence"),
    pytest.param(("> " * 50000 + "\n" + "- " * 50000 + "x\n" + "[" * 50000).encode(), "no headings",
                 id="deep nesting"),
    pytest.param(("## Step by Step Tasks\n" + "### x\n" * 20_000).encode(), "is missing", id="20,000 headings"),
    pytest.param(b"####### seven\n#no space\n  # indented\n", "no headings", id="not headings"),
    pytest.param("# Feature: x\n\n## Relevant Files\n\n- `a\x00b.py`\n- `" .encode() + b"a/" * 3000 + b"`\n",
                 "does not exist", id="NUL and 6,000-character paths"),
])
def test_malformed_spec_gives_findings_not_a_crash(repo: Path, tmp_path: Path, content: bytes,
                                                    fragment: str) -> None:
    spec = write(tmp_path, "spec.md", content)
    started = time.monotonic()
    found = findings(spec, repo)
    assert time.monotonic() - started < 10
    assert found and any(fragment in f for f in found), found[:5]
    assert all(f.startswith(f"{spec}:") and "\n" not in f for f in found)


@pytest.mark.parametrize(("make", "fragment"), [
    pytest.param(lambda s: None, "No such file", id="missing"),
    pytest.param(lambda s: s.mkdir(), "Is a directory", id="a folder"),
    pytest.param(lambda s: os.symlink("nowhere.md", s), "No such file", id="dangling link"),
])
def test_unreadable_spec_is_one_finding(repo: Path, tmp_path: Path, make, fragment: str) -> None:
    spec = tmp_path / "spec.md"
    make(spec)
    done = cli("check", str(spec), "--repo", str(repo), tmp=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.splitlines() == [f"{spec}:1: cannot read the spec ({fragment})"] or \
        fragment in done.stdout, done.stdout


def test_fresh_plan_survives_crlf_and_bom(repo: Path, tmp_path: Path) -> None:
    text = plan(repo).text
    spec = write(tmp_path, "spec.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert findings(spec, repo) == []


def test_check_with_a_missing_template_is_a_one_line_error(repo: Path, tmp_path: Path) -> None:
    spec = write(tmp_path, "spec.md", plan(repo).text)
    done = cli("check", str(spec), "--repo", str(repo), "--template", str(tmp_path / "nope.md"), tmp=tmp_path)
    assert_one_line_error(done, 1, "nope.md", "cannot read template")


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../../../../../etc/passwd"])
def test_check_flags_paths_outside_the_repo(repo: Path, tmp_path: Path, path: str) -> None:
    """Was a bug (check.py): a bullet naming a file outside the repository passed because it exists."""
    text = plan(repo).text.replace("## Relevant Files\n", f"## Relevant Files\n\n- `{path}` — sneaky\n", 1)
    spec = write(tmp_path, "spec.md", text)
    assert any(path in f for f in findings(spec, repo))


@pytest.mark.parametrize("target", ["nowhere", "README.md"])
def test_check_with_a_bad_repo_is_an_error(repo: Path, tmp_path: Path, target: str) -> None:
    """Was a false green (cli.py): a missing or file --repo globbed nothing and exited 0."""
    done = cli("check", "--repo", str(repo / target), tmp=tmp_path)
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
