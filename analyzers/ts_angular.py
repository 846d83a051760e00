"""Angular components: `@Component({templateUrl, styleUrl(s)})` classes and the files they load."""
from __future__ import annotations

import re

from analyzers.model import Symbol

_COMPONENT = re.compile(r"@Component\s*\(\s*\{(?P<body>.*?)\}\s*\)\s*(?:export\s+)?(?:default\s+)?class\s+(?P<name>\w+)",
                        re.S)
_TEMPLATE = re.compile(r"templateUrl\s*:\s*['\"]([^'\"]+)['\"]")
_STYLES = re.compile(r"styleUrls?\s*:\s*(\[[^\]]*\]|['\"][^'\"]+['\"])")
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def angular_components(text: str) -> tuple[tuple[Symbol, ...], tuple[str, ...]]:
    """(component symbols, template and style files they load), in source order."""
    if "@Component" not in text:
        return (), ()
    symbols = []
    loads: list[str] = []
    for match in _COMPONENT.finditer(text):
        body = match.group("body")
        symbols.append(Symbol(match.group("name"), "component", text.count("\n", 0, match.start("name")) + 1))
        loads += _TEMPLATE.findall(body)
        for styles in _STYLES.findall(body):
            loads += _QUOTED.findall(styles)
    return tuple(symbols), tuple(dict.fromkeys(loads))
