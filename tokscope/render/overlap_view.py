"""Terminal view of :class:`~tokscope.overlap.OverlapReport`: tables, samples with visible
whitespace, the corpus and the vocabulary budget."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.overlap import Form, OverlapReport, PairOverlap, VocabBudget
from tokscope.render.overlap_out import id_summary, percent, show_form, skipped_text

LEGEND = "· space  → tab  ↵ newline  ␍ CR  c×N: N times c  … cut"


def compact(n: int) -> str:
    """``51,576,832`` -> ``51.6M``, ``28,672`` -> ``28.7K`` (exact figures are in ``--json``)."""
    if n >= 1_000_000:
        return f"{n / 1e6:,.1f}M"
    return f"{n / 1e3:,.1f}K" if n >= 1000 else str(n)


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)


def _titled(title: str, table: Table) -> Group:
    """A bold title line over ``table``, as plain text: names may hold ``[``, which must not be
    read as markup, and a title as wide as the screen should not wrap to the table's width."""
    return Group(Text(title, style="bold"), table)


def _samples(forms: tuple[Form, ...], style: str) -> Text:
    text = Text()
    for k, form in enumerate(forms):
        if k:
            text.append(" ")
        text.append(show_form(form), style=style)
    return text if forms else Text("-", style="dim")


def render_overlap(report: OverlapReport) -> RenderableType:
    """The whole report: vocabularies, duplicates, pairwise overlap, corpus, budget."""
    parts: list[RenderableType] = [_vocabularies(report), *_duplicates(report), _overall(report)]
    if len(report.vocabularies) > 2:
        parts.append(_matrix(report, report.matrix.coverage, "forms"))
    for pair in report.pairs:
        parts += _pair(pair)
    if report.corpus is not None:
        parts += _corpus(report)
    parts.append(_budget_intro(report))
    parts += [_budget(b) for b in report.budgets]
    parts.append(Text(LEGEND, style="dim"))
    return Group(*parts)


def _vocabularies(report: OverlapReport) -> Group:
    special = "included" if report.include_special else "left out"
    table = _table()
    for name, justify in (
        ("tokenizer", "left"),
        ("model", "left"),
        ("entries", "right"),
        ("special", "right"),
        ("compared", "right"),
        ("distinct", "right"),
        ("duplicates", "right"),
    ):
        table.add_column(Text(name), justify=justify)  # type: ignore[arg-type]
    for v in report.vocabularies:
        extra = sum(len(d.ids) - 1 for d in v.duplicates)
        table.add_row(
            Text(v.name, style="bold"),
            v.model_type,
            f"{v.size:,}",
            f"{len(v.special):,}",
            f"{v.compared_entries:,}",
            f"{len(v.forms):,}",
            f"{len(v.duplicates):,} ({extra:,} entries)" if v.duplicates else "0",
        )
    return _titled(
        f"Vocabularies as the bytes each entry stands for (special tokens {special})", table
    )


def _duplicates(report: OverlapReport) -> list[RenderableType]:
    out: list[RenderableType] = []
    for v in report.vocabularies:
        if not v.duplicates:
            continue
        table = _table()
        table.add_column("bytes", no_wrap=True)
        table.add_column("entries (id)", overflow="fold")
        shown = v.duplicates[: max(report.samples, 1)]
        for d in shown:
            entries = Text()
            for k, (i, token, added) in enumerate(zip(d.ids, d.tokens, d.added)):
                if k:
                    entries.append(" = ")
                entries.append(show_form(token.encode("utf-8")), style="cyan")
                entries.append(f" ({i}{', added' if added else ''})", style="dim")
            table.add_row(Text(show_form(d.form), style="bold"), entries)
        if len(v.duplicates) > len(shown):
            more = len(v.duplicates) - len(shown)
            table.add_row(Text("…", style="dim"), Text(f"{more} more (all in --json)", style="dim"))
        out.append(
            _titled(f"{v.name}: entries that stand for the same bytes (counted once)", table)
        )
    return out


def _overall(report: OverlapReport) -> Group:
    table = _table()
    for name in ("A", "B", "A forms", "B forms", "shared", "Jaccard", "A in B", "B in A"):
        table.add_column(Text(name), justify="left" if len(name) == 1 else "right")
    for p in report.pairs:
        o = p.overall
        table.add_row(
            Text(p.a, style="bold"),
            Text(p.b, style="bold"),
            f"{o.a:,}",
            f"{o.b:,}",
            f"{o.shared:,}",
            f"{o.jaccard:.3f}",
            percent(o.a_in_b),
            percent(o.b_in_a),
        )
    return _titled("Overlap of the distinct forms", table)


def _matrix(
    report: OverlapReport, values: tuple[tuple[float | None, ...], ...], what: str
) -> Group:
    m = report.matrix
    table = _table()
    table.add_column("")
    for name in m.names:
        table.add_column(Text(name), justify="right")
    for name, row in zip(m.names, values):
        table.add_row(Text(name, style="bold"), *(percent(x) for x in row))
    return _titled(f"Share of the row's {what} that the column has", table)


def _pair(p: PairOverlap) -> list[RenderableType]:
    title = Text(f"\n{p.a} vs {p.b}", style="bold underline")
    summary = Text(id_summary(p.ids, p.a, p.b))
    counts = _table()
    counts.add_column("category")
    for name in (p.a, p.b, "shared", "Jaccard", f"{p.a} in {p.b}", f"{p.b} in {p.a}"):
        counts.add_column(Text(name), justify="right")
    samples = _table()
    samples.add_column("category", no_wrap=True)
    samples.add_column("shared", overflow="fold", ratio=1)
    samples.add_column(Text(f"only {p.a}"), overflow="fold", ratio=1)
    samples.add_column(Text(f"only {p.b}"), overflow="fold", ratio=1)
    for c in p.categories:
        k = c.counts
        counts.add_row(
            c.category,
            f"{k.a:,}",
            f"{k.b:,}",
            f"{k.shared:,}",
            f"{k.jaccard:.3f}",
            percent(k.a_in_b),
            percent(k.b_in_a),
        )
        samples.add_row(
            c.category,
            _samples(c.shared, "green"),
            _samples(c.a_only, "yellow"),
            _samples(c.b_only, "magenta"),
        )
    return [
        title,
        summary,
        counts,
        _titled("Samples: the shortest and the longest of each group", samples),
    ]


def _corpus(report: OverlapReport) -> list[RenderableType]:
    corpus = report.corpus
    assert corpus is not None
    line = f"\nOn the corpus: {corpus.documents:,} documents, {corpus.n_bytes:,} bytes"
    if corpus.skipped.total:
        line += f"; {skipped_text(report)}"
    line += ". Scripts besides ASCII: " + (", ".join(corpus.scripts) or "none") + "."
    out: list[RenderableType] = [Text(line, style="bold")]
    uses = _table()
    for name in ("tokenizer", "tokens", "special tokens", "entries used"):
        uses.add_column(Text(name), justify="left" if name == "tokenizer" else "right")
    for u in report.uses:
        uses.add_row(
            Text(u.name, style="bold"),
            f"{u.tokens:,}",
            f"{u.special_tokens:,}",
            f"{u.used_entries:,}",
        )
    out.append(uses)
    if report.matrix.corpus_coverage is not None:
        out.append(_matrix(report, report.matrix.corpus_coverage, "corpus tokens"))
    missing = _table()
    missing.add_column("A")
    missing.add_column("B")
    missing.add_column("covered", justify="right")
    missing.add_column("missing (count)", overflow="fold")
    for p in report.pairs:
        for c in p.corpus or ():
            text = Text()
            for k, m in enumerate(c.missing):
                if k:
                    text.append("  ")
                text.append(show_form(m.form), style="yellow")
                text.append(f" {m.count:,}", style="dim")
            missing.add_row(
                Text(c.tokenizer, style="bold"),
                Text(c.against),
                percent(c.share),
                text if c.missing else Text("-", style="dim"),
            )
    out.append(_titled("Most frequent tokens of A whose bytes B lacks", missing))
    return out


def _budget_intro(report: OverlapReport) -> Text:
    return Text(
        f"\nVocabulary budget at hidden size {report.hidden:,}: embedding parameters = entries "
        "(with added tokens) x hidden, as in tokscope inspect",
        style="bold",
    )


def _budget(b: VocabBudget) -> Group:
    title = f"{b.name}: {b.entries:,} entries = {compact(b.params)} parameters"
    if b.unused_entries is not None:
        title += f"; unused on the corpus: {compact(b.unused_entries * b.hidden)}"
        title += f" ({b.unused_entries / b.entries:.1%})"
    if b.absent_script_entries:
        title += f"; scripts absent: {compact(b.absent_script_entries * b.hidden)}"
    table = _table()
    table.add_column("category")
    table.add_column("entries", justify="right")
    table.add_column("params", justify="right")
    table.add_column("share", justify="right")
    corpus = b.unused_entries is not None
    if corpus:
        table.add_column("unused", justify="right")
        table.add_column("unused params", justify="right")
        table.add_column("in corpus")
    for r in b.rows:
        row = [r.category, f"{r.entries:,}", compact(r.params), percent(r.entries / b.entries)]
        if r.unused_entries is not None:
            in_corpus = "" if r.in_corpus is None else ("yes" if r.in_corpus else "no")
            row += [f"{r.unused_entries:,}", compact(r.unused_entries * b.hidden), in_corpus]
        table.add_row(*row)
    return _titled(title, table)
