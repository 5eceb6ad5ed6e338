"""A tokenizer ready for corpus statistics: its per-id tables, built once per process."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from tokscope.loading.entries import unicode_to_bytes
from tokscope.loading.sources import LoadedTokenizer, component_state
from tokscope.measures import content_tables
from tokscope.stats.aggregate import TokenizerInfo
from tokscope.stats.metrics import TokenText


class Prepared:
    """A tokenizer with the per-id tables measuring needs; each table built on first use, then
    kept (once per process).

    Building the tables reads the whole vocabulary (about a second for XLM-R's 250,002
    entries), so it is left until measuring needs them: the first batch is being encoded in a
    thread meanwhile (:func:`tokscope.stats.engine.loop.measure_all`)."""

    def __init__(self, loaded: LoadedTokenizer) -> None:
        self.loaded = loaded
        """The tokenizer."""
        self.byte_level = loaded.entries.byte_level
        """Encode without offsets: the token bytes tile the source."""

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """Entry string per id."""
        return self.loaded.vocabulary.tokens

    @cached_property
    def contents(self) -> tuple[bytes, ...]:
        """Source bytes each id stands for."""
        return self.loaded.vocabulary.contents

    @cached_property
    def _tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return content_tables(self.contents)

    @property
    def lengths(self) -> np.ndarray:
        """Per id, how many bytes the entry stands for."""
        return self._tables[0]

    @property
    def is_ws(self) -> np.ndarray:
        """Per id, whether the entry is a whitespace token
        (:func:`~tokscope.measures.is_whitespace_entry`)."""
        return self._tables[1]

    @property
    def has_text(self) -> np.ndarray:
        """Per id, whether the entry holds something besides whitespace."""
        return self._tables[2]

    @cached_property
    def concat_decodes(self) -> bool:
        """decode(ids) is the tokens' bytes laid end to end (so tiling implies a round trip)."""
        return self.byte_level and _decoder_concatenates(self.loaded, self.tokens)

    @cached_property
    def info(self) -> TokenizerInfo:
        """What the report needs to know about the tokenizer besides its counts."""
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


def _decoder_concatenates(loaded: LoadedTokenizer, tokens: tuple[str, ...]) -> bool:
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
