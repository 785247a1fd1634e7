"""Both cores for one step: chunks of work run by forked processes that inherit the step's data.

The data a step's workers need (the public model, the list of files, the caches) is put into :data:`JOB` before
the pool forks, so nothing large is pickled on the way in; only each chunk's result comes back.  Where ``fork``
is not available, with one worker, or when the caller says the work is too small to be worth a process, the
chunks run in this process, one after another: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["JOB", "fork_map"]

JOB: dict[str, Any] = {}
"""What the workers of the running step read; empty between steps."""

C = TypeVar("C")
R = TypeVar("R")


def fork_map(fn: Callable[[C], R], chunks: Sequence[C], workers: int, worth_it: bool = True, **job: Any) -> list[R]:
    """``[fn(chunk) for chunk in chunks]``, on ``workers`` forked processes, with ``job`` in :data:`JOB`."""
    JOB.update(job)
    try:
        if workers > 1 and worth_it and "fork" in multiprocessing.get_all_start_methods():
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(fn, chunks))
        return [fn(chunk) for chunk in chunks]
    finally:
        JOB.clear()
