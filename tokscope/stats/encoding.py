"""Encoding a batch's texts with each tokenizer: the step that runs in a thread ahead of the
counting (:func:`tokscope.stats.engine.loop.measure_all`), and that the cache runs for the
documents it misses (:func:`tokscope.stats.engine.cached.encode_missing`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tokscope.stats.prepared import Prepared


@dataclass(frozen=True)
class Encoded:
    """One tokenizer's encodings of a batch's texts."""

    encodings: list[Any]
    """One ``tokenizers.Encoding`` per text."""
    offsets: bool
    """Whether they carry offsets."""
    decoded: list[str] | None = None
    """``decode(ids)`` of each, for a tokenizer whose decode is not its tokens' bytes end to end
    (every text is decoded to check its round trip then)."""

    def part(self, j: int) -> Encoded:
        """The encoding of text ``j`` alone."""
        decoded = None if self.decoded is None else self.decoded[j : j + 1]
        return Encoded(self.encodings[j : j + 1], self.offsets, decoded)


def encode_texts(preps: Sequence[Prepared], texts: list[str]) -> list[Encoded]:
    """Each tokenizer's encodings of ``texts``, without special tokens: byte-level tokenizers
    through ``encode_batch_fast`` (no offsets: the token bytes tile the source), the others with
    offsets; decoded too where the round trip needs it. The tokenizers release the GIL while
    encoding and decoding, so this can run in a thread while another batch is measured
    (:func:`tokscope.stats.engine.loop.measure_all`)."""
    out: list[Encoded] = []
    for prep in preps:
        tok = prep.loaded.tokenizer
        if prep.byte_level and hasattr(tok, "encode_batch_fast"):
            encodings, offsets = tok.encode_batch_fast(texts, add_special_tokens=False), False
        else:
            encodings, offsets = tok.encode_batch(texts, add_special_tokens=False), True
        decoded = None
        if not prep.concat_decodes:
            ids = [e.ids for e in encodings]
            decoded = tok.decode_batch(ids, skip_special_tokens=False)
        out.append(Encoded(encodings, offsets, decoded))
    return out


__all__ = ["Encoded", "encode_texts"]
