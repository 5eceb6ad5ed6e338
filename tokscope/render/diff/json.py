"""``tokscope diff --json``: every token of the lines shown with its id, char and byte spans."""

from __future__ import annotations

from typing import Any

from tokscope.align.segment import Segmentation
from tokscope.diff import DiffResult
from tokscope.render.common.envelope import dumps, envelope, provenance
from tokscope.render.common.numbers import rounded
from tokscope.text import around
from tokscope.text import first_difference as text_first_difference


def first_difference(seg: Segmentation) -> dict[str, Any] | None:
    """Where ``decode(encode(text))`` first departs from the text, with a little context."""
    if seg.round_trip:
        return None
    i = text_first_difference(seg.text, seg.decoded)
    return {"char": i, "source": around(seg.text, i), "decoded": around(seg.decoded, i)}


def totals(seg: Segmentation) -> dict[str, Any]:
    """Counts over a whole segmentation."""
    return {
        "tokens": len(seg.tokens),
        "bytes": seg.n_bytes,
        "chars": len(seg.text),
        "bytes_per_token": rounded(seg.bytes_per_token, 4),
        "dropped_chars": seg.dropped_chars,
        "dropped_bytes": seg.dropped_bytes,
        "rewritten_tokens": sum(1 for t in seg.tokens if t.differs),
        "round_trip": seg.round_trip,
        "first_difference": first_difference(seg),
    }


def diff_json(result: DiffResult) -> str:
    """The ``diff --json`` document: per tokenizer, provenance, tokens, dropped spans, totals.

    Tokens and dropped spans are those of the lines shown; totals are for the whole text.
    """
    shown = {id(f.piece) for row in result.rows for cell in row.cells for f in cell}
    tokenizers = []
    for column in result.columns:
        seg = column.segmentation
        tokenizers.append(
            {
                "name": column.name,
                "provenance": provenance(column.provenance),
                "totals": totals(seg),
                "tokens": [
                    {
                        "id": t.id,
                        "token": t.token,
                        "surface": t.surface,
                        "decoded": t.decoded,
                        "char_span": [t.char_start, t.char_end],
                        "byte_span": [t.byte_start, t.byte_end],
                        "partial": t.partial,
                        "differs": t.differs,
                    }
                    for t in seg.tokens
                    if id(t) in shown
                ],
                "dropped": [
                    {
                        "text": g.text,
                        "char_span": [g.char_start, g.char_end],
                        "byte_span": [g.byte_start, g.byte_end],
                    }
                    for g in seg.dropped
                    if id(g) in shown
                ],
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
