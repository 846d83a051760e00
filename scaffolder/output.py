"""Writing a spec: inside the output folder only, atomically, never over an existing file unless forced."""
from __future__ import annotations

import os
import tempfile

from scaffolder.errors import RepoError, SpecExistsError


def spec_path(repo: str, out_dir: str, slug: str, extension: str) -> str:
    folder = out_dir if os.path.isabs(out_dir) else os.path.join(repo, out_dir)
    return os.path.join(folder, slug + extension)


def write_spec(path: str, text: str, force: bool) -> None:
    folder = os.path.dirname(path)
    if os.path.lexists(path) and not force:
        raise SpecExistsError(path)
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".scaffolder-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if not force and os.path.lexists(path):
            os.unlink(temp)
            raise SpecExistsError(path)
        os.replace(temp, path)
    except OSError as exc:
        raise RepoError(folder, f"cannot write the spec ({exc.strerror or exc}); check the folder's permissions") from None
