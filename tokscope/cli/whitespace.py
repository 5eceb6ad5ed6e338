"""``tokscope whitespace``: run spectra and verdicts, indentation parity, corpus whitespace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tokscope.cli.cache import cache_options
from tokscope.cli.options import (
    corpus_pass_options,
    output_options,
    tokenizer_options,
    width_option,
)
from tokscope.cli.output import Format, Output, check_target, emit, layout_width
from tokscope.cli.progress import quiet_option

if TYPE_CHECKING:
    from tokscope.corpus.walk import CorpusOptions
    from tokscope.loading.sources import LoadedTokenizer
    from tokscope.whitespace import CorpusReport


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@tokenizer_options
@click.option(
    "--max-run",
    type=click.IntRange(1, 64),
    default=16,
    show_default=True,
    help="Longest run measured by the spectrum (1-64).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["spaces", "tabs", "newlines", "crlf", "tab+spaces"]),
    help="Measure only this kind of run (repeatable). Default: all.",
)
@click.option(
    "--identifier",
    "identifiers",
    multiple=True,
    metavar="NAME",
    help="Identifier probed for the context effect (repeatable). "
    "Default: return, self, value, name, i.",
)
@click.option(
    "--reindent",
    is_flag=True,
    help="Re-indent the files under PATH to 2, 4, 8 spaces and tabs; tokens per style.",
)
@click.option(
    "--corpus",
    is_flag=True,
    help="Whitespace histograms, whitespace cost and whitespace lost of the files under PATH.",
)
@corpus_pass_options
@cache_options
@quiet_option
@width_option
@output_options()
def whitespace(
    paths: tuple[str, ...],
    tokenizers: tuple[str, ...],
    max_run: int,
    kinds: tuple[str, ...],
    identifiers: tuple[str, ...],
    reindent: bool,
    corpus: bool,
    filters: CorpusOptions,
    jobs: int,
    engine: str,
    scheduler: str | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
    width: int | None,
    out: Output,
) -> None:
    """What each tokenizer does to whitespace: spaces, tabs, newlines, indentation.

    Without PATH: the run spectrum. Runs of 1..--max-run spaces, tabs, newlines, CRLFs and
    spaces after a tab are encoded at line start, inside a line and before a newline; for each
    length: tokens touching the run, its pieces, whether decode restores it and whether it can be
    told from one unit less or more. Then a verdict per tokenizer, and the context effect: how
    many different ids one identifier gets after different whitespace.

    With --reindent PATH...: every file re-indented to 2, 4, 8 spaces and tabs without changing
    its meaning (Python through tokenize and checked by its AST; other languages by nesting level,
    checked by their lexemes), tokens per style and the premium against the file as written.
    Files that cannot be re-indented safely are listed with the reason.

    With --corpus PATH...: histograms of indentation and whitespace runs, and per tokenizer and
    language the whitespace cost, whitespace lost and the share of identifiers whose id depends
    on the whitespace before them. The files go through the statistics pass of tokscope stats
    (--jobs, --engine dask, the cache: files stats measured before are not measured again).

    \b
    Examples:
      tokscope whitespace
      tokscope whitespace -t modernbert -t roberta --max-run 32 --kind spaces
      tokscope whitespace --reindent corpora/ --markdown
      tokscope whitespace --corpus src/ --include '*.py' --json
    """
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many

    if reindent and corpus:
        raise TokscopeError("--reindent and --corpus are separate reports: run them one at a time")
    if (reindent or corpus) and not paths:
        flag = "--reindent" if reindent else "--corpus"
        raise TokscopeError(f"{flag} needs at least one PATH (a file or a folder)")
    if paths and not (reindent or corpus):
        raise TokscopeError(
            "PATH given without a report: add --corpus (whitespace report) or --reindent "
            "(indentation parity)"
        )
    if not corpus:
        given = [
            flag
            for flag, used in (
                ("--jobs", jobs != 1),
                ("--engine", engine != "local"),
                ("--scheduler", scheduler is not None),
                ("--no-cache", no_cache),
                ("--verbose", verbose),
            )
            if used
        ]
        if given:
            raise TokscopeError(
                f"{', '.join(given)}: only --corpus reads files through the statistics pass; "
                "drop them or add --corpus"
            )
    options = filters
    check_target(out.path, inputs=paths, corpus=options, tokenizers=tokenizers)
    if corpus:
        from tokscope.cli.engine import check_engine

        check_engine(engine, scheduler)
        report = _corpus_report(
            paths, tokenizers, options, jobs, engine, scheduler, no_cache, verbose, quiet
        )
        _emit_corpus(report, out, width)
        return
    loaded = load_many(tokenizers)
    if reindent:
        _parity_report(paths, loaded, options, out, quiet, width)
        return

    from tokscope.text import ASCII_IDENTIFIER
    from tokscope.whitespace import CONTEXT_IDENTIFIERS, spectrum

    for name in identifiers:
        if not ASCII_IDENTIFIER.fullmatch(name):
            raise TokscopeError(
                f"--identifier {name!r}: give an ASCII identifier (letters, digits, _)"
            )
    result = spectrum(
        loaded, max_run=max_run, kinds=kinds, identifiers=identifiers or CONTEXT_IDENTIFIERS
    )
    if out.format is not Format.TERMINAL:
        from tokscope.render.whitespace.json import spectrum_json
        from tokscope.render.whitespace.markdown import spectrum_markdown

        as_json = out.format is Format.JSON
        emit(out, (spectrum_json if as_json else spectrum_markdown)(result))
        return
    from tokscope.render.whitespace.terminal import render_spectrum

    cols = layout_width(out, width)
    emit(out, render_spectrum(result, width=cols), width=cols)


def _corpus_report(
    paths: tuple[str, ...],
    specs: tuple[str, ...],
    corpus: CorpusOptions,
    jobs: int,
    engine: str,
    scheduler: str | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> CorpusReport:
    """``--corpus``: the statistics pass over ``paths`` (any engine, through the cache), then
    the report from its counts."""
    from tokscope.cli.cache import say_cache
    from tokscope.cli.engine import run_corpus
    from tokscope.loading.sources import DEFAULT_SPECS
    from tokscope.stats.engine.cached import CacheCounts
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.loop import Collect
    from tokscope.whitespace import report_of_pass

    names = specs or DEFAULT_SPECS
    options = RunOptions(
        specs=names,
        reference=names[0],  # one of the tokenizers: no other is loaded
        jobs=jobs,
        collect=Collect(whitespace=True),
        cache=not no_cache,
    )
    counts = CacheCounts()
    done = run_corpus(
        list(paths),
        corpus,
        options,
        engine=engine,
        scheduler=scheduler,
        description="whitespace",
        quiet=quiet,
        cache_counts=counts,
    )
    say_cache(counts, used=not no_cache, verbose=verbose)
    return report_of_pass(done.aggregate, done.extras)


def _emit_corpus(result: CorpusReport, out: Output, width: int | None) -> None:
    from tokscope.render.whitespace import json as out_json
    from tokscope.render.whitespace import markdown as out_md

    if out.format is not Format.TERMINAL:
        as_json = out.format is Format.JSON
        emit(out, (out_json.corpus_json if as_json else out_md.corpus_markdown)(result))
        return
    from tokscope.render.whitespace.terminal import render_corpus

    emit(out, render_corpus(result), width=width)


def _parity_report(
    paths: tuple[str, ...],
    loaded: list[LoadedTokenizer],
    options: CorpusOptions,
    out: Output,
    quiet: bool,
    width: int | None,
) -> None:
    """``--reindent``: read the documents, re-indent, render as ``out`` says."""
    from tokscope.cli.progress import progress_bar
    from tokscope.corpus.walk import Document, SkipReport, iter_corpus
    from tokscope.whitespace.reindent import parity

    documents: list[Document] = []
    skipped = []
    for item in iter_corpus(paths, options):
        if isinstance(item, Document):
            documents.append(item)
        else:
            skipped.append(item)
    skips = SkipReport.of(skipped)
    with progress_bar("whitespace", total=len(documents), quiet=quiet) as bar:

        def advance(doc: Document) -> None:
            bar.advance(1, doc.n_bytes)

        result = parity(documents, loaded, skipped=skips, progress=advance)
    from tokscope.render.whitespace import json as out_json
    from tokscope.render.whitespace import markdown as out_md

    if out.format is not Format.TERMINAL:
        as_json = out.format is Format.JSON
        emit(out, (out_json.parity_json if as_json else out_md.parity_markdown)(result))
        return
    from tokscope.render.whitespace.terminal import render_parity

    emit(out, render_parity(result), width=width)
