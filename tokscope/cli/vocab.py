"""``tokscope vocab``: which entries the tokenizer can produce, and what each one costs."""

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
@click.argument("specs", nargs=-1, metavar="[SPEC]...", callback=check_specs)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    metavar="PATH",
    help="Files, folders or JSON Lines datasets: the most frequent entries there, and the "
    "entries never used with their cost. Repeatable.",
)
@click.option(
    "--id",
    "ids",
    multiple=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Look up the entry with this id. Repeatable.",
)
@click.option(
    "--grep",
    metavar="REGEX",
    default=None,
    help="List the entries whose decoded text matches REGEX (Python syntax; spaces, tabs and "
    "newlines as themselves, e.g. '^\\n +$').",
)
@click.option(
    "--top",
    type=click.IntRange(min=1, max=10_000),
    default=20,
    show_default=True,
    help="Entries per list in tables (--json lists every unreachable entry).",
)
@corpus_pass_options
@cache_options
@hidden_option
@width_option
@output_options()
@quiet_option
def vocab(
    specs: tuple[str, ...],
    corpus: tuple[str, ...],
    ids: tuple[int, ...],
    grep: str | None,
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
    """Check every vocabulary entry: can the tokenizer produce it, and what does it cost?

    Each entry is decoded to the text it stands for and encoded again: it is reachable when
    the same single entry comes back (Land & Bartolo 2024), unreachable when the text becomes
    other entries (its embedding row is never used), a partial UTF-8 byte fragment, or a
    special token. Space markers the tokenizer would insert (SentencePiece ▁, add_prefix_space)
    are switched off for this, so continuation pieces count fairly. Counts and parameter cost
    (entries x --hidden) per status and per category, unreachable whitespace first; entries by
    length, the longest, duplicates after normalisation. Without SPEC, checks modernbert,
    xlm-roberta and roberta.

    \b
    Examples:
      tokscope vocab modernbert roberta
      tokscope vocab xlm-roberta --corpus corpora/ --hidden 1024
      tokscope vocab modernbert --grep '^\\n +$' --id 50276 --json
      tokscope vocab ./my-tokenizer/ --markdown > vocab.md
    """
    from tokscope.cache import open_store
    from tokscope.cli.cache import say_cache
    from tokscope.cli.engine import check_engine, corpus_counts
    from tokscope.loading.sources import load_many
    from tokscope.stats.engine.cached import CacheCounts
    from tokscope.vocab import describe_vocab

    check_engine(engine, scheduler)
    check_target(out.path, inputs=corpus, corpus=filters, tokenizers=specs)
    loaded = load_many(specs)
    counts = None
    cache_counts = CacheCounts()
    if corpus:
        counts = corpus_counts(
            loaded,
            corpus,
            filters=filters,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            quiet=quiet,
            cache=not no_cache,
            cache_counts=cache_counts,
        )
        say_cache(cache_counts, used=not no_cache, verbose=verbose)
    store = None if no_cache else open_store()
    served = CacheCounts()
    facts = [
        describe_vocab(
            tok,
            hidden=hidden,
            top=top,
            corpus=counts,
            ids=ids,
            grep=grep,
            store=store,
            served=served,
        )
        for tok in loaded
    ]
    if verbose and store is not None:
        click.echo(
            f"cache: reachability of {served.hits} of {len(loaded)} tokenizers read, the rest "
            "checked",
            err=True,
        )
    if out.format is Format.JSON:
        from tokscope.render.vocab.json import vocab_json

        emit(out, vocab_json(facts))
        return
    if out.format is Format.MARKDOWN:
        from tokscope.render.vocab.markdown import vocab_markdown

        emit(out, vocab_markdown(facts, top=top))
        return
    from tokscope.render.vocab.terminal import render_vocab

    emit(out, render_vocab(facts, top=top), width=width)
