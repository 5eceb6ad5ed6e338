"""A tokenizer ready for corpus statistics: its per-id tables, built once per process."""

from __future__ import annotations

import re

import numpy as np

from tokscope.loading.entries import unicode_to_bytes
from tokscope.loading.sources import LoadedTokenizer, component_state
from tokscope.measures import is_whitespace_entry
from tokscope.stats.aggregate import TokenizerInfo
from tokscope.stats.report import TokenText
from tokscope.text import WHITESPACE_STRING


class Prepared:
    """A tokenizer with the per-id tables measuring needs; built once per process."""

    def __init__(self, loaded: LoadedTokenizer) -> None:
        tok = loaded.tokenizer
        self.loaded = loaded
        size = tok.get_vocab_size(with_added_tokens=True)
        if loaded.entries.added:
            size = max(size, max(loaded.entries.added) + 1)
        tokens = [tok.id_to_token(i) or "" for i in range(size)]
        self.tokens = tokens
        """Entry string per id."""
        self.contents: list[bytes] = entry_contents(loaded, tokens)
        """Source bytes each id stands for."""
        self.lengths = np.fromiter(map(len, self.contents), dtype=np.int64, count=size)
        self.is_ws = np.fromiter(map(is_whitespace_entry, self.contents), dtype=bool, count=size)
        """The entry is a whitespace token."""
        self.has_text = np.fromiter(
            (bool(c.translate(None, WHITESPACE_STRING)) for c in self.contents),
            dtype=bool,
            count=size,
        )
        """The entry holds something besides whitespace."""
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
            unk_id=_unk_id(loaded),
            special_tokens_added=special,
        )

    def text(self, token_id: int) -> TokenText:
        """How entry ``token_id`` is written and what it stands for."""
        data = self.contents[token_id]
        return TokenText(token_id, self.tokens[token_id], data.decode("utf-8", "backslashreplace"))


def _inverse_table() -> dict[int, str]:
    """``str.translate`` table: byte-level character -> the byte it stands for (as a character);
    other characters up to the table's last one -> U+FFFF, which Latin-1 cannot encode."""
    inverse = unicode_to_bytes()
    table = {c: "\uffff" for c in range(max(map(ord, inverse)) + 1)}
    for char, byte in inverse.items():
        table[ord(char)] = chr(byte)
    return table


def entry_contents(loaded: LoadedTokenizer, tokens: list[str]) -> list[bytes]:
    """:meth:`EntryDecoder.content` of every entry, with C-speed paths for byte-level and
    SentencePiece vocabularies (``tests/test_stats_fastpath.py`` checks they agree)."""
    entries = loaded.entries
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
        return [entries.content(i, t) for i, t in enumerate(tokens)]
    for i in entries.added:
        if i < len(tokens):
            out[i] = tokens[i].encode("utf-8")
    return out


def _decoder_concatenates(loaded: LoadedTokenizer, tokens: list[str]) -> bool:
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


def _unk_id(loaded: LoadedTokenizer) -> int | None:
    tok = loaded.tokenizer
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
