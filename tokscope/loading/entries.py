"""What each vocabulary entry stands for, as bytes of source text.

Token strings are encoded differently by each tokenizer family: byte-level BPE maps every byte to a
printable character (``Ġ`` is a space), SentencePiece writes a space as ``▁``, WordPiece marks
continuations with ``##``, and added tokens are stored as their literal text. :class:`EntryDecoder`
undoes that mapping so that tokens of different tokenizers can be compared as bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BYTE_FALLBACK = re.compile(r"<0x([0-9A-Fa-f]{2})>")


@lru_cache(maxsize=1)
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible table from each byte to a printable character.

    >>> bytes_to_unicode()[ord(" ")]
    'Ġ'
    """
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    table = {b: chr(b) for b in printable}
    shift = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + shift)
            shift += 1
    return table


@lru_cache(maxsize=1)
def unicode_to_bytes() -> dict[str, int]:
    """Inverse of :func:`bytes_to_unicode`."""
    return {c: b for b, c in bytes_to_unicode().items()}


@dataclass(frozen=True)
class EntryDecoder:
    """How a tokenizer writes the text of its vocabulary entries.

    Built from the tokenizer's model, pre-tokenizer and decoder (see
    :func:`tokscope.loading.sources.entry_decoder_for`); :meth:`content` turns one entry into bytes.
    """

    byte_level: bool
    """Entries use the byte-to-unicode table (GPT-2, RoBERTa, OLMo, ModernBERT)."""
    metaspace: str | None
    """The character that stands for a space (SentencePiece ``▁``), if any."""
    continuing_prefix: str | None
    """WordPiece's continuation marker (``##``), if any."""
    byte_fallback: bool
    """Entries like ``<0xE2>`` stand for one raw byte."""
    added: frozenset[int]
    """Ids of added tokens, whose string is their literal content."""

    def content(self, token_id: int, token: str) -> bytes:
        """The bytes of source text that entry ``token`` (with id ``token_id``) stands for.

        >>> EntryDecoder(True, None, None, False, frozenset()).content(1, "Ġreturn")
        b' return'
        """
        if token_id in self.added:
            return token.encode("utf-8")
        if self.byte_level:
            inverse = unicode_to_bytes()
            if all(c in inverse for c in token):
                return bytes(inverse[c] for c in token)
            return token.encode("utf-8")
        if self.byte_fallback:
            match = _BYTE_FALLBACK.fullmatch(token)
            if match:
                return bytes([int(match.group(1), 16)])
        if self.continuing_prefix and token.startswith(self.continuing_prefix):
            token = token[len(self.continuing_prefix) :]
        if self.metaspace:
            token = token.replace(self.metaspace, " ")
        return token.encode("utf-8")

    def is_continuation(self, token_id: int, token: str) -> bool:
        """Whether entry ``token`` is a WordPiece continuation (``##x``), whose marker
        :meth:`content` strips: it only ever follows another piece of the same word.

        >>> EntryDecoder(False, None, "##", False, frozenset()).is_continuation(7, "##ing")
        True
        """
        if not self.continuing_prefix or token_id in self.added or self.byte_level:
            return False
        if self.byte_fallback and _BYTE_FALLBACK.fullmatch(token):
            return False
        return token.startswith(self.continuing_prefix)
