"""Writing a spec: inside the output folder only, atomically, never over an existing file unless forced."""
from __future__ import annotations

import contextlib
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
    # A lone surrogate (a byte of the feature text that was not UTF-8) cannot be encoded: write "?".
    data = text.encode("utf-8", "replace")
    temp = None
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".scaffolder-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        if not force and os.path.lexists(path):
            raise SpecExistsError(path)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise RepoError(folder, f"cannot write the spec ({exc.strerror or exc}); check the folder's permissions") from None
    finally:
        if temp is not None:  # never leave a half-written temporary file behind
            with contextlib.suppress(OSError):
                os.unlink(temp)
