from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers.model import Command, Diagnostic, FileFacts, Symbol
from analyzers.shell import analyze_package_json, analyze_script

START = dedent('''\
    #!/usr/bin/env bash
    set -euo pipefail
    # Start both servers
    start_server() {
      cd app/server
      uv run uvicorn server:app --reload --port 8000 &
    }
    start_server
    cd app/client && npm run dev -- --port=5173
    echo "open http://localhost:5173"
    sleep 2
    wait
''')


def test_start_script_commands():
    assert analyze_script("scripts/start.sh", START).commands == (
        Command("start_server() {", 4),
        Command("cd app/server", 5),
        Command("uv run uvicorn server:app --reload --port 8000 &", 6),
        Command("start_server", 8),
        Command("cd app/client && npm run dev -- --port=5173", 9),
    )


def test_start_script_ports_functions_and_words():
    got = analyze_script("scripts/start.sh", START)
    assert got.ports == (5173, 8000)
    assert got.symbols == (Symbol("start_server", "function", 4),)
    assert (got.language, got.lines, got.path) == ("shell", 13, "scripts/start.sh")
    assert {"uvicorn", "npm", "start_server", "reload"} <= set(got.identifiers)


@pytest.mark.parametrize(("line", "ports"), [
    pytest.param("uvicorn main:app --port 8001", (8001,), id="--port space"),
    pytest.param("vite --port=3000", (3000,), id="--port equals"),
    pytest.param("PORT=4000 node server.js", (4000,), id="env var"),
    pytest.param("curl http://localhost:8080/api", (8080,), id="localhost"),
    pytest.param("uvicorn app:app --host 0.0.0.0:9000", (9000,), id="all interfaces"),
    pytest.param("open http://127.0.0.1:5000", (5000,), id="loopback"),
    pytest.param('echo "port: 7000"', (7000,), id="port colon in echo"),
    pytest.param("x --port 80 --port 99999", (), id="out of range"),
    pytest.param("sleep 1234; exit 3000", (), id="numbers that are not ports"),
    pytest.param("a --port 8000\nb --port 8000", (8000,), id="deduplicated"),
    pytest.param("SERVER_PORT=${BACKEND_PORT:-8000}", (8000,), id="default of a variable"),
])
def test_ports(line, ports):
    assert analyze_script("scripts/run.sh", line + "\n").ports == ports


@pytest.mark.parametrize("src", [
    pytest.param("", id="empty"),
    pytest.param("#!/bin/sh\n# only comments\n\n", id="shebang and comments"),
    pytest.param("echo hi\nprintf x\nset -e\nwait\nsleep 1\nexit 0\n", id="skipped builtins"),
    pytest.param("fi\ndone\nthen\nelse\n;;\n}\n", id="closing keywords"),
])
def test_scripts_with_no_commands(src):
    got = analyze_script("scripts/x.sh", src)
    assert (got.commands, got.ports, got.symbols, got.diagnostics) == ((), (), (), ())


def test_long_command_is_truncated():
    got = analyze_script("scripts/x.sh", "npm run " + "a" * 500 + "\n")
    assert len(got.commands[0].text) == 200


def test_function_keyword_without_parentheses():
    got = analyze_script("scripts/x.sh", "function start_client {\n  npm run dev\n}\n")
    assert got.symbols == (Symbol("start_client", "function", 1),)


PACKAGE = dedent('''\
    {
      "name": "books-client",
      "scripts": {
        "dev": "vite",
        "build": "tsc && vite build",
        "test": "vitest run"
      },
      "dependencies": {"react": "^18", "axios": "1"},
      "devDependencies": {"vite": "5", "@types/react": "18"},
      "peerDependencies": {"react": "^18"}
    }
''')


def test_package_json_scripts_become_npm_run_commands():
    got = analyze_package_json("app/client/package.json", PACKAGE)
    assert got.commands == (
        Command("npm run build", 5, "tsc && vite build"),
        Command("npm run dev", 4, "vite"),
        Command("npm run test", 6, "vitest run"),
    )


def test_package_json_dependencies_and_name():
    got = analyze_package_json("app/client/package.json", PACKAGE)
    assert got.identifiers == ("@types/react", "axios", "react", "vite")
    assert (got.title, got.language, got.lines, got.diagnostics) == ("books-client", "json", 12, ())


@pytest.mark.parametrize("text", [
    pytest.param("{", id="truncated"),
    pytest.param("", id="empty"),
    pytest.param('{"scripts": {"a": "b",}}', id="trailing comma"),
    pytest.param("// comment\n{}", id="comment"),
])
def test_invalid_json_is_a_diagnostic(text):
    got = analyze_package_json("app/client/package.json", text)
    assert got == FileFacts("app/client/package.json", "json", text.count("\n") + 1, diagnostics=(
        Diagnostic("app/client/package.json", "invalid JSON (JSONDecodeError)"),))


def test_absurdly_nested_json_is_a_diagnostic():
    got = analyze_package_json("app/client/package.json", "[" * 100_000)
    assert got.diagnostics == (Diagnostic("app/client/package.json", "invalid JSON (RecursionError)"),)


@pytest.mark.parametrize("text", [
    pytest.param("[1, 2]", id="array"),
    pytest.param('"text"', id="string"),
    pytest.param("{}", id="empty object"),
    pytest.param('{"scripts": ["build"], "dependencies": ["react"]}', id="wrong shapes"),
    pytest.param('{"scripts": null, "devDependencies": 3}', id="null and number"),
])
def test_package_json_that_produces_nothing(text):
    got = analyze_package_json("app/client/package.json", text)
    assert (got.commands, got.identifiers, got.title, got.diagnostics) == ((), (), "", ())


def test_script_body_label_is_stringified_and_capped():
    got = analyze_package_json("package.json", '{"scripts": {"n": 5, "long": "' + "x" * 300 + '"}}')
    assert [(c.text, c.label[:5], len(c.label)) for c in got.commands] == [
        ("npm run long", "xxxxx", 200), ("npm run n", "5", 1)]
