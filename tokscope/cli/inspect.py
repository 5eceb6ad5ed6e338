"""``tokscope inspect``: what a tokenizer is made of and what its vocabulary costs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tokscope.cli.options import check_specs, hidden_option, output_options, width_option
from tokscope.cli.output import Format, Output, check_target, emit

if TYPE_CHECKING:
    from tokscope.loading.sources import LoadedTokenizer


@click.command()
@click.argument("specs", nargs=-1, metavar="[SPEC]...", callback=check_specs)
@hidden_option
@click.option(
    "--params",
    "params",
    multiple=True,
    metavar="SPEC=COUNT",
    help="Total parameters of the model using SPEC (e.g. modernbert=400M), for the "
    "vocabulary's share and the core remainder. Repeatable.",
)
@width_option
@output_options()
def inspect(
    specs: tuple[str, ...], hidden: int, params: tuple[str, ...], width: int | None, out: Output
) -> None:
    """Describe each tokenizer: model, vocabulary, pipeline, whitespace entries, parameters.

    A config.json beside the tokenizer gives the hidden size (unless --hidden is given) and,
    for BERT-family models, the total parameter count (unless --params is given); the table
    says where each number came from. Without SPEC, describes modernbert, xlm-roberta and
    roberta.

    \b
    Examples:
      tokscope inspect
      tokscope inspect --params modernbert=400M --params xlm-roberta=550M --params roberta=355M
      tokscope inspect ./my-tokenizer/tokenizer.json --hidden 768 --json
      tokscope inspect modernbert roberta --markdown > inspect.md
    """
    from tokscope.errors import TokscopeError
    from tokscope.inspection import describe
    from tokscope.loading.sources import load_many
    from tokscope.render.common.numbers import count

    check_target(out.path, tokenizers=specs)
    loaded = load_many(specs)
    totals = _totals(params, loaded)
    hidden_given = (
        click.get_current_context().get_parameter_source("hidden")
        != click.core.ParameterSource.DEFAULT
    )
    facts = []
    for tok in loaded:
        total = totals.get(tok.name)
        fact = describe(tok, **_param_sources(tok, hidden, hidden_given, total))
        budget = fact.params
        if total is not None and total < budget.vocab_params:
            raise TokscopeError(
                f"--params {tok.name}={count(total)}: fewer parameters than the vocabulary "
                f"alone has ({count(budget.vocab_params)} = {count(fact.vocab_size_with_added)} "
                f"entries x hidden {count(budget.hidden)}): give the whole model's parameter "
                "count"
            )
        facts.append(fact)
    if out.format is Format.JSON:
        from tokscope.render.inspect.sources import inspect_json_with_sources

        emit(out, inspect_json_with_sources(facts))
        return
    if out.format is Format.MARKDOWN:
        from tokscope.render.inspect.markdown import inspect_markdown

        emit(out, inspect_markdown(facts))
        return
    from tokscope.render.inspect.terminal import render_inspect

    emit(out, render_inspect(facts), width=width)


def _totals(params: tuple[str, ...], loaded: list[LoadedTokenizer]) -> dict[str, int]:
    """The ``--params`` totals by tokenizer name; each must name one of ``loaded``, once."""
    from tokscope.errors import TokscopeError
    from tokscope.inspection import parse_count
    from tokscope.loading.sources import canonical_alias

    totals: dict[str, int] = {}
    given: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise TokscopeError(f"--params {item!r}: write SPEC=COUNT, e.g. modernbert=400M")
        count = parse_count(value)
        tok = next(
            (
                t
                for t in loaded
                if key in (t.name, t.provenance.spec) or canonical_alias(key) == t.name
            ),
            None,
        )
        if tok is None:
            raise TokscopeError(
                f"--params {key}=...: {key!r} is not one of the tokenizers "
                f"inspected ({', '.join(t.name for t in loaded)})"
            )
        if tok.name in given:
            raise TokscopeError(
                f"--params given twice for {tok.name!r} ({given[tok.name]!r} and {item!r}): "
                "give one total per tokenizer"
            )
        given[tok.name] = item
        totals[tok.name] = count
    return totals


def _param_sources(
    tok: LoadedTokenizer, hidden: int, hidden_given: bool, total: int | None
) -> dict[str, Any]:
    """``describe``'s hidden size and total with where each came from: the options first, then
    a ``config.json`` beside the tokenizer, then the default width."""
    from tokscope.loading.model_config import read_model_config

    config = read_model_config(tok.provenance.files[0].path)
    out: dict[str, Any] = {
        "hidden": hidden,
        "hidden_source": "--hidden" if hidden_given else "default",
    }
    if not hidden_given and config is not None and config.hidden_size is not None:
        out.update(hidden=config.hidden_size, hidden_source=config.path)
    if total is not None:
        out.update(total_params=total, total_source="--params")
    elif config is not None and config.total_params is not None:
        out.update(total_params=config.total_params, total_source=config.path)
    return out
