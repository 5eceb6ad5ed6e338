"""Work on the tokenizers alone, done in a process of its own while the corpus pass runs here.

With ``--jobs 1`` the pass leaves part of a second core idle: the tokenizers encode a batch on
every core, but counting it is Python on one. ``report`` has seconds of work that depend only on
the tokenizers (re-encoding every vocabulary entry, above all) or on a small sample of the
corpus; :class:`Beside` runs such work in a ``spawn``-ed process that loads the same tokenizers
again from their specs, so it shares no interpreter lock with the pass, and at a lower priority,
so it takes the idle time and the pass keeps its speed. An answer is used only when the process
loaded the very same files (same provenance, hashes included); when anything fails, the answer
is None and the caller does the work itself, so the output never depends on where it was done.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from tokscope.loading.sources import LoadedTokenizer, Provenance

T = TypeVar("T")

NICE = 10
"""How much lower the process beside runs than this one (Unix)."""


def spare_cores() -> bool:
    """Whether this process may run on more than one core (a process beside it can help)."""
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return cores > 1


SPARE_MEMORY = 2 << 30
"""The memory that must be available for a process beside to start: it holds a second copy of
the tokenizers (about 600 MB more at the peak for the three default ones)."""


def spare_memory(meminfo: Path = Path("/proc/meminfo")) -> bool:
    """Whether the system says at least :data:`SPARE_MEMORY` bytes are available (Linux's
    ``MemAvailable``; True where it cannot tell)."""
    try:
        text = meminfo.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return True
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == "MemAvailable":
            parts = value.split()
            if parts and parts[0].isdigit():
                return int(parts[0]) * 1024 >= SPARE_MEMORY
    return True


class Beside:
    """A process of its own that loads the tokenizers of ``specs`` and does the work it is
    asked for, in order; started at once (so it can load while this process loads the same
    tokenizers), ended by :meth:`stop`. Its answers are used once :meth:`expect` has said which
    tokenizers this process loaded, and only if they are the same."""

    def __init__(self, specs: Sequence[str]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._expected: tuple[Provenance, ...] | None = None
        self._conn, theirs = context.Pipe(duplex=True)
        self._process = context.Process(
            target=_serve,
            args=(theirs, os.getpid(), tuple(specs)),
            name="tokscope-beside",
            daemon=True,
        )
        self._process.start()
        theirs.close()  # the child holds the only other end: its exit ends the pipe
        self._asked = 0
        self._replies: list[tuple[Any, Any]] = []
        """(provenances, answer) as received, in the order asked."""
        self._broken = False

    def expect(self, tokenizers: Sequence[LoadedTokenizer]) -> None:
        """The tokenizers this process loaded from the same specs: answers from other files
        (changed in between) are not used."""
        self._expected = tuple(t.provenance for t in tokenizers)

    def ask(self, work: Callable[..., T], *args: Any) -> Callable[[], T | None]:
        """Have ``work(tokenizers, *args)`` done there (``work`` a module-level function,
        ``args`` picklable); the function returned waits for the answer, None when the process
        failed, died or loaded other files than this process (do the work here then).

        The answers to earlier requests are received first: only one request is ever under
        way, so neither side can block sending while the other is blocked sending too."""
        index = self._asked
        self._asked += 1
        if index:
            self._answer(index - 1)
        if not self._broken:
            try:
                self._conn.send((work, args))
            except (OSError, ValueError):
                self._broken = True
        return lambda: self._answer(index)

    def _answer(self, index: int) -> Any:
        while len(self._replies) <= index and not self._broken:
            try:
                reply = self._conn.recv()
            except (EOFError, OSError, ValueError):
                reply = None
            if not isinstance(reply, tuple) or len(reply) != 2:
                self._broken = True
                break
            self._replies.append(reply)
        if index >= len(self._replies):
            return None
        loaded, value = self._replies[index]
        return value if self._expected is not None and loaded == self._expected else None

    def stop(self) -> None:
        """End the process, at once if it is still working (safe to call twice)."""
        self._broken = True
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _lower_priority() -> None:
    """Run only on time the other processes leave idle where the system can (Linux's
    ``SCHED_IDLE``), else at :data:`NICE`."""
    idle = getattr(os, "SCHED_IDLE", None)
    if idle is not None:
        try:
            os.sched_setscheduler(0, idle, os.sched_param(0))
            return
        except OSError:
            pass
    if hasattr(os, "nice"):
        os.nice(NICE)


def _serve(conn: Connection, parent: int, specs: tuple[str, ...]) -> None:
    """The process beside: load, then answer each ``(work, args)`` with ``(provenances,
    work(tokenizers, *args))`` until the parent closes the pipe. Any failure ends the process
    without an answer: the parent sees the pipe close and does the work itself, where an error
    is reported as usual."""
    from tokscope.loading.sources import load_many
    from tokscope.stats.engine.signals import worker_setup

    worker_setup(parent)
    # tokenizers from the Hub are read from its cache only: this process does any download
    # (once, with its messages), and an answer from files not there yet is simply not given
    os.environ["HF_HUB_OFFLINE"] = "1"
    _lower_priority()
    try:
        tokenizers = load_many(specs)
        provenances: tuple[Provenance, ...] = tuple(t.provenance for t in tokenizers)
        while True:
            try:
                work, args = conn.recv()
            except EOFError:
                break
            conn.send((provenances, work(tokenizers, *args)))
    except Exception:  # the parent redoes the work, and reports any error itself
        pass
    finally:
        conn.close()


__all__ = ["NICE", "SPARE_MEMORY", "Beside", "spare_cores", "spare_memory"]
