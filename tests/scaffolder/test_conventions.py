"""Where the project's own conventions put a new file: tests beside or under the code they test."""
from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.conventions import client_test_path_for

PACKAGE = '{"name": "web", "scripts": {"test": "vitest run", "build": "vite build"}}\n'
TEST = 'import { it, expect } from "vitest";\nit("works", () => expect(1).toBe(1));\n'


def client_with(root: Path, files: tuple[str, ...]) -> str:
    (root / "app/client").mkdir(parents=True)
    (root / "app/client/package.json").write_text(PACKAGE)
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
    pytest.param(("app/client/src/Card.tsx", "app/client/e2e/checkout.spec.ts"),
                 "app/client/src/pages/Home.tsx", None, id="only-end-to-end-tests"),
])
def test_a_client_test_goes_where_the_clients_own_tests_sit(tmp_path: Path, files: tuple[str, ...], module: str,
                                                            expected: str | None) -> None:
    analysis = analyse("Add a panel", client_with(tmp_path, files), DEFAULT_SCOPE)
    assert client_test_path_for(analysis, module) == expected
