"""Source files that do not parse, or barely do: each is skipped or read in part, with one line saying why.

The table runs read → analyse in-process (`decode_source`, then `analyze_text`), as `scan` does
for every file. Inputs that crash the interpreter itself (libcst overflowing the C stack) run in
a subprocess, so that a segfault fails one test instead of the whole session.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analyzers.model import Diagnostic, FileFacts
from analyzers.scan import analyze_text
from analyzers.source import decode_source
from hardening_kit import ROOT, assert_complete_plan, copy_example, plan, write

CLEAN, PARTIAL, SKIPPED = "clean", "partial", "skipped"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
HIGH_BYTES = bytes(range(0x80, 0x100)) * 4  # no NUL, not UTF-8

HOSTILE = [
    # Syntax errors and unclosed constructs.
    pytest.param("app/server/broken.py", "def f(:\n    pass\n", PARTIAL, "syntax error", id="py syntax error"),
    pytest.param("app/server/indent.py", "def f():\nreturn 1\n", PARTIAL, "syntax error", id="py bad indentation"),
    pytest.param("app/server/open_str.py", 'x = "abc\n', PARTIAL, "syntax error", id="py unclosed string"),
    pytest.param("app/server/open_doc.py", 'x = """abc\n', PARTIAL, "syntax error", id="py unclosed triple quote"),
    pytest.param("app/server/open_paren.py", "x = foo(1, 2\n", PARTIAL, "syntax error", id="py unclosed paren"),
    pytest.param("app/client/src/a.ts", "function (", PARTIAL, "syntax error", id="ts syntax error"),
    pytest.param("app/client/src/tpl.ts", "const x = `abc ${y", PARTIAL, "syntax error", id="ts unclosed template"),
    pytest.param("app/client/src/tpl2.ts", "const x = `a${`b${`c", PARTIAL, "syntax error",
                 id="ts unclosed nested templates"),
    pytest.param("app/client/src/tpl3.ts", "fetch(`/api/${id", PARTIAL, "syntax error",
                 id="ts unclosed template in fetch"),
    pytest.param("app/client/src/jsx.tsx", "const x = <div><span>;", PARTIAL, "syntax error", id="tsx unclosed jsx"),
    pytest.param("app/client/src/re.js", "const r = /abc", PARTIAL, "syntax error", id="js unclosed regex"),
    pytest.param("app/client/package.json", '{"scripts": {"dev": ', PARTIAL, "invalid JSON", id="truncated package.json"),
    pytest.param("app/client/tsconfig.json", '{"compilerOptions": [', PARTIAL, "invalid JSON",
                 id="truncated tsconfig"),
    # NUL bytes and binary content under a source name.
    pytest.param("app/server/nul.py", b"x = 1\x00\n", SKIPPED, "binary content", id="py NUL byte"),
    pytest.param("app/client/src/nul.ts", b"const x\x00 = 1;", SKIPPED, "binary content", id="ts NUL byte"),
    pytest.param("scripts/nul.sh", b"echo hi\x00\n", SKIPPED, "binary content", id="sh NUL byte"),
    pytest.param("README.md", b"# T\x00\n", SKIPPED, "binary content", id="md NUL byte"),
    pytest.param("app/server/image.py", PNG, SKIPPED, "binary content", id="PNG named .py"),
    pytest.param("app/client/src/image.ts", PNG, SKIPPED, "binary content", id="PNG named .ts"),
    pytest.param("scripts/image.sh", PNG, SKIPPED, "binary content", id="PNG named .sh"),
    pytest.param("app/server/high.py", HIGH_BYTES, SKIPPED, "not UTF-8", id="high bytes without NUL"),
    pytest.param("app/server/utf16.py", "x = 1\n".encode("utf-16"), SKIPPED, "binary content", id="UTF-16 with BOM"),
    # Text in another encoding.
    pytest.param("app/server/latin.py", "# café\nx = 'déjà'\n".encode("latin-1"), SKIPPED, "not UTF-8",
                 id="py Latin-1"),
    pytest.param("app/client/src/latin.ts", "const s = 'naïve';".encode("latin-1"), SKIPPED, "not UTF-8",
                 id="ts Latin-1"),
    pytest.param("scripts/latin.sh", "echo 'façade'\n".encode("latin-1"), SKIPPED, "not UTF-8", id="sh Latin-1"),
    pytest.param("README.md", "“smart quotes”\n".encode("cp1252"), SKIPPED, "not UTF-8", id="md cp1252"),
    pytest.param("app/server/sjis.py", "x = '日本語'\n".encode("shift_jis"), SKIPPED, "not UTF-8", id="py Shift-JIS"),
    pytest.param("app/server/surrogate.py", b"x = '\xed\xa0\x80'\n", SKIPPED, "not UTF-8", id="py encoded surrogate"),
    pytest.param("app/server/overlong.py", b"x = '\xc0\xaf'\n", SKIPPED, "not UTF-8", id="py overlong UTF-8"),
    pytest.param("app/server/cut.py", "x = 'é'".encode()[:-2], SKIPPED, "not UTF-8", id="py truncated UTF-8"),
    # BOM and line endings (must be read, not skipped).
    pytest.param("app/server/bom.py", b"\xef\xbb\xbfdef f():\n    return 1\n", CLEAN, "", id="py UTF-8 BOM"),
    pytest.param("app/server/bom_only.py", b"\xef\xbb\xbf", CLEAN, "", id="py BOM only"),
    pytest.param("app/client/src/bom.ts", b"\xef\xbb\xbfexport const x = 1;\n", CLEAN, "", id="ts UTF-8 BOM"),
    pytest.param("app/client/package.json", b'\xef\xbb\xbf{"scripts": {"build": "vite build"}}', CLEAN, "",
                 id="package.json UTF-8 BOM"),
    pytest.param("app/server/crlf.py", b"import os\r\n\r\ndef f():\r\n    return 1\r\n", CLEAN, "", id="py CRLF"),
    pytest.param("app/server/cr.py", b"import os\r\rdef f():\r    return 1\r", CLEAN, "", id="py lone CR"),
    pytest.param("app/client/src/crlf.ts", b"export function f() {\r\n  return `a\r\nb`;\r\n}\r\n", CLEAN, "",
                 id="ts CRLF in template"),
    pytest.param("scripts/crlf.sh", b"#!/bin/sh\r\nuvicorn main:app --port 8000\r\n", CLEAN, "", id="sh CRLF"),
    pytest.param("app/server/ff.py", "x = 1\x0c\ny = 2\n", CLEAN, "", id="py form feed"),
    pytest.param("app/client/src/ls.ts", "const s = 'a\u2028b';\n", CLEAN, "", id="ts line separator in string"),
    # Nesting deep enough to exhaust recursion limits.
    pytest.param("app/server/deep.py", "x = " + "(" * 5000 + ")" * 5000 + "\n", PARTIAL, "nesting",
                 id="py 5000 nested parens"),
    pytest.param("app/server/deep_list.py", "x = " + "[" * 1000 + "]" * 1000 + "\n", PARTIAL, "nesting",
                 id="py 1000 nested lists"),
    pytest.param("app/server/deep_indent.py", "".join(" " * i + "if x:\n" for i in range(1000)) + " " * 1000 + "pass\n",
                 PARTIAL, "nesting", id="py 1000 indentation levels"),
    pytest.param("app/client/src/deep.ts", "const x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n", CLEAN, "",
                 id="ts 5000 nested parens"),
    pytest.param("app/client/src/deep_arr.ts", "const x = " + "[" * 50000 + "]" * 50000 + ";\n", CLEAN, "",
                 id="ts 50000 nested arrays"),
    pytest.param("app/client/src/deep_obj.ts", "const x = " + "{a:" * 20000 + "1" + "}" * 20000 + ";\n", CLEAN, "",
                 id="ts 20000 nested objects"),
    pytest.param("app/client/src/deep_tpl.ts", "const x = " + "`${" * 3000 + "`" * 3000, PARTIAL, "syntax error",
                 id="ts 3000 nested unclosed templates"),
    pytest.param("app/client/package.json", "[" * 100000 + "]" * 100000, PARTIAL, "invalid JSON",
                 id="package.json nested 100000 deep"),
    pytest.param("app/client/tsconfig.json", "[" * 100000, PARTIAL, "invalid JSON", id="tsconfig nested unclosed"),
    pytest.param("README.md", "> " * 10000 + "quote\n", CLEAN, "", id="md 10000 nested quotes"),
    pytest.param("README.md", "".join("  " * i + "- item\n" for i in range(1000)), CLEAN, "",
                 id="md 1000 nested lists"),
    pytest.param("app/client/index.html", "<div>" * 100000, CLEAN, "", id="html 100000 unclosed divs"),
    pytest.param("app/client/src/deep.css", "a{" * 100000, CLEAN, "", id="css 100000 unclosed blocks"),
    # Very long lines.
    pytest.param("app/server/long.py", "x = [" + "1, " * 20000 + "]\n", CLEAN, "", id="py 60 KB line"),
    pytest.param("app/server/long_str.py", "x = '" + "a" * 900_000 + "'\n", CLEAN, "", id="py 900 KB string"),
    pytest.param("app/client/src/long.ts", "const x = [" + "1, " * 60000 + "];\n", CLEAN, "", id="ts 180 KB line"),
    pytest.param("app/client/src/long_tpl.ts", "const x = `" + "a" * 900_000 + "`;\n", CLEAN, "",
                 id="ts 900 KB template"),
    pytest.param("scripts/long.sh", "echo " + "a" * 900_000 + "\n", CLEAN, "", id="sh 900 KB line"),
    pytest.param("README.md", "# T\n" + "word " * 150_000, CLEAN, "", id="md 750 KB paragraph"),
    # Empty and blank files.
    pytest.param("app/server/empty.py", b"", CLEAN, "", id="py empty"),
    pytest.param("app/server/blank.py", "\n\n  \n", CLEAN, "", id="py blank lines"),
    pytest.param("app/client/src/empty.ts", b"", CLEAN, "", id="ts empty"),
    pytest.param("app/client/src/empty.tsx", b"", CLEAN, "", id="tsx empty"),
    pytest.param("scripts/empty.sh", b"", CLEAN, "", id="sh empty"),
    pytest.param("README.md", b"", CLEAN, "", id="md empty"),
    pytest.param("app/client/index.html", b"", CLEAN, "", id="html empty"),
    pytest.param("app/client/src/empty.css", b"", CLEAN, "", id="css empty"),
    pytest.param("app/client/package.json", b"", PARTIAL, "invalid JSON", id="package.json empty"),
    pytest.param("app/client/package.json", b"[1, 2]", CLEAN, "", id="package.json not an object"),
    pytest.param("app/client/package.json", b'{"scripts": ["x"], "dependencies": 5}', CLEAN, "",
                 id="package.json wrong types"),
]


@pytest.mark.parametrize(("path", "data", "verdict", "fragment"), HOSTILE)
def test_hostile_source_is_read_or_skipped_with_one_line(path: str, data: str | bytes, verdict: str,
                                                         fragment: str) -> None:
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    source = decode_source(path, raw)
    if isinstance(source, Diagnostic):
        diagnostics = [source]
        assert verdict == SKIPPED, f"{path} was skipped: {source}"
    else:
        facts = analyze_text(path, source.text)
        assert isinstance(facts, FileFacts) and facts.path == path
        assert "\r" not in source.text and not source.text.startswith("\ufeff")
        diagnostics = list(facts.diagnostics)
        assert verdict != SKIPPED, f"{path} was read, expected a skip: {facts}"
    if verdict == CLEAN:
        assert diagnostics == []
        return
    assert len(diagnostics) == 1, diagnostics
    (only,) = diagnostics
    assert only.path == path
    assert fragment in only.message, only.message
    assert "\n" not in str(only) and len(str(only)) < 300


@pytest.mark.parametrize(("path", "data", "name", "line"), [
    pytest.param("app/server/bom.py", b"\xef\xbb\xbfdef export_rows():\n    return 1\n", "export_rows", 1, id="py BOM"),
    pytest.param("app/server/crlf.py", b"import os\r\n\r\ndef export_rows():\r\n    return 1\r\n", "export_rows", 3,
                 id="py CRLF"),
    pytest.param("app/server/cr.py", b"import os\r\rdef export_rows():\r    return 1\r", "export_rows", 3, id="py CR"),
    pytest.param("app/client/src/crlf.ts", b"// a\r\n// b\r\nexport function exportRows() {}\r\n", "exportRows", 3,
                 id="ts CRLF"),
    pytest.param("app/client/src/bom.ts", b"\xef\xbb\xbfexport function exportRows() {}\n", "exportRows", 1,
                 id="ts BOM"),
])
def test_bom_and_line_endings_keep_symbols_and_lines(path: str, data: bytes, name: str, line: int) -> None:
    source = decode_source(path, data)
    assert not isinstance(source, Diagnostic)
    symbols = {s.name: s.line for s in analyze_text(path, source.text).symbols}
    assert symbols.get(name) == line, symbols


def _analyze_in_child(tmp_path: Path, path: str, text: str, timeout: float) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "input.txt"
    source.write_text(text, encoding="utf-8")
    code = textwrap.dedent("""\
        import sys
        from analyzers.scan import analyze_text
        facts = analyze_text(sys.argv[1], open(sys.argv[2], encoding="utf-8").read())
        print("|".join(d.message for d in facts.diagnostics))
        """)
    return subprocess.run([sys.executable, "-c", code, path, str(source)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, preexec_fn=_no_core_dump)


def _no_core_dump() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash should fail fast, not write a core file


def test_child_harness_reports_what_it_skipped(tmp_path: Path) -> None:
    """Control for the subprocess tests below: a deep-but-guarded file gives exit 0 and its reason."""
    done = _analyze_in_child(tmp_path, "app/server/deep.py", "x = " + "(" * 5000 + ")" * 5000 + "\n", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "nesting deeper than" in done.stdout


MULTILINE_CHAIN = ()


@pytest.mark.parametrize("text", [
    pytest.param("x = " + " and ".join(["a"] * 10000) + "\n", id="10000-term and chain"),
    pytest.param("x = " + "not " * 20000 + "1\n", id="20000 chained not"),
    pytest.param("if a:\n pass\n" + "elif a:\n pass\n" * 10000, id="10000 elif branches"),
    pytest.param("x = a" + ".b" * 6000 + "\n", id="6000-member attribute chain"),
    pytest.param("x = (a" + "\nand a" * 10000 + ")\n", marks=MULTILINE_CHAIN, id="and chain over 10000 lines"),
    pytest.param("x = (" + "not\n" * 20000 + "1)\n", marks=MULTILINE_CHAIN, id="not chain over 20000 lines"),
    pytest.param("x = " + "lambda: " * 10000 + "1\n", marks=MULTILINE_CHAIN, id="10000 nested lambdas"),
])
def test_python_chains_do_not_crash_the_interpreter(tmp_path: Path, text: str) -> None:
    """libcst recurses along chains in native code: past a few thousand links it overflows the C stack."""
    done = _analyze_in_child(tmp_path, "app/server/chain.py", text, timeout=60)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-300:]}"
    assert done.stdout.strip(), "a file that is not analysed must say why"


@pytest.mark.parametrize("text", [
    pytest.param("x = a" + "[0]" * 5000 + "\n", id="one-line subscript chain"),
    pytest.param("x = (a" + "\n[0]" * 5000 + ")\n",
                 id="subscript chain over 5000 lines"),
])
def test_python_chain_is_analysed_in_bounded_time(tmp_path: Path, text: str) -> None:
    done = _analyze_in_child(tmp_path, "app/server/chain.py", text, timeout=2)
    assert done.returncode == 0


def test_typescript_member_chain_is_analysed_in_bounded_time(tmp_path: Path) -> None:
    """tree-sitter's QueryCursor turns quadratic past 65,536 open captures: 300 KB took ~35 s."""
    done = _analyze_in_child(tmp_path, "app/client/src/chain.ts", "const x = a" + ".b" * 100_000 + ";\n", timeout=3)
    assert done.returncode == 0


def test_typescript_near_limit_chains_are_checked_in_bounded_time(tmp_path: Path) -> None:
    done = _analyze_in_child(tmp_path, "app/client/src/chains.ts", ("x" + ".b" * 1999 + ";\n") * 100, timeout=2)
    assert done.returncode == 0


def test_repo_full_of_hostile_sources_still_plans(tmp_path: Path) -> None:
    """Every bad file is named once in the warnings and counted in Notes; the plan is complete."""
    repo = copy_example(tmp_path / "repo")
    bad = {
        "app/server/broken.py": "def f(:\n",
        "app/server/nul.py": b"x\x00",
        "app/server/latin.py": "x = 'é'\n".encode("latin-1"),
        "app/server/deep.py": "x = " + "(" * 3000 + ")" * 3000,
        "app/client/src/open.ts": "const u = `/api/${",
        "app/client/src/image.ts": PNG,
        "scripts/bin.sh": PNG,
        "app/client/package.json": "{",
    }
    for rel, data in bad.items():
        write(repo, rel, data)
    write(repo, "app/server/big.py", b"x = 1\n" * 200_000)  # 1.2 MB: over the size limit
    result = plan(repo)
    assert_complete_plan(result.text)
    named = [w for w in result.warnings if w.startswith(("skipped ", "read part of "))]
    partly_read = {"app/client/src/open.ts"}  # tree-sitter recovers: what parses is kept
    for rel in [*bad, "app/server/big.py"]:
        verb = "read part of" if rel in partly_read else "skipped"
        mine = [w for w in named if w.startswith(f"{verb} {rel}: ")]
        assert len(mine) == 1, (rel, named)
        assert "\n" not in mine[0]
    assert "larger than 1 MB" in next(w for w in named if "big.py" in w)
    assert f"{len(named) - len(partly_read)} file(s) could not be analysed and were left out" in result.text
    assert "1 file(s) did not fully parse and were read in part: app/client/src/open.ts: syntax error" in result.text
    # The good files are still used.
    assert "app/server/routers/books.py" in result.text


def test_cli_warns_once_per_skipped_file_and_exits_0(tmp_path: Path) -> None:
    from hardening_kit import cli

    repo = copy_example(tmp_path / "repo")
    write(repo, "app/server/broken.py", "def f(:\n")
    write(repo, "app/client/src/nul.ts", b"\x00\x01")
    done = cli("plan", "Add CSV export", "--repo", str(repo), "--stdout", "--no-cache", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert sum(line.startswith("scaffolder: skipped app/server/broken.py: ") for line in lines) == 1
    assert sum(line.startswith("scaffolder: skipped app/client/src/nul.ts: binary") for line in lines) == 1
    assert "Traceback" not in done.stderr
    assert "2 file(s) could not be analysed" in done.stdout
