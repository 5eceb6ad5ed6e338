"""Properties a code tokenizer should have, each a function ``(tokenizer, text) -> None``.

Every property takes a tokenizer (a :class:`~tokscope.loading.sources.LoadedTokenizer`, or a bare
``tokenizers.Tokenizer``) and a text, and returns quietly when the property holds. When it does not,
it raises :class:`PropertyFailure`, an ``AssertionError`` whose message shows the input and how the
tokenizer split it, whitespace made visible (``·`` space, ``→`` tab, ``↵`` newline, ``␍`` CR). So
they work as plain assertions in any test, and under hypothesis they shrink to the smallest input
that breaks them:

>>> from hypothesis import given  # doctest: +SKIP
>>> @given(strategies.indented_blocks())  # doctest: +SKIP
... def test_roundtrip(tokscope_tokenizer, text):
...     roundtrip(tokscope_tokenizer, text)

Texts are encoded without special tokens. The properties, by id (see ``docs/testing.md``):

``roundtrip``       decode(encode(text)) == text
``offsets``         offsets lie in the text in order, and tokens plus dropped spans tile it
``no-drop``         every character is covered by some token
``deterministic``   encoding the same text again gives the same ids and offsets
``batch``           encoding in a batch gives what encoding alone gives
``runs-distinct``   a whitespace run of k and of k + 1 characters encode differently
``indent-stable``   indenting a line one level changes no token of its body or of other lines
``no-unk``          no unknown token on valid Unicode text
``fixed-point``     decode-encode reaches a fixed point after one step
``leading-space``   a space before the text changes no token after its first word
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from tokenizers import Encoding, Tokenizer

from tokscope.align.segment import Segmentation, TokenSpan, segment
from tokscope.loading.sources import FileRef, LoadedTokenizer, Provenance, entry_decoder_for
from tokscope.render.visible import visible
from tokscope.text import first_difference

TokenizerLike: TypeAlias = LoadedTokenizer | Tokenizer
"""What the properties accept: a loaded tokenizer, or a bare ``tokenizers.Tokenizer``."""

__all__ = [
    "PROPERTIES",
    "PROPERTY_IDS",
    "Property",
    "PropertyFailure",
    "ReportedTokenizer",
    "Split",
    "TokenizerLike",
    "as_loaded",
    "batch",
    "deterministic",
    "fixed_point",
    "for_reports",
    "format_failure",
    "get_property",
    "indent_stable",
    "indent_unit",
    "leading_space",
    "no_drop",
    "no_unk",
    "offsets",
    "roundtrip",
    "runs_distinct",
    "split_of",
    "text_repr",
    "unknown_ids",
]


@dataclass(frozen=True)
class Split:
    """One text as a tokenizer split it, as a failure report shows it."""

    label: str
    """What the text is in the report (``text``, ``decoded``, ``indented``...)."""
    text: str
    """The text."""
    tokens: tuple[str, ...]
    """What each token stands for, as text (bytes of a split character written ``\\xNN``)."""
    ids: tuple[int, ...]
    """The token ids."""
    dropped: tuple[str, ...]
    """Source text that no token covers, in order."""


class PropertyFailure(AssertionError):
    """A property does not hold for a text; the message shows the text and its tokens."""

    def __init__(
        self,
        property_id: str,
        tokenizer: str,
        text: str,
        reason: str,
        splits: Sequence[Split],
    ) -> None:
        self.property_id = property_id
        """The id of the property (``roundtrip``...)."""
        self.tokenizer = tokenizer
        """The tokenizer's name."""
        self.text = text
        """The input the property was checked on."""
        self.reason = reason
        """One line: what went wrong."""
        self.splits = tuple(splits)
        """The texts involved, as the tokenizer split them (the input first)."""
        super().__init__(format_failure(property_id, tokenizer, reason, self.splits))

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their message only; this one needs all its fields back.
        fields = (self.property_id, self.tokenizer, self.text, self.reason, self.splits)
        return (type(self), fields)


def format_failure(property_id: str, tokenizer: str, reason: str, splits: Sequence[Split]) -> str:
    """The message of a :class:`PropertyFailure`: the reason, then each text and its tokens."""
    lines = [f"{property_id} fails for {tokenizer}: {reason}"]
    width = max((len(s.label) for s in splits), default=0)
    for s in splits:
        shown = visible(s.text) if s.text else "(empty)"
        lines.append(f"  {s.label:<{width}}  {shown}    {text_repr(s.text)}")
        pad = " " * (width + 4)
        tokens = "┊".join(visible(t) if t else "∅" for t in s.tokens) or "(none)"
        lines.append(f"{pad}tokens  {tokens}")
        lines.append(f"{pad}ids     {list(s.ids)}")
        if s.dropped:
            lines.append(f"{pad}dropped {' '.join(visible(d) for d in s.dropped)}")
    lines.append("  (· space  → tab  ↵ newline  ␍ CR  ┊ token boundary)")
    return "\n".join(lines)


def text_repr(text: str) -> str:
    """``repr(text)`` with combining marks escaped too, so ``e`` + U+0301 and ``é`` differ.

    >>> print(text_repr("e\\u0301"), text_repr("\\u00e9"))
    'e\\u0301' 'é'
    """
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch).startswith("M") else ch for ch in repr(text)
    )


@dataclass(frozen=True)
class Property:
    """A named property with its check."""

    id: str
    """Short stable id (``roundtrip``, ``runs-distinct``...)."""
    summary: str
    """One line: what holds when the property holds."""
    check: Callable[[TokenizerLike, str], None]
    """Returns when the property holds for the text, raises :class:`PropertyFailure` otherwise."""


# -- tokenizer access ---------------------------------------------------------------------------

_UNKNOWN: weakref.WeakKeyDictionary[Tokenizer, frozenset[int]] = weakref.WeakKeyDictionary()


def as_loaded(tok: TokenizerLike, *, name: str = "tokenizer") -> LoadedTokenizer:
    """``tok`` as a :class:`LoadedTokenizer` (a bare ``Tokenizer`` is wrapped, named ``name``)."""
    if isinstance(tok, LoadedTokenizer):
        return tok
    if not isinstance(tok, Tokenizer):
        raise TypeError(
            f"expected a LoadedTokenizer or a tokenizers.Tokenizer, not {type(tok).__name__}"
        )
    provenance = Provenance(
        spec=name, origin="object", format="tokenizer.json", files=(FileRef("<in memory>", ""),)
    )
    return LoadedTokenizer(name, tok, provenance, entry_decoder_for(tok))


class ReportedTokenizer(LoadedTokenizer):
    """A :class:`LoadedTokenizer` that prints as one short line, for test reports (hypothesis
    prints every argument of a failing test, and a tokenizer's full repr is its vocabulary)."""

    def __repr__(self) -> str:
        return f"<tokenizer {self.name!r} from {self.provenance.spec!r}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def for_reports(tok: LoadedTokenizer) -> ReportedTokenizer:
    """``tok`` as a :class:`ReportedTokenizer` (the same tokenizer, a shorter repr)."""
    return ReportedTokenizer(tok.name, tok.tokenizer, tok.provenance, tok.entries)


def unknown_ids(tok: TokenizerLike) -> frozenset[int]:
    """Ids of the model's unknown token (empty for byte-level models, which have none)."""
    tokenizer = tok.tokenizer if isinstance(tok, LoadedTokenizer) else tok
    with contextlib.suppress(TypeError):
        cached = _UNKNOWN.get(tokenizer)
        if cached is not None:
            return cached
    found: set[int] = set()
    model = tokenizer.model
    token = getattr(model, "unk_token", None)
    if isinstance(token, str) and token:
        token_id = tokenizer.token_to_id(token)
        if token_id is not None:
            found.add(token_id)
    elif type(model).__name__ == "Unigram":
        # Unigram does not expose its unk_id; its state (the whole vocabulary) does, once.
        state = json.loads(model.__getstate__())
        if isinstance(state.get("unk_id"), int):
            found.add(state["unk_id"])
    result = frozenset(found)
    with contextlib.suppress(TypeError):  # an object that takes no weak reference: no cache
        _UNKNOWN[tokenizer] = result
    return result


def _valid_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"text is not valid Unicode: {exc.reason} at character {exc.start} "
            f"(U+{ord(text[exc.start]):04X}); tokenizers only take valid UTF-8"
        ) from None
    return text


def _encode(t: LoadedTokenizer, text: str) -> Encoding:
    return t.tokenizer.encode(text, add_special_tokens=False)


def _decode(t: LoadedTokenizer, ids: Sequence[int]) -> str:
    return t.tokenizer.decode(list(ids), skip_special_tokens=False)


def split_of(tok: TokenizerLike, text: str, label: str = "text") -> Split:
    """How ``tok`` splits ``text``, for a report."""
    return _split(segment(as_loaded(tok), text), label)


def _split(seg: Segmentation, label: str) -> Split:
    return Split(
        label=label,
        text=seg.text,
        tokens=tuple(t.decoded for t in seg.tokens),
        ids=tuple(t.id for t in seg.tokens),
        dropped=tuple(g.text for g in seg.dropped),
    )


def _plain_split(t: LoadedTokenizer, text: str) -> Split:
    """How ``t`` splits ``text``, aligned when the offsets allow it, else as the model says."""
    try:
        return split_of(t, text)
    except Exception:  # offsets too broken to align: show the tokens as they are
        encoding = _encode(t, text)
        return Split("text", text, tuple(encoding.tokens), tuple(encoding.ids), ())


def _fail(property_id: str, t: LoadedTokenizer, text: str, reason: str, *splits: Split) -> None:
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    raise PropertyFailure(property_id, t.name, text, reason, splits or (_plain_split(t, text),))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- the properties -----------------------------------------------------------------------------


def roundtrip(tok: TokenizerLike, text: str) -> None:
    """``decode(encode(text)) == text``: the tokens give the text back exactly.

    >>> roundtrip(load("xlm-roberta"), "a  b")  # doctest: +SKIP
    Traceback (most recent call last):
    PropertyFailure: roundtrip fails for xlm-roberta: decode(encode(text)) is not the text ...
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    decoded = _decode(t, _encode(t, text).ids)
    if decoded != text:
        at = first_difference(text, decoded)
        _fail(
            "roundtrip",
            t,
            text,
            f"decode(encode(text)) is not the text (first difference at character {at})",
            split_of(t, text),
            split_of(t, decoded, "decoded"),
        )


def offsets(tok: TokenizerLike, text: str) -> None:
    """The tokenizer's offsets are usable: each lies inside the text, they come in order, and,
    aligned exactly (:func:`tokscope.align.segment.segment`), the tokens and the dropped spans tile
    the
    text, every character covered by a token or reported dropped, and no token's offsets point
    away from the text it stands for."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    encoding = _encode(t, text)
    previous = 0
    for k, (start, end) in enumerate(encoding.offsets):
        token = encoding.tokens[k]
        if not 0 <= start <= end <= len(text):
            _fail(
                "offsets",
                t,
                text,
                f"token {k} ({token!r}) reports offsets ({start}, {end}), outside the text of "
                f"{len(text)} characters",
            )
        if start < previous:
            _fail(
                "offsets",
                t,
                text,
                f"token {k} ({token!r}) starts at character {start}, before the token "
                f"before it ({previous})",
            )
        previous = start
    seg = segment(t, text)
    hole = _tiling_error(seg)
    if hole:
        _fail("offsets", t, text, hole, _split(seg, "text"))
    for k, (span, (start, end)) in enumerate(zip(seg.tokens, encoding.offsets)):
        both = start < end and span.char_start < span.char_end
        if both and (end <= span.char_start or span.char_end <= start):
            _fail(
                "offsets",
                t,
                text,
                f"token {k} ({span.token!r}) reports characters {start}..{end} but stands "
                f"for characters {span.char_start}..{span.char_end}",
                _split(seg, "text"),
            )


def _tiling_error(seg: Segmentation) -> str | None:
    pieces = [(t.byte_start, t.byte_end) for t in seg.tokens if t.byte_end > t.byte_start]
    pieces += [(g.byte_start, g.byte_end) for g in seg.dropped]
    position = 0
    for start, end in sorted(pieces):
        if start != position:
            what = "overlap" if start < position else "leave a hole"
            return f"tokens and dropped spans {what} at byte {min(start, position)}"
        position = end
    if position != seg.n_bytes:
        return f"tokens and dropped spans stop at byte {position} of {seg.n_bytes}"
    return None


def no_drop(tok: TokenizerLike, text: str) -> None:
    """Every character of the text is covered by some token (nothing is silently dropped)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    seg = segment(t, text)
    if seg.dropped:
        first = seg.dropped[0]
        _fail(
            "no-drop",
            t,
            text,
            f"{_count(seg.dropped_chars, 'character')} covered by no token, first "
            f"{visible(first.text)!r} at character {first.char_start}",
            _split(seg, "text"),
        )


def _signature(encoding: Encoding) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    keep = [k for k, m in enumerate(encoding.attention_mask) if m]
    return tuple(encoding.ids[k] for k in keep), tuple(encoding.offsets[k] for k in keep)


def deterministic(tok: TokenizerLike, text: str) -> None:
    """Encoding the same text again, before and after encoding another, gives the same ids and
    offsets (BPE dropout, for one, breaks this)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    first = _signature(_encode(t, text))
    for attempt in range(1, 4):
        _encode(t, text[::-1] + "x")
        again = _signature(_encode(t, text))
        if again != first:
            _fail(
                "deterministic",
                t,
                text,
                f"encoding {attempt + 1} gives ids {list(again[0])}, encoding 1 gave "
                f"{list(first[0])}",
            )


def batch(tok: TokenizerLike, text: str) -> None:
    """Encoding the text inside a batch gives the ids and offsets that encoding it alone gives
    (padding, which only a batch adds, is left out of the comparison)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    single = _signature(_encode(t, text))
    batch_items = [text, text[::-1] + text, text]
    results = t.tokenizer.encode_batch(batch_items, add_special_tokens=False)
    for position in (0, 2):
        got = _signature(results[position])
        if got != single:
            _fail(
                "batch",
                t,
                text,
                f"as item {position} of a batch the ids are {list(got[0])}, alone "
                f"{list(single[0])}",
            )


_RUN = re.compile(r"(\s)\1*")
_RUN_NAMES = {" ": "space", "\t": "tab", "\n": "newline", "\r": "CR"}


def _run_name(ch: str, k: int) -> str:
    return _count(k, _RUN_NAMES.get(ch, f"U+{ord(ch):04X}"))


def runs_distinct(tok: TokenizerLike, text: str, *, max_runs: int = 8) -> None:
    """For each whitespace run in the text (a maximal run of one whitespace character), the text
    and the same text with that run one character longer encode to different ids.

    That is what *distinguishable* means here: in the same context, a run of k and a run of k + 1
    give different token ids, so the model can tell 4 spaces from 5. ``max_runs`` bounds how many
    runs of the text are tried (the first ones).
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    if max_runs < 1:
        raise ValueError(f"max_runs must be at least 1, not {max_runs}")
    ids = _encode(t, text).ids
    for match in list(_RUN.finditer(text))[:max_runs]:
        ch, k = match.group(1), len(match.group(0))
        longer = text[: match.end()] + ch + text[match.end() :]
        if _encode(t, longer).ids == ids:
            _fail(
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
    t, text = as_loaded(tok), _valid_text(text)
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
            _fail(
                "indent-stable",
                t,
                text,
                f"indenting line {number} by {visible(step)!r} changes the tokens of {where}",
                _split(seg, "text"),
                _split(moved, "indented"),
            )


def no_unk(tok: TokenizerLike, text: str) -> None:
    """No token of valid Unicode text is the unknown token (byte-level models have none)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    unknown = unknown_ids(t)
    if not unknown:
        return
    ids = _encode(t, text).ids
    if unknown.intersection(ids):
        seg = segment(t, text)
        hits = [x for x in seg.tokens if x.id in unknown]
        covered = " ".join(visible(x.surface) or "∅" for x in hits[:5])
        _fail(
            "no-unk",
            t,
            text,
            f"{_count(len(hits), 'unknown token')} ({t.tokenizer.id_to_token(hits[0].id)}) "
            f"for {covered}",
            _split(seg, "text"),
        )


def fixed_point(tok: TokenizerLike, text: str) -> None:
    """Decode-encode reaches a fixed point after one step: with ``y = decode(encode(text))``,
    ``decode(encode(y)) == y``. A lossy tokenizer may change a text once, but not again."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), _valid_text(text)
    once = _decode(t, _encode(t, text).ids)
    twice = _decode(t, _encode(t, once).ids)
    if twice != once:
        at = first_difference(once, twice)
        _fail(
            "fixed-point",
            t,
            text,
            f"decoding and encoding again changes the text once more (at character {at})",
            split_of(t, text),
            split_of(t, once, "once"),
            split_of(t, twice, "twice"),
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
    t, text = as_loaded(tok), _valid_text(text)
    end = _first_word_end(text)
    if end == len(text):
        return
    cut = _byte_offset(text, end)
    seg = segment(t, text)
    spaced = segment(t, " " + text)
    if [x.id for x in _from(seg, cut)] != [x.id for x in _from(spaced, cut + 1)]:
        _fail(
            "leading-space",
            t,
            text,
            f"a leading space changes the tokens after the first word {text[:end].strip()!r}",
            _split(seg, "text"),
            _split(spaced, "spaced"),
        )


PROPERTIES: tuple[Property, ...] = (
    Property("roundtrip", "decode(encode(text)) == text", roundtrip),
    Property(
        "offsets",
        "offsets lie in the text, in order; tokens plus dropped spans tile it",
        offsets,
    ),
    Property("no-drop", "every character is covered by some token", no_drop),
    Property("deterministic", "encoding again gives the same ids and offsets", deterministic),
    Property("batch", "encoding in a batch gives what encoding alone gives", batch),
    Property(
        "runs-distinct", "whitespace runs of k and k+1 characters encode differently", runs_distinct
    ),
    Property(
        "indent-stable",
        "indenting a line one level changes no token of its body or of other lines",
        indent_stable,
    ),
    Property("no-unk", "no unknown token on valid Unicode text", no_unk),
    Property("fixed-point", "decode(encode(y)) == y for y = decode(encode(text))", fixed_point),
    Property(
        "leading-space",
        "a space before the text changes no token after its first word",
        leading_space,
    ),
)
"""Every property, in the order reports list them."""

PROPERTY_IDS: tuple[str, ...] = tuple(p.id for p in PROPERTIES)
"""The ids of :data:`PROPERTIES`."""


def get_property(property_id: str) -> Property:
    """The property with this id; a ``ValueError`` naming the known ids otherwise."""
    for prop in PROPERTIES:
        if prop.id == property_id:
            return prop
    raise ValueError(f"unknown property {property_id!r}; known: {', '.join(PROPERTY_IDS)}")
