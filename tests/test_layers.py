"""Imports flow one way: scaffolder → rules → analyzers, never back."""
from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORBIDDEN = {"analyzers": ("rules", "scaffolder"), "rules": ("scaffolder",), "scaffolder": ()}


def imported_packages(path: str) -> set[str]:
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


MODULES = [pytest.param(package, os.path.join(ROOT, package, name), id=f"{package}/{name}")
           for package in sorted(FORBIDDEN)
           for name in sorted(os.listdir(os.path.join(ROOT, package))) if name.endswith(".py")]


@pytest.mark.parametrize("package, path", MODULES)
def test_no_import_goes_up_a_layer(package: str, path: str) -> None:
    assert imported_packages(path) & set(FORBIDDEN[package]) == set()
