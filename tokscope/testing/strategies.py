"""Hypothesis strategies for code-like text: the inputs that break code tokenizers.

Every function checks its arguments first (a ``ValueError`` or ``TypeError`` naming the bad one)
and returns a ``SearchStrategy[str]``. All texts are valid Unicode (no lone surrogates), so any
tokenizer can encode them.

>>> from hypothesis import given  # doctest: +SKIP
>>> @given(indented_blocks(kind="tabs", languages=("go",)))  # doctest: +SKIP
... def test_tabs_survive(tokscope_tokenizer, text):
...     properties.roundtrip(tokscope_tokenizer, text)

``python_source()`` needs the optional ``hypothesmith`` package
(``pip install 'tokscope[hypothesmith]'``).
"""

from __future__ import annotations

import functools
import keyword
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

__all__ = [
    "IDENTIFIER_STYLES",
    "INDENT_KINDS",
    "LANGUAGES",
    "LINE_ENDING_STYLES",
    "NORMAL_FORMS",
    "UNICODE_KINDS",
    "WHITESPACE_KINDS",
    "code_lines",
    "code_text",
    "identifiers",
    "indentation",
    "indented_blocks",
    "line_endings",
    "python_source",
    "runs_in_context",
    "string_literals",
    "unicode_edge_cases",
    "whitespace_runs",
]

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

_WORDS = (
    "get", "set", "user", "name", "value", "index", "count", "max", "min", "len", "item", "items",
    "data", "result", "node", "parent", "size", "buffer", "key", "cache", "path", "line", "token",
    "parse", "read", "write", "init", "new", "is", "has", "to", "from", "total", "x", "y", "i",
    "id", "http", "url", "v2", "tmp", "self", "err", "ok",
)  # fmt: skip
_NON_ASCII_WORDS = (
    "café", "größe", "naïve", "año", "ß", "π", "λ", "名前", "変数", "переменная", "δέλτα",
    "résumé", "ünïcode", "значение", "数据", "øre", "ñandú",
)  # fmt: skip
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_OPERATORS = ("+", "-", "*", "/", "%", "&&", "||", "<<", "**", "//", "==", "!=", "->", "=>", ":=")
_COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
_PUNCTUATION = ("(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "=", "+", "#", "@", '"', "'")
_COMMENT_WORDS = ("todo", "fix", "the", "cache", "is", "not", "thread-safe", "see", "issue", "#42")

# Templates: {i} identifier, {I} upper-case identifier, {e} expression, {n} number,
# {s} string literal, {k} comparison, {c} comment words. Openers start a deeper block.
_LINES: dict[str, tuple[str, ...]] = {
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
_OPENERS: dict[str, tuple[str, ...]] = {
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
_CLOSERS: dict[str, str | None] = {
    "python": None,
    "c": "}",
    "javascript": "}",
    "go": "}",
    "java": "}",
    "ruby": "end",
}


# -- argument checks ----------------------------------------------------------------------------


def _choices(name: str, values: object, allowed: Iterable[str]) -> tuple[str, ...]:
    known = tuple(allowed)
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of names, not {values!r}")
    chosen = tuple(values)
    if not chosen:
        raise ValueError(f"{name} must name at least one of: {', '.join(known)}")
    for value in chosen:
        if value not in known:
            raise ValueError(f"{name}: unknown {value!r}; choose from {', '.join(known)}")
    return tuple(dict.fromkeys(chosen))


def _one_of(name: str, value: object, allowed: Iterable[str]) -> str:
    known = tuple(allowed)
    if value not in known:
        raise ValueError(f"{name} must be one of {', '.join(known)}, not {value!r}")
    assert isinstance(value, str)
    return value


def _int_range(
    name_lo: str, lo: object, name_hi: str, hi: object, floor: int, ceiling: int
) -> None:
    for name, value in ((name_lo, lo), (name_hi, hi)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, not {value!r}")
        if not floor <= value <= ceiling:
            raise ValueError(f"{name} must be between {floor} and {ceiling}, not {value}")
    assert isinstance(lo, int) and isinstance(hi, int)
    if lo > hi:
        raise ValueError(f"{name_lo}={lo} is larger than {name_hi}={hi}")


def _normal_form(normalize: object) -> Callable[[str], str] | None:
    if normalize is None:
        return None
    form = _one_of("normalize", normalize, NORMAL_FORMS)
    return lambda text: unicodedata.normalize(form, text)  # type: ignore[arg-type]


# -- identifiers and small pieces ---------------------------------------------------------------


@functools.cache
def _word() -> SearchStrategy[str]:
    return st.one_of(st.sampled_from(_WORDS), st.text(_LOWER, min_size=1, max_size=8))


def _style(style: str, parts: list[str]) -> str:
    if style == "snake":
        return "_".join(parts)
    if style == "camel":
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    if style == "pascal":
        return "".join(p.capitalize() for p in parts)
    if style == "upper":
        return "_".join(parts).upper()
    if style == "dunder":
        return "__" + "_".join(parts) + "__"
    return "_".join(parts)


def _avoid_keywords(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def identifiers(
    *, styles: Sequence[str] = IDENTIFIER_STYLES, min_parts: int = 1, max_parts: int = 3
) -> SearchStrategy[str]:
    """Identifiers in the given ``styles`` (see :data:`IDENTIFIER_STYLES`), made of
    ``min_parts`` to ``max_parts`` words: ``max_len``, ``maxLen``, ``MaxLen``, ``MAX_LEN``,
    ``__max_len__`` or, for ``non-ascii``, at least one word like ``größe`` or ``名前``.

    Every result is a valid Python identifier in NFC and not a keyword.
    """
    chosen = _choices("styles", styles, IDENTIFIER_STYLES)
    _int_range("min_parts", min_parts, "max_parts", max_parts, 1, 8)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        style = draw(st.sampled_from(chosen))
        parts = draw(st.lists(_word(), min_size=min_parts, max_size=max_parts))
        if style == "non-ascii":
            at = draw(st.integers(0, len(parts) - 1))
            parts[at] = draw(st.sampled_from(_NON_ASCII_WORDS))
        return _avoid_keywords(unicodedata.normalize("NFC", _style(style, parts)))

    return build()


@functools.cache
def _number() -> SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 99_999).map(str),
        st.sampled_from(("0x1F", "3.14", "1e-9", "1_000_000", "0b1010", "42")),
    )


_ESCAPES = ("\\n", "\\t", "\\\\", "\\r", "\\0", "\\x41", "\\u00e9", "\\U0001F40D")


def string_literals(
    *, quotes: Sequence[str] = ('"', "'"), max_length: int = 16
) -> SearchStrategy[str]:
    """String literals with escapes (``\\n``, ``\\t``, ``\\\\``, ``\\x41``, ``\\u00e9``, escaped
    quotes), spaces, tabs and non-ASCII letters, up to ``max_length`` pieces long.

    Every result is a valid Python string literal (``ast.literal_eval`` reads it) and, apart from
    ``\\U`` escapes, a valid C, Java, JavaScript or Go one.
    """
    chosen = _choices("quotes", quotes, ('"', "'"))
    _int_range("max_length", max_length, "max_length", max_length, 0, 200)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        quote = draw(st.sampled_from(chosen))
        piece = st.one_of(
            st.text(_LOWER + " ", min_size=1, max_size=6),
            st.sampled_from(_ESCAPES),
            st.just("\\" + quote),
            st.sampled_from(("\t", "  ", "{}", "%s", "é", "日本", "ß", "€")),
        )
        body = draw(st.lists(piece, max_size=max_length))
        return quote + "".join(body) + quote

    return build()


def _fill(draw: st.DrawFn, template: str) -> str:
    parts: list[str] = []
    k = 0
    while k < len(template):
        ch = template[k]
        if ch == "{" and template.startswith("{{", k):
            parts.append("{")
            k += 2
            continue
        if ch == "}" and template.startswith("}}", k):
            parts.append("}")
            k += 2
            continue
        if ch == "{" and k + 2 < len(template) and template[k + 2] == "}":
            parts.append(_slot(draw, template[k + 1]))
            k += 3
            continue
        parts.append(ch)
        k += 1
    return "".join(parts)


@functools.cache
def _slots() -> dict[str, SearchStrategy[str]]:
    """The strategy behind each template slot, built once (building strategies is not free)."""
    name = identifiers(styles=("snake", "camel"), max_parts=2)
    simple = st.one_of(name, _number(), string_literals(max_length=4))
    expression = st.one_of(
        simple,
        st.tuples(simple, st.sampled_from(_OPERATORS), simple).map(" ".join),
        st.tuples(name, simple).map(lambda p: f"{p[0]}({p[1]})"),
        st.tuples(simple, simple).map(lambda p: f"[{p[0]}, {p[1]}]"),
    )
    return {
        "i": name,
        "I": identifiers(styles=("upper", "pascal"), max_parts=2),
        "n": _number(),
        "s": string_literals(max_length=5),
        "k": st.sampled_from(_COMPARISONS),
        "c": st.lists(st.sampled_from(_COMMENT_WORDS), min_size=1, max_size=5).map(" ".join),
        "e": expression,
    }


def _slot(draw: st.DrawFn, kind: str) -> str:
    return draw(_slots()[kind])


def code_lines(*, languages: Sequence[str] = LANGUAGES) -> SearchStrategy[str]:
    """One line of code in one of ``languages`` (see :data:`LANGUAGES`): an assignment, a call,
    a return, a comment, a block opener... without indentation or line ending."""
    chosen = _choices("languages", languages, LANGUAGES)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        language = draw(st.sampled_from(chosen))
        template = draw(st.sampled_from(_LINES[language] + _OPENERS[language]))
        return _fill(draw, template)

    return build()


# -- whitespace ---------------------------------------------------------------------------------


def indentation(
    *, kind: str = "spaces", width: int = 4, min_depth: int = 0, max_depth: int = 8
) -> SearchStrategy[str]:
    """The indentation of one line: ``min_depth`` to ``max_depth`` levels of ``width`` spaces
    (``kind="spaces"``), of tabs (``"tabs"``), or each level a tab or ``width`` spaces
    (``"mixed"``). Deep indentation is just a large ``max_depth`` (up to 64)."""
    _one_of("kind", kind, INDENT_KINDS)
    _int_range("width", width, "width", width, 1, 16)
    _int_range("min_depth", min_depth, "max_depth", max_depth, 0, 64)
    level = {
        "spaces": st.just(" " * width),
        "tabs": st.just("\t"),
        "mixed": st.sampled_from(("\t", " " * width)),
    }[kind]
    return st.lists(level, min_size=min_depth, max_size=max_depth).map("".join)


def whitespace_runs(
    *,
    kinds: Sequence[str] = ("space", "tab", "newline"),
    min_length: int = 1,
    max_length: int = 24,
    mixed: bool = False,
) -> SearchStrategy[str]:
    """A run of ``min_length`` to ``max_length`` whitespace units of one kind (see
    :data:`WHITESPACE_KINDS`; a ``crlf`` unit is two characters), or of several kinds mixed
    when ``mixed`` is set."""
    chosen = _choices("kinds", kinds, WHITESPACE_KINDS)
    _int_range("min_length", min_length, "max_length", max_length, 0, 256)
    if not isinstance(mixed, bool):
        raise TypeError(f"mixed must be a bool, not {mixed!r}")
    units = [WHITESPACE_KINDS[k] for k in chosen]
    if mixed:
        return st.lists(st.sampled_from(units), min_size=min_length, max_size=max_length).map(
            "".join
        )
    return st.tuples(st.sampled_from(units), st.integers(min_length, max_length)).map(
        lambda pair: pair[0] * pair[1]
    )


def runs_in_context(
    *,
    kinds: Sequence[str] = ("space", "tab", "newline"),
    min_length: int = 1,
    max_length: int = 32,
) -> SearchStrategy[str]:
    """A whitespace run (as :func:`whitespace_runs`) between code pieces: identifiers,
    punctuation, or the start or end of the text, as in ``x    = 1`` or ``):\\n\\n\\tif``."""
    runs = whitespace_runs(kinds=kinds, min_length=min_length, max_length=max_length)
    side = st.one_of(
        st.just(""),
        identifiers(styles=("snake", "camel"), max_parts=2),
        st.sampled_from(_PUNCTUATION),
    )
    return st.tuples(side, runs, side).map("".join)


def line_endings(
    *,
    style: str = "mixed",
    min_lines: int = 2,
    max_lines: int = 6,
    languages: Sequence[str] = LANGUAGES,
) -> SearchStrategy[str]:
    """``min_lines`` to ``max_lines`` lines of code, each ended by the ``style``'s line ending
    (see :data:`LINE_ENDING_STYLES`): ``\\n``, ``\\r\\n``, ``\\r``, or, for ``mixed``, at least
    two different ones."""
    _one_of("style", style, LINE_ENDING_STYLES)
    floor = 2 if style == "mixed" else 1
    _int_range("min_lines", min_lines, "max_lines", max_lines, floor, 64)
    endings = LINE_ENDING_STYLES[style]
    lines = code_lines(languages=languages)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        body = draw(st.lists(lines, min_size=min_lines, max_size=max_lines))
        ends = [draw(st.sampled_from(endings)) for _ in body]
        if style == "mixed" and len(set(ends)) < 2:
            ends[-1] = next(e for e in endings if e != ends[0])
        return "".join(line + end for line, end in zip(body, ends))

    return build()


def indented_blocks(
    *,
    languages: Sequence[str] = LANGUAGES,
    kind: str = "spaces",
    width: int = 4,
    min_lines: int = 1,
    max_lines: int = 8,
    max_depth: int = 6,
    normalize: str | None = None,
) -> SearchStrategy[str]:
    """A block of code lines nested the way code nests: the first line at depth 0, each line
    at most one level deeper than the one before it, openers (``if x:``, ``{``) before deeper
    lines and closers (``}``, ``end``) after them. Each level is ``width`` spaces, a tab, or
    (``mixed``) either; every line ends with ``\\n``.

    Every line's indentation is a whole number of levels: for ``spaces`` its length is a
    multiple of ``width``. ``min_lines`` and ``max_lines`` count the lines before closers are
    added. ``normalize`` puts the text in a Unicode normal form.
    """
    chosen = _choices("languages", languages, LANGUAGES)
    _one_of("kind", kind, INDENT_KINDS)
    _int_range("width", width, "width", width, 1, 16)
    _int_range("min_lines", min_lines, "max_lines", max_lines, 1, 64)
    _int_range("max_depth", max_depth, "max_depth", max_depth, 0, 64)
    norm = _normal_form(normalize)
    level = {
        "spaces": st.just(" " * width),
        "tabs": st.just("\t"),
        "mixed": st.sampled_from(("\t", " " * width)),
    }[kind]

    @st.composite
    def build(draw: st.DrawFn) -> str:
        language = draw(st.sampled_from(chosen))
        count = draw(st.integers(min_lines, max_lines))
        depths = [0]
        for _ in range(count - 1):
            depths.append(draw(st.integers(0, min(depths[-1] + 1, max_depth))))
        closer = _CLOSERS[language]
        prefixes: list[str] = []
        lines: list[str] = []
        for k, depth in enumerate(depths):
            following = depths[k + 1] if k + 1 < len(depths) else 0
            prefix = prefixes[:depth]
            while len(prefix) < depth:
                prefix.append(draw(level))
            prefixes = prefix
            opens = following > depth
            template = draw(st.sampled_from(_OPENERS[language] if opens else _LINES[language]))
            lines.append("".join(prefix) + _fill(draw, template))
            if closer is not None:
                for d in range(depth - 1, following - 1, -1) if not opens else ():
                    lines.append("".join(prefixes[:d]) + closer)
        text = "".join(line + "\n" for line in lines)
        return norm(text) if norm else text

    return build()


# -- Unicode ------------------------------------------------------------------------------------


def unicode_edge_cases(
    *, kinds: Sequence[str] = tuple(UNICODE_KINDS), normalize: str | None = None
) -> SearchStrategy[str]:
    """Code-like text holding at least one Unicode edge case of the given ``kinds`` (see
    :data:`UNICODE_KINDS`): combining marks (on ASCII letters, as in ``e`` + U+0301), emoji
    with zero-width joiners, modifiers and flags, right-to-left text and bidi controls,
    zero-width characters, NUL.

    ``normalize`` (``NFC``...) puts the text in that normal form; note that NFC composes
    ``e`` + U+0301 into ``é``, so a combining mark may not survive it.
    """
    chosen = _choices("kinds", kinds, UNICODE_KINDS)
    norm = _normal_form(normalize)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(chosen))
        piece = draw(st.sampled_from(UNICODE_KINDS[kind]))
        if kind == "combining":
            base = draw(st.sampled_from(("e", "a", "o", "x", "q", "n", "i")))
            marks = draw(st.lists(st.sampled_from(UNICODE_KINDS[kind]), min_size=0, max_size=2))
            piece = base + piece + "".join(marks)
        before = draw(st.sampled_from(("", "x", "x = '", "# ", "name", " ", "\t", "(")))
        after = draw(st.sampled_from(("", "y", "'", " ", "\n", ")", "_id")))
        text = before + piece + after
        return norm(text) if norm else text

    return build()


# -- Python source ------------------------------------------------------------------------------


def python_source() -> SearchStrategy[str]:
    """Syntactically valid Python source, from ``hypothesmith.from_grammar()``.

    Needs the optional ``hypothesmith`` package; raises ``ImportError`` naming the extra to
    install when it is missing.
    """
    try:
        import hypothesmith
    except ImportError:
        raise ImportError(
            "python_source() needs hypothesmith: pip install 'tokscope[hypothesmith]'"
        ) from None
    strategy: SearchStrategy[str] = hypothesmith.from_grammar()
    return strategy


# -- everything ---------------------------------------------------------------------------------


def code_text(
    *, languages: Sequence[str] = LANGUAGES, normalize: str | None = None
) -> SearchStrategy[str]:
    """A mix of all of the above: whitespace runs, identifiers, code lines, indented blocks
    (spaces, tabs, mixed; 2, 4 and 8 wide), line endings, whitespace runs in context, string
    literals, Unicode edge cases and arbitrary valid Unicode text.

    Simpler kinds come first, so hypothesis shrinks a failure towards a short whitespace run or
    a single line. ``normalize`` puts every text in a Unicode normal form (``tokscope check``
    uses ``NFC``, the form editors save source in).
    """
    chosen = _choices("languages", languages, LANGUAGES)
    norm = _normal_form(normalize)
    blocks = [
        indented_blocks(languages=chosen, kind=kind, width=width, max_lines=6)
        for kind, width in (("spaces", 4), ("spaces", 2), ("tabs", 4), ("mixed", 4), ("spaces", 8))
    ]
    strategy = st.one_of(
        whitespace_runs(kinds=("space", "tab", "newline", "cr", "crlf"), max_length=8),
        identifiers(),
        code_lines(languages=chosen),
        runs_in_context(),
        string_literals(),
        line_endings(languages=chosen),
        *blocks,
        unicode_edge_cases(),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    )
    return strategy.map(norm) if norm else strategy
