"""Facts about one HTML page, read with the stdlib `html.parser`: ids, classes, assets, text."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from analyzers.lexicon import keep_string
from analyzers.model import Diagnostic, DomRef, FileFacts

_SPACES = re.compile(r"\s+")
_TEXT_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt", "label")
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_MAX_STRINGS = 500


def analyze(path: str, text: str) -> FileFacts:
    """Facts of one page; never raises (a page the parser rejects becomes a diagnostic)."""
    lines = text.count("\n") + 1
    try:
        reader = _PageReader()
        reader.feed(text)
        reader.close()
    except Exception as exc:
        why = Diagnostic(path, f"could not parse: {type(exc).__name__}")
        return FileFacts(path, "html", lines, diagnostics=(why,))
    return FileFacts(
        path, "html", lines,
        dom=tuple(dict.fromkeys(reader.dom)),
        scripts=tuple(dict.fromkeys(reader.scripts)),
        stylesheets=tuple(dict.fromkeys(reader.stylesheets)),
        identifiers=tuple(sorted({ref.name for ref in reader.dom})),
        strings=tuple(sorted(s for s in reader.strings if keep_string(s)))[:_MAX_STRINGS],
        title=reader.title,
    )


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dom: list[DomRef] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.strings: set[str] = set()
        self.title = ""
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        at = self.getpos()[0]
        self._dom(values, at)
        self._assets(tag, values)
        self.strings.update(_clean(values[a]) for a in _TEXT_ATTRIBUTES if a in values)
        if tag == "input" and values.get("type", "").lower() in ("submit", "button", "reset"):
            self.strings.add(_clean(values.get("value", "")))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if any(tag in _HIDDEN for tag in self.open):
            return
        cleaned = _clean(data)
        if self.open and self.open[-1] == "title":
            self.title = (self.title + " " + cleaned).strip()
        if cleaned:
            self.strings.add(cleaned)

    def _dom(self, values: dict[str, str], at: int) -> None:
        if values.get("id", "").strip():
            self.dom.append(DomRef(values["id"].strip(), "id-defined", at))
        for name in values.get("class", "").split():
            self.dom.append(DomRef(name, "class-defined", at))

    def _assets(self, tag: str, values: dict[str, str]) -> None:
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            self.stylesheets.append(values["href"])


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value).strip()
