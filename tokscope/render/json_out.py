"""JSON for every command: plain dicts from the result dataclasses, deterministic text out.

The same input gives byte-identical output: keys keep a fixed order, floats are rounded, and
nothing depends on time or the order files were found in.
"""

from __future__ import annotations

import json
from typing import Any

from tokscope import __version__
from tokscope.inspection import TokenizerFacts
from tokscope.loading.sources import Provenance

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
