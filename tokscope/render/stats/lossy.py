"""How every view flags a lossy tokenizer next to its compression figures, in one place.

A tokenizer that loses source whitespace (:attr:`~tokscope.stats.Metrics.lossless` false) gets
more bytes per token, a lower NSL and a better context fit *because* it keeps less text; every
compression figure it shows carries :data:`LOSSY`, with the figures over preserved bytes beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.render.common.numbers import percent, ratio
from tokscope.stats import Metrics, TokenizerReport

LOSSY = "lossy"
"""The flag written after a lossy tokenizer's compression figures."""

CONTEXT_NOTE = (
    "A lossy tokenizer's context fit is flattered the same way: it fits more files because it "
    "keeps less text."
)
"""Said once under the summary when any tokenizer is lossy."""


def flagged(value: str, m: Metrics) -> str:
    """``value``, followed by ``(lossy)`` when the tokenizer loses whitespace.

    A compression figure (bytes/token, chars/token, NSL, context fit) never appears without it.
    """
    return value if m.lossless else f"{value} ({LOSSY})"


def lossless_cell(m: Metrics) -> str:
    """``yes``, or ``no: 54.4% of whitespace lost``."""
    return "yes" if m.lossless else f"no: {percent(m.whitespace_lost_share)} of whitespace lost"


def kept_cell(m: Metrics) -> str:
    """``bytes/token · NSL``, and for a lossy tokenizer the same over preserved bytes."""
    plain = f"{ratio(m.bytes_per_token)} · {ratio(m.nsl)}"
    if m.lossless:
        return plain
    kept = f"{ratio(m.preserved_bytes_per_token)} · {ratio(m.preserved_nsl)}"
    return f"{plain} ({LOSSY}; kept: {kept})"


def lossy_sentence(name: str, m: Metrics) -> str:
    """The one sentence that says what a lossy tokenizer's compression is worth.

    ``xlm-roberta loses 54.4% of the whitespace bytes; its compression counts text it does not
    keep.``
    """
    return (
        f"{name} loses {percent(m.whitespace_lost_share)} of the whitespace bytes; "
        "its compression counts text it does not keep."
    )


def lossy_notes(tokenizers: Sequence[TokenizerReport]) -> list[str]:
    """One :func:`lossy_sentence` per lossy tokenizer, then :data:`CONTEXT_NOTE`; empty when
    every tokenizer keeps all whitespace."""
    notes = [lossy_sentence(t.info.name, t.overall) for t in tokenizers if not t.overall.lossless]
    return [*notes, CONTEXT_NOTE] if notes else []
