"""Re-indent source code to another style without changing what it means, and measure the cost.

Two methods, chosen by language:

* **Python** goes through the standard :mod:`tokenize` module. Only the physical lines that start
  a logical line (and comment-only lines) are re-indented, to ``depth`` times the new unit, where
  ``depth`` counts the ``INDENT``/``DEDENT`` tokens. Continuation lines, lines inside strings and
  blank lines are left exactly as they were. The result must compile to the same AST
  (``ast.dump``), or the file is refused.
* **Other languages** where leading whitespace carries no meaning (:data:`INSENSITIVE`) are lexed
  with pygments; lines that start inside a string literal are left alone, and every other line's
  leading whitespace is read as a nesting level (tabs, or multiples of the detected space unit)
  plus a remainder of alignment spaces that is kept. The result must lex to the same lexemes
  (whitespace aside, comments compared word by word), or the file is refused.

Everything that cannot be done safely is refused with a reason (:data:`REFUSALS`), never
guessed. :func:`parity` then counts tokens per style and tokenizer, and the premium against the
original layout (Petrov et al.'s tokenization parity, applied to layout).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tokscope.corpus.walk import Document, SkipReport
from tokscope.errors import TokenizerError
from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.whitespace.layout import (
    INSENSITIVE,
    PYTHON,
    REFUSALS,
    STYLES,
    Layout,
    Refused,
    Style,
    apply,
    split_lines,
)
from tokscope.whitespace.lexed_layout import lexed_layout, lexeme_check
from tokscope.whitespace.python_layout import python_check, python_layout

__all__ = [
    "INSENSITIVE",
    "PYTHON",
    "REFUSALS",
    "STYLES",
    "FileParity",
    "Layout",
    "ParityReport",
    "Refused",
    "Style",
    "StyleTotals",
    "apply",
    "layout_of",
    "parity",
    "reindent",
    "split_lines",
]


def layout_of(text: str, language: str) -> Layout:
    """Read the indentation of ``text``, or raise :class:`Refused`."""
    if "\r" in text.replace("\r\n", ""):
        line = text[: text.replace("\r\n", "  ").index("\r")].count("\n") + 1
        raise Refused("cr-line-endings", f"line {line}")
    if language in PYTHON:
        return python_layout(text)
    if language in INSENSITIVE:
        return lexed_layout(text, language)
    raise Refused("unsupported-language", language)


def reindent(
    text: str, language: str, styles: Sequence[Style] = STYLES
) -> tuple[Layout, dict[str, str]]:
    """Re-indent ``text`` to each style and check that its meaning did not change.

    Returns the layout and the text per style name; raises :class:`Refused` when the file cannot
    be re-indented safely.
    """
    layout = layout_of(text, language)
    check = (
        python_check(text) if layout.method == "python-tokenize" else lexeme_check(text, language)
    )
    out = {}
    for style in styles:
        new = apply(layout, style.unit)
        problem = check(new)
        if problem:
            raise Refused("changed-meaning", f"to {style.name}: {problem}")
        out[style.name] = new
    return layout, out


@dataclass(frozen=True)
class FileParity:
    """One file: its indentation, and tokens per style for each tokenizer."""

    name: str
    """The file (or record) name."""
    language: str
    """Its language."""
    original: str
    """The style it was written in (``4 spaces``, ``tabs``...); empty when refused."""
    method: str
    """``python-tokenize`` or ``leading-whitespace``; empty when refused."""
    refused: str | None
    """A key of :data:`REFUSALS` when the file was not re-indented."""
    reason: str | None
    """The refusal in words, with where it happened."""
    tokens: tuple[tuple[str, int, tuple[int, ...]], ...]
    """Per tokenizer: ``(name, tokens of the original, tokens per style in STYLES order)``;
    empty when refused."""


@dataclass(frozen=True)
class StyleTotals:
    """Tokens of one tokenizer over all re-indented files, per style."""

    tokenizer: str
    """Tokenizer name."""
    original: int
    """Tokens of the files as written."""
    styles: tuple[int, ...]
    """Tokens per style, in :data:`STYLES` order."""

    def premium(self, index: int) -> float:
        """Tokens of style ``index`` / tokens of the original - 1."""
        return self.styles[index] / self.original - 1 if self.original else 0.0


@dataclass(frozen=True)
class ParityReport:
    """The ``tokscope whitespace --reindent`` report."""

    styles: tuple[str, ...]
    """Style names, in order."""
    tokenizers: tuple[tuple[str, Provenance], ...]
    """Names and provenance, in the order given."""
    files: tuple[FileParity, ...]
    """Every file read, re-indented or refused, in the order read."""
    totals: tuple[StyleTotals, ...]
    """Per tokenizer, sums over the re-indented files."""
    skipped: SkipReport
    """Inputs that could not be read, by reason."""

    @property
    def refusals(self) -> tuple[tuple[str, int], ...]:
        """``(refusal code, files)`` sorted by code."""
        return tuple(sorted(Counter(f.refused for f in self.files if f.refused).items()))


def _counts(tok: LoadedTokenizer, batch: list[str]) -> tuple[str, int, tuple[int, ...]]:
    """``(tokenizer, tokens of the text as written, tokens per style)``."""
    n = [len(e.ids) for e in tok.encode_batch(batch, add_special_tokens=False)]
    return tok.name, n[0], tuple(n[1:])


def parity(
    documents: Iterable[Document],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    skipped: SkipReport | None = None,
    progress: Callable[[Document], None] | None = None,
) -> ParityReport:
    """Re-indent each document to every style and count the tokens of each tokenizer.

    A document some tokenizer fails to encode is refused with ``tokenizer-error``.
    """
    files = []
    sums = {t.name: [0] * (len(STYLES) + 1) for t in tokenizers}
    for doc in documents:
        try:
            layout, texts = reindent(doc.text, doc.language)
        except Refused as exc:
            files.append(FileParity(doc.name, doc.language, "", "", exc.code, str(exc), ()))
        else:
            batch = [doc.text, *(texts[s.name] for s in STYLES)]
            try:
                counts = [_counts(tok, batch) for tok in tokenizers]
            except TokenizerError as exc:
                files.append(
                    FileParity(doc.name, doc.language, "", "", TokenizerError.reason, str(exc), ())
                )
                if progress is not None:
                    progress(doc)
                continue
            for name, first, rest in counts:
                sums[name] = [a + b for a, b in zip(sums[name], (first, *rest))]
            files.append(
                FileParity(
                    doc.name,
                    doc.language,
                    layout.original,
                    layout.method,
                    None,
                    None,
                    tuple(counts),
                )
            )
        if progress is not None:
            progress(doc)
    return ParityReport(
        styles=tuple(s.name for s in STYLES),
        tokenizers=tuple((t.name, t.provenance) for t in tokenizers),
        files=tuple(files),
        totals=tuple(
            StyleTotals(t.name, sums[t.name][0], tuple(sums[t.name][1:])) for t in tokenizers
        ),
        skipped=skipped or SkipReport(),
    )
