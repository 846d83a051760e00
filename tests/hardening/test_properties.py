"""Property tests (hypothesis), bounded for CI: arbitrary feature texts give a complete, deterministic
plan or a clean error; arbitrary bytes as source files never crash the readers and analyzers; globs,
templates and specs built from arbitrary text never raise. Each example is counted in the tally."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import globs
from analyzers.cache import FactsCache
from analyzers.model import Diagnostic, FileFacts
from analyzers.scan import analyze_text
from analyzers.source import decode_source
from analyzers.walk import walk
from hardening_kit import assert_complete_plan, count_example, plan, write
from scaffolder.check import check_spec
from scaffolder.errors import FeatureTextError, TemplateError
from scaffolder.prose import first_line
from scaffolder.slug import MAX_SLUG, slugify
from scaffolder.template import parse_template

def bounded(examples: int) -> settings:
    """At most `examples` runs, no per-example deadline: CI time stays fixed whatever the machine.
    No example database: a failure prints its falsifying example, and the work tree stays clean."""
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
SAFE_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"

# Every code point hypothesis can make, lone surrogates included (they arrive from argv bytes).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
FEATURE_WORDS = st.sampled_from([
    "add", "export", "CSV", "delete", "note", "book", "chart", "stats", "upload", "search", "../", ".", "-", "\n",
    "\t", "`", "```", "<b>", "<!--", "$(id)", "{0}", "%s", "$ARGUMENTS", "CON", "😀", "日本", "\u202e", "\x00",
    "\r\n", "#", "##", "|", "*", "_", "\\", "'", '"', " ", "",
])
FEATURES = st.one_of(ANY_TEXT, st.lists(FEATURE_WORDS, max_size=30).map(" ".join),
                     st.lists(FEATURE_WORDS, max_size=30).map("".join))


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small full-stack app: fast enough for dozens of whole-pipeline runs."""
    repo = tmp_path_factory.mktemp("prop") / "repo"
    write(repo, "README.md", "# Notes App\n\nA notes app for teams.\n\n```bash\ncd app/server && uv run pytest\n```\n")
    write(repo, "app/server/server.py", (
        "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n\n"
        "class Note(BaseModel):\n    title: str\n\n\n@app.get('/api/notes')\ndef list_notes():\n    return []\n\n\n"
        "@app.post('/api/notes')\ndef add_note(note: Note):\n    return note\n"))
    write(repo, "app/server/tests/test_server.py", "from server import list_notes\n\ndef test_list():\n"
                                                   "    assert list_notes() == []\n")
    write(repo, "app/client/src/api.ts", "export async function listNotes() {\n  return fetch('/api/notes');\n}\n")
    write(repo, "app/client/src/main.ts", "import { listNotes } from './api';\n"
                                          "document.getElementById('notes-list');\nlistNotes();\n")
    write(repo, "app/client/index.html", '<div id="notes-list"></div><script type="module" src="/src/main.ts">'
                                         "</script>\n")
    write(repo, "scripts/start.sh", "#!/bin/sh\nuvicorn server:app --port 8000\n")
    return repo


@bounded(100)
@given(feature=FEATURES)
def test_any_feature_text_gives_a_complete_deterministic_plan_or_a_clean_error(small_repo: Path,
                                                                               feature: str) -> None:
    count_example()
    cleaned = feature.replace("\r\n", "\n").replace("\x00", "")
    try:
        first = plan(small_repo, feature)
    except FeatureTextError as exc:
        assert not cleaned.strip(), f"non-blank text refused: {feature!r}"
        assert "\n" not in str(exc)
        return
    assert cleaned.strip(), f"blank text accepted: {feature!r}"
    assert_complete_plan(first.text)
    assert first.slug == slugify(first_line(cleaned.strip()[:20_000]))
    again = plan(small_repo, feature)
    assert again.text == first.text and again.slug == first.slug
    data = json.loads(plan(small_repo, feature, output_format="json").text)
    assert data["slug"] == first.slug


@bounded(400)
@given(text=st.one_of(ANY_TEXT, FEATURES, st.text(max_size=2000)))
def test_slug_is_always_a_safe_bounded_file_name(text: str) -> None:
    import re

    count_example()
    slug = slugify(text)
    assert re.fullmatch(SAFE_SLUG, slug) and len(slug) <= MAX_SLUG
    assert slug not in {"con", "prn", "aux", "nul"} and not re.fullmatch(r"(com|lpt)\d", slug)
    assert slugify(slug) == slug
    assert os.path.basename(slug) == slug and os.path.normpath(slug) == slug


SOURCE_NAMES = ("app/server/m.py", "tools/light.py", "app/client/src/m.ts", "app/client/src/m.tsx",
                "app/client/src/m.js", "scripts/s.sh", "README.md", "app/client/index.html", "app/client/src/s.css",
                "app/client/package.json", "app/client/tsconfig.json", "app/server/other.txt")
SOURCE_PIECES = st.sampled_from([
    "def ", "class ", "async ", "import ", "from ", " import ", "@app.get(", "@router.post(", "'/api/x'", "(", ")",
    "[", "]", "{", "}", ":", "\n", "    ", "\t", "'", '"', '"""', "`", "${", "</", "<div>", "fetch(", "axios.get(",
    "export ", "function ", "=>", "const ", "=", ";", ",", ".", "\\", "#", "# ", "```", "- ", "> ", "1. ",
    "\r\n", "\r", "\ufeff", "\x00", "\u2028", "é", "😀", "not ", "lambda ", "if x:\n", "elif y:\n", "/*", "*/", "//",
    "APIRouter(prefix='/p')", "include_router(", "BaseModel", "<script>", "<style>", '{"scripts":', "@media",
])


@bounded(500)
@given(name=st.sampled_from(SOURCE_NAMES),
       data=st.one_of(st.binary(max_size=3000),
                      st.lists(SOURCE_PIECES, max_size=200).map(lambda parts: "".join(parts).encode("utf-8")),
                      ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_arbitrary_bytes_never_crash_the_readers_and_analyzers(name: str, data: bytes) -> None:
    from analyzers import python_light

    count_example()
    source = decode_source(name, data)
    if isinstance(source, Diagnostic):
        assert source.path == name and "\n" not in source.message
        return
    results = [analyze_text(name, source.text)]
    if name.endswith(".py"):
        results.append(python_light.analyze(name, source.text))
    for facts in results:
        assert isinstance(facts, FileFacts) and facts.path == name
        assert all(d.path == name and "\n" not in d.message for d in facts.diagnostics)


@bounded(40)
@given(files=st.dictionaries(st.sampled_from(SOURCE_NAMES), st.binary(max_size=400), max_size=6))
def test_a_repo_of_arbitrary_bytes_still_plans(files: dict[str, bytes]) -> None:
    count_example()
    with tempfile.TemporaryDirectory() as top:
        for rel, data in files.items():
            write(Path(top), rel, data)
        result = plan(Path(top))
        assert_complete_plan(result.text)
        assert all("\n" not in w for w in result.warnings)


NAME_CHARS = st.characters(codec="utf-8", exclude_characters="/\x00")


@bounded(40)
@given(names=st.lists(st.text(NAME_CHARS, min_size=1, max_size=40).filter(lambda n: n not in (".", "..")),
                      min_size=1, max_size=8, unique=True))
def test_arbitrary_file_names_never_crash_the_walk(names: list[str]) -> None:
    count_example()
    top = tempfile.mkdtemp()
    try:
        for name in names:
            try:
                write(Path(top), f"app/server/{name}.py", b"x = 1\n")
            except OSError:  # a name the file system refuses (too long in bytes)
                continue
        walked = walk(top)
        for item in walked.files:
            assert item.path.isprintable() or not any(c in item.path for c in "\n\r\t")
            item.path.encode("utf-8")
        for note in walked.diagnostics:
            note.path.encode("utf-8")
            assert "\n" not in str(note)
        plan(Path(top)).text.encode("utf-8")
    finally:
        shutil.rmtree(top)


GLOB_PIECES = st.sampled_from(["*", "**", "**/", "?", "[", "]", "[!", "[^", "-", "\\", "/", "a", "b", ".", "z"])


@bounded(400)
@given(pattern=st.lists(GLOB_PIECES, max_size=16).map("".join),
       path=st.text(st.sampled_from("ab/.z-]!\\\n"), max_size=24))
def test_globs_never_raise_and_both_matchers_agree(pattern: str, path: str) -> None:
    """The regex path and the automaton path of analyzers.globs must give the same answer."""
    count_example()
    compiled = globs.compile_glob(pattern)
    by_regex = globs.glob_regex(pattern).match(path) is not None
    assert globs._run(compiled.tokens, path) == by_regex
    assert compiled.match(path) == by_regex
    globs.GitIgnore("", pattern + "\n!" + pattern + "\n").ignored(path, False)


@bounded(150)
@given(text=st.one_of(ANY_TEXT, st.lists(st.sampled_from([
    "# ", "## ", "### ", "Plan Format", "```", "```md", "~~~", "<name>", "{x}", "$ARGUMENTS", "\n", "- `a/**`",
    "Relevant Files", ":", "text", "\r\n", "\t"]), max_size=60).map("".join)))
def test_arbitrary_template_text_parses_or_is_a_template_error(text: str) -> None:
    count_example()
    try:
        template = parse_template(text, "t.md")
    except TemplateError as exc:
        assert "\n" not in str(exc).replace("```md", "")
        return
    assert template.sections


@bounded(120)
@given(text=st.one_of(ANY_TEXT, st.lists(st.sampled_from([
    "# Feature: x\n", "## Relevant Files\n", "- `app/x.py`\n", "- `../../etc/passwd`\n", "### New Files\n",
    "## Step by Step Tasks\n", "### 1. do\n", "## Validation Commands\n", "`cmd`\n", "```\n", "<placeholder>\n",
    "\r\n", "\x00", "text\n"]), max_size=40).map("".join)))
def test_check_never_crashes_on_arbitrary_markdown(tmp_path: Path, text: str) -> None:
    count_example()
    spec = tmp_path / "spec.md"
    spec.write_bytes(text.encode("utf-8", "surrogatepass"))
    for finding in check_spec(str(spec), str(tmp_path), None):
        assert "\n" not in finding.message and finding.line >= 1


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=40)


@bounded(200)
@given(raw=JSON)
def test_cache_entries_of_any_json_shape_are_ignored_not_raised(raw: object) -> None:
    count_example()
    cache = FactsCache(None)
    cache.entries = {"key": raw}
    facts = cache.get("key")
    assert facts is None or isinstance(facts, FileFacts)
