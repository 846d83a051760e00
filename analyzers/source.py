"""Reading a file's bytes into analysable text: BOM, CRLF, binary and encoding checks."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from analyzers.model import Diagnostic


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    text: str
    digest: str


def read_source(abspath: str, path: str) -> Source | Diagnostic:
    """Read and decode one file, or say in one line why it was skipped."""
    data = read_bytes(abspath, path)
    return data if isinstance(data, Diagnostic) else decode_source(path, data)


def read_bytes(abspath: str, path: str) -> bytes | Diagnostic:
    """The file's bytes, or why they could not be read."""
    try:
        with open(abspath, "rb") as fh:
            return fh.read()
    except OSError as exc:
        return Diagnostic(path, f"cannot read ({exc.strerror or type(exc).__name__})")


def decode_source(path: str, data: bytes) -> Source | Diagnostic:
    if b"\0" in data[:8192]:
        return Diagnostic(path, "binary content (NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Diagnostic(path, f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 to include it")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, text, hashlib.sha256(data).hexdigest())
