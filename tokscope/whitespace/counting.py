"""What one text of a corpus contributes to the corpus report: its indentation, its whitespace
runs, whitespace tokens, lost bytes, and the first token of each identifier after whitespace."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from tokscope.align.segment import Segmentation, TokenSpan
from tokscope.loading.sources import LoadedTokenizer

WHITESPACE = frozenset(" \t\n\r\x0b\x0c")
"""Characters counted as whitespace everywhere in this module."""
_WS_BYTES = frozenset(b" \t\n\r\x0b\x0c")


IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_$])[A-Za-z_][A-Za-z0-9_]*")
"""What counts as an identifier occurrence in a corpus: an ASCII word of letters, digits and
underscores not starting with a digit. Keywords and words in comments or strings match too; only
occurrences right after whitespace (or at the start of a text) are counted."""

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


def whitespace_token(tok: LoadedTokenizer, token: TokenSpan) -> bool:
    """Whether ``token`` stands for whitespace only."""
    content = tok.entries.content(token.id, token.token)
    return bool(content) and _WS_BYTES.issuperset(content)


def loss(seg: Segmentation) -> tuple[int, int]:
    """``(lost bytes, lost whitespace bytes)`` of one segmentation (see :class:`CostRow`)."""
    data = seg.text.encode("utf-8", "surrogatepass")
    lost = ws = 0
    for gap in seg.dropped:
        chunk = data[gap.byte_start : gap.byte_end]
        lost += len(chunk)
        ws += sum(1 for b in chunk if b in _WS_BYTES)
    for t in seg.tokens:
        if not t.differs:
            continue
        source = data[t.byte_start : t.byte_end]
        kept = _matched(source, t.decoded.encode("utf-8", "surrogatepass"))
        lost += len(source) - sum(kept)
        ws += sum(1 for b, k in zip(source, kept) if not k and b in _WS_BYTES)
    return lost, ws


def _matched(source: bytes, decoded: bytes) -> list[bool]:
    """Which bytes of ``source`` a longest common subsequence with ``decoded`` keeps."""
    from difflib import SequenceMatcher

    kept = [False] * len(source)
    for block in SequenceMatcher(None, source, decoded, autojunk=False).get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            kept[i] = True
    return kept


_Forms = dict[tuple[int, str], Counter[str]]
"""One identifier's occurrences: ``(first token id, first token)`` -> whitespace before -> count."""


def _char_to_byte(text: str) -> Callable[[int], int]:
    if text.isascii():
        return lambda i: i
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8", "surrogatepass")))
    return offsets.__getitem__


def _identifier_forms(seg: Segmentation, into: dict[str, _Forms]) -> None:
    text = seg.text
    to_byte = _char_to_byte(text)
    ends = [t.byte_end for t in seg.tokens]
    for m in IDENTIFIER.finditer(text):
        i = m.start()
        if i and text[i - 1] not in WHITESPACE:
            continue
        j = i
        while j and text[j - 1] in WHITESPACE:
            j -= 1
        b = to_byte(i)
        k = bisect_right(ends, b)
        while k < len(seg.tokens) and seg.tokens[k].byte_end == seg.tokens[k].byte_start:
            k += 1
        if k >= len(seg.tokens) or seg.tokens[k].byte_start > b:
            continue
        first = seg.tokens[k]
        forms = into.setdefault(m.group(), {})
        forms.setdefault((first.id, first.token), Counter())[text[j:i]] += 1


def _dependent(forms: _Forms) -> int:
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
