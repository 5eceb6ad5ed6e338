"""``tokscope inspect``: what a tokenizer is made of and what its vocabulary costs."""

from __future__ import annotations

import click

from tokscope.cli.options import hidden_option, output_options, width_option
from tokscope.cli.output import Format, Output, check_target, emit


@click.command()
@click.argument("specs", nargs=-1, metavar="[SPEC]...")
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
@output_options(markdown=False)
def inspect(
    specs: tuple[str, ...], hidden: int, params: tuple[str, ...], width: int | None, out: Output
) -> None:
    """Describe each tokenizer: model, vocabulary, pipeline, whitespace entries, parameters.

    Without SPEC, describes modernbert, xlm-roberta and roberta.

    \b
    Examples:
      tokscope inspect
      tokscope inspect --params modernbert=400M --params xlm-roberta=550M --params roberta=355M
      tokscope inspect ./my-tokenizer/tokenizer.json --hidden 768 --json
    """
    from tokscope.errors import TokscopeError
    from tokscope.inspection import describe, parse_count
    from tokscope.loading.sources import canonical_alias, load_many

    check_target(out.path, tokenizers=specs)
    loaded = load_many(specs)
    totals: dict[str, int] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise TokscopeError(f"--params {item!r}: write SPEC=COUNT, e.g. modernbert=400M")
        totals[key.strip()] = parse_count(value)
    known = {t.name for t in loaded} | {t.provenance.spec for t in loaded}
    for key in totals:
        if key not in known and canonical_alias(key) not in known:
            raise TokscopeError(
                f"--params {key}=...: {key!r} is not one of the tokenizers "
                f"inspected ({', '.join(t.name for t in loaded)})"
            )
    facts = []
    for tok in loaded:
        total = next(
            (
                v
                for k, v in totals.items()
                if k in (tok.name, tok.provenance.spec) or canonical_alias(k) == tok.name
            ),
            None,
        )
        facts.append(describe(tok, hidden=hidden, total_params=total))
    if out.format is Format.JSON:
        from tokscope.render.inspect.json import inspect_json

        emit(out, inspect_json(facts))
        return
    from tokscope.render.inspect.terminal import render_inspect

    emit(out, render_inspect(facts), width=width)
