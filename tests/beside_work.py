"""Work for the process beside in ``tests/test_beside.py`` (module level: the process imports it
by name)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from tokscope.loading.sources import LoadedTokenizer


def names(tokenizers: Sequence[LoadedTokenizer]) -> list[str]:
    """The tokenizers' names."""
    return [t.name for t in tokenizers]


def sizes(tokenizers: Sequence[LoadedTokenizer], with_added: bool) -> list[int]:
    """The tokenizers' vocabulary sizes."""
    return [t.tokenizer.get_vocab_size(with_added_tokens=with_added) for t in tokenizers]


def fail(tokenizers: Sequence[LoadedTokenizer]) -> None:
    """Fail as a bug would."""
    raise RuntimeError("broken work")


def nap(tokenizers: Sequence[LoadedTokenizer], seconds: float) -> float:
    """Sleep, then say how long."""
    time.sleep(seconds)
    return seconds


def priority(tokenizers: Sequence[LoadedTokenizer]) -> tuple[int, int]:
    """The scheduling policy and niceness of the process."""
    policy = os.sched_getscheduler(0) if hasattr(os, "sched_getscheduler") else -1
    return policy, os.nice(0) if hasattr(os, "nice") else 0


def environment(tokenizers: Sequence[LoadedTokenizer], name: str) -> str | None:
    """An environment variable of the process."""
    return os.environ.get(name)


def priority_to(tokenizers: Sequence[LoadedTokenizer], path: str) -> tuple[int, int]:
    """:func:`priority`, also written to ``path`` (so a test can tell that the work ran before
    it began to wait for the answer)."""
    found = priority(tokenizers)
    Path(path).write_text(repr(found), encoding="ascii")
    return found


def spin(tokenizers: Sequence[LoadedTokenizer], seconds: float) -> float:
    """Keep a core busy for ``seconds`` of CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


def _refuse() -> None:
    raise RuntimeError("this answer does not unpickle")


class Unpicklable:
    """An answer that pickles there and fails to unpickle here."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _refuse, ()


def unpicklable(tokenizers: Sequence[LoadedTokenizer]) -> Unpicklable:
    """An answer this process cannot read."""
    return Unpicklable()
