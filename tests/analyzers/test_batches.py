"""Batches of files analysed in worker processes: results in the order handed over, whether a pool
ran them or this process did, and the last batches smaller so that the workers finish together."""
from __future__ import annotations

from textwrap import dedent

import pytest

from analyzers import batches as batches_module
from analyzers.batches import BATCH_SIZE, MIN_BATCH_SIZE, Batches, Item
from analyzers.model import FileFacts
from analyzers.scan import _analyze_item


def items(count: int) -> list[Item]:
    python = dedent('''\
        from core.mod_{n} import helper_{n}

        def handler_{n}(value: int) -> int:
            """Handle {n}."""
            return helper_{n}(value)
        ''')
    script = "import {{ api }} from './api';\nexport function load{n}() {{ return api('/items/{n}'); }}\n"
    return [(n, f"app/mod_{n}.py" if n % 2 else f"app/mod_{n}.ts", (python if n % 2 else script).format(n=n), False)
            for n in range(count)]


def numbers_and_names(batch: list[tuple[int, FileFacts]]) -> tuple[list[str], list[int]]:
    """A derive that shows what each batch held: each file's first symbol, and the batch's numbers."""
    return [facts.symbols[0].name for _, facts in batch], [number for number, _ in batch]


def analysed(work: list[Item], parallel: bool, last: bool) -> tuple[list[object], list[object]]:
    with Batches(_analyze_item, numbers_and_names, True, parallel) as batches:
        if last:
            batches.add_last(work)
        else:
            for item in work:
                batches.add(item)
        files, whole = batches.results()
    return [(facts, name, text) for facts, name, text in files], whole


@pytest.mark.parametrize("last", [False, True], ids=["added one by one", "added as the last items"])
def test_a_pool_gives_what_this_process_gives_in_the_order_added(last: bool) -> None:
    work = items(BATCH_SIZE * 2 + 5)
    (files, whole), (files_here, whole_here) = analysed(work, True, last), analysed(work, False, last)
    assert files == files_here  # batch boundaries may differ (the last ones shrink per worker)
    assert [facts.path for facts, _name, _text in files] == [path for _, path, _, _ in work]  # type: ignore[attr-defined]
    assert [n for numbers in whole for n in numbers] == list(range(len(work)))  # type: ignore[attr-defined]
    assert [n for numbers in whole_here for n in numbers] == list(range(len(work)))  # type: ignore[attr-defined]


def test_the_last_batches_shrink_and_cover_every_item() -> None:
    work = items(1000)
    _files, whole = analysed(work, False, True)
    sizes = [len(numbers) for numbers in whole]  # type: ignore[arg-type]
    assert sum(sizes) == 1000 and max(sizes) == BATCH_SIZE and sizes == sorted(sizes, reverse=True)
    assert min(sizes[:-1]) >= MIN_BATCH_SIZE and sizes[-1] <= sizes[-2]


def test_without_a_pool_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise OSError("no /dev/shm")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    work = items(40)
    assert analysed(work, True, True) == analysed(work, False, True)


def test_a_batch_whose_worker_died_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def result(self) -> object:
            raise RuntimeError("a child process terminated abruptly")

    class Pool:
        def __init__(self, **_kwargs: object) -> None: ...

        def submit(self, *_args: object) -> Broken:
            return Broken()

        def shutdown(self, **_kwargs: object) -> None: ...

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Pool)
    work = items(BATCH_SIZE + 3)
    assert analysed(work, True, False) == analysed(work, False, False)


def test_nothing_to_analyse_gives_nothing() -> None:
    with Batches(_analyze_item, None, False, True) as batches:
        assert batches.results() == ([], [])
        assert batches.pool is None


def test_workers_are_few_on_a_small_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert not batches_module.parallel_possible(10_000)
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert batches_module._workers() == 4 and not batches_module.parallel_possible(10)


@pytest.mark.parametrize("method, files, expected", [
    ("fork", 39, False), ("fork", 40, True),
    ("spawn", 40, False), ("spawn", 139, False), ("spawn", 140, True),
    ("forkserver", 100, False), ("forkserver", 140, True),
])
def test_a_pool_starts_sooner_when_workers_are_forked(monkeypatch: pytest.MonkeyPatch, method: str, files: int,
                                                       expected: bool) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(batches_module, "_start_method", lambda: method)
    assert batches_module.parallel_possible(files) is expected


def test_the_start_method_is_the_one_a_pool_would_use() -> None:
    import multiprocessing

    assert batches_module._start_method() == multiprocessing.get_context().get_start_method()
