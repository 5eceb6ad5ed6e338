"""``tokscope vocab``: which entries the tokenizer can produce, and what each one costs."""

from __future__ import annotations

import click

from tokscope.cli.options import hidden_option, json_option, print_rich, width_option
from tokscope.cli.progress import progress_bar, quiet_option


@click.command()
@click.argument("specs", nargs=-1, metavar="[SPEC]...")
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
@hidden_option
@click.option("--markdown", is_flag=True, help="Print Markdown instead of tables.")
@width_option
@json_option
@quiet_option
def vocab(
    specs: tuple[str, ...],
    corpus: tuple[str, ...],
    ids: tuple[int, ...],
    grep: str | None,
    top: int,
    hidden: int,
    markdown: bool,
    width: int | None,
    json_: bool,
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
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many
    from tokscope.vocab import describe_vocab

    if json_ and markdown:
        raise TokscopeError("--json and --markdown cannot be combined: choose one output format")
    loaded = load_many(specs)
    counts = None
    if corpus:
        from tokscope.corpus.walk import iter_corpus
        from tokscope.overlap import count_corpus

        with progress_bar("encoding", quiet=quiet) as bar:
            counts = count_corpus(loaded, iter_corpus(corpus), advance=bar.advance)
        if counts.documents == 0:
            reasons = ", ".join(f"{n} {r}" for r, n in counts.skipped.counts) or "nothing found"
            raise TokscopeError(
                f"--corpus {' '.join(corpus)}: no document could be read ({reasons}); "
                "point at source files, folders or .jsonl datasets"
            )
    facts = [
        describe_vocab(tok, hidden=hidden, top=top, corpus=counts, ids=ids, grep=grep)
        for tok in loaded
    ]
    if json_:
        from tokscope.render.vocab.json_out import vocab_json

        click.echo(vocab_json(facts), nl=False)
        return
    if markdown:
        from tokscope.render.vocab.markdown_out import vocab_markdown

        click.echo(vocab_markdown(facts, top=top), nl=False)
        return
    from tokscope.render.vocab.view import render_vocab

    print_rich(render_vocab(facts, top=top), width=width)
