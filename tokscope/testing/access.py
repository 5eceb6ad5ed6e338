"""How the properties reach a tokenizer: any tokenizer as a loaded one, encoding, decoding,
splits for reports, and raising a failure."""

from __future__ import annotations

import contextlib
import json
import weakref
from collections.abc import Sequence
from typing import Any, TypeAlias

from tokenizers import Encoding, Tokenizer

from tokscope.align.segment import Segmentation, segment
from tokscope.loading.sources import FileRef, LoadedTokenizer, Provenance, entry_decoder_for
from tokscope.testing.failures import PropertyFailure, Split

TokenizerLike: TypeAlias = LoadedTokenizer | Tokenizer
"""What the properties accept: a loaded tokenizer, or a bare ``tokenizers.Tokenizer``."""


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
    return ReportedTokenizer(tok.name, tok.tokenizer, tok.provenance, tok.entries, tok.switched_off)


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


def valid_text(text: object) -> str:
    """``text`` checked to be a valid Unicode ``str`` (what every property takes)."""
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


def encode(t: LoadedTokenizer, text: str) -> Encoding:
    """``text`` encoded without special tokens."""
    return t.tokenizer.encode(text, add_special_tokens=False)


def decode(t: LoadedTokenizer, ids: Sequence[int]) -> str:
    """``ids`` decoded, special tokens kept."""
    return t.tokenizer.decode(list(ids), skip_special_tokens=False)


def split_of(tok: TokenizerLike, text: str, label: str = "text") -> Split:
    """How ``tok`` splits ``text``, for a report."""
    return segment_split(segment(as_loaded(tok), text), label)


def segment_split(seg: Segmentation, label: str) -> Split:
    """A segmentation as a report shows it."""
    return Split(
        label=label,
        text=seg.text,
        tokens=tuple(t.decoded for t in seg.tokens),
        ids=tuple(t.id for t in seg.tokens),
        dropped=tuple(g.text for g in seg.dropped),
    )


def plain_split(t: LoadedTokenizer, text: str) -> Split:
    """How ``t`` splits ``text``, aligned when the offsets allow it, else as the model says."""
    try:
        return split_of(t, text)
    except Exception:  # offsets too broken to align: show the tokens as they are
        encoding = encode(t, text)
        return Split("text", text, tuple(encoding.tokens), tuple(encoding.ids), ())


def fail(property_id: str, t: LoadedTokenizer, text: str, reason: str, *splits: Split) -> None:
    """Raise the :class:`PropertyFailure` of ``property_id`` for ``text`` (the input's split when
    no ``splits`` are given)."""
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    raise PropertyFailure(property_id, t.name, text, reason, splits or (plain_split(t, text),))


def plural(n: int, noun: str) -> str:
    """``1 tab``, ``2 tabs``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
