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


class TokenizerError(TokscopeError):
    """A tokenizer failed while encoding or decoding a text (an unknown piece with no unknown
    token to stand for it, an id beyond its vocabulary, ...): the tokenizer files are at fault,
    not the text."""

    reason = "tokenizer-error"
    """The skip reason of an input a corpus command could not tokenize."""

    @classmethod
    def of(cls, name: str, exc: BaseException, *, what: str = "") -> TokenizerError:
        """The error for tokenizer ``name`` failing with ``exc`` (on input ``what``, if named)."""
        lines = str(exc).strip().splitlines()
        detail = lines[0] if lines else type(exc).__name__
        on = f" {what}" if what else ""
        return cls(
            f"tokenizer {name!r} failed while encoding{on} ({detail}); its files are inconsistent "
            "(for example no unknown token for pieces it cannot match): fix them or use another"
        )
