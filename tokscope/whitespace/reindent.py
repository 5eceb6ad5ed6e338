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

import ast
import re
import tokenize
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from tokscope.corpus.walk import Document, SkipReport
from tokscope.loading.sources import LoadedTokenizer, Provenance


@dataclass(frozen=True)
class Style:
    """An indentation style: one nesting level is ``unit``."""

    name: str
    """``2 spaces``, ``4 spaces``, ``8 spaces`` or ``tabs``."""
    unit: str
    """The text of one level."""


STYLES: tuple[Style, ...] = (
    Style("2 spaces", "  "),
    Style("4 spaces", "    "),
    Style("8 spaces", " " * 8),
    Style("tabs", "\t"),
)
"""The styles every file is re-indented to."""

PYTHON = frozenset({"Python"})
"""Languages re-indented through :mod:`tokenize` (pygments' names)."""

INSENSITIVE = frozenset(
    {
        "Bash",
        "C",
        "C#",
        "C++",
        "CSS",
        "Dart",
        "Go",
        "Groovy",
        "Java",
        "JavaScript",
        "JSON",
        "Kotlin",
        "Less",
        "Lua",
        "Objective-C",
        "PHP",
        "Perl",
        "Ruby",
        "Rust",
        "SCSS",
        "Swift",
        "TypeScript",
    }
)
"""Languages whose leading whitespace means nothing outside strings, and whose pygments lexer
marks their multi-line strings (raw strings, text blocks, heredocs, template literals) as strings.
Anything else is refused: indentation may be syntax (YAML, Makefile, Haskell, Python 2, ...) or
the lexer may not know a string form whose indentation is content (Elixir heredocs)."""

REFUSALS: dict[str, str] = {
    "unsupported-language": "re-indenting this language is not known to be safe",
    "syntax-error": "does not parse as Python 3",
    "lexer-error": "the lexer could not read it",
    "mixed-indentation": "indents some lines with tabs and others with spaces",
    "ambiguous-indentation": "a line has spaces before a tab: its nesting level is ambiguous",
    "cr-line-endings": "uses lone CR line endings",
    "changed-meaning": "re-indenting changed the code (AST or lexemes differ)",
}
"""Why a file was not re-indented, by short code."""


class Refused(Exception):
    """A file cannot be re-indented safely."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{REFUSALS[code]}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Layout:
    """How a file is indented, line by line, as nesting levels."""

    method: str
    """``python-tokenize`` or ``leading-whitespace``."""
    original: str
    """The style found: ``4 spaces``, ``tabs``, ``none``, ``mixed``..."""
    lines: tuple[str, ...]
    """The file's physical lines, line endings kept."""
    levels: tuple[tuple[int, str] | None, ...]
    """Per line, ``(level, remainder)`` to write as ``unit * level + remainder`` before the
    line's text, or None for a line left exactly as it is."""
    strip: str
    """The characters of the old indentation removed from re-indented lines."""


def split_lines(text: str) -> list[str]:
    """Physical lines split after each ``\\n``, endings kept.

    >>> split_lines("a\\r\\nb")
    ['a\\r\\n', 'b']
    """
    return [line for line in re.split(r"(?<=\n)", text) if line]


def layout_of(text: str, language: str) -> Layout:
    """Read the indentation of ``text``, or raise :class:`Refused`."""
    if "\r" in text.replace("\r\n", ""):
        line = text[: text.replace("\r\n", "  ").index("\r")].count("\n") + 1
        raise Refused("cr-line-endings", f"line {line}")
    if language in PYTHON:
        return _python_layout(text)
    if language in INSENSITIVE:
        return _lexed_layout(text, language)
    raise Refused("unsupported-language", language)


def apply(layout: Layout, unit: str) -> str:
    """The text with every re-indentable line indented by ``unit`` per level."""
    out = []
    for line, plan in zip(layout.lines, layout.levels):
        if plan is None:
            out.append(line)
        else:
            level, rest = plan
            out.append(unit * level + rest + line.lstrip(layout.strip))
    return "".join(out)


def reindent(
    text: str, language: str, styles: Sequence[Style] = STYLES
) -> tuple[Layout, dict[str, str]]:
    """Re-indent ``text`` to each style and check that its meaning did not change.

    Returns the layout and the text per style name; raises :class:`Refused` when the file cannot
    be re-indented safely.
    """
    layout = layout_of(text, language)
    check = (
        _python_check(text) if layout.method == "python-tokenize" else _lexeme_check(text, language)
    )
    out = {}
    for style in styles:
        new = apply(layout, style.unit)
        problem = check(new)
        if problem:
            raise Refused("changed-meaning", f"to {style.name}: {problem}")
        out[style.name] = new
    return layout, out


# --------------------------------------------------------------------------------------------
# Python


def _python_layout(text: str) -> Layout:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
        raise Refused("syntax-error", f"{getattr(exc, 'msg', exc)}{where}") from None
    lines = split_lines(text)
    levels: list[tuple[int, str] | None] = [None] * len(lines)
    stack = [""]
    indents: list[tuple[str, str]] = []
    # Comment-only lines come before the INDENT/DEDENT of the next statement: place them once
    # that statement is known, at the level (then or now) whose indentation matches theirs.
    pending: list[tuple[int, str, list[str]]] = []
    at_start = True
    try:
        for tok in tokenize.generate_tokens(_reader(lines)):
            kind, row = tok.type, tok.start[0]
            if kind == tokenize.INDENT:
                indents.append((stack[-1], tok.string))
                stack.append(tok.string)
            elif kind == tokenize.DEDENT:
                stack.pop()
            elif kind == tokenize.NL:
                continue
            elif kind == tokenize.ENDMARKER:
                break
            elif kind == tokenize.NEWLINE:
                at_start = True
            elif kind == tokenize.COMMENT and at_start:
                lead = _leading(lines[row - 1], " \t\f")
                if lead == lines[row - 1][: tok.start[1]]:
                    pending.append((row, lead, list(stack)))
            elif at_start:
                for line, lead, then in pending:
                    levels[line - 1] = _comment_level(then, stack, lead)
                pending = []
                levels[row - 1] = (len(stack) - 1, "")
                at_start = False
    except (tokenize.TokenError, SyntaxError) as exc:
        raise Refused("syntax-error", str(exc)) from None
    for line, lead, then in pending:
        levels[line - 1] = _comment_level(then, stack, lead)
    return Layout("python-tokenize", _style_of(indents), tuple(lines), tuple(levels), " \t\f")


def _reader(lines: list[str]) -> Callable[[], str]:
    it: Iterator[str] = iter(lines)
    return lambda: next(it, "")


def _leading(line: str, chars: str) -> str:
    return line[: len(line) - len(line.lstrip(chars))]


def _comment_level(then: list[str], now: list[str], lead: str) -> tuple[int, str]:
    """The level of a comment-only line: the open level whose indentation equals its own (as
    the next statement sees the levels, else as they were before), else the deepest open level
    its indentation starts with, the rest kept as it is."""
    for stack in (now, then):
        if lead in stack:
            return len(stack) - 1 - stack[::-1].index(lead), ""
    for depth in range(len(then) - 1, -1, -1):
        if lead.startswith(then[depth]):
            return depth, lead[len(then[depth]) :]
    return 0, lead


def _style_of(indents: list[tuple[str, str]]) -> str:
    """Name the style from ``(parent, child)`` indentation pairs."""
    if not indents:
        return "none"
    steps = [child[len(parent) :] for parent, child in indents if child.startswith(parent)]
    if len(steps) != len(indents):
        return "mixed"
    if all(set(s) == {"\t"} for s in steps):
        return "tabs"
    if all(set(s) == {" "} for s in steps):
        width = Counter(len(s) for s in steps).most_common(1)[0][0]
        return f"{width} spaces"
    return "mixed"


def _python_check(original: str) -> Callable[[str], str | None]:
    expected = ast.dump(ast.parse(original))

    def check(new: str) -> str | None:
        try:
            got = ast.dump(ast.parse(new))
        except SyntaxError as exc:
            return f"does not compile ({exc.msg}, line {exc.lineno})"
        return None if got == expected else "the AST differs"

    return check


# --------------------------------------------------------------------------------------------
# Other languages: pygments


def _lexer(language: str) -> Any:
    from pygments.lexers import find_lexer_class

    cls = find_lexer_class(language)
    if cls is None:
        raise Refused("unsupported-language", language)
    return cls(stripnl=False, ensurenl=False, stripall=False)


def _lex(text: str, language: str) -> list[tuple[int, Any, str]]:
    return list(_lexer(language).get_tokens_unprocessed(text))


def _lexed_layout(text: str, language: str) -> Layout:
    from pygments.token import Comment, Error, String

    tokens = _lex(text, language)
    for start, ttype, value in tokens:
        if ttype in Error and value.strip():
            number = text.count("\n", 0, start) + 1
            raise Refused("lexer-error", f"line {number}: {value[:20]!r}")
    lines = split_lines(text)
    token_starts = [t[0] for t in tokens]
    kinds: list[str | None] = []  # "code", "comment" or None (leave alone)
    offset = 0
    for line in lines:
        k = bisect_right(token_starts, offset) - 1
        kind: str | None = "code"
        if 0 <= k < len(tokens):
            start, ttype, value = tokens[k]
            if ttype in String and offset < start + len(value):
                kind = None
            elif ttype in Comment and start < offset < start + len(value):
                kind = "comment"
        if not line.strip():
            kind = None
        kinds.append(kind)
        offset += len(line)
    leads = [_leading(line, " \t") for line in lines]
    for n, (lead, kind) in enumerate(zip(leads, kinds), start=1):
        if kind and re.search(r" \t", lead):
            raise Refused("ambiguous-indentation", f"line {n}")
    code = [
        (n, lead) for n, (lead, kind) in enumerate(zip(leads, kinds), start=1) if kind == "code"
    ]
    tabbed = [n for n, lead in code if lead.startswith("\t")]
    spaced = [n for n, lead in code if lead.startswith(" ")]
    if tabbed and spaced:
        raise Refused("mixed-indentation", f"tabs at line {tabbed[0]}, spaces at line {spaced[0]}")
    if tabbed:
        original, unit = "tabs", 0
    else:
        widths = [len(lead) for _, lead in code]
        steps = Counter(b - a for a, b in pairwise(widths) if b > a)
        unit = min(steps.items(), key=lambda s: (-s[1], s[0]))[0] if steps else 0
        original = f"{unit} spaces" if unit else "none"
    levels: list[tuple[int, str] | None] = []
    for lead, kind in zip(leads, kinds):
        if kind is None:
            levels.append(None)
        elif tabbed:
            tabs = len(lead) - len(lead.lstrip("\t"))
            levels.append((tabs, lead[tabs:]))
        elif unit and "\t" not in lead:
            levels.append((len(lead) // unit, " " * (len(lead) % unit)))
        else:
            levels.append((0, lead))
    return Layout("leading-whitespace", original, tuple(lines), tuple(levels), " \t")


def _lexemes(text: str, language: str) -> list[tuple[Any, str]]:
    from pygments.token import Comment

    out = []
    for _, ttype, value in _lex(text, language):
        if not value.strip():
            continue
        out.append((ttype, " ".join(value.split()) if ttype in Comment else value))
    return out


def _lexeme_check(original: str, language: str) -> Callable[[str], str | None]:
    expected = _lexemes(original, language)

    def check(new: str) -> str | None:
        got = _lexemes(new, language)
        if got == expected:
            return None
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), None)
        where = f" (lexeme {first + 1})" if first is not None else ""
        return f"the lexemes differ{where}"

    return check


# --------------------------------------------------------------------------------------------
# Parity


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


def parity(
    documents: Iterable[Document],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    skipped: SkipReport | None = None,
    progress: Callable[[Document], None] | None = None,
) -> ParityReport:
    """Re-indent each document to every style and count the tokens of each tokenizer."""
    files = []
    sums = {t.name: [0] * (len(STYLES) + 1) for t in tokenizers}
    for doc in documents:
        try:
            layout, texts = reindent(doc.text, doc.language)
        except Refused as exc:
            files.append(FileParity(doc.name, doc.language, "", "", exc.code, str(exc), ()))
        else:
            batch = [doc.text, *(texts[s.name] for s in STYLES)]
            counts = []
            for tok in tokenizers:
                encodings = tok.tokenizer.encode_batch(batch, add_special_tokens=False)
                n = [len(e.ids) for e in encodings]
                counts.append((tok.name, n[0], tuple(n[1:])))
                sums[tok.name] = [a + b for a, b in zip(sums[tok.name], n)]
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
