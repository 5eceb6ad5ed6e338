"""``tokscope overlap``: how much vocabularies share, where they differ, and whether it matters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tokscope.cli.cache import cache_options
from tokscope.cli.options import (
    check_specs,
    corpus_pass_options,
    hidden_option,
    output_options,
    width_option,
)
from tokscope.cli.output import Format, Output, check_target, emit
from tokscope.cli.progress import quiet_option

if TYPE_CHECKING:
    from tokscope.corpus.documents import CorpusOptions


@click.command()
@click.argument("specs", nargs=-1, metavar="SPEC SPEC [SPEC]...", callback=check_specs)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    metavar="PATH",
    help="Files, folders or JSON Lines datasets to weigh the overlap by the tokens actually "
    "used. Repeatable.",
)
@click.option(
    "--include-special",
    is_flag=True,
    help="Compare special tokens too (left out by default).",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0, max=100),
    default=6,
    show_default=True,
    help="Sample entries per category and side (the shortest and the longest).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0, max=1000),
    default=10,
    show_default=True,
    help="With --corpus: the most frequent tokens of A that B lacks, per direction.",
)
@corpus_pass_options
@cache_options
@hidden_option
@width_option
@output_options()
@quiet_option
def overlap(
    specs: tuple[str, ...],
    corpus: tuple[str, ...],
    include_special: bool,
    samples: int,
    top: int,
    filters: CorpusOptions,
    jobs: int,
    engine: str,
    scheduler: str | None,
    no_cache: bool,
    verbose: bool,
    hidden: int,
    width: int | None,
    out: Output,
    quiet: bool,
) -> None:
    """Compare vocabularies as the bytes their entries stand for.

    Every entry becomes the bytes it stands for (byte-level Ġ and SentencePiece ▁ are spaces,
    added tokens their literal text), so tokenizers of different families compare. For every
    pair: sizes, shared entries, Jaccard and coverage both ways, per category (whitespace,
    punctuation, digits, keywords, ASCII words, scripts, byte fragments), with samples; entries
    of one vocabulary that stand for the same bytes are counted once and listed. With --corpus,
    the share of A's tokens on that code that B also has, and what B lacks. Without SPEC,
    compares modernbert, xlm-roberta and roberta.

    \b
    Examples:
      tokscope overlap modernbert olmo
      tokscope overlap modernbert xlm-roberta roberta --corpus corpora/
      tokscope overlap roberta ./my-tokenizer/ --markdown > overlap.md
      tokscope overlap modernbert roberta --corpus src/ --hidden 768 --json
    """
    from tokscope.cli.cache import say_cache
    from tokscope.cli.engine import check_engine, corpus_counts
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many
    from tokscope.overlap import overlap
    from tokscope.stats.engine.cached import CacheCounts

    check_engine(engine, scheduler)
    if len(specs) == 1:
        raise TokscopeError(
            f"overlap compares vocabularies: give at least two tokenizers (got {specs[0]!r})"
        )
    check_target(out.path, inputs=corpus, corpus=filters, tokenizers=specs)
    loaded = load_many(specs)
    if len(loaded) < 2:
        raise TokscopeError(
            "overlap compares vocabularies: the tokenizers given are all the same one "
            f"({loaded[0].name}); give two different ones"
        )
    counts = None
    if corpus:
        served = CacheCounts()
        counts = corpus_counts(
            loaded,
            corpus,
            filters=filters,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            quiet=quiet,
            cache=not no_cache,
            cache_counts=served,
        )
        say_cache(served, used=not no_cache, verbose=verbose)
    report = overlap(
        loaded,
        include_special=include_special,
        samples=samples,
        top=top,
        hidden=hidden,
        corpus=counts,
    )
    if out.format is Format.JSON:
        from tokscope.render.overlap.json import overlap_json

        emit(out, overlap_json(report))
        return
    if out.format is Format.MARKDOWN:
        from tokscope.render.overlap.markdown import overlap_markdown

        emit(out, overlap_markdown(report))
        return
    from tokscope.render.overlap.terminal import render_overlap

    emit(out, render_overlap(report), width=width)
