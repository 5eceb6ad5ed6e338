"""A tokenizer ready for corpus statistics: its per-id tables, built once per process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, Protocol, TypeVar

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


@dataclass(frozen=True, eq=False)
class Tables:
    """The per-id tables measuring needs, which depend only on the tokenizer's files (so the
    cache keeps them: :mod:`tokscope.cache.tables`)."""

    lengths: np.ndarray
    """Per id, how many bytes the entry stands for (int64)."""
    is_ws: np.ndarray
    """Per id, whether the entry is a whitespace token (bool)."""
    has_text: np.ndarray
    """Per id, whether the entry holds something besides whitespace (bool)."""
    absent: tuple[int, ...]
    """The ids without an entry string
    (:attr:`~tokscope.loading.vocabulary.Vocabulary.absent`)."""


V = TypeVar("V")

ON_DEMAND_IDS = 8192
"""With tables from the cache, how many distinct ids are read from the tokenizer one by one
before the whole vocabulary is read instead (the values are the same either way): a few edited
files stay under it, a new corpus goes over it soon."""


class _OnDemand(Generic[V]):
    """Values per id computed on first use, then kept: for a run that measures a few files
    with tables from the cache, where reading the whole vocabulary would cost more than the
    measuring."""

    def __init__(self, size: int, compute: Callable[[int], V]) -> None:
        self._size = size
        self._compute = compute
        self.known: dict[int, V] = {}
        """The values computed so far."""

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, token_id: int) -> V:
        try:
            return self.known[token_id]
        except KeyError:
            if not 0 <= token_id < self._size:
                raise IndexError(token_id) from None
            value = self.known[token_id] = self._compute(token_id)
            return value


class Prepared:
    """A tokenizer with the per-id tables measuring needs; each table built on first use, then
    kept (once per process).

    Building the tables reads the whole vocabulary (about a second for XLM-R's 250,002
    entries), so it is left until measuring needs them: the first batch is being encoded in a
    thread meanwhile (:func:`tokscope.stats.engine.loop.measure_all`)."""

    def __init__(
        self,
        loaded: LoadedTokenizer,
        *,
        info: TokenizerInfo | None = None,
        tables: Tables | None = None,
        keep: Callable[[Tables], None] | None = None,
    ) -> None:
        """``info`` and ``tables``, when given, are what this tokenizer's would be (from the
        cache): the vocabulary is then read only for the ids measuring meets. ``keep`` is
        called with the tables when they are built here."""
        self.loaded = loaded
        """The tokenizer."""
        self.byte_level = loaded.entries.byte_level
        """Encode without offsets: the token bytes tile the source."""
        self._given_info = info
        self._given = tables
        self._keep = keep
        self._lazy_tokens: _OnDemand[str] | None = None
        self._lazy_contents: _OnDemand[bytes] | None = None
        if tables is not None:
            vocabulary = loaded.vocabulary
            absent = frozenset(tables.absent)
            size = len(tables.lengths)
            self._lazy_tokens = _OnDemand(
                size, lambda i: "" if i in absent else vocabulary.token_of(i)
            )
            self._lazy_contents = _OnDemand(
                size, lambda i: vocabulary.decoder.content(i, self.tokens[i])
            )

    @property
    def tokens(self) -> PerId[str]:
        """Entry string per id (empty for an id without one)."""
        lazy = self._lazy_tokens
        if lazy is None or len(lazy.known) > ON_DEMAND_IDS:
            return self.loaded.vocabulary.tokens
        return lazy

    @property
    def contents(self) -> PerId[bytes]:
        """Source bytes each id stands for."""
        lazy = self._lazy_contents
        if lazy is None or len(lazy.known) > ON_DEMAND_IDS:
            return self.loaded.vocabulary.contents
        return lazy

    @cached_property
    def tables(self) -> Tables:
        """The per-id tables: given, or built from the whole vocabulary (then passed to
        ``keep``)."""
        if self._given is not None:
            return self._given
        vocabulary = self.loaded.vocabulary
        lengths, is_ws, has_text = content_tables(vocabulary.contents)
        built = Tables(lengths, is_ws, has_text, vocabulary.absent)
        if self._keep is not None:
            self._keep(built)
        return built

    @property
    def lengths(self) -> np.ndarray:
        """Per id, how many bytes the entry stands for."""
        return self.tables.lengths

    @property
    def is_ws(self) -> np.ndarray:
        """Per id, whether the entry is a whitespace token
        (:func:`~tokscope.measures.is_whitespace_entry`)."""
        return self.tables.is_ws

    @property
    def has_text(self) -> np.ndarray:
        """Per id, whether the entry holds something besides whitespace."""
        return self.tables.has_text

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
