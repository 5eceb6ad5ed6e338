"""Strategies for whitespace in code: indentation, runs, line endings, indented blocks."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from tokscope.testing.code_strategies import code_lines, fill, identifiers
from tokscope.testing.pieces import (
    CLOSERS,
    INDENT_KINDS,
    LANGUAGES,
    LINE_ENDING_STYLES,
    LINES,
    OPENERS,
    PUNCTUATION,
    WHITESPACE_KINDS,
    choices,
    flag,
    int_range,
    normal_form,
    one_of,
)


def indentation(
    *, kind: str = "spaces", width: int = 4, min_depth: int = 0, max_depth: int = 8
) -> SearchStrategy[str]:
    """The indentation of one line: ``min_depth`` to ``max_depth`` levels of ``width`` spaces
    (``kind="spaces"``), of tabs (``"tabs"``), or each level a tab or ``width`` spaces
    (``"mixed"``). Deep indentation is just a large ``max_depth`` (up to 64)."""
    one_of("kind", kind, INDENT_KINDS)
    int_range("width", width, "width", width, 1, 16)
    int_range("min_depth", min_depth, "max_depth", max_depth, 0, 64)
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
    chosen = choices("kinds", kinds, WHITESPACE_KINDS)
    int_range("min_length", min_length, "max_length", max_length, 0, 256)
    flag("mixed", mixed)
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
        st.sampled_from(PUNCTUATION),
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
    one_of("style", style, LINE_ENDING_STYLES)
    floor = 2 if style == "mixed" else 1
    int_range("min_lines", min_lines, "max_lines", max_lines, floor, 64)
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
    multiple of ``width``. At least one line is indented (unless ``max_lines`` is 1 or
    ``max_depth`` 0), so a shrunk counterexample still shows the kind of indentation: with
    ``kind="tabs"`` it shrinks to a tab-indented block, not to one line at column 0.
    ``min_lines`` and ``max_lines`` count the lines before closers are added. ``normalize``
    puts the text in a Unicode normal form.
    """
    chosen = choices("languages", languages, LANGUAGES)
    one_of("kind", kind, INDENT_KINDS)
    int_range("width", width, "width", width, 1, 16)
    int_range("min_lines", min_lines, "max_lines", max_lines, 1, 64)
    int_range("max_depth", max_depth, "max_depth", max_depth, 0, 64)
    norm = normal_form(normalize)
    level = {
        "spaces": st.just(" " * width),
        "tabs": st.just("\t"),
        "mixed": st.sampled_from(("\t", " " * width)),
    }[kind]

    indents = max_lines >= 2 and max_depth >= 1
    fewest = max(min_lines, 2) if indents else min_lines

    @st.composite
    def build(draw: st.DrawFn) -> str:
        language = draw(st.sampled_from(chosen))
        count = draw(st.integers(fewest, max_lines))
        depths = [0]
        for _ in range(count - 1):
            depths.append(draw(st.integers(0, min(depths[-1] + 1, max_depth))))
        if indents and max(depths) == 0:
            depths[-1] = 1  # the line before it becomes an opener
        closer = CLOSERS[language]
        prefixes: list[str] = []
        lines: list[str] = []
        for k, depth in enumerate(depths):
            following = depths[k + 1] if k + 1 < len(depths) else 0
            prefix = prefixes[:depth]
            while len(prefix) < depth:
                prefix.append(draw(level))
            prefixes = prefix
            opens = following > depth
            template = draw(st.sampled_from(OPENERS[language] if opens else LINES[language]))
            lines.append("".join(prefix) + fill(draw, template))
            if closer is not None:
                for d in range(depth - 1, following - 1, -1) if not opens else ():
                    lines.append("".join(prefixes[:d]) + closer)
        text = "".join(line + "\n" for line in lines)
        return norm(text) if norm else text

    return build()
