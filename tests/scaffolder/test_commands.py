from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.commands import server_port, start_command

SERVER = 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/api/items")\ndef items(): ...\n'


def app_with_scripts(root: Path, scripts: tuple[str, ...]) -> str:
    (root / "app/server").mkdir(parents=True)
    (root / "app/server/server.py").write_text(SERVER)
    for script in scripts:
        (root / script).parent.mkdir(parents=True, exist_ok=True)
        (root / script).write_text("#!/bin/sh\necho run\n")
    return str(root)


@pytest.mark.parametrize(("scripts", "expected"), [
    pytest.param(("scripts/scripts/start.sh", "scripts/start.sh"), "./scripts/start.sh", id="shallowest-copy"),
    pytest.param(("scripts/start_server.sh", "scripts/start.sh"), "./scripts/start.sh", id="bare-start-first"),
    pytest.param(("scripts/restart.sh", "scripts/device_setup.sh", "scripts/run-dev.sh"), "./scripts/run-dev.sh",
                 id="whole-words-only"),
    pytest.param(("scripts/stop_apps.sh", "scripts/reset_db.sh"), None, id="none"),
])
def test_start_command_is_the_shallowest_script_named_start_or_dev(tmp_path: Path, scripts: tuple[str, ...],
                                                                   expected: str | None) -> None:
    root = app_with_scripts(tmp_path, scripts)
    assert start_command(analyse("Add a button", root, DEFAULT_SCOPE)) == expected


def test_the_server_port_is_the_one_the_start_script_names(tmp_path: Path) -> None:
    root = app_with_scripts(tmp_path, ("scripts/start.sh", "scripts/setup_env.sh", "scripts/webhook.sh"))
    (tmp_path / "scripts/start.sh").write_text("#!/bin/sh\nSERVER_PORT=${BACKEND_PORT:-8000}\nCLIENT_PORT=5173\n")
    (tmp_path / "scripts/setup_env.sh").write_text("#!/bin/sh\necho API_URL=http://localhost:5000/api > .env\n")
    (tmp_path / "scripts/webhook.sh").write_text("#!/bin/sh\nuvicorn webhook:app --port 8001\n")
    assert server_port(analyse("Add a button", root, DEFAULT_SCOPE)) == 8000
    # Without a port in the start script, one any file names.
    (tmp_path / "scripts/start.sh").write_text("#!/bin/sh\ncd app/server && uv run server.py\n")
    assert server_port(analyse("Add a button", root, DEFAULT_SCOPE)) == 5000
