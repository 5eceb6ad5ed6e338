"""Connecting to Dask: the modules (with a one-line error when missing), a quiet local cluster,
and a client on a scheduler or on a new local cluster."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tokscope.errors import TokscopeError

INSTALL = "pip install 'tokscope[dask]'"
"""How to install what ``--engine dask`` needs."""


def dask_modules() -> tuple[Any, Any]:
    """``dask`` and ``distributed``, or a one-line error saying how to install them."""
    try:
        import dask
        import distributed
    except ImportError:
        raise TokscopeError(f"--engine dask needs dask and pyarrow: {INSTALL}") from None
    return dask, distributed


def local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded processes, quiet, without dashboard."""
    import logging

    _, distributed = dask_modules()
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,  # task errors reach the client, which reports them
    )


def connect(scheduler: str | None, workers: int) -> Any:
    """A context manager giving a ``Client``: on ``scheduler``, or on a new local cluster (closed
    on exit)."""
    from contextlib import ExitStack, contextmanager

    _, distributed = dask_modules()

    @contextmanager
    def managed() -> Iterator[Any]:
        with ExitStack() as stack:
            if scheduler is None:
                cluster = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(distributed.Client(cluster))
            else:
                try:
                    client = distributed.Client(scheduler, timeout="10s")
                except (OSError, TimeoutError) as exc:
                    raise TokscopeError(
                        f"cannot reach the Dask scheduler at {scheduler} ({exc}): check the "
                        "address (tcp://HOST:8786) and that the scheduler is running"
                    ) from None
                stack.enter_context(client)
            yield client

    return managed()


__all__ = ["INSTALL", "connect", "dask_modules", "local_cluster"]
