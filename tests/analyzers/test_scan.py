from __future__ import annotations

import os
from textwrap import dedent

import pytest

from analyzers.scan import analyze_text, scan

SCOPE = ("app/server/**", "tools/**")


def write(root: str, path: str, text: str) -> None:
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as fh:
        fh.write(dedent(text))


def test_python_outside_the_server_folder_gets_lexical_facts_only(tmp_path: str) -> None:
    root = str(tmp_path)
    write(root, "app/server/server.py", '''\
        from fastapi import FastAPI
        app = FastAPI()
        @app.get("/api/items")
        def list_items(): ...
        ''')
    write(root, "tools/hook.py", '''\
        from fastapi import APIRouter
        router = APIRouter()
        @router.get("/hook")
        def receive_webhook(): ...
        ''')
    facts = scan(root, SCOPE, use_cache=False).by_path()
    assert [r.path for r in facts["app/server/server.py"].routes] == ["/api/items"]
    tool = facts["tools/hook.py"]
    assert tool.routes == () and tool.routers == ()
    assert "receive_webhook" in [s.name for s in tool.symbols]
    assert tool.imports[0].module == "fastapi"


def test_without_a_fastapi_app_every_python_file_is_parsed(tmp_path: str) -> None:
    root = str(tmp_path)
    write(root, "tools/hook.py", 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.get("/x")\ndef x(): ...\n')
    assert [r.path for r in scan(root, SCOPE, use_cache=False).by_path()["tools/hook.py"].routes] == ["/x"]


def test_cache_round_trip_gives_identical_facts(tmp_path: str) -> None:
    root = str(tmp_path)
    write(root, "app/server/server.py", 'from fastapi import FastAPI\napp = FastAPI()\n@app.post("/api/x")\ndef x(): ...\n')
    first = scan(root, SCOPE)
    assert os.path.isfile(os.path.join(root, ".scaffolder_cache", "facts.json"))
    assert open(os.path.join(root, ".scaffolder_cache", ".gitignore")).read() == "*\n"
    assert scan(root, SCOPE) == first


def test_cache_files_mixing_stored_and_fresh_entries_read_back(tmp_path: str) -> None:
    from analyzers.cache import read_json, write_entries

    folder = str(tmp_path)
    entries = {"k1": [1, "a"], "k2": b'[2,"b"]', "k3": b"{}", "k4": "\u00e9"}
    write_entries(folder, "x.json", {"format": "f", "version": "1"}, entries)
    assert read_json(os.path.join(folder, "x.json")) == {"format": "f", "version": "1",
                                                         "entries": {"k1": [1, "a"], "k2": [2, "b"], "k3": {},
                                                                     "k4": "\u00e9"}}
    write_entries(folder, "y.json", {"format": "f"}, {"k": b"1"})
    write_entries(folder, "z.json", {"format": "f"}, {})
    assert read_json(os.path.join(folder, "y.json")) == {"format": "f", "entries": {"k": 1}}
    assert read_json(os.path.join(folder, "z.json")) == {"format": "f", "entries": {}}
    assert sorted(os.listdir(folder)) == ["x.json", "y.json", "z.json"]  # no temporary file left


def test_files_handed_over_while_read_give_the_facts_of_a_plain_scan(tmp_path: str, monkeypatch) -> None:
    """A first run hands each file to the parsing workers as soon as it is read (Python files once
    all are read: whether one gets the light analysis depends on every file)."""
    from analyzers import scan as scan_module
    from analyzers.scan import EarlyStart, gather, inventory

    root = str(tmp_path)
    write(root, "app/server/server.py", 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/api/x")\ndef x(): ...\n')
    write(root, "app/server/core/items.py", "from core.db import get_db\n\ndef list_items(): ...\n")
    write(root, "tools/hook.py", 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.get("/hook")\ndef hook(): ...\n')
    for n in range(40):
        write(root, f"app/client/src/view_{n}.ts", f"export function render{n}() {{ return fetch('/api/x'); }}\n")
    with open(os.path.join(root, "app/client/src/logo.bin"), "wb") as fh:
        fh.write(b"\x00\x01binary")
    with open(os.path.join(root, "app/client/src/latin1.ts"), "wb") as fh:
        fh.write(b"const caf\xe9 = 1;\n")
    monkeypatch.setattr(scan_module, "parallel_possible", lambda files: True)  # a pool, however few files
    scope = ("app/server/**", "app/client/**", "tools/**")
    inv = inventory(root, scope, None, EarlyStart(None, False))
    assert len(inv.started) == 43 and inv.texts == {} and inv.batches is not None  # all read text handed over
    early = gather(inv, None)
    plain = gather(inventory(root, scope, None), None)
    assert early == plain
    assert early.by_path()["tools/hook.py"].routes == ()  # light: outside the server folder
    assert [d.path for d in early.diagnostics] == ["app/client/src/latin1.ts", "app/client/src/logo.bin"]


def test_python_beside_an_app_built_inside_a_package_gets_the_full_analysis(tmp_path: str) -> None:
    root = str(tmp_path)
    write(root, "app/server/src/__init__.py", "")
    write(root, "app/server/src/server/__init__.py", "from fastapi import FastAPI\n\nclass Server:\n"
                                                   "    def __init__(self):\n        self.app = FastAPI()\n")
    write(root, "app/server/src/api/__init__.py", "")
    write(root, "app/server/src/api/views.py", 'router = APIRouter()\n@router.post("/change-password")\ndef c(): ...\n')
    write(root, "tools/hook.py", 'router = APIRouter()\n@router.get("/hook")\ndef hook(): ...\n')
    facts = scan(root, ("app/server/**", "tools/**"), use_cache=False).by_path()
    assert [r.path for r in facts["app/server/src/api/views.py"].routes] == ["/change-password"]
    assert facts["tools/hook.py"].routes == ()  # light: outside the app's import root


@pytest.mark.parametrize(("path", "text", "generated"), [
    pytest.param("src/client/sdk.gen.ts", "// This file is auto-generated by @hey-api/openapi-ts\nexport {};\n", True,
                 id="openapi-ts header"),
    pytest.param("app/migrations/0002.py", "# Generated by Django 4.2 on 2024-01-01\nx = 1\n", True, id="django header"),
    pytest.param("src/api.ts", "/**\n * @generated\n */\nexport {};\n", True, id="block comment tag"),
    pytest.param("src/api.ts", "/* eslint-disable */\n// DO NOT EDIT\nexport {};\n", True, id="do not edit"),
    pytest.param("app/x.py", 'NOTE = "generated by hand"\n', False, id="words in code, not a comment"),
    pytest.param("app/x.py", "\n" * 6 + "# auto-generated\n", False, id="past the header"),
    pytest.param("README.md", "<!-- auto-generated -->\n# T\n", False, id="not code"),
])
def test_generated_files_are_known_by_their_header(path: str, text: str, generated: bool) -> None:
    assert analyze_text(path, text).generated is generated
