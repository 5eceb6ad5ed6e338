"""A tokenizer's vocabulary, id by id: the entry string, the bytes it stands for, which ids are
unknown, special or added.

Every part of tokscope that walks a vocabulary (statistics tables, vocabulary overlap, ``inspect``)
reads this one object, built once per loaded tokenizer
(:attr:`~tokscope.loading.tokenizer.LoadedTokenizer.vocabulary`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cached_property, lru_cache

from tokenizers import Tokenizer, models

from tokscope.loading.entries import EntryDecoder, unicode_to_bytes


class Vocabulary:
    """The entries of one tokenizer, ids ``0 .. size - 1`` (added tokens included). Each table is
    read on first use, then kept.

    >>> from tokenizers import Tokenizer, models
    >>> from tokscope.loading.entries import EntryDecoder
    >>> v = Vocabulary(Tokenizer(models.WordLevel({"a": 0, "<unk>": 1}, unk_token="<unk>")),
    ...                EntryDecoder(False, None, None, False, frozenset()))
    >>> v.size, v.tokens, v.contents, v.unk_id
    (2, ('a', '<unk>'), (b'a', b'<unk>'), 1)
    """

    def __init__(self, tokenizer: Tokenizer, entries: EntryDecoder) -> None:
        self.tokenizer = tokenizer
        """The tokenizer read."""
        self.decoder = entries
        """How entry strings map to bytes."""
        added = tokenizer.get_added_tokens_decoder()
        self.added_ids: frozenset[int] = frozenset(added)
        """Ids of added tokens (their string is their literal content)."""
        self.special_ids: frozenset[int] = frozenset(i for i, t in added.items() if t.special)
        """Ids of added tokens flagged special."""

    @cached_property
    def size(self) -> int:
        """One more than the largest id (or the number of entry strings, when larger).

        A Unigram model's pieces are ids ``0 .. n - 1`` with no hole, so its size needs no
        ``get_vocab`` call (a fifth of a second for XLM-R); other models may have holes."""
        tok = self.tokenizer
        if isinstance(tok.model, models.Unigram):
            top = max(self.added_ids, default=-1) + 1
            return max(tok.get_vocab_size(True), tok.get_vocab_size(False), top)
        return self._table[0]

    @cached_property
    def _table(self) -> tuple[int, tuple[str | None, ...]]:
        """(size, entry string or None per id), from one ``get_vocab`` call: inverting it is far
        quicker than asking ``id_to_token`` for each of 250,000 ids. Ids the inverse cannot
        settle (an added token, two strings for one id) are asked for one by one."""
        tok = self.tokenizer
        vocab = tok.get_vocab(with_added_tokens=True)
        size = max(tok.get_vocab_size(with_added_tokens=True), max(vocab.values(), default=-1) + 1)
        if self.added_ids:  # a vocabulary with holes (ids 0 and 5 only) still reaches its last id
            size = max(size, max(self.added_ids) + 1)
        found: list[str | None] = [None] * size
        unsure = set(self.added_ids)
        for token, i in vocab.items():
            if found[i] is not None:
                unsure.add(i)
            found[i] = token
        for i in unsure:
            found[i] = tok.id_to_token(i)
        return size, tuple(found)

    @cached_property
    def _found(self) -> tuple[str | None, ...]:
        return self._table[1]

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The entry string of each id (empty for an id that has none)."""
        return tuple(t or "" for t in self._found)

    def token_of(self, token_id: int) -> str:
        """The entry string of one id that has one, asked of the tokenizer alone: what
        :attr:`tokens` holds for it, without reading the whole vocabulary (for a few ids)."""
        return self.tokenizer.id_to_token(token_id) or ""

    @cached_property
    def present(self) -> frozenset[int]:
        """The ids that have an entry."""
        return frozenset(i for i, t in enumerate(self._found) if t is not None)

    @cached_property
    def unk_id(self) -> int | None:
        """The id of the unknown token, if the model has one."""
        return _unk_id(self.tokenizer)

    @cached_property
    def contents(self) -> tuple[bytes, ...]:
        """The bytes of source text each id stands for (:meth:`EntryDecoder.content`, id by id)."""
        return tuple(_contents(self.decoder, self.tokens, range(len(self.tokens))))

    def contents_of(self, ids: Sequence[int], tokens: Sequence[str]) -> list[bytes]:
        """What :attr:`contents` holds for ``ids``, whose entry strings are ``tokens``
        (:meth:`token_of`), without reading the whole vocabulary."""
        return _contents(self.decoder, tokens, ids)

    @cached_property
    def entries(self) -> Mapping[int, str]:
        """Id -> entry string, for the ids that have one."""
        return {i: t for i, t in enumerate(self._found) if t is not None}

    def content(self, token_id: int, token: str | None = None) -> bytes:
        """The bytes entry ``token_id`` stands for; with ``token``, the bytes of that string read
        as entry ``token_id`` (a token string an encoding gave)."""
        if token is None or (token_id < self.size and token == self.tokens[token_id]):
            return self.contents[token_id] if token_id < self.size else b""
        return self.decoder.content(token_id, token)


@lru_cache(maxsize=1)
def _inverse_table() -> dict[int, str]:
    """``str.translate`` table: byte-level character -> the byte it stands for (as a character);
    other characters up to the table's last one -> U+FFFF, which Latin-1 cannot encode."""
    inverse = unicode_to_bytes()
    table = {c: "\uffff" for c in range(max(map(ord, inverse)) + 1)}
    for char, byte in inverse.items():
        table[ord(char)] = chr(byte)
    return table


def _contents(entries: EntryDecoder, tokens: Sequence[str], ids: Sequence[int]) -> list[bytes]:
    """:meth:`EntryDecoder.content` of entries ``ids``, whose strings are ``tokens``, with
    C-speed paths for byte-level and SentencePiece vocabularies (``tests/test_stats_fastpath.py``
    checks they agree)."""
    plain = not entries.continuing_prefix and not entries.byte_fallback
    out: list[bytes]
    if plain and entries.byte_level and not entries.metaspace:
        table = _inverse_table()
        out = []
        for token in tokens:
            try:
                out.append(token.translate(table).encode("latin-1"))
            except UnicodeEncodeError:  # a character outside the byte table: literal text
                out.append(token.encode("utf-8"))
    elif plain and entries.metaspace and not entries.byte_level:
        space = entries.metaspace
        out = [token.replace(space, " ").encode("utf-8") for token in tokens]
    else:
        return [entries.content(i, t) for i, t in zip(ids, tokens)]
    added = entries.added
    for k in [k for k, i in enumerate(ids) if i in added]:
        out[k] = tokens[k].encode("utf-8")
    return out


def _unk_id(tok: Tokenizer) -> int | None:
    if hasattr(tok.model, "unk_token"):  # BPE, WordPiece, WordLevel
        unk = tok.model.unk_token
        return tok.token_to_id(unk) if isinstance(unk, str) and unk else None
    getstate = getattr(tok.model, "__getstate__", None)
    if getstate is None:
        return None
    state = getstate()
    head = state[:400] if isinstance(state, (bytes, str)) else b""
    if isinstance(head, str):
        head = head.encode("utf-8")
    match = re.search(rb'"unk_id"\s*:\s*(\d+)', head)
    return int(match.group(1)) if match else None
