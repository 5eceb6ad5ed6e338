"""Worker processes that die with their parent, and a pool that stops at once on a signal.

Two small pieces for any process pool of the engines:

- :func:`worker_setup`, called first in a worker's initializer: the worker ignores SIGINT (the
  parent decides what Ctrl-C means, so a terminal's Ctrl-C prints no traceback per worker) and,
  on Linux, asks the kernel to kill it when its parent dies, so that no worker outlives a
  ``kill -TERM`` or ``kill -KILL`` of the parent (and the resource tracker, which waits for the
  workers, ends too).
- :func:`stopping_children`, around the block that runs the pool in the parent: SIGTERM becomes
  ``SystemExit(143)`` there, and when the block is left by an exception (Ctrl-C, SIGTERM, an
  error) the pending tasks are cancelled and the worker processes terminated instead of waited
  for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager, suppress
from types import FrameType

SIGTERM_EXIT = 128 + signal.SIGTERM
"""Exit status after SIGTERM, as a shell reports a process ended by that signal."""

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def worker_setup(parent: int | None = None) -> None:
    """Make this worker process ignore SIGINT and die with its parent (Linux).

    ``parent`` is the parent's pid when known: if the parent is already gone when this runs,
    the worker exits at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


@contextmanager
def stopping_children(pool: Executor | None = None) -> Iterator[None]:
    """Run the block with SIGTERM raising ``SystemExit(143)``; on any exception out of it,
    cancel ``pool``'s pending work and terminate this process's worker processes."""
    previous = None
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        for child in multiprocessing.active_children():
            child.join(timeout=5)
        if pool is not None:
            # Wait for the pool's manager thread to see its workers gone and close its pipe:
            # otherwise it can close that pipe while the interpreter's exit hook writes to it
            # (a race in concurrent.futures that prints "Bad file descriptor" at exit).
            pool.shutdown(wait=True)
        raise
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(SIGTERM_EXIT)


__all__ = ["SIGTERM_EXIT", "stopping_children", "worker_setup"]
