from __future__ import annotations

import hashlib

import pytest

from analyzers.model import Diagnostic
from analyzers.source import Source, decode_source, read_source

PATH = "app/server/main.py"


@pytest.mark.parametrize(("data", "text"), [
    pytest.param(b"x = 1\n", "x = 1\n", id="plain"),
    pytest.param(b"", "", id="empty"),
    pytest.param(b"\xef\xbb\xbfx = 1\n", "x = 1\n", id="BOM stripped"),
    pytest.param(b"a\r\nb\r\n", "a\nb\n", id="CRLF"),
    pytest.param(b"a\rb\r", "a\nb\n", id="lone CR"),
    pytest.param(b"a\r\n\rb\n", "a\n\nb\n", id="mixed CRLF CR LF"),
    pytest.param(b"\r\n\r\n", "\n\n", id="CRLF only"),
    pytest.param(b"\xef\xbb\xbfa\r\nb", "a\nb", id="BOM and CRLF"),
    pytest.param("caf\u00e9 = '\u2713'\n".encode(), "caf\u00e9 = '\u2713'\n", id="UTF-8 multibyte"),
    pytest.param(b"\xef\xbb\xbf\xef\xbb\xbfx", "\ufeffx", id="only one BOM stripped"),
])
def test_decode_source_text(data, text):
    got = decode_source(PATH, data)
    assert isinstance(got, Source)
    assert (got.path, got.text) == (PATH, text)


def test_digest_is_sha256_of_bytes_without_bom():
    plain = decode_source(PATH, b"x = 1\n")
    with_bom = decode_source(PATH, b"\xef\xbb\xbfx = 1\n")
    crlf = decode_source(PATH, b"x = 1\r\n")
    assert plain.digest == with_bom.digest == hashlib.sha256(b"x = 1\n").hexdigest()
    assert crlf.digest == hashlib.sha256(b"x = 1\r\n").hexdigest() != plain.digest


@pytest.mark.parametrize("data", [
    pytest.param(b"\x00", id="single NUL"),
    pytest.param(b"PK\x03\x04\x00\x00binary", id="zip header"),
    pytest.param(b"\xff\xfex\x00=\x001\x00", id="UTF-16 LE"),
    pytest.param(b"\xef\xbb\xbfa\x00b", id="NUL after BOM"),
    pytest.param(b"a" * 8000 + b"\x00", id="NUL near the start of a long file"),
])
def test_nul_bytes_are_binary(data):
    assert decode_source(PATH, data) == Diagnostic(PATH, "binary content (NUL bytes)")


@pytest.mark.parametrize(("data", "byte"), [
    pytest.param(b"caf\xe9 = 1\n", 3, id="Latin-1 e acute"),
    pytest.param(b"# \xa9 2024\n", 2, id="Latin-1 copyright"),
    pytest.param(b"x = '\xe2\x9c'\n", 5, id="truncated UTF-8 sequence"),
    pytest.param(b"\xef\xbb\xbf\xff", 0, id="bad byte after BOM counts from after BOM"),
])
def test_not_utf8_names_file_and_byte(data, byte):
    got = decode_source("app/server/legacy.py", data)
    assert got == Diagnostic(
        "app/server/legacy.py", f"not UTF-8 text (byte {byte}); convert it to UTF-8 to include it")
    assert str(got).startswith("skipped app/server/legacy.py: not UTF-8 text")


def test_read_source_from_disk(tmp_path):
    target = tmp_path / "main.py"
    target.write_bytes(b"\xef\xbb\xbfimport os\r\nprint(os.sep)\r\n")
    got = read_source(str(target), PATH)
    assert isinstance(got, Source)
    assert (got.path, got.text) == (PATH, "import os\nprint(os.sep)\n")


@pytest.mark.parametrize(("make", "why"), [
    pytest.param(lambda p: None, "cannot read (No such file or directory)", id="missing"),
    pytest.param(lambda p: p.mkdir(), "cannot read (Is a directory)", id="directory"),
    pytest.param(lambda p: p.write_bytes(b"\xe9t\xe9"), "not UTF-8 text (byte 0); convert it to UTF-8 to "
                 "include it", id="Latin-1 on disk"),
    pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "binary content (NUL bytes)",
                 id="binary on disk"),
])
def test_read_source_diagnostics(tmp_path, make, why):
    target = tmp_path / "file.py"
    make(target)
    assert read_source(str(target), "app/server/file.py") == Diagnostic("app/server/file.py", why)
