"""Work for the process beside in ``tests/test_beside.py`` (module level: the process imports it
by name)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

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
