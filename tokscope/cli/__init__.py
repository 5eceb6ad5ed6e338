"""The ``tokscope`` command line: parse options, call the core, hand the result to a renderer.

Command modules import the core lazily, inside the command, so ``tokscope --help`` stays fast and
never imports transformers or torch.
"""

from __future__ import annotations

from typing import Any

import click

from tokscope import __version__
from tokscope.cli import check as check_cmd
from tokscope.cli import diff as diff_cmd
from tokscope.cli import inspect as inspect_cmd
from tokscope.cli import overlap as overlap_cmd
from tokscope.cli import report as report_cmd
from tokscope.cli import stats as stats_cmd
from tokscope.cli import vocab as vocab_cmd
from tokscope.cli import whitespace as whitespace_cmd
from tokscope.errors import TokscopeError


class _UserError(click.ClickException):
    """A :class:`TokscopeError` on its way out: one line on stderr, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TokscopeError as exc:
            raise _UserError(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tokscope")
def cli() -> None:
    """See what tokenizers do to source code.

    \b
    Compare how tokenizers split a file, whitespace made visible:
      tokscope diff corpora/python/inventory.py
    Vocabulary, whitespace entries and parameter cost of each tokenizer:
      tokscope inspect --params modernbert=400M --params xlm-roberta=550M

    Tokenizers are aliases (modernbert, olmo, xlm-roberta, roberta), Hugging Face hub ids,
    paths, or OpenAI encodings (tiktoken:cl100k_base); see TOKSCOPE_TOKENIZERS in the README for
    machines without the Hub.
    """


cli.add_command(check_cmd.check)
cli.add_command(diff_cmd.diff)
cli.add_command(inspect_cmd.inspect)
cli.add_command(overlap_cmd.overlap)
cli.add_command(report_cmd.report)
cli.add_command(stats_cmd.stats)
cli.add_command(vocab_cmd.vocab)
cli.add_command(whitespace_cmd.whitespace)


def main() -> None:
    """Entry point of the ``tokscope`` console script."""
    cli(prog_name="tokscope")
