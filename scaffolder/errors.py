"""Errors a user must act on. Each says where, what, and the fix; the CLI prints it in one line."""
from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class ScaffolderError(Exception):
    """Base class: the message is shown as is, and the exit code is 1."""

    exit_code = EXIT_FINDINGS


class UsageError(ScaffolderError):
    exit_code = EXIT_USAGE


class RepoError(ScaffolderError):
    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")


class TemplateError(ScaffolderError):
    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")


class SpecExistsError(ScaffolderError):
    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: spec already exists; edit it, or pass --force to regenerate it")


class FeatureTextError(UsageError):
    pass
