"""Analysing a scan's files in batches, in worker processes when there are enough of them.

A batch is a run of files handed over together. Its results cross between processes together,
and the caller's `derive` sees the batch's facts together, so that work downstream of the facts
that belongs to a single file or a few (a file's lexical evidence, the batch's share of an index)
is done in the workers too and only its compact result comes back. Batches can be handed over
while the files are still being read (`Batches.add`), so the workers start parsing before the
main process has read the last file.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from analyzers.codec import facts_json
from analyzers.model import FileFacts

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# (number of the file in the scan, path, text, light): what a worker needs to analyse one file.
Item = tuple[int, str, str, bool]
# A file's facts, the value `derive` gave it (None without `derive`), its facts as JSON text (or None).
Analyzed = tuple[FileFacts, Any, bytes | None]
# `derive([(number, facts), ...])` → (one value per file, in order; one value for the batch).
Derive = Callable[[list[tuple[int, FileFacts]]], tuple[list[Any], Any]]
BatchResult = tuple[list[Analyzed], Any]

# Below this many files to parse, a process pool costs more to start than it saves. A forked worker
# starts with the parent's modules loaded; a spawned one (macOS, Windows, and Linux from Python 3.14,
# whose default is forkserver) first imports the parsers. Measured on 2 cores, plan run cold: a pool
# pays off from about 40 files when forked and from about 140 when spawned.
FORK_THRESHOLD = 40
SPAWN_THRESHOLD = 140
# Large batches cost less to hand over and to merge downstream (each is one part of every stem's
# postings in the index); the last ones are smaller (see `Batches.add_last`).
BATCH_SIZE = 128
MIN_BATCH_SIZE = 16


def _workers() -> int:
    return min(os.cpu_count() or 2, 4)


def parallel_possible(files: int) -> bool:
    if files < FORK_THRESHOLD or (os.cpu_count() or 1) < 2:
        return False
    return files >= SPAWN_THRESHOLD or _start_method() == "fork"


def _start_method() -> str:
    import multiprocessing

    return multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]


class Batches:
    """Items analysed a batch at a time, in the order added: in a process pool (started with the
    first full batch) when `parallel`, else here, as each batch fills. `analyze` and `derive`
    must be module-level functions (workers receive them by name). Use as a context manager, or
    call `close`: a pool left running would keep the run from ending."""

    def __init__(self, analyze: Callable[[Item], FileFacts], derive: Derive | None, as_json: bool,
                 parallel: bool) -> None:
        self.job = partial(_batch, analyze, derive, as_json)
        self.parallel = parallel
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[Item] = []
        self.handed: list[tuple[list[Item], _Outcome]] = []

    def add(self, item: Item) -> None:
        self.pending.append(item)
        if len(self.pending) == BATCH_SIZE:
            self._hand_over()

    def add_last(self, items: list[Item]) -> None:
        """Add the last items, in batches that shrink toward the end (to a quarter of what is left
        per worker), so that the workers run out of work at about the same time."""
        self.pending.extend(items)
        workers = _workers() if self.parallel else 1
        while self.pending:
            share = -(-len(self.pending) // (4 * workers))
            self._hand_over(max(MIN_BATCH_SIZE, min(BATCH_SIZE, share)))

    def results(self) -> tuple[list[Analyzed], list[Any]]:
        """Each item's facts, derived value and JSON text, in the order added, and each batch's
        derived value, in batch order; the pool is shut down."""
        while self.pending:
            self._hand_over()
        done = [self._result(batch, handed) for batch, handed in self.handed]
        self.handed = []  # the texts go: a large scan holds tens of megabytes of them
        self.close()
        return [one for files, _ in done for one in files], [value for _, value in done]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Batches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _hand_over(self, size: int = BATCH_SIZE) -> None:
        batch, self.pending = self.pending[:size], self.pending[size:]
        if self.parallel:
            try:
                if self.pool is None:
                    from concurrent.futures import ProcessPoolExecutor

                    self.pool = ProcessPoolExecutor(max_workers=_workers())
                self.handed.append((batch, self.pool.submit(self.job, batch)))
                return
            except (OSError, RuntimeError):  # no pool to be had (e.g. no /dev/shm): go on here
                self.parallel = False
        self.handed.append((batch, _Done(self.job(batch))))

    def _result(self, batch: list[Item], handed: _Outcome) -> BatchResult:
        try:
            return handed.result()
        except (OSError, RuntimeError):  # a broken pool (a worker died): do this batch here
            return self.job(batch)


class _Outcome(Protocol):
    def result(self) -> BatchResult: ...


class _Done:
    """A batch analysed here, answering as a pool's future does."""

    def __init__(self, value: BatchResult) -> None:
        self.value = value

    def result(self) -> BatchResult:
        return self.value


def _batch(analyze: Callable[[Item], FileFacts], derive: Derive | None, as_json: bool,
           batch: list[Item]) -> BatchResult:
    facts = [analyze(item) for item in batch]
    texts = [facts_json(f) for f in facts] if as_json else [None] * len(facts)
    if derive is None:
        return [(f, None, text) for f, text in zip(facts, texts)], None
    values, whole = derive([(item[0], f) for item, f in zip(batch, facts)])
    return list(zip(facts, values, texts)), whole
