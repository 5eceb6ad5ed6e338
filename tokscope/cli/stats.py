"""``tokscope stats``: fragmentation and whitespace metrics of a corpus, per language and class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tokscope.cli.cache import cache_options
from tokscope.cli.engine import engine_options
from tokscope.cli.options import (
    corpus_options,
    jobs_option,
    output_options,
    tokenizer_options,
    width_option,
)
from tokscope.cli.output import Format, Output, check_target, emit
from tokscope.cli.progress import quiet_option

if TYPE_CHECKING:
    from tokscope.corpus.documents import CorpusOptions
    from tokscope.stats import Comparison, StatsReport


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@tokenizer_options
@click.option(
    "--reference",
    default="roberta",
    show_default=True,
    metavar="SPEC",
    help="Tokenizer NSL is relative to; measured too if it is not among -t.",
)
@click.option("--lang", "language", metavar="LANG", help="Treat every document as this language.")
@corpus_options
@click.option(
    "--text-field",
    default="content",
    show_default=True,
    help="Field holding the text in dataset records (.jsonl, .parquet).",
)
@click.option(
    "--lang-field",
    default=None,
    metavar="FIELD",
    help="Field holding the language in dataset records (default: lang or language).",
)
@click.option(
    "--errors",
    type=click.Choice(["skip", "replace"]),
    default="skip",
    show_default=True,
    help="Files that are not UTF-8: skip them, or replace bad bytes with U+FFFD.",
)
@click.option("--no-lex", is_flag=True, help="No lexical classes (faster: no pygments).")
@jobs_option(
    help="Worker processes, each loading the tokenizers once (default: none below 64 MB of "
    "documents, 16 MB with lexical classes, where the tokenizers' own threads use every core; "
    "all cores above)."
)
@engine_options
@cache_options
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Examples per list (fragmented identifiers, crossing tokens; worst files: at most 5).",
)
@click.option(
    "--compare",
    "compare_files",
    nargs=2,
    type=click.Path(dir_okay=False),
    metavar="OLD.json NEW.json",
    help="Show the changes between two saved --json runs (no corpus is read).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="OLD.json",
    help="Also show the changes from a saved --json run to this one.",
)
@click.option(
    "--all",
    "all_rows",
    is_flag=True,
    help="With --compare or --baseline, also the metrics that did not change and the "
    "tokenizers of one run only (JSON always has every row).",
)
@output_options()
@width_option
@quiet_option
def stats(
    paths: tuple[str, ...],
    tokenizers: tuple[str, ...],
    reference: str,
    language: str | None,
    filters: CorpusOptions,
    text_field: str,
    lang_field: str | None,
    errors: str,
    no_lex: bool,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    no_cache: bool,
    verbose: bool,
    top: int,
    compare_files: tuple[str, str] | None,
    baseline: str | None,
    all_rows: bool,
    out: Output,
    width: int | None,
    quiet: bool,
) -> None:
    """Measure how each tokenizer splits a corpus: per language and per lexical class.

    PATH is a file, a folder (searched recursively; virtual environments, node_modules and build
    output are skipped and counted, and so is what a .gitignore matches in a git checkout) or a
    dataset shard (.jsonl, .jsonl.gz, .parquet) with a text field; - reads a list of paths from
    standard input. Metrics: bytes and characters per token, NSL,
    fertility and PCW, continuation tokens, boundary crossing, identifier boundary alignment,
    Rényi efficiency, whitespace cost, whitespace lost, round trip, context fit, UNK rate;
    definitions in docs/metrics.md. Files that cannot be analysed are skipped and counted by
    reason. --engine dask runs each shard (or range of row groups) as a task on a Dask cluster,
    with the same results (docs/scale.md). Files measured before by a tokenizer are read from
    the cache (tokscope cache info; --no-cache bypasses it).

    --baseline and --compare line tokenizers up by name (-t v2=./out/tokenizer.json names
    one), show the metrics that changed, largest change first, and warn when the two runs
    measured different corpora (docs/design-loop.md).

    \b
    Examples:
      tokscope stats corpora/
      tokscope stats src/ -t modernbert -t ./my-tokenizer/ --include '*.py' --json -o new.json
      tokscope stats src/ -t v1=./v1/tokenizer.json --json -o v1.json
      tokscope stats src/ -t v1=./v1/tokenizer.json -t v2=./v2/tokenizer.json --baseline v1.json
      tokscope stats --compare old.json new.json --all
      find . -name '*.go' | tokscope stats - --markdown
      tokscope stats the-stack-sample.jsonl --lang-field lang --no-lex --jobs 4
      tokscope stats shards/ --engine dask --scheduler tcp://10.0.0.5:8786 --json -o run.json
    """
    from dataclasses import replace

    from tokscope.cli.cache import say_cache
    from tokscope.cli.engine import check_engine, run_corpus
    from tokscope.errors import TokscopeError
    from tokscope.stats.engine.cached import CacheCounts
    from tokscope.stats.engine.local import RunOptions

    check_engine(engine, scheduler)
    if compare_files:
        if paths or baseline:
            raise TokscopeError("--compare reads two saved runs: give no PATH and no --baseline")
        check_target(out.path, inputs=compare_files)
        comparison = _compare(_read_run(compare_files[0]), _read_run(compare_files[1]))
        _warn(out, comparison)
        emit(out, _render_comparison(out.format, comparison, all_rows), width=width)
        return
    inputs = _expand_stdin(paths)
    if not inputs:
        raise TokscopeError(
            "give files, folders or .jsonl datasets to analyse (- reads paths from standard input)"
        )
    corpus = replace(
        filters,
        errors=errors,
        text_field=text_field,
        lang_field=lang_field,
        language=language,
    )
    check_target(
        out.path,
        inputs=[*inputs, *([baseline] if baseline else [])],
        corpus=corpus,
        tokenizers=[*tokenizers, reference],
    )
    old = _read_run(baseline) if baseline else None
    options = RunOptions(
        specs=tokenizers,
        reference=reference,
        lex=not no_lex,
        jobs=jobs or 0,
        top=top,
        cache=not no_cache,
    )
    counts = CacheCounts()
    report = run_corpus(
        inputs,
        corpus,
        options,
        engine=engine,
        scheduler=scheduler,
        quiet=quiet,
        cache_counts=counts,
    ).report
    say_cache(counts, used=options.cache, verbose=verbose)
    against_old = None
    if old is not None:
        from tokscope.render.stats.json import document

        against_old = _compare(old, document(report))
        _warn(out, against_old)
    emit(out, _render(out.format, report, against_old, all_rows), width=width)


def _warn(out: Output, comparison: Comparison) -> None:
    """The corpus warning on standard error too, when the output does not show it there (JSON,
    or a file)."""
    from tokscope.render.stats.rows import corpus_warning

    warning = corpus_warning(comparison)
    if warning is not None and (out.format is not Format.TERMINAL or out.path is not None):
        click.echo(warning, err=True)


def _expand_stdin(paths: tuple[str, ...]) -> list[str]:
    """``paths`` with each ``-`` replaced by the paths listed on standard input."""
    from tokscope.corpus.walk import read_path_list

    out: list[str] = []
    for path in paths:
        out += read_path_list() if path == "-" else [path]
    return out


def _read_run(path: str) -> dict[str, Any]:
    """A saved ``stats --json`` run, checked for the shape a comparison reads (one-line errors
    for a missing, corrupt or hand-edited file)."""
    import json

    from tokscope.errors import TokscopeError

    def no_constants(name: str) -> None:
        raise ValueError(name)

    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle, parse_constant=no_constants)
    except OSError as exc:
        raise TokscopeError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError):
        raise TokscopeError(f"{path} is not JSON: give a file written by stats --json") from None
    problem = _run_problem(doc)
    if problem is not None:
        raise TokscopeError(
            f"{path} is not a tokscope stats --json document ({problem}): give a file written "
            "by stats --json"
        )
    return doc  # type: ignore[no-any-return]


def _run_problem(doc: Any) -> str | None:
    """What is wrong with the shape of a saved run, or None."""
    if not isinstance(doc, dict) or doc.get("command") != "stats":
        return 'no "command": "stats"'
    tokenizers = doc.get("tokenizers")
    if not isinstance(tokenizers, list):
        return '"tokenizers" is not a list'
    for item in tokenizers:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            return 'a tokenizer without a "name"'
        if not isinstance(item.get("overall"), dict):
            return f'tokenizer {item["name"]!r} without an "overall" block'
    corpus = doc.get("corpus", {})
    if not isinstance(corpus, dict):
        return '"corpus" is not an object'
    files = corpus.get("files", 0)
    if not isinstance(files, int) or isinstance(files, bool) or files < 0:
        return '"corpus.files" is not a count'
    return None


def _compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    from tokscope.errors import TokscopeError
    from tokscope.stats import compare

    try:
        return compare(old, new)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        raise TokscopeError(
            "cannot compare: both files must be tokscope stats --json documents"
        ) from None


def _render(
    fmt: Format, report: StatsReport, baseline: Comparison | None, all_rows: bool = False
) -> Any:
    if fmt is Format.JSON:
        from tokscope.render.stats.json import render as render_json

        return render_json(report, baseline)
    if fmt is Format.MARKDOWN:
        from tokscope.render.stats.markdown import render as render_markdown

        return render_markdown(report, baseline, all_rows=all_rows)
    if fmt is Format.TERMINAL:
        from tokscope.render.stats.terminal import render_stats

        return render_stats(report, baseline, all_rows=all_rows)
    raise AssertionError(fmt)  # pragma: no cover - every member is handled above


def _render_comparison(fmt: Format, comparison: Comparison, all_rows: bool = False) -> Any:
    if fmt is Format.JSON:
        from tokscope.render.stats.json import render_comparison as json_comparison

        return json_comparison(comparison)
    if fmt is Format.MARKDOWN:
        from tokscope.render.stats.markdown import render_comparison as markdown_comparison

        return markdown_comparison(comparison, all_rows=all_rows)
    if fmt is Format.TERMINAL:
        from tokscope.render.stats.terminal import render_comparison as rich_comparison

        return rich_comparison(comparison, all_rows=all_rows)
    raise AssertionError(fmt)  # pragma: no cover
