"""Whether a path named by a file in the repository stays inside it, through links too."""
from __future__ import annotations

import os


def inside_repo(repo: str, path: str) -> bool:
    """`path` (relative to `repo`) resolves inside `repo`: a cloned repository could otherwise point
    a spec or a guide at any file on the machine through `..` or a link."""
    try:
        root = os.path.realpath(repo)
        target = os.path.realpath(os.path.join(root, path))
    except (ValueError, OSError):  # NUL bytes, names too long: not a path in the repository
        return False
    return not os.path.isabs(path) and (target == root or target.startswith(root + os.sep))
