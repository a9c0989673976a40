"""One pool of worker processes for a whole run (after black's ``concurrency.py``).

The pool is started once, at the first task, while the main process is still small
(before it holds every submission, the offer workbook and the recap), and is reused by
every stage that has per-OPD work: checking, rendering the pacts, the decks. So

* the workers are forked from a process of a few dozen MB, not from one holding the
  whole auction (at 1,000 OPDs a pool forked after the recap counted the parent's 2 GB
  again in every worker);
* interpreter state a worker builds (an imported module, a prepared renderer) serves
  every later task, and no stage pays for starting processes again.

A worker that dies takes the pool with it: :meth:`Workers.reset` drops the broken pool
and the next task starts a fresh one; the caller turns the lost task into that file's
finding (see ``checking/checker.py``), never into a crashed batch.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # concurrent.futures.process (multiprocessing) is imported when a pool starts
    from concurrent.futures import Executor, ProcessPoolExecutor


def default_jobs() -> int:
    """One worker per core, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


class Workers:
    """A lazily started process pool of ``jobs`` workers; ``None`` from :meth:`pool`
    when the run is serial (one job) or processes cannot be started here."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, int(jobs))
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False

    def pool(self) -> Executor | None:
        if self.jobs <= 1 or self._failed:
            return None
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            try:
                self._pool = ProcessPoolExecutor(max_workers=self.jobs)
            except (OSError, RuntimeError, ValueError):  # no processes here (a sandbox, a limit)
                self._failed = True
                return None
        return self._pool

    def reset(self) -> None:
        """Forget a broken pool (a worker died); the next :meth:`pool` starts a new one."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def borrowed(workers: Workers | None, jobs: int) -> Iterator[Workers]:
    """The run's pool when a stage is given one; else a pool of the stage's own, closed
    when the stage is done (a stage called on its own, e.g. ``lelang check``)."""
    if workers is not None:
        yield workers
        return
    with Workers(jobs) as own:
        yield own
