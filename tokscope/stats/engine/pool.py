"""A process pool that survives a killed worker: the engine's batches run again in a fresh one."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from tokscope.errors import TokscopeError

RESTARTS = 3
"""How many times one run replaces a broken pool before it gives up."""

T = TypeVar("T")


class RenewedPool(Executor):
    """A pool of worker processes that is replaced by a fresh one when it breaks (a worker
    killed, by the out-of-memory killer for example), at most :data:`RESTARTS` times."""

    def __init__(
        self, jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
    ) -> None:
        self.jobs = jobs
        self.initializer = initializer
        self.initargs = initargs
        self.restarts = 0
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=self.initializer,
            initargs=self.initargs,
        )

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Submit to the current pool."""
        return self.pool.submit(fn, *args, **kwargs)

    def renew(self) -> None:
        """Replace the broken pool by a fresh one; too many breaks are an error."""
        self.restarts += 1
        if self.restarts > RESTARTS:
            raise TokscopeError(
                f"worker processes were killed {self.restarts} times (by the out-of-memory "
                "killer?): use fewer --jobs or a smaller --max-bytes"
            )
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def call(self, fn: Callable[..., T], /, *args: Any) -> T:
        """``fn(*args)`` in a worker, in a fresh pool if the current one breaks."""
        while True:
            try:
                return self.submit(fn, *args).result()
            except BrokenProcessPool:
                self.renew()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the current pool down."""
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


__all__ = ["RESTARTS", "RenewedPool"]
