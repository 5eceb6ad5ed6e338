"""A tokenizer ready for corpus statistics: its per-id values, read once per process for the
ids measuring meets."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Protocol, TypeVar

import numpy as np

from tokscope.loading.entries import unicode_to_bytes
from tokscope.loading.sources import LoadedTokenizer, component_state
from tokscope.measures import content_tables
from tokscope.stats.aggregate import TokenizerInfo
from tokscope.stats.metrics import TokenText

T = TypeVar("T", covariant=True)


class PerId(Protocol[T]):
    """A value per id, ``0 .. len - 1``."""

    def __getitem__(self, token_id: int, /) -> T: ...

    def __len__(self) -> int: ...


V = TypeVar("V")


class _Grown(dict[int, V]):
    """Values per id, ``0 .. size - 1``, each computed on first use and then kept. A dict, so
    that reading a value already there is a lookup in C (``map(values.__getitem__, ids)``); its
    length is ``size``, the ids it answers for, as for a tuple of all the values."""

    def __init__(self, size: int, compute: Callable[[int], V]) -> None:
        super().__init__()
        self.size = size
        self._compute = compute

    def __missing__(self, token_id: int) -> V:
        if not 0 <= token_id < self.size:
            raise IndexError(token_id)
        value = self[token_id] = self._compute(token_id)
        return value

    def __len__(self) -> int:
        return self.size


class Prepared:
    """A tokenizer with the per-id values measuring needs, each read on first use for the
    ids met, then kept (once per process).

    Measuring meets a small part of the vocabulary (about 30,000 of XLM-R's 250,002 entries in
    2 MB of Python), so nothing reads the whole of it: :meth:`meet` asks the tokenizer for the
    entries of the ids it has not seen yet, which for a corpus costs less than one
    ``get_vocab`` call (``tests/test_grown_tables.py`` checks the values are those of the whole
    vocabulary)."""

    def __init__(self, loaded: LoadedTokenizer, *, info: TokenizerInfo | None = None) -> None:
        """``info``, when given, is what this tokenizer's would be (from the cache)."""
        self.loaded = loaded
        """The tokenizer."""
        self.byte_level = loaded.entries.byte_level
        """Encode without offsets: the token bytes tile the source."""
        self._given_info = info
        vocabulary = loaded.vocabulary
        size = info.vocab_size if info is not None else vocabulary.size
        self._tokens: _Grown[str] = _Grown(size, vocabulary.token_of)
        self._contents: _Grown[bytes] = _Grown(
            size, lambda i: vocabulary.contents_of([i], [self._tokens[i]])[0]
        )
        self._known = np.zeros(size, dtype=bool)
        self._lengths = np.zeros(size, dtype=np.int64)
        self._is_ws = np.zeros(size, dtype=bool)
        self._has_text = np.zeros(size, dtype=bool)

    @property
    def tokens(self) -> PerId[str]:
        """Entry string per id (empty for an id without one)."""
        return self._tokens

    @property
    def contents(self) -> PerId[bytes]:
        """Source bytes each id stands for."""
        return self._contents

    def meet(self, ids: np.ndarray) -> None:
        """Read the entries of ``ids`` (an int64 array) not met yet, for the tables below."""
        fresh = ids[~self._known[ids]]
        if not len(fresh):
            return
        fresh = np.unique(fresh)
        id_list: list[int] = fresh.tolist()
        token_of = self.loaded.vocabulary.token_of
        tokens = [token_of(i) for i in id_list]
        contents = self.loaded.vocabulary.contents_of(id_list, tokens)
        self._tokens.update(zip(id_list, tokens))
        self._contents.update(zip(id_list, contents))
        self._lengths[fresh], self._is_ws[fresh], self._has_text[fresh] = content_tables(contents)
        self._known[fresh] = True

    def lengths_at(self, ids: np.ndarray) -> np.ndarray:
        """How many bytes each of ``ids`` stands for (int64)."""
        self.meet(ids)
        found: np.ndarray = self._lengths[ids]
        return found

    def is_ws_at(self, ids: np.ndarray) -> np.ndarray:
        """Whether each of ``ids`` is a whitespace token
        (:func:`~tokscope.measures.is_whitespace_entry`)."""
        self.meet(ids)
        found: np.ndarray = self._is_ws[ids]
        return found

    def has_text_at(self, ids: np.ndarray) -> np.ndarray:
        """Whether each of ``ids`` holds something besides whitespace."""
        self.meet(ids)
        found: np.ndarray = self._has_text[ids]
        return found

    @cached_property
    def concat_decodes(self) -> bool:
        """decode(ids) is the tokens' bytes laid end to end (so tiling implies a round trip)."""
        return self.byte_level and _decoder_concatenates(self.loaded, self.tokens)

    @cached_property
    def info(self) -> TokenizerInfo:
        """What the report needs to know about the tokenizer besides its counts."""
        if self._given_info is not None:
            return self._given_info
        loaded = self.loaded
        count_special = getattr(loaded.tokenizer, "num_special_tokens_to_add", None)
        special = int(count_special(False)) if count_special else 0
        return TokenizerInfo(
            name=loaded.name,
            provenance=loaded.provenance,
            vocab_size=loaded.vocabulary.size,
            unk_id=loaded.vocabulary.unk_id,
            special_tokens_added=special,
        )

    def text(self, token_id: int) -> TokenText:
        """How entry ``token_id`` is written and what it stands for."""
        data = self.contents[token_id]
        return TokenText(token_id, self.tokens[token_id], data.decode("utf-8", "backslashreplace"))


def _decoder_concatenates(loaded: LoadedTokenizer, tokens: PerId[str]) -> bool:
    """Whether the decoder is exactly byte-level (bytes of each token, end to end) and the added
    tokens' literal text is also what it gives for them."""
    state = component_state(loaded.tokenizer.decoder)
    if state is None or state.get("type") != "ByteLevel":
        return False
    table = unicode_to_bytes()
    for i in loaded.entries.added:
        token = tokens[i] if i < len(tokens) else ""
        mapped = (
            bytes(table[c] for c in token)
            if all(c in table for c in token)
            else token.encode("utf-8")
        )
        if mapped != token.encode("utf-8"):
            return False
    return True
