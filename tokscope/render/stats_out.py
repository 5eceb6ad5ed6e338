"""``stats --markdown``, and the rows and number formats the terminal view shares with it.

Nothing here imports rich: :func:`overview_rows` and friends return plain strings that
:mod:`tokscope.render.stats_view` lays out as rich tables and :func:`render` as Markdown tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tokscope.render.visible import visible
from tokscope.stats import Comparison, Metrics, StatsReport, TokenText, UnitMetrics

Row = tuple[str, list[str]]
"""A label and one cell per column."""


def ratio(value: float | None, digits: int = 3) -> str:
    """``3.14159`` -> ``3.142``; None -> ``–``."""
    return "–" if value is None else f"{value:,.{digits}f}"


def share(value: float | None) -> str:
    """``0.0123`` -> ``1.23%``; None -> ``–``."""
    return "–" if value is None else f"{100 * value:.2f}%"


def count(n: int) -> str:
    """``1234567`` -> ``1,234,567``."""
    return f"{n:,}"


def megabytes(n: int) -> str:
    """Bytes as megabytes with one decimal (``0.1`` at least for a non-empty corpus)."""
    return f"{n / 1e6:,.1f}" if n >= 100_000 or n == 0 else f"{n / 1e6:.3f}"


def token_text(t: TokenText) -> str:
    """A token's text with whitespace made visible."""
    return visible(t.text) or "∅"


def split_text(split: Sequence[TokenText]) -> str:
    """``in + it + ial + ize``."""
    return " + ".join(token_text(t) for t in split)


_OVERVIEW: tuple[tuple[str, Callable[[Metrics], str]], ...] = (
    ("files", lambda m: count(m.files)),
    ("tokens", lambda m: count(m.tokens)),
    ("bytes / token", lambda m: ratio(m.bytes_per_token)),
    ("chars / token", lambda m: ratio(m.chars_per_token)),
    ("NSL", lambda m: ratio(m.nsl)),
    ("tokens / word (fertility)", lambda m: ratio(m.words.fertility)),
    ("words split (PCW)", lambda m: share(m.words.pcw)),
    ("continuation tokens", lambda m: share(m.words.continuation_share)),
    ("boundary-crossing tokens", lambda m: share(m.boundary_crossing_rate)),
    ("Rényi efficiency (α=2.5)", lambda m: ratio(m.renyi_efficiency)),
    ("whitespace cost", lambda m: share(m.whitespace_cost)),
    (
        "whitespace lost",
        lambda m: f"{count(m.whitespace_lost_bytes)} B ({share(m.whitespace_lost_share)})",
    ),
    ("bytes no token covers", lambda m: count(m.dropped_bytes)),
    (
        "round trip decode(encode(x))",
        lambda m: f"{share(m.round_trip_fidelity)} ({m.round_trip}/{m.files})",
    ),
    *(
        (f"files within {n:,} tokens", lambda m, k=k: share(m.context_fit[k][1]))
        for k, n in enumerate((512, 8192))
    ),
    ("UNK rate", lambda m: share(m.unk_rate)),
    ("tokens / indentation run", lambda m: ratio(m.indentation.fertility)),
)


def overview_rows(report: StatsReport) -> list[Row]:
    """Every overall metric, one row each, one column per tokenizer."""
    rows = []
    for label, fmt in _OVERVIEW:
        if label == "NSL":
            label = f"NSL (vs {report.reference})"
        rows.append((label, [fmt(t.overall) for t in report.tokenizers]))
    return rows


def language_rows(report: StatsReport) -> list[Row]:
    """Per language: files, MB, then ``bytes/token · NSL`` per tokenizer."""
    rows = []
    for k, lang in enumerate(report.languages):
        cells = [count(lang.files), megabytes(lang.bytes)]
        for t in report.tokenizers:
            m = t.languages[k][1]
            cells.append(f"{ratio(m.bytes_per_token, 2)} · {ratio(m.nsl, 2)}")
        rows.append((lang.name, cells))
    return rows


def _unit_cell(u: UnitMetrics) -> str:
    return f"{ratio(u.fertility, 2)} · {share(u.pcw)}"


def class_rows(report: StatsReport) -> list[Row]:
    """Per lexical class: units, MB, then ``tokens/unit · PCW`` per tokenizer."""
    if not report.lex or not report.tokenizers:
        return []
    rows = []
    first = report.tokenizers[0].overall
    for k, (cls, units) in enumerate(first.classes):
        if not units.units:
            continue
        cells = [count(units.units), megabytes(units.bytes)]
        cells += [_unit_cell(t.overall.classes[k][1]) for t in report.tokenizers]
        rows.append((cls, cells))
    indent = first.indentation
    if indent.units:
        cells = [count(indent.units), megabytes(indent.bytes)]
        cells += [_unit_cell(t.overall.indentation) for t in report.tokenizers]
        rows.append(("(indentation runs)", cells))
    return rows


def alignment_rows(report: StatsReport) -> list[Row]:
    """Per kind of identifier boundary: boundaries, then the aligned share per tokenizer."""
    if not report.lex or not report.tokenizers:
        return []
    rows = []
    for k, a in enumerate(report.tokenizers[0].overall.alignment):
        cells = [count(a.boundaries)]
        cells += [share(t.overall.alignment[k].rate) for t in report.tokenizers]
        rows.append((a.kind, cells))
    return rows


def skipped_rows(report: StatsReport) -> list[Row]:
    """Per reason: count and the first paths."""
    from tokscope.corpus.walk import REASONS

    examples = dict(report.skipped.examples)
    return [
        (
            f"{reason} ({REASONS.get(reason, reason)})",
            [count(n), ", ".join(examples.get(reason, ()))],
        )
        for reason, n in report.skipped.counts
    ]


def comparison_rows(c: Comparison) -> list[Row]:
    """Per tokenizer and metric: old, new, change."""
    rows = []
    for d in c.deltas:
        change = "–" if d.change is None else f"{d.change:+,.4f}"
        rows.append((f"{d.tokenizer}: {d.metric}", [_plain(d.old), _plain(d.new), change]))
    return rows


def _plain(value: float | None) -> str:
    return "–" if value is None else f"{value:,.4f}"


def headline(report: StatsReport) -> str:
    """One line on what was measured."""
    langs = ", ".join(lang.name for lang in report.languages) or "none"
    lex = "on" if report.lex else "off (--no-lex)"
    return (
        f"{count(report.files)} files, {megabytes(report.bytes)} MB; languages: {langs}; "
        f"NSL reference: {report.reference}; lexical classes: {lex}"
    )


# -- Markdown -------------------------------------------------------------------------------------


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[Row]) -> list[str]:
    lines = [
        "| " + " | ".join(_escape(h) for h in header) + " |",
        "|" + "|".join("---" if k == 0 else "---:" for k in range(len(header))) + "|",
    ]
    for label, cells in rows:
        lines.append("| " + " | ".join(_escape(c) for c in [label, *cells]) + " |")
    return lines


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def render(report: StatsReport, baseline: Comparison | None = None) -> str:
    """The ``stats --markdown`` document."""
    names = [t.info.name for t in report.tokenizers]
    out = ["# tokscope stats", "", headline(report), ""]
    if report.skipped.total:
        out += ["## Skipped inputs", ""]
        out += [*_table(["reason", "count", "first paths"], skipped_rows(report)), ""]
    out += ["## Overview", "", *_table(["metric", *names], overview_rows(report)), ""]
    out += ["## Per language (bytes/token · NSL)", ""]
    out += [*_table(["language", "files", "MB", *names], language_rows(report)), ""]
    classes = class_rows(report)
    if classes:
        out += ["## Lexical classes (tokens/unit · share of units split)", ""]
        out += [*_table(["class", "units", "MB", *names], classes), ""]
        out += ["## Identifier boundary alignment", ""]
        out += [*_table(["boundary", "count", *names], alignment_rows(report)), ""]
    for t in report.tokenizers:
        if t.fragmented:
            out += [f"## Most fragmented frequent identifiers: {t.info.name}", ""]
            rows: list[Row] = [
                (
                    _code(f.name),
                    [
                        count(f.occurrences),
                        ratio(f.tokens_per_occurrence, 2),
                        _code(split_text(f.split)),
                    ],
                )
                for f in t.fragmented
            ]
            out += [*_table(["identifier", "occurrences", "tokens", "first split"], rows), ""]
    crossing = [t for t in report.tokenizers if t.crossing]
    if crossing:
        out += ["## Most common boundary-crossing tokens", ""]
        for t in crossing:
            shown = ", ".join(f"{_code(token_text(c.token))} {count(c.count)}" for c in t.crossing)
            out.append(f"- **{t.info.name}**: {shown}")
        out.append("")
    failing = [t for t in report.tokenizers if t.round_trip_examples]
    if failing:
        out += ["## Round-trip failures (first files)", ""]
        for t in failing:
            for e in t.round_trip_examples:
                out.append(
                    f"- **{t.info.name}** {_code(e.file)} at char {e.char}: "
                    f"{_code(visible(e.source))} → {_code(visible(e.decoded))}"
                )
        out.append("")
    if baseline is not None:
        out += [*render_comparison(baseline).splitlines()[2:], ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_comparison(c: Comparison) -> str:
    """``stats --compare --markdown``."""
    out = [
        "# tokscope stats: comparison",
        "",
        f"## Changes ({count(c.old_files)} files before, {count(c.new_files)} after)",
        "",
    ]
    out += _table(["tokenizer: metric", "old", "new", "change"], comparison_rows(c))
    if c.only_old or c.only_new:
        out += [
            "",
            f"Only before: {', '.join(c.only_old) or '–'}; only after: "
            f"{', '.join(c.only_new) or '–'}",
        ]
    return "\n".join(out) + "\n"
