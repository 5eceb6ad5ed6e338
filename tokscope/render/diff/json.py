"""``diff --json``: per tokenizer, provenance, whole-text totals, the tokens of the lines shown."""

from __future__ import annotations

from typing import Any

from tokscope.align.segment import TokenSpan
from tokscope.diff import Column, DiffResult, Summary
from tokscope.render.common.envelope import dumps, envelope, provenance
from tokscope.render.common.numbers import rounded
from tokscope.text import around
from tokscope.text import first_difference as text_first_difference


def first_difference(text: str, decoded: str | None) -> dict[str, Any] | None:
    """Where ``decode(encode(text))`` first departs from the text, with a little context."""
    if decoded is None:
        return None
    i = text_first_difference(text, decoded)
    return {"char": i, "source": around(text, i), "decoded": around(decoded, i)}


def totals(text: str, s: Summary) -> dict[str, Any]:
    """Counts over the whole text."""
    return {
        "tokens": s.tokens,
        "bytes": s.n_bytes,
        "chars": s.chars,
        "bytes_per_token": rounded(s.bytes_per_token, 4),
        "dropped_chars": s.dropped_chars,
        "dropped_bytes": s.dropped_bytes,
        "rewritten_tokens": s.rewritten,
        "unknown_tokens": s.unknown,
        "unknown_chars": s.unknown_chars,
        "unknown_entry": s.unknown_entry,
        "round_trip": s.round_trip,
        "first_difference": first_difference(text, s.decoded),
    }


def token(column: Column, t: TokenSpan) -> dict[str, Any]:
    """One token as JSON."""
    return {
        "id": t.id,
        "token": t.token,
        "surface": t.surface,
        "decoded": t.decoded,
        "char_span": [t.char_start, t.char_end],
        "byte_span": [t.byte_start, t.byte_end],
        "partial": t.partial,
        "differs": t.differs,
        "unknown": column.is_unknown(t),
    }


def diff_json(result: DiffResult) -> str:
    """The ``diff --json`` document.

    Tokens (each once, on the line where it starts) and dropped spans are those of the lines
    shown; totals are for the whole text.
    """
    tokenizers = []
    for c, column in enumerate(result.columns):
        tokens: list[dict[str, Any]] = []
        dropped: list[dict[str, Any]] = []
        seen_gaps: set[tuple[int, int]] = set()
        for row in result.rows:
            for f in row.cells[c]:
                piece = f.piece
                if isinstance(piece, TokenSpan):
                    if f.first:
                        tokens.append(token(column, piece))
                elif (piece.byte_start, piece.byte_end) not in seen_gaps:
                    seen_gaps.add((piece.byte_start, piece.byte_end))
                    dropped.append(
                        {
                            "text": piece.text,
                            "char_span": [piece.char_start, piece.char_end],
                            "byte_span": [piece.byte_start, piece.byte_end],
                        }
                    )
        tokenizers.append(
            {
                "name": column.name,
                "provenance": provenance(column.provenance),
                "totals": totals(result.source.text, column.summary),
                "tokens": tokens,
                "dropped": dropped,
            }
        )
    lines = [result.rows[0].number, result.rows[-1].number] if result.rows else None
    return dumps(
        envelope(
            "diff",
            {
                "file": result.source.name,
                "bytes": result.source.n_bytes,
                "total_lines": result.total_lines,
                "lines": lines,
                "tokenizers": tokenizers,
            },
        )
    )
