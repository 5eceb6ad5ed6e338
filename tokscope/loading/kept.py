"""Tokenizers kept until the process ends, and left to the operating system then.

Freeing a loaded tokenizer is not free: dropping XLM-R's takes a quarter of a second (its
250,002 pieces and their lattice index, in Rust, with the GIL held). A command run from the
shell has no use for that work, whether it happens when its pass ends (before the output is
written) or while the interpreter shuts down. The console script (:func:`tokscope.cli.main`)
therefore calls :func:`keep_until_exit`: every tokenizer loaded from then on is kept in a list that
refers to itself, and at exit that list is frozen out of the garbage collector
(:func:`gc.freeze`), so nobody frees it and the process ends without the work. Anything else
(a library user, the test suite's in-process command runs) frees its tokenizers as usual.
"""

from __future__ import annotations

import atexit
import gc

_KEPT: list[object] = []
_ACTIVE = [False]


def keep_until_exit() -> None:
    """From now on, keep every tokenizer loaded, and do not free them at exit."""
    if _ACTIVE[0]:
        return
    _ACTIVE[0] = True
    _KEPT.append(_KEPT)  # a cycle: clearing this module at shutdown does not free it
    atexit.register(gc.freeze)  # and the shutdown's last collections leave frozen objects


def keep(obj: object) -> None:
    """Keep ``obj`` (a loaded tokenizer) until the process ends, when :func:`keep_until_exit`
    was called; else nothing."""
    if _ACTIVE[0]:
        _KEPT.append(obj)


__all__ = ["keep", "keep_until_exit"]
