"""Properties of layout: whitespace runs of different lengths stay apart, indentation changes
no token of the code, an identifier's tokens do not depend on the length of the run before it, a
leading space changes nothing after the first word."""

from __future__ import annotations

import math
import re

from tokscope.align.segment import Segmentation, TokenSpan, segment
from tokscope.render.visible import visible
from tokscope.testing.access import (
    TokenizerLike,
    as_loaded,
    encode,
    fail,
    plural,
    segment_split,
    split_of,
    valid_text,
)
from tokscope.text import ASCII_IDENTIFIER
from tokscope.whitespace.kinds import KINDS
from tokscope.whitespace.results import touching_tokens

_RUN = re.compile(r"(\s)\1*")


_RUN_NAMES = {" ": "space", "\t": "tab", "\n": "newline", "\r": "CR"}


def _run_name(ch: str, k: int) -> str:
    return plural(k, _RUN_NAMES.get(ch, f"U+{ord(ch):04X}"))


def runs_distinct(tok: TokenizerLike, text: str, *, max_runs: int = 8) -> None:
    """For each whitespace run in the text (a maximal run of one whitespace character), the text
    and the same text with that run one character longer encode to different ids.

    That is what *distinguishable* means here: in the same context, a run of k and a run of k + 1
    give different token ids, so the model can tell 4 spaces from 5. ``max_runs`` bounds how many
    runs of the text are tried (the first ones).
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    if max_runs < 1:
        raise ValueError(f"max_runs must be at least 1, not {max_runs}")
    ids = encode(t, text).ids
    for match in list(_RUN.finditer(text))[:max_runs]:
        ch, k = match.group(1), len(match.group(0))
        longer = text[: match.end()] + ch + text[match.end() :]
        if encode(t, longer).ids == ids:
            fail(
                "runs-distinct",
                t,
                text,
                f"a run of {_run_name(ch, k)} at character {match.start()} encodes like a "
                f"run of {k + 1}",
                split_of(t, text),
                split_of(t, longer, "longer"),
            )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


_INDENT = re.compile(r"[ \t]*")


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(line number, start, body start) of each line that is not blank; positions in characters."""
    out = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        line = match.group(0)
        if not line:
            continue
        lead = _INDENT.match(line)
        width = lead.end() if lead else 0
        if line[width:].strip():
            out.append((number, match.start(), match.start() + width))
    return out


def indent_unit(text: str) -> str:
    """The indentation step of ``text``: a tab when its indented lines start with tabs, else the
    greatest common divisor of its space indentations when that is at least 2, else 4 spaces.

    >>> indent_unit("def f():\\n  if x:\\n    y()\\n")
    '  '
    """
    widths: list[int] = []
    tabs = 0
    for _number, start, body in _lines(text):
        lead = text[start:body]
        if lead.startswith("\t"):
            tabs += 1
        elif lead:
            widths.append(len(lead) - len(lead.lstrip(" ")))
    if tabs and not widths:
        return "\t"
    step = math.gcd(*widths) if widths else 0
    return " " * step if step >= 2 else "    "


def _byte_offset(text: str, char: int) -> int:
    return len(text[:char].encode("utf-8"))


def _before(seg: Segmentation, byte: int) -> list[TokenSpan]:
    return [t for t in seg.tokens if t.byte_start < byte]


def _from(seg: Segmentation, byte: int) -> list[TokenSpan]:
    """Tokens that cover some of the text from ``byte`` on, and tokens that cover nothing there
    but stand for more than whitespace (a synthetic ``▁`` before a word is whitespace)."""
    return [
        t
        for t in seg.tokens
        if t.byte_end > byte or (t.byte_start == t.byte_end >= byte and t.decoded.strip() != "")
    ]


def _whitespace_start(text: str, char: int) -> int:
    while char > 0 and text[char - 1].isspace():
        char -= 1
    return char


def indent_stable(
    tok: TokenizerLike, text: str, *, unit: str | None = None, max_lines: int = 32
) -> None:
    """Indenting any one line by one more level changes no token of that line's body, and no
    token of the text before or after it: only the whitespace between them may tokenize anew.

    Precisely, for each line that is not blank: the ids of the tokens that cover any of the line
    from its first non-blank character on (to the end of the text) are the same, and so are the
    ids of the tokens that start before the whitespace that runs up to that character (the end of
    the previous line, its newline and blank lines belong to that whitespace). ``unit`` is one
    level (default: :func:`indent_unit`; a line indented with tabs always gets a tab).
    ``max_lines`` bounds how many lines are tried (the first ones): each costs two encodings of
    the whole text.

    So a tokenizer that writes ``return`` at column 0 but ``Ġreturn`` after spaces (RoBERTa)
    fails: the same keyword gets another id when code moves into a block. ModernBERT's
    ``[4 spaces] return`` and ``[8 spaces] return`` keep ``return``, and pass.
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    if unit is None:
        unit = indent_unit(text)
    elif not unit or unit.strip(" \t"):
        raise ValueError(f"unit must be spaces or tabs, not {unit!r}")
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, not {max_lines}")
    seg = segment(t, text)
    for number, start, body in _lines(text)[:max_lines]:
        step = "\t" if text[start:body].startswith("\t") else unit
        indented = text[:start] + step + text[start:]
        moved = segment(t, indented)
        if [x.id for x in moved.tokens] == [x.id for x in seg.tokens]:
            continue
        cut = _byte_offset(text, _whitespace_start(text, body))
        body_byte = _byte_offset(text, body)
        shift = len(step.encode("utf-8"))
        same_before = [x.id for x in _before(seg, cut)] == [x.id for x in _before(moved, cut)]
        same_after = [x.id for x in _from(seg, body_byte)] == [
            x.id for x in _from(moved, body_byte + shift)
        ]
        if not (same_before and same_after):
            where = "its body" if not same_after else "the text before it"
            fail(
                "indent-stable",
                t,
                text,
                f"indenting line {number} by {visible(step)!r} changes the tokens of {where}",
                segment_split(seg, "text"),
                segment_split(moved, "indented"),
            )


RUN_LENGTHS: tuple[int, ...] = (1, 2, 4, 8)
"""The run lengths :func:`run_length_stable` puts before each identifier, of spaces and of tabs."""


def _identifier_sites(text: str) -> list[tuple[int, int, int]]:
    """(run start, identifier start, identifier end), in characters, of every identifier that
    starts a line or follows spaces or tabs; the run is the spaces and tabs before it."""
    sites = []
    for match in ASCII_IDENTIFIER.finditer(text):
        run = match.start()
        while run > 0 and text[run - 1] in " \t":
            run -= 1
        if run == match.start() and run > 0 and text[run - 1] not in "\r\n":
            continue  # right after other text, as in ``f(x`` or ``a.b``: no run to vary
        sites.append((run, match.start(), match.end()))
    return sites


def _shown(spans: list[TokenSpan]) -> str:
    return "┊".join(visible(t.decoded) if t.decoded else "∅" for t in spans) or "(no token)"


def run_length_stable(tok: TokenizerLike, text: str, *, max_identifiers: int = 16) -> None:
    """Every identifier keeps its tokens whatever the length of the whitespace run before it:
    after 1, 2, 4 and 8 spaces the tokens that cover it are the same, and after 1, 2, 4 and 8
    tabs too, both in the middle of a line and as indentation.

    The identifiers are the identifier-shaped words of the text
    (:data:`~tokscope.text.ASCII_IDENTIFIER`) that start a line or follow spaces or tabs; for
    each, the spaces and tabs before it are replaced by each run in turn, and the ids of the
    tokens that touch the identifier's bytes are compared (so ``Ġreturn`` and ``return`` differ).
    Spaces and tabs are compared among themselves, not with each other. ``max_identifiers``
    bounds how many are tried (the first ones): each costs eight encodings of the whole text.

    ModernBERT fails: after one space it writes ``Ġreturn``, after four ``[4 spaces] return``.
    RoBERTa (the last space always joins the word) and XLM-R (runs collapse) pass.
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    if max_identifiers < 1:
        raise ValueError(f"max_identifiers must be at least 1, not {max_identifiers}")
    for run, start, end in _identifier_sites(text)[:max_identifiers]:
        at_line_start = run == 0 or text[run - 1] in "\r\n"
        where = "as indentation" if at_line_start else "mid-line"
        lo = _byte_offset(text, run)
        width = len(text[start:end].encode("utf-8"))
        for kind in (KINDS["spaces"], KINDS["tabs"]):
            first: tuple[Segmentation, list[TokenSpan]] | None = None
            for k in RUN_LENGTHS:
                variant = segment(t, text[:run] + kind.run(k) + text[start:])
                at = lo + len(kind.run(k).encode("utf-8"))
                spans = touching_tokens(variant.tokens, at, at + width)
                if first is None:
                    first = (variant, spans)
                    continue
                if [x.id for x in spans] == [x.id for x in first[1]]:
                    continue
                fail(
                    "run-length-stable",
                    t,
                    text,
                    f"{text[start:end]!r} {where} is {_shown(first[1])} after "
                    f"{kind.units(RUN_LENGTHS[0])} but {_shown(spans)} after {kind.units(k)}",
                    split_of(t, text),
                    segment_split(first[0], kind.units(RUN_LENGTHS[0])),
                    segment_split(variant, kind.units(k)),
                )


def _first_word_end(text: str) -> int:
    k = 0
    while k < len(text) and text[k].isspace():
        k += 1
    while k < len(text) and not text[k].isspace():
        k += 1
    return k


def leading_space(tok: TokenizerLike, text: str) -> None:
    """Putting a space before the text changes no token after its first word.

    The first word (leading whitespace and the first run of non-whitespace) may tokenize
    differently, as RoBERTa's ``def`` and ``Ġdef`` do: that is the familiar prefix-space effect.
    Everything after it must keep its ids, so the tokens of a text do not depend on whether it
    starts a file or follows a space.
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    end = _first_word_end(text)
    if end == len(text):
        return
    cut = _byte_offset(text, end)
    seg = segment(t, text)
    spaced = segment(t, " " + text)
    if [x.id for x in _from(seg, cut)] != [x.id for x in _from(spaced, cut + 1)]:
        fail(
            "leading-space",
            t,
            text,
            f"a leading space changes the tokens after the first word {text[:end].strip()!r}",
            segment_split(seg, "text"),
            segment_split(spaced, "spaced"),
        )
