"""Where the project's own conventions put a new file: tests beside or under the code they test."""
from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.conventions import client_test_path_for

PACKAGE = '{"name": "web", "scripts": {"test": "%s", "build": "vite build"}}\n'
TEST = 'import { it, expect } from "vitest";\nit("works", () => expect(1).toBe(1));\n'


def client_with(root: Path, files: tuple[str, ...], test_script: str = "vitest run") -> str:
    (root / "app/client").mkdir(parents=True)
    (root / "app/client/package.json").write_text(PACKAGE % test_script)
    for path in files:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(TEST if ".test." in path or ".spec." in path else "export const x = 1;\n")
    return str(root)


@pytest.mark.parametrize(("files", "module", "expected"), [
    pytest.param(("app/client/src/app/chart.js", "app/client/src/app/__tests__/chart.test.js"),
                 "app/client/src/components/Panel.jsx", "app/client/src/components/__tests__/Panel.test.jsx",
                 id="tests-folder"),
    pytest.param(("app/client/src/Card.tsx", "app/client/src/Card.test.tsx"),
                 "app/client/src/pages/Home.tsx", "app/client/src/pages/Home.test.tsx", id="beside-the-module"),
    pytest.param(("app/client/src/app/app.component.ts", "app/client/src/app/app.component.spec.ts"),
                 "app/client/src/app/list/list.component.ts", "app/client/src/app/list/list.component.spec.ts",
                 id="angular-spec"),
])
def test_a_client_test_goes_where_the_clients_own_tests_sit(tmp_path: Path, files: tuple[str, ...], module: str,
                                                            expected: str | None) -> None:
    analysis = analyse("Add a panel", client_with(tmp_path, files), DEFAULT_SCOPE)
    assert client_test_path_for(analysis, module) == expected


@pytest.mark.parametrize(("test_script", "module", "expected"), [
    pytest.param("vitest", "app/client/src/pages/Home.tsx", "app/client/src/pages/Home.test.tsx", id="vitest"),
    pytest.param("react-scripts test", "app/client/src/components/Chart.jsx",
                 "app/client/src/components/Chart.test.jsx", id="create-react-app"),
    pytest.param("ng test", "app/client/src/app/list/list.component.ts",
                 "app/client/src/app/list/list.component.spec.ts", id="angular"),
    pytest.param("playwright test", "app/client/src/pages/Home.tsx", None, id="end-to-end-runner"),
    pytest.param("vitest", "app/client/src/app/list/list.component.html", None, id="markup-has-no-unit-test"),
])
def test_the_first_client_test_goes_beside_its_module_as_the_runner_names_tests(
        tmp_path: Path, test_script: str, module: str, expected: str | None) -> None:
    """No client test yet (an end-to-end spec is none): the `test` script's unit runner decides."""
    root = client_with(tmp_path, ("app/client/src/Card.tsx", "app/client/e2e/checkout.spec.ts"), test_script)
    assert client_test_path_for(analyse("Add a panel", root, DEFAULT_SCOPE), module) == expected
