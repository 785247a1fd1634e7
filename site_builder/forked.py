"""Both cores for one step: chunks of work run by forked processes that inherit the step's data.

The data a step's workers need (the public model, the list of files, the caches) is put into :data:`JOB` before
the pool forks, so nothing large is pickled on the way in; only each chunk's result comes back.  Where ``fork``
is not available, with one worker, or when the caller says the work is too small to be worth a process, the
chunks run in this process, one after another: the results are the same either way.

Before forking, the parent's objects are moved out of the garbage collector's reach (``gc.freeze``): a worker
would otherwise walk (and, by touching their reference counts, copy) the whole inherited model each time it
collects.  :func:`batch_gc` raises the collector's thresholds for a step that makes millions of long-lived
objects (loading, validating and rendering thousands of reports), where the default ones spend a third of the
time walking objects that are all still in use.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["JOB", "balanced", "batch_gc", "fork_map"]

JOB: dict[str, Any] = {}
"""What the workers of the running step read; empty between steps."""

C = TypeVar("C")
R = TypeVar("R")


def fork_map(fn: Callable[[C], R], chunks: Sequence[C], workers: int, worth_it: bool = True, **job: Any) -> list[R]:
    """``[fn(chunk) for chunk in chunks]``, on ``workers`` forked processes, with ``job`` in :data:`JOB`."""
    JOB.update(job)
    try:
        if workers > 1 and worth_it and "fork" in multiprocessing.get_all_start_methods():
            gc.freeze()
            try:
                with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                    return list(pool.map(fn, chunks))
            finally:
                gc.unfreeze()
        return [fn(chunk) for chunk in chunks]
    finally:
        JOB.clear()


def balanced(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Indices of ``sizes`` dealt to ``workers`` chunks, largest first to the least loaded: one big file (the
    whole dataset) must not leave the other worker idle."""
    chunks: list[list[int]] = [[] for _ in range(max(workers, 1))]
    loads = [0] * len(chunks)
    for number in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        least = loads.index(min(loads))
        chunks[least].append(number)
        loads[least] += sizes[number]
    return chunks


BATCH_THRESHOLDS = (100_000, 50, 100)
"""Collect the youngest objects every 100 000 allocations (default 700), the oldest a hundred times less often
than that (default: 10 × 10 young collections): long-lived data is only walked a few times per build."""


@contextmanager
def batch_gc() -> Iterator[None]:
    """The garbage collector's thresholds for a batch job of many long-lived objects, restored afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
