"""Writing a spec: inside the output folder only, atomically, never over an existing file unless forced."""
from __future__ import annotations

import contextlib
import os
import tempfile

from scaffolder.errors import RepoError, SpecExistsError


def spec_path(repo: str, out_dir: str, slug: str, extension: str) -> str:
    """Where the spec goes. A relative output folder (the default `specs`, or one from the repo's
    config) must stay inside the repository even through links: a cloned repository could
    otherwise make `specs` a link to any folder on the machine. An absolute --out-dir is the
    user's own choice and is taken as given."""
    if os.path.isabs(out_dir):
        return os.path.join(out_dir, slug + extension)
    folder = os.path.join(repo, out_dir)
    real_repo, real_folder = os.path.realpath(repo), os.path.realpath(folder)
    if os.path.commonpath([real_repo, real_folder]) != real_repo:
        raise RepoError(folder, f"leads outside the repository (to {real_folder}); remove the link, "
                                "or pass --out-dir with an absolute folder to write there on purpose")
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
