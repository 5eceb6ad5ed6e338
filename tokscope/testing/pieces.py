"""What the code-text strategies are made of: languages and kinds, code line templates, and the
argument checks every strategy runs first.

A bad argument raises ``hypothesis.errors.InvalidArgument``, as Hypothesis's own strategies do,
whether its type or its value is wrong.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from hypothesis.errors import InvalidArgument

LANGUAGES: tuple[str, ...] = ("python", "c", "javascript", "go", "java", "ruby")
"""Languages :func:`code_lines` and :func:`indented_blocks` can imitate."""

IDENTIFIER_STYLES: tuple[str, ...] = ("snake", "camel", "pascal", "upper", "dunder", "non-ascii")
"""Identifier forms: ``max_len``, ``maxLen``, ``MaxLen``, ``MAX_LEN``, ``__len__``, ``größe``."""

INDENT_KINDS: tuple[str, ...] = ("spaces", "tabs", "mixed")
"""Indentation made of spaces, of tabs, or of levels that are each a tab or ``width`` spaces."""

WHITESPACE_KINDS: dict[str, str] = {
    "space": " ",
    "tab": "\t",
    "newline": "\n",
    "cr": "\r",
    "crlf": "\r\n",
    "nbsp": "\u00a0",
    "ideographic": "\u3000",
    "em": "\u2003",
    "line-separator": "\u2028",
}
"""Whitespace kinds for :func:`whitespace_runs` and the unit each repeats."""

LINE_ENDING_STYLES: dict[str, tuple[str, ...]] = {
    "lf": ("\n",),
    "crlf": ("\r\n",),
    "cr": ("\r",),
    "mixed": ("\n", "\r\n", "\r"),
}
"""Line-ending styles for :func:`line_endings` and the endings each uses."""

UNICODE_KINDS: dict[str, tuple[str, ...]] = {
    "combining": ("\u0301", "\u0308", "\u0327", "\u0323", "\u20d7", "\u0361"),
    "emoji": (
        "👩\u200d💻",
        "👨\u200d👩\u200d👧",
        "🏳\ufe0f\u200d🌈",
        "👍🏽",
        "🇩🇪",
        "❤\ufe0f",
        "🐍",
    ),
    "rtl": ("שלום", "مرحبا", "\u202e", "\u2067", "\u2069", "\u200f"),
    "zero-width": ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"),
    "nul": ("\x00",),
}
"""Unicode edge cases for :func:`unicode_edge_cases`: combining marks, emoji with joiners and
modifiers, right-to-left text and bidi controls, zero-width characters, NUL."""

NORMAL_FORMS: tuple[str, ...] = ("NFC", "NFD", "NFKC", "NFKD")
"""Unicode normal forms the ``normalize`` arguments accept."""

WORDS = (
    "get", "set", "user", "name", "value", "index", "count", "max", "min", "len", "item", "items",
    "data", "result", "node", "parent", "size", "buffer", "key", "cache", "path", "line", "token",
    "parse", "read", "write", "init", "new", "is", "has", "to", "from", "total", "x", "y", "i",
    "id", "http", "url", "v2", "tmp", "self", "err", "ok",
)  # fmt: skip
NON_ASCII_WORDS = (
    "café", "größe", "naïve", "año", "ß", "π", "λ", "名前", "変数", "переменная", "δέλτα",
    "résumé", "ünïcode", "значение", "数据", "øre", "ñandú",
)  # fmt: skip
LOWER = "abcdefghijklmnopqrstuvwxyz"
OPERATORS = ("+", "-", "*", "/", "%", "&&", "||", "<<", "**", "//", "==", "!=", "->", "=>", ":=")
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
PUNCTUATION = ("(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "=", "+", "#", "@", '"', "'")
COMMENT_WORDS = ("todo", "fix", "the", "cache", "is", "not", "thread-safe", "see", "issue", "#42")

# Templates: {i} identifier, {I} upper-case identifier, {e} expression, {n} number,
# {s} string literal, {k} comparison, {c} comment words. Openers start a deeper block.
LINES: dict[str, tuple[str, ...]] = {
    "python": (
        "{i} = {e}",
        "return {e}",
        "{i}.{i}({e}, {e})",
        "{i} += {n}",
        "print(f{s})",
        "# {c}",
        "raise ValueError({s})",
        "{I} = {n}",
        "yield {i}",
        "import {i}",
    ),
    "c": (
        "int {i} = {e};",
        "return {e};",
        "{i}->{i} = {n};",
        "/* {c} */",
        "#define {I} {n}",
        "printf({s}, {i});",
        "{i}[{n}] = {e};",
        "// {c}",
    ),
    "javascript": (
        "const {i} = {e};",
        "let {i} = {i}.{i}({e});",
        "return {e};",
        "// {c}",
        "{i}.push({e});",
        "console.log(`${{{i}}}`);",
        "export default {i};",
    ),
    "go": (
        "{i} := {e}",
        "return {e}, nil",
        "fmt.Println({s}, {i})",
        "// {c}",
        "{i} = append({i}, {e})",
        "defer {i}.Close()",
    ),
    "java": (
        "final var {i} = {e};",
        "return {e};",
        "this.{i} = {i};",
        "// {c}",
        "System.out.println({s});",
        "{i}.put({s}, {n});",
    ),
    "ruby": (
        "{i} = {e}",
        "puts {s}",
        "return {e} if {i}",
        "# {c}",
        "@{i} = {i}",
        "{i} << {e}",
    ),
}
OPENERS: dict[str, tuple[str, ...]] = {
    "python": (
        "def {i}({i}, {i}):",
        "if {i} {k} {n}:",
        "for {i} in {i}:",
        "class {i}:",
        "with open({s}) as {i}:",
        "while {i}:",
        "else:",
        "try:",
    ),
    "c": ("if ({i} {k} {n}) {{", "for (int {i} = 0; {i} < {n}; {i}++) {{", "while ({i}) {{"),
    "javascript": (
        "function {i}({i}, {i}) {{",
        "if ({i} {k} {n}) {{",
        "for (const {i} of {i}) {{",
        "const {i} = ({i}) => {{",
    ),
    "go": ("func {i}({i} int) int {{", "if {i} {k} {n} {{", "for _, {i} := range {i} {{"),
    "java": (
        "public static int {i}(int {i}) {{",
        "if ({i} {k} {n}) {{",
        "for (var {i} : {i}) {{",
    ),
    "ruby": ("def {i}({i})", "if {i} {k} {n}", "{i}.each do |{i}|", "class {I}"),
}
CLOSERS: dict[str, str | None] = {
    "python": None,
    "c": "}",
    "javascript": "}",
    "go": "}",
    "java": "}",
    "ruby": "end",
}


def choices(name: str, values: object, allowed: Iterable[str]) -> tuple[str, ...]:
    """``values`` checked to be a non-empty sequence of names from ``allowed``, without repeats."""
    known = tuple(allowed)
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"{name} must be a sequence of names, not {values!r}")
    chosen = tuple(values)
    if not chosen:
        raise InvalidArgument(f"{name} must name at least one of: {', '.join(known)}")
    for value in chosen:
        if value not in known:
            raise InvalidArgument(f"{name}: unknown {value!r}; choose from {', '.join(known)}")
    return tuple(dict.fromkeys(chosen))


def one_of(name: str, value: object, allowed: Iterable[str]) -> str:
    """``value`` checked to be one of ``allowed``."""
    known = tuple(allowed)
    if value not in known:
        raise InvalidArgument(f"{name} must be one of {', '.join(known)}, not {value!r}")
    assert isinstance(value, str)
    return value


def int_range(name_lo: str, lo: object, name_hi: str, hi: object, floor: int, ceiling: int) -> None:
    """Check that ``lo`` and ``hi`` are ints in ``[floor, ceiling]`` and ``lo <= hi``."""
    for name, value in ((name_lo, lo), (name_hi, hi)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{name} must be an int, not {value!r}")
        if not floor <= value <= ceiling:
            raise InvalidArgument(f"{name} must be between {floor} and {ceiling}, not {value}")
    assert isinstance(lo, int) and isinstance(hi, int)
    if lo > hi:
        raise InvalidArgument(f"{name_lo}={lo} is larger than {name_hi}={hi}")


def flag(name: str, value: object) -> bool:
    """``value`` checked to be a ``bool``."""
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be a bool, not {value!r}")
    return value


def normal_form(normalize: object) -> Callable[[str], str] | None:
    """The function putting a text in normal form ``normalize`` (None for None)."""
    if normalize is None:
        return None
    form = one_of("normalize", normalize, NORMAL_FORMS)
    return lambda text: unicodedata.normalize(form, text)  # type: ignore[arg-type]
