"""JSON for every command: plain dicts from the result dataclasses, deterministic text out.

The same input gives byte-identical output: keys keep a fixed order, floats are rounded, and
nothing depends on time or the order files were found in.
"""

from __future__ import annotations

import json
from typing import Any

from tokscope import __version__
from tokscope.align.segment import Segmentation
from tokscope.diff import DiffResult
from tokscope.inspection import TokenizerFacts
from tokscope.loading.sources import Provenance
from tokscope.text import around
from tokscope.text import first_difference as text_first_difference

SCHEMA_VERSION = 1
"""Bumped when a field changes meaning or disappears."""


def dumps(payload: dict[str, Any]) -> str:
    """Serialise ``payload`` as indented UTF-8 JSON with a trailing newline."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def envelope(command: str, body: dict[str, Any]) -> dict[str, Any]:
    """The fields every JSON document starts with."""
    return {
        "tool": "tokscope",
        "version": __version__,
        "schema": SCHEMA_VERSION,
        "command": command,
        **body,
    }


def provenance(p: Provenance) -> dict[str, Any]:
    """Where a tokenizer came from."""
    return {
        "spec": p.spec,
        "origin": p.origin,
        "format": p.format,
        "hub_id": p.hub_id,
        "revision": p.revision,
        "files": [{"path": f.path, "sha256": f.sha256} for f in p.files],
    }


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
        "bytes_per_token": round(seg.bytes_per_token, 4),
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


def inspect_json(facts: list[TokenizerFacts]) -> str:
    """The ``inspect --json`` document."""
    items = []
    for f in facts:
        p = f.params
        items.append(
            {
                "name": f.name,
                "provenance": provenance(f.provenance),
                "model_type": f.model_type,
                "vocab_size": f.vocab_size,
                "vocab_size_with_added": f.vocab_size_with_added,
                "normalizer": f.normalizer,
                "pre_tokenizer": f.pre_tokenizer,
                "decoder": f.decoder,
                "post_processor": f.post_processor,
                "special_tokens": list(f.special_tokens),
                "added_not_special": f.added_not_special,
                "whitespace": {
                    **{
                        name: {
                            "longest_entry": run.longest_entry,
                            "longest_token_in_text": run.longest_token_in_text,
                        }
                        for name, run in (
                            ("spaces", f.whitespace.spaces),
                            ("tabs", f.whitespace.tabs),
                            ("newlines", f.whitespace.newlines),
                        )
                    },
                    "pure_whitespace_entries": f.whitespace.pure_whitespace_entries,
                },
                "params": {
                    "hidden": p.hidden,
                    "vocab_params": p.vocab_params,
                    "total_params": p.total_params,
                    "vocab_share": None if p.vocab_share is None else round(p.vocab_share, 6),
                    "core_params": p.core_params,
                },
            }
        )
    return dumps(envelope("inspect", {"tokenizers": items}))
