"""The bound on the cost of one document: a run of text without whitespace longer than a limit.

A tokenizer's pre-tokenizer splits text at whitespace (and, for most, between letters, digits and
punctuation) before the model sees it; the model's work on one piece grows faster than the
piece. A text that is one giant piece (megabytes of combining marks, of one emoji sequence, of
one letter) costs minutes and gigabytes in a byte-level BPE, although its size is allowed. Such a
document is skipped as ``too-costly`` when its longest run of non-whitespace characters is longer
than :data:`~tokscope.corpus.documents.DEFAULT_MAX_SOLID_RUN` (the ``max_solid_run`` of
:class:`~tokscope.corpus.documents.CorpusOptions`). Whitespace is Unicode whitespace, as
``str.split`` splits it.
"""

from __future__ import annotations

TOO_COSTLY = "too-costly"
"""The skip reason of a document over the bound."""


def longest_solid_run(text: str) -> int:
    """Characters in the longest run of ``text`` without whitespace.

    >>> longest_solid_run("ab  cde\\tf")
    3
    """
    return max(map(len, text.split()), default=0)


def too_costly(text: str, limit: int) -> bool:
    """Whether ``text`` has a run of more than ``limit`` characters without whitespace.

    >>> too_costly("x" * 5 + " y", 4), too_costly("abcd efgh", 4)
    (True, False)
    """
    return len(text) > limit and longest_solid_run(text) > limit


__all__ = ["TOO_COSTLY", "longest_solid_run", "too_costly"]
