"""Where ``inspect``'s parameter figures came from (an option, the default, or the model's
``config.json``): a table and the ``--json`` document with the sources added."""

from __future__ import annotations

import json
from collections.abc import Sequence

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.envelope import dumps
from tokscope.render.common.numbers import MISSING, count
from tokscope.render.common.sections import Section, label, number, section, text
from tokscope.render.inspect.json import inspect_json


def hidden_from(facts: TokenizerFacts) -> str:
    """Where the hidden size came from, in words."""
    source = facts.params.hidden_source
    if source == "default":
        return "default (--hidden, or a config.json beside the tokenizer, sets it)"
    return source if source == "--hidden" else f"{source} (hidden_size)"


def total_from(facts: TokenizerFacts) -> str:
    """Where the model's total came from, in words."""
    source = facts.params.total_source
    if source is None:
        return MISSING
    return source if source == "--params" else f"{source} (computed, BERT family)"


def sources_section(facts: Sequence[TokenizerFacts]) -> Section:
    """One row per tokenizer: hidden size and total parameters, and where each came from."""
    rows = [
        [
            f.name,
            count(f.params.hidden),
            hidden_from(f),
            MISSING if f.params.total_params is None else count(f.params.total_params),
            total_from(f),
        ]
        for f in facts
    ]
    columns = [label("tokenizer"), number("hidden"), text("from"), number("model params")]
    return section("Where the parameter figures come from", [*columns, text("from")], rows)


def inspect_json_with_sources(facts: Sequence[TokenizerFacts]) -> str:
    """The ``inspect --json`` document, each ``params`` with ``hidden_source`` and
    ``total_source``."""
    payload = json.loads(inspect_json(list(facts)))
    for item, f in zip(payload["tokenizers"], facts):
        item["params"]["hidden_source"] = f.params.hidden_source
        item["params"]["total_source"] = f.params.total_source
    return dumps(payload)
