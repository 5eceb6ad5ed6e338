"""A tokenizer ready for corpus statistics: its per-id tables, built once per process."""

from __future__ import annotations

from tokscope.loading.entries import unicode_to_bytes
from tokscope.loading.sources import LoadedTokenizer, component_state
from tokscope.measures import content_tables
from tokscope.stats.aggregate import TokenizerInfo
from tokscope.stats.metrics import TokenText


class Prepared:
    """A tokenizer with the per-id tables measuring needs; built once per process."""

    def __init__(self, loaded: LoadedTokenizer) -> None:
        tok = loaded.tokenizer
        self.loaded = loaded
        vocabulary = loaded.vocabulary
        size = vocabulary.size
        tokens = vocabulary.tokens
        self.tokens = tokens
        """Entry string per id."""
        self.contents = vocabulary.contents
        """Source bytes each id stands for."""
        self.lengths, self.is_ws, self.has_text = content_tables(self.contents)
        """Per id: how many bytes the entry stands for; whether it is a whitespace token
        (:func:`~tokscope.measures.is_whitespace_entry`); whether it holds something besides
        whitespace."""
        self.byte_level = loaded.entries.byte_level
        """Encode without offsets: the token bytes tile the source."""
        self.concat_decodes = self.byte_level and _decoder_concatenates(loaded, tokens)
        """decode(ids) is the tokens' bytes laid end to end (so tiling implies a round trip)."""
        count_special = getattr(tok, "num_special_tokens_to_add", None)
        special = int(count_special(False)) if count_special else 0
        self.info = TokenizerInfo(
            name=loaded.name,
            provenance=loaded.provenance,
            vocab_size=size,
            unk_id=vocabulary.unk_id,
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
