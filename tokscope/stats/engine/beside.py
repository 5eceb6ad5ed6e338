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
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from tokscope.loading.sources import LoadedTokenizer, Provenance

T = TypeVar("T")

NAME = "tokscope-beside"
"""The process's name (in ``multiprocessing.active_children()``)."""

NICE = 10
"""How much lower the process beside runs than this one (Unix, where ``SCHED_IDLE`` is not
there)."""

WATCH = 0.5
"""Seconds between two looks at the process beside while this process waits for it."""

STARVED_WINDOWS = 2
"""Windows of :data:`WATCH` seconds in a row in which the process beside starved (see
:class:`Starving`) after which this process stops waiting and does the work itself."""

STARVED_SHARE = 0.02
"""A process that ran for less than this share of a window, while its threads waited to run
for more than half of it, starved in that window (``SCHED_IDLE`` beside programs that load
every core gets about 0.3%; any normal share is far above)."""


class Beside:
    """A process of its own that loads the tokenizers of ``specs`` and does the work it is
    asked for, in order; started at once (so it can load while this process loads the same
    tokenizers), ended by :meth:`stop`. Its answers are used once :meth:`expect` has said which
    tokenizers this process loaded, and only if they are the same.

    It never makes the caller wait on it for long: when this process starts waiting for an
    answer it gives the process beside its normal priority back (where the system lets it), and
    it stops waiting, and stops the process, once the process has been starved of CPU time for
    :data:`STARVED_WINDOWS` windows of :data:`WATCH` seconds (other programs load every core).
    A process that cannot be started at all (out of processes or file descriptors, a sandbox)
    gives no answer either: in every such case the caller does the work itself."""

    def __init__(self, specs: Sequence[str]) -> None:
        self._expected: tuple[Provenance, ...] | None = None
        self._loaded: tuple[Provenance, ...] | None = None
        self._asked = 0
        self._received = 0
        self._replies: dict[int, bytes | None] = {}
        """The answers received, pickled, by request number (none kept once the process is
        given up)."""
        self._broken = False
        self._raised = False
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        try:
            self._start(tuple(specs))
        except Exception:  # no process: every answer is None, and the caller does the work
            self._broken = True

    def _start(self, specs: tuple[str, ...]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        try:
            process = context.Process(
                target=_serve, args=(theirs, os.getpid(), specs), name=NAME, daemon=True
            )
            with _interrupts_ignored():  # Ctrl-C is this process's to handle, from the start
                process.start()
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the child holds the only other end: its exit ends the pipe
        self._conn, self._process = ours, process

    def expect(self, tokenizers: Sequence[LoadedTokenizer]) -> None:
        """The tokenizers this process loaded from the same specs: answers from other files
        (changed in between) are not used, and once the process is seen to hold other files it
        is stopped."""
        self._expected = tuple(t.provenance for t in tokenizers)
        if self._conn is not None and self._loaded is None and not self._broken:
            try:
                ready = self._conn.poll(0)
            except (OSError, ValueError):
                ready = False
            if ready:
                self._take_loaded()
        self._check()

    def ask(self, work: Callable[..., T], *args: Any) -> Callable[[], T | None]:
        """Have ``work(tokenizers, *args)`` done there (``work`` a module-level function,
        ``args`` picklable); the function returned waits for the answer, None when the process
        failed, died, starved or loaded other files than this process (do the work here then).

        The answers to earlier requests are received first: only one request is ever under
        way, so neither side can block sending while the other is blocked sending too."""
        index = self._asked
        self._asked += 1
        self._receive_up_to(index - 1)
        if not self._broken and self._conn is not None:
            try:
                self._conn.send((work, args))
            except Exception:  # a closed pipe, or arguments that do not pickle
                self._give_up()
        return lambda: self._answer(index)

    def _answer(self, index: int) -> Any:
        """The answer to request ``index``, None when there is none to use. Answers are kept
        as received and unpickled here, so that a later request can be sent first: the process
        works on it meanwhile."""
        self._receive_up_to(index)
        if self._expected is None:
            return None
        found, answer = _unpickled(self._replies.get(index))
        if not found:  # an answer that does not unpickle: none of them is trusted
            self._give_up()
        return answer

    def _receive_up_to(self, index: int) -> None:
        """Receive the process's loaded provenances, then its answers up to request ``index``."""
        if self._loaded is None and index >= 0 and not self._broken:
            self._take_loaded()
        while self._received <= index and self._check():
            found, reply = self._receive()
            if found:
                self._replies[self._received] = reply
                self._received += 1

    def _take_loaded(self) -> None:
        _, raw = self._receive()
        _, loaded = _unpickled(raw)
        if isinstance(loaded, tuple):
            self._loaded = loaded
        else:
            self._give_up()
        self._check()

    def _check(self) -> bool:
        """Whether answers can still come; stops the process once it is known to hold other
        files than this one."""
        known = None not in (self._loaded, self._expected)
        if not self._broken and known and self._loaded != self._expected:
            self._give_up()
        return not self._broken

    def _receive(self) -> tuple[bool, bytes | None]:
        """``(True, the message's pickle)``, or ``(False, None)`` when the process ended or
        starved (it is then stopped)."""
        conn, process = self._conn, self._process
        if self._broken or conn is None or process is None or process.pid is None:
            return False, None
        watch: Starving | None = None
        try:
            while not conn.poll(0 if watch is None else WATCH):
                if not self._raised:
                    self._raised = True
                    _raise_priority(process.pid)
                if watch is None:
                    watch = Starving(process.pid)
                elif watch.starved():
                    break
            else:
                return True, conn.recv_bytes()
        except Exception:  # ended (EOFError), a closed pipe
            pass
        self._give_up()
        return False, None

    def _give_up(self) -> None:
        self._replies.clear()
        self.stop()

    def stop(self) -> None:
        """End the process, at once if it is still working (safe to call twice)."""
        self._broken = True
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()


def _unpickled(raw: bytes | None) -> tuple[bool, Any]:
    """``(True, the object)`` pickled in ``raw``, ``(True, None)`` for no message, and
    ``(False, None)`` for bytes that do not unpickle."""
    if raw is None:
        return True, None
    from multiprocessing.reduction import ForkingPickler

    try:
        return True, ForkingPickler.loads(raw)
    except Exception:
        return False, None


class Starving:
    """Looks at a process over successive windows (from one :meth:`starved` call to the next)
    and says when it has starved for :data:`STARVED_WINDOWS` of them in a row; never where its
    run times cannot be read (``read`` gives None: not Linux, or the process is gone)."""

    def __init__(
        self, pid: int, read: Callable[[int], tuple[int, int] | None] | None = None
    ) -> None:
        self._pid = pid
        self._read = read or run_times
        self._last = (time.monotonic_ns(), self._read(pid))
        self._windows = 0

    def starved(self) -> bool:
        """Whether the process starved in each of the last :data:`STARVED_WINDOWS` windows."""
        now, times = time.monotonic_ns(), self._read(self._pid)
        (then, before), self._last = self._last, (now, times)
        window = now - then
        if times is None or before is None or window <= 0:
            self._windows = 0
            return False
        ran, waited = times[0] - before[0], times[1] - before[1]
        hungry = ran < STARVED_SHARE * window and waited > window / 2
        self._windows = self._windows + 1 if hungry else 0
        return self._windows >= STARVED_WINDOWS


def run_times(pid: int) -> tuple[int, int] | None:
    """Nanoseconds that the live threads of process ``pid`` have run, and waited to run while
    runnable, from Linux's ``/proc/PID/task/TID/schedstat``; None where they cannot be read."""
    ran = waited = 0
    seen = False
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in threads:
        try:
            fields = Path(f"/proc/{pid}/task/{tid}/schedstat").read_text(encoding="ascii").split()
            ran, waited, seen = ran + int(fields[0]), waited + int(fields[1]), True
        except (OSError, ValueError, IndexError):  # the thread ended in between
            continue
    return (ran, waited) if seen else None


def _raise_priority(pid: int) -> None:
    """Give every thread of process ``pid`` this process's policy and niceness back, where the
    system allows it (root, or a high enough ``RLIMIT_NICE``; else nothing changes)."""
    try:
        threads = [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    except (OSError, ValueError):
        threads = [pid]
    other = getattr(os, "SCHED_OTHER", None)
    for tid in threads:
        if other is not None:
            with suppress(OSError, AttributeError):
                os.sched_setscheduler(tid, other, os.sched_param(0))
        if hasattr(os, "setpriority"):
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, 0))


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored in the block (main thread only): a process started in it inherits that,
    so a Ctrl-C while it starts up prints no traceback of its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _lower_priority() -> None:
    """Run only on time the other processes leave idle where the system can (Linux's
    ``SCHED_IDLE``), else at :data:`NICE`; and be the first process the kernel ends when memory
    runs out (Linux)."""
    with suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000", encoding="ascii")
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
    """The process beside: load, send the provenances loaded, then answer each ``(work,
    args)`` with ``work(tokenizers, *args)`` until the parent closes the pipe. Any failure ends
    the process without an answer: the parent sees the pipe close and does the work itself,
    where an error is reported as usual."""
    from tokscope.loading.sources import load_many
    from tokscope.loading.tiktoken_format import PREFIX, read_only_cached
    from tokscope.stats.engine.signals import worker_setup

    worker_setup(parent)
    # tokenizers are read from the caches only (the Hub's, tiktoken's): this process does any
    # download (once, with its messages), and an answer from files not there yet is not given
    os.environ["HF_HUB_OFFLINE"] = "1"
    _lower_priority()
    try:
        if any(PREFIX in spec for spec in specs):
            read_only_cached()
        tokenizers = load_many(specs)
        conn.send(tuple(t.provenance for t in tokenizers))
        while True:
            try:
                work, args = conn.recv()
            except EOFError:
                break
            conn.send(work(tokenizers, *args))
    except Exception:  # the parent redoes the work, and reports any error itself
        pass
    finally:
        conn.close()


__all__ = [
    "NAME",
    "NICE",
    "STARVED_SHARE",
    "STARVED_WINDOWS",
    "WATCH",
    "Beside",
    "Starving",
    "run_times",
]
