"""Feature texts: blank ones are a clear usage error; every other text gives a complete plan whose
slug is a safe file name inside the output folder."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from hardening_kit import assert_complete_plan, assert_one_line_error, cli, copy_example, headings, plan, write
from scaffolder.errors import FeatureTextError
from scaffolder.prose import first_line
from scaffolder.slug import MAX_SLUG, slugify

SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy shared by the module: in-process plans read it and write nothing."""
    return copy_example(tmp_path_factory.mktemp("features") / "repo")


def assert_safe_slug(slug: str) -> None:
    assert SAFE_SLUG.fullmatch(slug), slug
    assert len(slug) <= MAX_SLUG
    assert slug.split("-")[0] not in WINDOWS_RESERVED or "-" in slug


@pytest.mark.parametrize("feature", [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\n\t\r\n  \t", id="newlines and tabs"),
    pytest.param("\x00\x00", id="NUL only"),
    pytest.param("\r\n\x00 \n", id="CRLF, NUL and space"),
    pytest.param("\u3000\u00a0\u2003", id="Unicode spaces"),
])
def test_blank_feature_text_is_a_usage_error(repo: Path, tmp_path: Path, feature: str) -> None:
    with pytest.raises(FeatureTextError, match="feature text is empty"):
        plan(repo, feature)
    if feature in ("", "   "):  # the CLI path once per kind of blank; argv cannot carry NUL anyway
        done = cli("plan", feature, "--repo", str(repo), "--stdout", tmp=tmp_path)
        assert_one_line_error(done, 2, "feature text is empty", "scaffolder plan")


FEATURES = [
    pytest.param("add export " * 5000, id="55,000 characters"),
    pytest.param("x" * 100_000, id="one 100,000-character word"),
    pytest.param("日本語でCSVを書き出す", id="Japanese"),
    pytest.param("Добавить экспорт книг в CSV", id="Cyrillic"),
    pytest.param("إضافة تصدير الكتب", id="Arabic"),
    pytest.param("添加导出功能", id="Chinese, no ASCII at all"),
    pytest.param("😀🎉 export 🚀 books 👨‍👩‍👧", id="emoji"),
    pytest.param("e\u0301xport bo\u0308oks", id="combining marks"),
    pytest.param("\u202eAdd export\u202c", id="bidi override"),
    pytest.param("Z̸̢͉a̵͖l̴g̷o̶ export", id="zalgo"),
    pytest.param("\udcff\udcfe export books", id="lone surrogates (argv bytes that were not UTF-8)"),
    pytest.param("Add\nexport\tCSV\r\nnow", id="newlines and tabs inside"),
    pytest.param("\n\n\tAdd export\n\n", id="leading and trailing blank lines"),
    pytest.param("Add export\n## Relevant Files\n- `evil.py`\n# Feature: injected", id="headings in the text"),
    pytest.param("$(touch PWNED); `touch PWNED` | rm -rf / && echo; > /tmp/x; <(id)", id="shell metacharacters"),
    pytest.param("'; DROP TABLE books; --", id="SQL"),
    pytest.param("{feature} {0} %s %(x)s $ARGUMENTS {{x}} { ${HOME}", id="format placeholders"),
    pytest.param("<b>bold</b> export & co", id="HTML tags"),
    pytest.param("[link](javascript:alert(1)) export", id="markdown link"),
    pytest.param("| a | b |\n|---|---|", id="markdown table"),
    pytest.param("../../etc/passwd", id="dot-dot path"),
    pytest.param("..\\..\\windows\\system32", id="backslash path"),
    pytest.param("/absolute/path/export", id="absolute path"),
    pytest.param("~/.ssh/authorized_keys", id="home path"),
    pytest.param(".", id="lone dot"),
    pytest.param("..", id="two dots"),
    pytest.param("-", id="lone dash"),
    pytest.param("___", id="underscores"),
    pytest.param("\u200b", id="zero-width space"),
    pytest.param("CON", id="CON"),
    pytest.param("nul", id="nul"),
    pytest.param("LPT9", id="LPT9"),
    pytest.param("aux.txt", id="aux.txt"),
    pytest.param("com1 ", id="com1 and a space"),
    pytest.param("\x1b[31mred\x1b[0m export", id="ANSI escapes"),
    pytest.param("Add export\x00 now", id="embedded NUL"),
]


@pytest.mark.parametrize("feature", FEATURES)
def test_any_other_feature_text_gives_a_complete_plan(repo: Path, feature: str) -> None:
    result = plan(repo, feature)
    assert_complete_plan(result.text)
    assert_safe_slug(result.slug)
    assert result.slug == slugify(first_line(feature.replace("\x00", "")))
    assert not (Path.cwd() / "PWNED").exists() and not (repo / "PWNED").exists()
    # Text from the feature never adds a heading of its own.
    assert [h for h in headings(result.text) if "injected" in h.lower() or h == "## Relevant Files"] == \
        ["## Relevant Files"]


@pytest.mark.parametrize("feature", [
    pytest.param("add export " * 5000, id="55,000 characters"),
    pytest.param("Add\nexport\tCSV", id="newline"),
    pytest.param("😀 export \udcff", id="emoji and a lone surrogate"),
])
def test_json_output_is_valid_for_odd_features(repo: Path, feature: str) -> None:
    data = json.loads(plan(repo, feature, output_format="json").text)
    assert data["slug"] == slugify(first_line(feature))
    assert [s["heading"] for s in data["sections"]][:2] == ["Feature: " + data["sections"][0]["heading"][9:],
                                                            "Feature Description"]
    assert data["feature"]


def test_feature_text_is_bounded(repo: Path) -> None:
    short = plan(repo, "add export " * 2000).text
    huge = plan(repo, "add export " * 200_000).text  # 2.2 MB of feature text
    assert len(huge) < 4 * len(short)


@pytest.mark.parametrize("feature", [
    pytest.param("../../../../escape", id="dot-dot"),
    pytest.param("/etc/cron.d/job", id="absolute"),
    pytest.param(".hidden", id="leading dot"),
    pytest.param(".", id="lone dot"),
    pytest.param("NUL", id="reserved"),
    pytest.param("日本語", id="no ASCII"),
    pytest.param("\udcff\udcfe export", id="bytes that were not UTF-8"),
])
def test_spec_is_written_inside_the_output_folder(tmp_path: Path, feature: str) -> None:
    """What `plan` does after the pipeline: spec_path + write_spec, with the slug of any feature."""
    from scaffolder.output import spec_path, write_spec

    repo = tmp_path / "repo"
    repo.mkdir()
    result = plan(repo, feature)
    path = spec_path(str(repo), "specs", result.slug, ".md")
    write_spec(path, result.text, force=False)
    written = Path(path)
    assert written.parent == repo / "specs" and not written.name.startswith(".")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [written.name]  # nothing else, no temp
    assert written.read_text(encoding="utf-8").startswith("# Feature: ")


@pytest.mark.parametrize("feature", [
    pytest.param("../../../../escape", id="dot-dot"),
    pytest.param("\udcff\udcfe export", id="bytes that were not UTF-8"),
])
def test_cli_writes_the_spec_inside_the_output_folder(tmp_path: Path, feature: str) -> None:
    """The second case was exit 3: the spec writer could not encode the lone surrogates."""
    repo = copy_example(tmp_path / "repo")
    done = cli("plan", feature, "--repo", str(repo), "--no-cache", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == repo / "specs"
    assert written.name == slugify(first_line(feature)) + ".md"
    assert sorted(p.name for p in (repo / "specs").iterdir()) == [written.name]  # no stray temporary file
    written.read_text(encoding="utf-8")


def test_feature_text_starting_with_a_dash(tmp_path: Path) -> None:
    """Click reads a leading dash as an option (a usage error); after `--` it is feature text."""
    repo = copy_example(tmp_path / "repo")
    done = cli("plan", "-rf", "--repo", str(repo), "--stdout", tmp=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = cli("plan", "--repo", str(repo), "--stdout", "--no-cache", "--", "--force", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Feature: --force")


def test_shell_metacharacters_are_never_run_by_the_cli(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    marker = tmp_path / "PWNED"
    feature = f"$(touch {marker}); `touch {marker}` | touch {marker} && touch {marker}"
    done = cli("plan", feature, "--repo", str(repo), "--no-cache", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert os.path.dirname(done.stdout.strip()) == str(repo / "specs")


@pytest.mark.parametrize("feature", [
    pytest.param("<script>alert(1)</script> Add export", id="script tag"),
    pytest.param("Add export <!--", id="unclosed HTML comment"),
    pytest.param("```\nexport", id="fence"),
])
def test_markup_in_the_feature_text_cannot_break_the_plan(tmp_path: Path, feature: str) -> None:
    """Was a bug (prose/render): the text went into the Markdown raw, so `<script>` stayed live, `<!--`
    hid the rest of the plan and a fence line made `check` see no sections."""
    from scaffolder.check import check_spec

    repo = copy_example(tmp_path / "repo")
    text = plan(repo, feature).text
    spec = write(tmp_path, "spec.md", text)
    assert [str(f) for f in check_spec(str(spec), str(repo), None)] == []
    outside_code = re.sub(r"`[^`\n]*`", "", text)
    assert "<script" not in outside_code and "<!--" not in outside_code
