"""``tokscope inspect --json``: pipeline, vocabulary, whitespace and parameter facts."""

from __future__ import annotations

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.envelope import dumps, envelope, provenance
from tokscope.render.common.numbers import rounded


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
                    "vocab_share": rounded(p.vocab_share),
                    "core_params": p.core_params,
                },
            }
        )
    return dumps(envelope("inspect", {"tokenizers": items}))
