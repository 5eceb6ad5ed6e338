"""One tokenizer over the whole text, once, at the cost of the counts the summary needs.

Every token's exact byte span comes from :func:`tokscope.stats.spans.token_spans` (the spans of
:func:`tokscope.align.segment.segment`, computed with array operations; ``segment`` itself is the
reference the tests compare with). The summary is counted over all tokens from those arrays; full
:class:`~tokscope.align.segment.TokenSpan` objects are built only for the lines shown, so a
megabyte file costs little more than encoding it.
"""

from __future__ import annotations

import numpy as np

from tokscope.align.segment import Gap, TokenSpan
from tokscope.diff.result import Piece, Summary
from tokscope.errors import TokenizerError, TokscopeError
from tokscope.loading.sources import LoadedTokenizer
from tokscope.stats.prepared import Prepared
from tokscope.stats.spans import token_spans


def _show(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


class TextIndex:
    """Char and byte positions of one text (``boc``: byte of each char, then the length)."""

    def __init__(self, text: str, data: bytes) -> None:
        self.text = text
        self.data = data
        arr = np.frombuffer(data, dtype=np.uint8)
        lead = np.flatnonzero((arr & 0xC0) != 0x80)
        self.boc: np.ndarray | None = None if len(lead) == len(data) else np.append(lead, len(data))

    def char(self, byte: int) -> int:
        """The character holding ``byte``."""
        if self.boc is None:
            return byte
        return int(np.searchsorted(self.boc, byte, side="right")) - 1

    def chars(self, bytes_: np.ndarray) -> np.ndarray:
        """:meth:`char` of many bytes."""
        if self.boc is None:
            return bytes_
        return np.searchsorted(self.boc, bytes_, side="right") - 1

    def byte(self, char: int) -> int:
        """Where character ``char`` starts."""
        return char if self.boc is None else int(self.boc[char])

    def char_end(self, start: int, end: int) -> int:
        """One past the character holding byte ``end - 1`` (``char(start)`` when empty)."""
        return self.char(start) if end <= start else self.char(end - 1) + 1

    def on_boundary(self, byte: int) -> bool:
        """Whether ``byte`` starts a character (or is the end)."""
        return self.boc is None or int(self.boc[self.char(byte)]) == byte


class WholeText:
    """Exact spans of every token of one text for one tokenizer, and what the summary counts."""

    def __init__(self, loaded: LoadedTokenizer, name: str, index: TextIndex) -> None:
        self.loaded = loaded
        self.index = index
        self.prep = prep = Prepared(loaded)
        self.unk_id = prep.info.unk_id
        self.metaspace = loaded.entries.metaspace is not None
        text, data = index.text, index.data
        tok = loaded.tokenizer
        try:
            if prep.byte_level and hasattr(tok, "encode_batch_fast"):
                ids = tok.encode_batch_fast([text], add_special_tokens=False)[0].ids
                offsets = None
            else:
                encoding = tok.encode(text, add_special_tokens=False)
                ids, offsets = encoding.ids, encoding.offsets
            spans, ids = token_spans(prep, text, data, ids, offsets, index.boc)
            decoded = spans.decoded
            if decoded is None and not (spans.tiles and prep.concat_decodes):
                decoded = tok.decode(ids, skip_special_tokens=False)
        except BaseException as exc:  # tokenizers raises Exception, or PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit, TokscopeError)):
                raise
            raise TokenizerError.of(loaded.name, exc, what=name) from None
        self.ids = ids
        self.starts = spans.starts.astype(np.int64)
        self.ends = spans.ends.astype(np.int64)
        self.tiles = spans.tiles
        self.decoded = None if decoded is None or decoded == text else decoded
        n = len(ids)
        covered = np.maximum.accumulate(self.ends) if n else np.zeros(0, np.int64)
        before = np.concatenate(([0], covered[:-1])) if n else np.zeros(0, np.int64)
        opens = self.starts > before
        gap_s, gap_e = list(before[opens].tolist()), list(self.starts[opens].tolist())
        tail = int(covered[-1]) if n else 0
        if tail < len(data):
            gap_s.append(tail)
            gap_e.append(len(data))
        self.gap_starts = np.array(gap_s, dtype=np.int64)
        self.gap_ends = np.array(gap_e, dtype=np.int64)

    def differs(self, k: int) -> bool:
        """Token ``k`` stands for other text than it covers (rewritten, normalised or unknown).

        SentencePiece's ``▁`` before a word stands for no source character and is not counted.
        """
        token_id = self.ids[k]
        if token_id == self.unk_id:
            return True
        content = self.prep.contents[token_id]
        source = self.index.data[int(self.starts[k]) : int(self.ends[k])]
        if content == source:
            return False
        return not (self.metaspace and content[:1] == b" " and content[1:] == source)

    def summary(self) -> Summary:
        """Counts over the whole text."""
        index = self.index
        n = len(self.ids)
        arr = np.fromiter(self.ids, dtype=np.int64, count=n)
        unknown_at = np.flatnonzero(arr == self.unk_id) if self.unk_id is not None else arr[:0]
        # Tiling tokens cover exactly what they stand for: only unknown ones can differ.
        rewritten = len(unknown_at) if self.tiles else sum(map(self.differs, range(n)))
        unknown_chars = sum(
            self.index.char_end(int(self.starts[k]), int(self.ends[k]))
            - index.char(int(self.starts[k]))
            for k in unknown_at.tolist()
        )
        gap_chars = 0
        if len(self.gap_starts):
            first = index.chars(self.gap_starts)
            last = index.chars(self.gap_ends - 1) + 1
            gap_chars = int((last - first).sum())
        entry = self.prep.tokens[self.unk_id] if self.unk_id is not None else None
        return Summary(
            tokens=n,
            n_bytes=len(index.data),
            chars=len(index.text),
            dropped_chars=gap_chars,
            dropped_bytes=int((self.gap_ends - self.gap_starts).sum()),
            rewritten=rewritten,
            unknown=len(unknown_at),
            unknown_chars=unknown_chars,
            unknown_entry=entry,
            decoded=self.decoded,
        )

    def token(self, k: int) -> TokenSpan:
        """Token ``k`` with its exact span and what it stands for."""
        index = self.index
        start, end = int(self.starts[k]), int(self.ends[k])
        token_id = self.ids[k]
        return TokenSpan(
            id=token_id,
            token=self.prep.tokens[token_id],
            char_start=index.char(start),
            char_end=index.char_end(start, end),
            byte_start=start,
            byte_end=end,
            surface=_show(index.data[start:end]),
            decoded=_show(self.prep.contents[token_id]),
            partial=not (index.on_boundary(start) and index.on_boundary(end)),
            differs=self.differs(k),
        )

    def gap(self, g: int) -> Gap:
        """Dropped span ``g``."""
        index = self.index
        start, end = int(self.gap_starts[g]), int(self.gap_ends[g])
        c0, c1 = index.char(start), index.char_end(start, end)
        return Gap(c0, c1, start, end, index.text[c0:c1])

    def pieces(self, b0: int, b1: int) -> list[Piece]:
        """Tokens that start in bytes ``[b0, b1)`` or run into it, and gaps that overlap it.

        When ``b1`` is the end of the text, empty tokens there are included. In source order.
        """
        n = len(self.ids)
        lo = int(np.searchsorted(self.starts, b0, side="left"))
        if lo > 0 and self.ends[lo - 1] > b0:
            lo -= 1
        at_end = b1 >= len(self.index.data)
        hi = n if at_end else int(np.searchsorted(self.starts, b1, side="left"))
        glo = int(np.searchsorted(self.gap_ends, b0, side="right"))
        ghi = int(np.searchsorted(self.gap_starts, b1, side="left"))
        pieces: list[Piece] = [self.token(k) for k in range(lo, hi)]
        pieces += [self.gap(g) for g in range(glo, ghi)]
        pieces.sort(key=lambda p: (p.byte_start, p.byte_end, isinstance(p, TokenSpan)))
        return pieces
