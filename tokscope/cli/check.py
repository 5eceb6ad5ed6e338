"""``tokscope check``: every tokenizer property under hypothesis, with shrunk counterexamples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from tokscope.cli.options import check_specs, output_options, width_option
from tokscope.cli.output import Format, Output, check_target, emit

if TYPE_CHECKING:
    from tokscope.testing.runner import PropertyResult

_PROPERTY_IDS = (
    "roundtrip",
    "offsets",
    "no-drop",
    "deterministic",
    "batch",
    "runs-distinct",
    "indent-stable",
    "run-length-stable",
    "no-unk",
    "fixed-point",
    "leading-space",
)
# Spelled out here so that ``--help`` does not import the testing package; a test keeps this in
# step with tokscope.testing.properties.PROPERTY_IDS.


@click.command()
@click.argument("specs", nargs=-1, metavar="[SPEC]...", callback=check_specs)
@click.option(
    "--profile",
    type=click.Choice(["quick", "thorough"]),
    default="quick",
    show_default=True,
    help="How hard to search: quick (40 examples per property) or thorough (500).",
)
@click.option(
    "--expect",
    "expect",
    multiple=True,
    metavar="[SPEC:]PROPERTY[,...]",
    help="Declare a property expected to fail (for one tokenizer with SPEC:), so that its "
    "failure is reported as expected, not as a failure. Repeatable.",
)
@click.option(
    "-p",
    "--property",
    "properties",
    multiple=True,
    type=click.Choice(_PROPERTY_IDS),
    metavar="PROPERTY",
    help=f"Check only this property (repeatable). Properties: {', '.join(_PROPERTY_IDS)}.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Replay the run that printed this seed (default: a new seed, printed).",
)
@click.option(
    "--max-examples",
    type=click.IntRange(min=1),
    default=None,
    help="Examples per property, instead of the profile's count.",
)
@width_option
@output_options(markdown=False)
@click.pass_context
def check(
    ctx: click.Context,
    specs: tuple[str, ...],
    profile: str,
    expect: tuple[str, ...],
    properties: tuple[str, ...],
    seed: int | None,
    max_examples: int | None,
    width: int | None,
    out: Output,
) -> None:
    """Check each tokenizer's design properties on generated code, with hypothesis.

    Every property (round trip, offsets, whitespace runs, indentation stability, unknown tokens,
    ...; see docs/testing.md) is searched for a counterexample on code-like text, which is shrunk
    to the smallest input that shows the failure and printed with its tokens, whitespace made
    visible. Without SPEC, checks modernbert, xlm-roberta and roberta. Exit status 1 when a
    property fails that was not declared with --expect, 0 otherwise.

    \b
    Examples:
      tokscope check modernbert roberta
      tokscope check xlm-roberta --expect roundtrip,no-drop,runs-distinct,no-unk,fixed-point
      tokscope check ./my-tokenizer/ -p roundtrip -p indent-stable --profile thorough
      tokscope check --seed 1234 --json
    """
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import canonical_alias, load_many
    from tokscope.testing.runner import new_seed, parse_expectations, run_checks

    check_target(out.path, tokenizers=specs)
    expectations = [e for text in expect for e in parse_expectations(text)]
    loaded = load_many(specs)
    known = {t.name for t in loaded} | {t.provenance.spec for t in loaded}
    for e in expectations:
        if e.tokenizer is not None and not (
            e.tokenizer in known or canonical_alias(e.tokenizer) in known
        ):
            raise TokscopeError(
                f"--expect {e}: {e.tokenizer!r} is not one of the tokenizers checked "
                f"({', '.join(t.name for t in loaded)})"
            )
    chosen_seed = new_seed() if seed is None else seed
    with _progress(quiet=out.format is Format.JSON) as show, _no_storage():
        report = run_checks(
            loaded,
            seed=chosen_seed,
            profile=profile,
            properties=properties or None,
            expect=expectations,
            max_examples=max_examples,
            on_result=show,
        )
    if out.format is Format.JSON:
        from tokscope.render.check.json import check_json

        emit(out, check_json(report))
    else:
        from tokscope.render.check.terminal import render_check

        emit(out, render_check(report), width=width)
    if not report.ok:
        ctx.exit(1)


@contextmanager
def _no_storage() -> Iterator[None]:
    """Keep hypothesis from writing its storage folder (``.hypothesis/``, with its cache of
    constants) into the current directory: it goes to a temporary folder, removed afterwards,
    unless HYPOTHESIS_STORAGE_DIRECTORY names one."""
    import os
    import tempfile

    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        yield
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    with tempfile.TemporaryDirectory(prefix="tokscope-check-") as home:
        set_hypothesis_home_dir(home)
        try:
            yield
        finally:
            set_hypothesis_home_dir(None)


@contextmanager
def _progress(*, quiet: bool) -> Iterator[Callable[[str, PropertyResult], None] | None]:
    """A transient status line on stderr, when it is a terminal, naming what was just checked."""
    from rich.console import Console

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield None
        return
    with console.status("checking properties…") as status:

        def show(tokenizer: str, result: PropertyResult) -> None:
            status.update(f"checked {tokenizer}: {result.property} ({result.status.value})")

        yield show
