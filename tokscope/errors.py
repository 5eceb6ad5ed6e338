"""Errors a user can act on.

Every error tokscope raises on purpose is a :class:`TokscopeError` whose message is one line: what
went wrong and what to do about it. The CLI prints that line and exits with status 2.
"""

from __future__ import annotations


class TokscopeError(Exception):
    """An error with a one-line, actionable message meant for the user."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class SourceError(TokscopeError):
    """A tokenizer spec could not be resolved or its files could not be loaded."""


class InputError(TokscopeError):
    """An input file cannot be analysed (missing, binary, not UTF-8, ...)."""


class OutputError(TokscopeError):
    """An output file or standard output cannot be written, or would overwrite an input."""
