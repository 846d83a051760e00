"""Hardening suite: no test may open a network connection; the summary counts hostile cases."""
from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Iterator

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Hypothesis caches Unicode tables on disk; keep them out of the work tree.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "scaffolder-hypothesis"))

from hardening_kit import TALLY  # noqa: E402

_ATTEMPTS: list[str] = []


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every in-process run happens with sockets that refuse to connect and record the attempt."""
    def refuse(*args: object, **kwargs: object) -> None:
        _ATTEMPTS.append(repr(args)[:200])
        raise OSError("network access is forbidden in the hardening suite")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    before = len(_ATTEMPTS)
    yield
    assert _ATTEMPTS[before:] == [], f"network attempted: {_ATTEMPTS[before:]}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    here = os.path.relpath(os.path.dirname(os.path.abspath(__file__)), terminalreporter.config.rootpath)
    prefix = here.replace(os.sep, "/") + "/"
    cases = 0
    for key in ("passed", "xfailed", "failed"):
        for report in terminalreporter.stats.get(key, []):
            if getattr(report, "when", "call") == "call" and report.nodeid.startswith(prefix):
                cases += 1
    if cases:
        terminalreporter.write_line(
            f"hardening: {cases} hostile test cases run, plus {TALLY['examples']} hypothesis examples "
            f"inside the property tests = {cases + TALLY['examples']} hostile inputs tried")
