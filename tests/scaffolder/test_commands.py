from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.commands import client_commands, client_test_command, server_port, start_command

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


def client_with_scripts(root: Path, scripts: dict[str, str], readme: str = "# App\n") -> str:
    (root / "app/client").mkdir(parents=True)
    (root / "app/client/package.json").write_text(json.dumps({"name": "web", "scripts": scripts}))
    (root / "README.md").write_text(readme)
    return str(root)


@pytest.mark.parametrize(("test_script", "checks", "alone"), [
    pytest.param("vitest", "npm run test -- --run", "npm run test -- --run src/Card.test.jsx", id="vitest-watches"),
    pytest.param("vitest run", "npm run test", "npm run test -- src/Card.test.jsx", id="vitest-run"),
    pytest.param("react-scripts test", "npm run test -- --watchAll=false",
                 "npm run test -- --watchAll=false src/Card.test.jsx", id="create-react-app"),
    pytest.param("CI=true react-scripts test", "npm run test", "npm run test -- src/Card.test.jsx", id="ci-already"),
    pytest.param("ng test", "npm run test -- --watch=false", "npm run test -- --watch=false --include src/Card.test.jsx",
                 id="angular"),
    pytest.param("jest --coverage", "npm run test", "npm run test -- src/Card.test.jsx", id="jest"),
    pytest.param("playwright test", "npm run test", "npm run test", id="unknown-runner-runs-whole"),
])
def test_client_tests_run_once_and_one_file_runs_alone(tmp_path: Path, test_script: str, checks: str,
                                                       alone: str) -> None:
    analysis = analyse("Add a card", client_with_scripts(tmp_path, {"test": test_script}), DEFAULT_SCOPE)
    assert f"cd app/client && {checks}" in client_commands(analysis)
    assert client_test_command(analysis, "app/client/src/Card.test.jsx") == f"cd app/client && {alone}"


def test_a_watching_script_is_no_check_and_other_runners_take_arguments_without_a_separator(tmp_path: Path) -> None:
    scripts = {"test": "vitest", "build": "vite build --watch", "lint": "eslint src"}
    analysis = analyse("Add a card", client_with_scripts(tmp_path, scripts, "# App\n\n```sh\npnpm run dev\n```\n"),
                       DEFAULT_SCOPE)
    assert client_commands(analysis) == ["cd app/client && pnpm run lint", "cd app/client && pnpm run test --run"]
    (tmp_path / "app/client/package.json").write_text(json.dumps({"scripts": {"test": "vitest watch"}}))
    assert client_test_command(analyse("Add a card", str(tmp_path), DEFAULT_SCOPE)) is None
