"""Work done beside the main process: a cold run's index is encoded and written by a forked child
while the main process ranks the files, and waited for before the analysis returns.

A forked child shares the parent's memory as it was at the fork (copy on write), so the values it
writes cost nothing to hand over. Without `os.fork`, or while another thread runs (a fork copies
only the calling thread; a lock held by another would stay held in the child), the work is done
here and now instead. The child never returns into the caller's code: it leaves by `os._exit`,
running no exit handlers and flushing none of the parent's buffered output.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable


class Background:
    """A job started by `in_background`; `wait` returns once it is over (at once when it ran in
    the foreground). A job that fails is not an error: it only writes caches."""

    def __init__(self, pid: int | None = None, job: Callable[[], None] | None = None) -> None:
        # The job, and so what it writes, is let go only once the child is done: freed in the
        # parent meanwhile, its objects' pages would be copied (the fork shares them until then).
        self.pid, self.job = pid, job

    def wait(self) -> None:
        pid, self.pid, self.job = self.pid, None, None
        while pid is not None:
            try:
                os.waitpid(pid, 0)
            except InterruptedError:
                continue
            except ChildProcessError:  # reaped already (e.g. by the caller's SIGCHLD handler)
                pass
            return


def in_background(job: Callable[[], None]) -> Background:
    """Run `job` in a forked child when that is safe, else here; its errors are swallowed."""
    fork = getattr(os, "fork", None)
    if fork is None or threading.active_count() > 1:
        _quietly(job)
        return Background()
    try:
        pid = fork()
    except OSError:
        _quietly(job)
        return Background()
    if pid == 0:  # the child
        code = 1
        try:
            job()
            code = 0
        finally:
            os._exit(code)
    return Background(pid, job)


def _quietly(job: Callable[[], None]) -> None:
    try:
        job()
    except Exception:  # a cache that cannot be written is rebuilt next time, never a failed plan
        pass
