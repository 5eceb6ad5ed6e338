"""What one text of a corpus contributes to the corpus report: its indentation, its whitespace
runs, whitespace tokens, and the first token of each identifier after whitespace.

Whitespace and identifiers are those of :mod:`tokscope.text`; whitespace lost is
:func:`tokscope.measures.whitespace_lost_bytes`."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence

from tokscope.align.segment import Segmentation
from tokscope.text import ASCII_IDENTIFIER, WHITESPACE, ByteIndex

_HORIZONTAL_RUN = re.compile(r"[ \t]+")
_LINE_BREAKS = re.compile(r"(?:\r\n|\n)+")


def indentation_of(text: str) -> Counter[tuple[int, int, bool]]:
    """Indentation of each non-blank line: ``(tabs, spaces, other)`` -> lines."""
    counts: Counter[tuple[int, int, bool]] = Counter()
    for line in text.split("\n"):
        body = line.rstrip("\r")
        stripped = body.lstrip(" \t")
        if not stripped.strip():
            continue
        lead = body[: len(body) - len(stripped)]
        tabs = len(lead) - len(lead.lstrip("\t"))
        rest = lead[tabs:]
        if rest.strip(" "):
            counts[(lead.count("\t"), lead.count(" "), True)] += 1
        else:
            counts[(tabs, len(rest), False)] += 1
    return counts


def runs_of(text: str) -> Counter[tuple[str, str, int]]:
    """Whitespace runs of ``text``: ``(kind, position, length)`` -> count (:class:`RunCount`)."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for m in _HORIZONTAL_RUN.finditer(text):
        run, start, end = m.group(), m.start(), m.end()
        if set(run) == {" "}:
            kind = "spaces"
        elif set(run) == {"\t"}:
            kind = "tabs"
        elif not run.lstrip("\t").strip(" "):
            kind = "tab+spaces"
        else:
            kind = "mixed"
        at_start = start == 0 or text[start - 1] == "\n"
        at_end = end == len(text) or text[end] in "\r\n"
        position = "trailing" if at_end else "indent" if at_start else "inline"
        counts[(kind, position, len(run))] += 1
    for m in _LINE_BREAKS.finditer(text):
        run = m.group()
        breaks = run.count("\n")
        crlf = run.count("\r\n")
        kind = "crlf" if crlf == breaks else "newlines" if crlf == 0 else "mixed-breaks"
        counts[(kind, "line-break", breaks)] += 1
    return counts


Forms = dict[tuple[int, str], dict[str, int]]
"""One identifier's occurrences: ``(first token id, first token)`` -> whitespace before -> count."""


def identifier_forms(seg: Segmentation, into: dict[str, Forms]) -> None:
    """Add the identifier occurrences of ``seg`` right after whitespace (or at the start of the
    text) to ``into``: identifier -> first token -> whitespace before it -> count. Identifiers are
    :data:`~tokscope.text.ASCII_IDENTIFIER` occurrences (keywords and words in comments or
    strings included)."""
    tokens = seg.tokens
    identifier_forms_at(
        seg.text,
        [t.byte_start for t in tokens],
        [t.byte_end for t in tokens],
        lambda k: (tokens[k].id, tokens[k].token),
        into,
    )


def identifier_forms_at(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    first: Callable[[int], tuple[int, str]],
    into: dict[str, Forms],
) -> None:
    """:func:`identifier_forms` over tokens given by their exact byte spans (ordered):
    ``first(k)`` is the ``(id, token)`` of token ``k``. ``tokscope stats`` calls it with the
    spans of its fast path."""
    to_byte = ByteIndex(text.encode("utf-8", "surrogatepass")).byte
    n = len(starts)
    for m in ASCII_IDENTIFIER.finditer(text):
        i = m.start()
        if i and text[i - 1] not in WHITESPACE:
            continue
        j = i
        while j and text[j - 1] in WHITESPACE:
            j -= 1
        b = to_byte(i)
        k = bisect_right(ends, b)
        while k < n and ends[k] == starts[k]:
            k += 1
        if k >= n or starts[k] > b:
            continue
        by_ws = into.setdefault(m.group(), {}).setdefault(first(k), {})
        ws = text[j:i]
        by_ws[ws] = by_ws.get(ws, 0) + 1


def dependent_occurrences(forms: Forms) -> int:
    """Occurrences whose first token differs from the identifier's first token after some
    *other* whitespace elsewhere."""
    if len(forms) < 2:
        return 0
    total = 0
    for form, by_ws in forms.items():
        elsewhere: set[str] = set()
        for other, other_ws in forms.items():
            if other != form:
                elsewhere |= set(other_ws)
        for ws, n in by_ws.items():
            if elsewhere - {ws}:
                total += n
    return total


def dependence(words: dict[str, Forms]) -> tuple[int, int]:
    """(occurrences, dependent occurrences) of identifiers after whitespace, over the forms of
    one tokenizer on one slice of a corpus (:func:`dependent_occurrences` per identifier)."""
    occurrences = sum(sum(c.values()) for f in words.values() for c in f.values())
    return occurrences, sum(dependent_occurrences(f) for f in words.values())


def merge_forms(into: dict[str, Forms], more: dict[str, Forms], *, consume: bool = False) -> None:
    """Add the identifier forms ``more`` to ``into`` (in place; any order gives the same). With
    ``consume``, ``into`` takes over parts of ``more`` instead of copying them: ``more`` must not
    be used afterwards."""
    for word, forms in more.items():
        mine = into.get(word)
        if mine is None:
            if consume:
                into[word] = forms
                continue
            mine = into[word] = {}
        for key, by_ws in forms.items():
            counts = mine.get(key)
            if counts is None:
                mine[key] = by_ws if consume else dict(by_ws)
                continue
            for ws, n in by_ws.items():
                counts[ws] = counts.get(ws, 0) + n
