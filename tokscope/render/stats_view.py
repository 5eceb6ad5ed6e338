"""Terminal view of a :class:`~tokscope.stats.StatsReport`: rich tables, one column per tokenizer.

The rows are those of ``stats --markdown`` (:mod:`tokscope.render.stats_out`); this module only
lays them out.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.render.stats_out import (
    Row,
    alignment_rows,
    class_rows,
    comparison_rows,
    count,
    headline,
    language_rows,
    overview_rows,
    ratio,
    skipped_rows,
    split_text,
    token_text,
)
from tokscope.render.visible import visible
from tokscope.stats import Comparison, StatsReport


def _table(title: str, header: list[str], rows: list[Row], *, wrap_last: bool = False) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for k, name in enumerate(header):
        last = k == len(header) - 1
        table.add_column(
            name,
            justify="left" if k == 0 or (wrap_last and last) else "right",
            style="bold" if k == 0 else None,
            overflow="fold",
            no_wrap=not (wrap_last and last),
        )
    for label, cells in rows:
        table.add_row(label, *cells)
    return table


def render_stats(report: StatsReport, baseline: Comparison | None = None) -> RenderableType:
    """Headline, skipped inputs, overview, languages, classes, alignment, examples."""
    names = [t.info.name for t in report.tokenizers]
    parts: list[RenderableType] = [Text(headline(report)), Text("")]
    if report.skipped.total:
        parts.append(
            _table(
                f"Skipped inputs ({count(report.skipped.total)})",
                ["reason", "count", "first paths"],
                skipped_rows(report),
                wrap_last=True,
            )
        )
    parts.append(_table("Overview", ["", *names], overview_rows(report)))
    parts.append(
        _table(
            "Per language (bytes/token · NSL)",
            ["language", "files", "MB", *names],
            language_rows(report),
        )
    )
    classes = class_rows(report)
    if classes:
        parts.append(
            _table(
                "Lexical classes (tokens/unit · share of units split)",
                ["class", "units", "MB", *names],
                classes,
            )
        )
        parts.append(
            _table(
                "Identifier boundaries on a token boundary",
                ["boundary", "count", *names],
                alignment_rows(report),
            )
        )
    for t in report.tokenizers:
        if t.fragmented:
            rows: list[Row] = [
                (
                    f.name,
                    [count(f.occurrences), ratio(f.tokens_per_occurrence, 2), split_text(f.split)],
                )
                for f in t.fragmented
            ]
            parts.append(
                _table(
                    f"Most fragmented frequent identifiers: {t.info.name}",
                    ["identifier", "occurrences", "tokens", "first split"],
                    rows,
                    wrap_last=True,
                )
            )
    crossing: list[Row] = [
        (t.info.name, ["  ".join(f"{token_text(c.token)} {count(c.count)}" for c in t.crossing)])
        for t in report.tokenizers
        if t.crossing
    ]
    if crossing:
        parts.append(
            _table(
                "Most common boundary-crossing tokens",
                ["", "token count"],
                crossing,
                wrap_last=True,
            )
        )
    failures: list[Row] = [
        (t.info.name, [f"{e.file}:{e.char}", f"{visible(e.source)} → {visible(e.decoded)}"])
        for t in report.tokenizers
        for e in t.round_trip_examples
    ]
    if failures:
        parts.append(
            _table(
                "Round-trip failures (first files; · space, ↵ newline)",
                ["", "where", "source → decoded"],
                failures,
                wrap_last=True,
            )
        )
    if baseline is not None:
        parts.append(render_comparison(baseline))
    spaced: list[RenderableType] = []
    for part in parts:
        spaced += [part, Text("")] if isinstance(part, Table) else [part]
    return Group(*spaced[:-1])


def render_comparison(c: Comparison) -> RenderableType:
    """Old, new and change for each tokenizer and metric."""
    title = f"Changes ({count(c.old_files)} files before, {count(c.new_files)} after)"
    table = _table(title, ["tokenizer: metric", "old", "new", "change"], comparison_rows(c))
    if not (c.only_old or c.only_new):
        return table
    note = Text(
        f"Only before: {', '.join(c.only_old) or '–'}; only after: {', '.join(c.only_new) or '–'}"
    )
    return Group(table, note)
