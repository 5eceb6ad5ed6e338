"""Terminal view of :class:`~tokscope.inspection.TokenizerFacts`, one column per tokenizer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.inspection import RunFacts, TokenizerFacts


def millions(n: int) -> str:
    """``51,576,832`` -> ``51.6M`` (exact figures are in ``--json``)."""
    return f"{n / 1e6:,.1f}M"


def _short_path(path: str) -> str:
    """The file and its folder; the whole path is in ``--json``."""
    parts = PurePath(path).parts
    return "/".join(parts[-2:]) if len(parts) > 1 else path


def _runs(facts: RunFacts) -> str:
    return f"{facts.longest_entry} longest entry, {facts.longest_token_in_text} as one token"


def _specials(f: TokenizerFacts) -> str:
    shown = " ".join(f.special_tokens[:8])
    return shown + (f" (+{len(f.special_tokens) - 8})" if len(f.special_tokens) > 8 else "")


_ROWS: tuple[tuple[str, Callable[[TokenizerFacts], str]], ...] = (
    ("model", lambda f: f.model_type),
    ("vocab (base)", lambda f: f"{f.vocab_size:,}"),
    ("vocab (with added)", lambda f: f"{f.vocab_size_with_added:,}"),
    ("normalizer", lambda f: f.normalizer),
    ("pre-tokenizer", lambda f: f.pre_tokenizer),
    ("decoder", lambda f: f.decoder),
    ("post-processor", lambda f: f.post_processor),
    ("special tokens", _specials),
    ("added, not special", lambda f: f"{f.added_not_special:,}"),
    ("space runs", lambda f: _runs(f.whitespace.spaces)),
    ("tab runs", lambda f: _runs(f.whitespace.tabs)),
    ("newline runs", lambda f: _runs(f.whitespace.newlines)),
    ("whitespace entries", lambda f: f"{f.whitespace.pure_whitespace_entries:,}"),
    ("source", lambda f: f"{f.provenance.origin}: {_short_path(f.provenance.files[0].path)}"),
    ("sha256", lambda f: f.provenance.sha256[:16] + "…"),
)


def render_inspect(facts: Sequence[TokenizerFacts]) -> RenderableType:
    """Pipeline, vocabulary and whitespace facts, then the parameter budget."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("", style="bold", no_wrap=True)
    for f in facts:
        table.add_column(f.name, overflow="fold")
    for label, get in _ROWS:
        table.add_row(label, *(get(f) for f in facts))
    if any(f.switched_off for f in facts):
        table.add_row("switched off", *(_switched_off(f) for f in facts))
    return Group(table, params_table(facts))


def _switched_off(f: TokenizerFacts) -> Text:
    """Settings stored in the files that analysis ignores (plain text: JSON holds brackets)."""
    return Text("; ".join(f"{s.name} {s.value}" for s in f.switched_off) or "-")


def params_table(facts: Sequence[TokenizerFacts]) -> Table:
    """Vocabulary parameters at the hidden size, and their share of the model when known."""
    table = Table(
        title="vocabulary parameters (vocab with added tokens x hidden)",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("tokenizer", style="bold")
    table.add_column("hidden", justify="right")
    table.add_column("vocab params", justify="right")
    table.add_column("model params", justify="right")
    table.add_column("vocab share", justify="right")
    table.add_column("core params", justify="right")
    for f in facts:
        p = f.params
        table.add_row(
            f.name,
            f"{p.hidden:,}",
            f"{p.vocab_params:,} ({millions(p.vocab_params)})",
            "-" if p.total_params is None else f"{p.total_params:,}",
            "-" if p.vocab_share is None else f"{p.vocab_share:.1%}",
            "-" if p.core_params is None else f"{p.core_params:,} ({millions(p.core_params)})",
        )
    if not any(f.params.total_params for f in facts):
        table.caption = Text(
            "give --params NAME=COUNT (e.g. modernbert=400M) for the share", style="dim"
        )
    return table
