"""The ``tokscope`` command line: parse options, call the core, hand the result to a renderer.

Command modules import the core lazily, inside the command, so ``tokscope --help`` stays fast and
never imports transformers or torch.
"""

from __future__ import annotations

import errno
import signal
import sys
from types import FrameType
from typing import Any

import click

from tokscope import __version__
from tokscope.cli import cache as cache_cmd
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


class _Interrupted(click.ClickException):
    """Ctrl-C (SIGINT): one line on stderr, exit status 130 as a shell reports it."""

    exit_code = 130

    def format_message(self) -> str:
        return self.message


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TokscopeError as exc:
            raise _UserError(str(exc)) from None
        except KeyboardInterrupt:
            raise _Interrupted("interrupted: no output was written") from None


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


cli.add_command(cache_cmd.cache)
cli.add_command(check_cmd.check)
cli.add_command(diff_cmd.diff)
cli.add_command(inspect_cmd.inspect)
cli.add_command(overlap_cmd.overlap)
cli.add_command(report_cmd.report)
cli.add_command(stats_cmd.stats)
cli.add_command(vocab_cmd.vocab)
cli.add_command(whitespace_cmd.whitespace)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signal.SIGTERM)


def main() -> None:
    """Entry point of the ``tokscope`` console script and of ``python -m tokscope``."""
    # SIGTERM unwinds like Ctrl-C does, so that a file being written is left as it was.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    from tokscope.loading.kept import keep_until_exit

    keep_until_exit()  # the process ends without freeing its tokenizers (a second for XLM-R)
    try:
        cli(prog_name="tokscope")
    except OSError as exc:  # click's own output (--help, usage errors) into a full disk
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
            raise
        _UserError(f"cannot write to standard output: {exc.strerror}").show()
        sys.exit(_UserError.exit_code)
