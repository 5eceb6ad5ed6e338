"""Where ``inspect``'s parameter figures came from (an option, the default, or the model's
``config.json``): a terminal table and the ``--json`` document with the sources added."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.envelope import dumps
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
        return "-"
    return source if source == "--params" else f"{source} (computed, BERT family)"


def sources_table(facts: Sequence[TokenizerFacts]) -> Table:
    """One row per tokenizer: hidden size and total parameters, and where each came from."""
    table = Table(
        title="where the parameter figures come from",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
    )
    for name in ("tokenizer", "hidden", "from", "model params", "from "):
        table.add_column(name, justify="right" if name in ("hidden", "model params") else "left")
    for f in facts:
        p = f.params
        table.add_row(
            Text(f.name),
            f"{p.hidden:,}",
            Text(hidden_from(f)),
            "-" if p.total_params is None else f"{p.total_params:,}",
            Text(total_from(f)),
        )
    return table


def inspect_json_with_sources(facts: Sequence[TokenizerFacts]) -> str:
    """The ``inspect --json`` document, each ``params`` with ``hidden_source`` and
    ``total_source``."""
    payload = json.loads(inspect_json(list(facts)))
    for item, f in zip(payload["tokenizers"], facts):
        item["params"]["hidden_source"] = f.params.hidden_source
        item["params"]["total_source"] = f.params.total_source
    return dumps(payload)
