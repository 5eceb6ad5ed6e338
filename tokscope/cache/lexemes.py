"""Lexemes kept in the cache: what the lexer made of one document's text, which no tokenizer
changes. A run that measures a new tokenizer over files measured before (one tokenizer replaced)
reads them instead of lexing every file again.

The key is the code (:func:`~tokscope.cache.keys.code_parts`, the pygments version among them),
the language and the text's SHA-256; the body is the lexemes' start offsets and class indices as
little-endian integers.
"""

from __future__ import annotations

import numpy as np

from tokscope.cache.keys import code_parts, key_of, text_digest

Lexed = tuple[list[int], list[int]]
"""One document's lexemes: where each starts (character index) and its class index (what
:func:`tokscope.lexing.lexeme_starts` gives)."""

_MAGIC = b"lexemes1"


def lexeme_key(language: str, text: str) -> str:
    """The cache key of the lexemes of ``text`` in ``language`` (a canonical name)."""
    return key_of(["lexemes", *code_parts(), language, text_digest(text)])


def encode_lexemes(lexed: Lexed) -> bytes:
    """``lexed`` as bytes."""
    starts, classes = lexed
    count = np.array([len(starts)], dtype="<u8").tobytes()
    return (
        _MAGIC
        + count
        + np.asarray(starts, dtype="<i8").tobytes()
        + np.asarray(classes, dtype="<i2").tobytes()
    )


def decode_lexemes(data: bytes) -> Lexed | None:
    """What :func:`encode_lexemes` wrote, or None for anything else."""
    head = len(_MAGIC) + 8
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    (count,) = np.frombuffer(data, dtype="<u8", count=1, offset=len(_MAGIC)).tolist()
    if len(data) != head + count * 10:
        return None
    starts = np.frombuffer(data, dtype="<i8", count=count, offset=head)
    classes = np.frombuffer(data, dtype="<i2", count=count, offset=head + 8 * count)
    return starts.tolist(), classes.tolist()


__all__ = ["Lexed", "decode_lexemes", "encode_lexemes", "lexeme_key"]
