"""A table as data: a title, columns and rows of strings, built once per command and written by
every format (Markdown, terminal) the same way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Section`."""

    header: str
    """Its heading."""
    numeric: bool = False
    """Right-aligned, never wrapped or cut (numbers)."""
    wrap: bool = False
    """May wrap onto several lines when space is short (long text: examples, file lists)."""
    code: bool = False
    """Source text (identifiers, tokens, file names): a code span in Markdown."""


@dataclass(frozen=True)
class Section:
    """A titled table of strings; the cells are plain text, never markup."""

    title: str
    """What the table shows."""
    columns: tuple[Column, ...]
    """The columns, first the label column."""
    rows: tuple[tuple[str, ...], ...]
    """One string per column."""
    note: str = ""
    """A sentence under the table (a legend)."""
    group: int = 0
    """Rows whose first ``group`` cells are equal belong together (a file and its tokenizers):
    a narrow terminal shows those cells once, as a heading over the rest."""


def label(header: str) -> Column:
    """A text column that is neither numeric nor wrapped."""
    return Column(header)


def number(header: str) -> Column:
    """A numeric column."""
    return Column(header, numeric=True)


def text(header: str) -> Column:
    """A text column that may wrap."""
    return Column(header, wrap=True)


def code(header: str, *, wrap: bool = False) -> Column:
    """A column of source text (a code span in Markdown)."""
    return Column(header, wrap=wrap, code=True)


def section(
    title: str,
    columns: list[Column],
    rows: list[list[str]] | list[tuple[str, ...]],
    note: str = "",
    *,
    group: int = 0,
) -> Section:
    """A :class:`Section` from lists."""
    return Section(title, tuple(columns), tuple(tuple(r) for r in rows), note, group)
