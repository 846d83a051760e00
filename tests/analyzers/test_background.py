"""A cold run's index is written by a forked child while the plan is made: the job's effects are
there once `wait` returns, its failure is nobody's error, and without a safe fork it runs here."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from analyzers.background import Background, in_background


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_the_job_is_done_once_wait_returns(tmp_path: Path) -> None:
    target = tmp_path / "index.jsonl"
    job = in_background(lambda: write(target, "written by " + str(os.getpid())))
    job.wait()
    assert target.read_text(encoding="utf-8").startswith("written by ")
    job.wait()  # a second wait is harmless


def test_a_failing_job_is_no_error(tmp_path: Path) -> None:
    def fail() -> None:
        raise OSError("disk full")

    in_background(fail).wait()
    in_background(lambda: write(tmp_path / "missing" / "x", "")).wait()


def test_with_another_thread_running_the_job_runs_here(tmp_path: Path) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        pids: list[int] = []
        handle = in_background(lambda: pids.append(os.getpid()))
        assert pids == [os.getpid()] and handle.pid is None  # no fork: done before returning
    finally:
        release.set()
        other.join()


def test_without_fork_the_job_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    pids: list[int] = []
    assert in_background(lambda: pids.append(os.getpid())).pid is None
    assert pids == [os.getpid()]


def test_the_job_is_kept_until_the_child_is_done() -> None:
    job = in_background(lambda: None)
    assert job.job is not None or job.pid is None
    job.wait()
    assert job.job is None and job.pid is None
    assert Background().pid is None
