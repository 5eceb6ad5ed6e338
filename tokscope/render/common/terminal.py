"""Tables that stay readable at any width, for the terminal writers (the only rich code here).

A :class:`FitTable` picks its layout when it is drawn, from the width it is given:

1. the whole table, when every number fits whole;
2. otherwise, for rows that come in groups (a file and its tokenizers), each group under a
   heading of the cells it shares, with the other columns as a table laid out by these rules;
3. otherwise the label columns with as many of the other columns as fit, repeated until every
   column has been shown (a wide table of numbers becomes several narrower ones);
4. otherwise each row stacked: its label on one line, then one ``header  value`` line per column.

Cells are plain text or :class:`rich.text.Text`, never markup, so a file named ``[bold]x.py``
shows as written. No column is ever narrower than :data:`MIN_TEXT` characters or its content; a
label cut for room ends in ``…``; a label column repeats no value of the row above (a file and
its tokenizers show the file once). :class:`Trimmed` drops the spaces rich pads lines with, so
plain output has no trailing spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tokscope.render.common.sections import Column, Section

Cell = str | Text
"""What a table cell holds: plain text (never read as markup) or styled text."""

MIN_TEXT = 16
"""The narrowest a wrapping text column gets (or its content, when shorter)."""

GAP = 3
"""Columns between two table columns (padding and the divider)."""


def text(value: Cell, style: str = "") -> Text:
    """``value`` as :class:`Text`; a string is taken literally, never as markup."""
    if isinstance(value, Text):
        return value
    return Text(value, style=style)


def title(value: str) -> Text:
    """A bold heading line."""
    return Text(value, style="bold")


def note(value: str) -> Text:
    """A dim line of explanation (a legend, a count of skipped inputs)."""
    return Text(value, style="dim")


_DIGIT = re.compile(r"\d")


def _plain(value: Cell) -> str:
    return value.plain if isinstance(value, Text) else value


def _width(value: Cell) -> int:
    return max((cell_len(line) for line in _plain(value).split("\n")), default=0)


class FitTable:
    """A titled table of cells laid out for the console width (see the module docstring)."""

    def __init__(
        self,
        heading: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        caption: str = "",
        label_style: str = "bold",
        sections: Sequence[bool] = (),
        group: int = 0,
    ) -> None:
        self.heading = heading
        self.columns = tuple(columns)
        self.rows = [tuple(r) for r in rows]
        self.caption = caption
        self.label_style = label_style
        self.sections = tuple(sections)
        self.group = group if 0 < group < len(self.columns) else 0
        keys = 0
        while keys < len(self.columns) - 1 and not (
            self.columns[keys].numeric or self.columns[keys].wrap
        ):
            keys += 1
        self.keys = max(1, min(keys, len(self.columns) - 1)) if len(self.columns) > 1 else 1

    @classmethod
    def of(cls, section: Section) -> FitTable:
        """A :class:`~tokscope.render.common.sections.Section` as a terminal table."""
        return cls(
            section.title, section.columns, section.rows, caption=section.note, group=section.group
        )

    def _natural(self, k: int) -> int:
        cells = [_width(r[k]) for r in self.rows]
        return max([*cells, _width(self.columns[k].header)])

    def _wrap_widths(self, picked: Sequence[int], width: int) -> dict[int, int]:
        """Widths for the wrapping columns of ``picked``: each its need, then the room left
        shared out, one column at a time, up to each one's natural width."""
        wraps = [k for k in picked if self.columns[k].wrap]
        fixed = sum(self._need(k) for k in picked if not self.columns[k].wrap)
        sizes = {k: self._need(k) for k in wraps}
        room = width - fixed - GAP * (len(picked) - 1) - sum(sizes.values())
        growing = [k for k in wraps if sizes[k] < self._natural(k)]
        while room > 0 and growing:
            for k in list(growing):
                if room <= 0:
                    break
                sizes[k] += 1
                room -= 1
                if sizes[k] >= self._natural(k):
                    growing.remove(k)
        return sizes

    def _table(self, picked: Sequence[int], width: int) -> Table:
        sizes = self._wrap_widths(picked, width)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
        for k in picked:
            column = self.columns[k]
            table.add_column(
                Text(column.header),
                justify="right" if column.numeric else "left",
                no_wrap=not column.wrap,
                overflow="fold" if column.wrap else "ellipsis",
                width=sizes.get(k),
            )
        previous: tuple[str, ...] = ()
        for n, row in enumerate(self.rows):
            keys = tuple(_plain(c) for c in row[: self.keys])
            cells = [
                Text("")
                if k < self.keys and keys[: k + 1] == previous[: k + 1]
                else text(row[k], self.label_style if k == 0 else "")
                for k in picked
            ]
            previous = keys
            end = n < len(self.sections) and self.sections[n]
            table.add_row(*cells, end_section=end)
        return table

    def _need(self, k: int) -> int:
        """The narrowest column ``k`` can be: all of it, or :data:`MIN_TEXT` when it wraps."""
        column = self.columns[k]
        natural = self._natural(k)
        if column.wrap:
            words = column.header.split()
            # a word holding a number is never folded: the number must stay whole
            words += [w for r in self.rows for w in _plain(r[k]).split() if _DIGIT.search(w)]
            return max(min(natural, MIN_TEXT), max((cell_len(w) for w in words), default=1))
        return natural

    def _fits(self, console: Console, options: ConsoleOptions, picked: Sequence[int]) -> bool:
        needed = sum(self._need(k) for k in picked) + GAP * (len(picked) - 1)
        return needed <= options.max_width

    def _groups(self, console: Console, options: ConsoleOptions) -> list[list[int]] | None:
        """Column groups, each with the label columns, that fit; None when one column is too
        wide even with the labels alone."""
        keys = list(range(self.keys))
        groups: list[list[int]] = []
        current: list[int] = []
        for k in range(self.keys, len(self.columns)):
            if self._fits(console, options, [*keys, *current, k]):
                current.append(k)
                continue
            if not current:
                return None
            groups.append([*keys, *current])
            current = [k]
            if not self._fits(console, options, [*keys, k]):
                return None
        if current:
            groups.append([*keys, *current])
        return groups

    def _stacked(self, width: int) -> RenderableType:
        parts: list[RenderableType] = []
        for row in self.rows:
            head = Text(style=self.label_style)
            for k in range(self.keys):
                if k:
                    head.append("  ")
                head.append(text(row[k]))
            grid = Table.grid(padding=(0, 2), pad_edge=False)
            grid.add_column(style="dim", overflow="fold", max_width=max(width // 2, 8))
            grid.add_column(overflow="fold")
            for k in range(self.keys, len(self.columns)):
                grid.add_row(Text(self.columns[k].header), text(row[k]))
            parts += [head, Indent(grid, 2)]
        return Group(*parts)

    def _grouped(self) -> list[RenderableType]:
        groups: dict[tuple[str, ...], list[tuple[Cell, ...]]] = {}
        for row in self.rows:
            key = tuple(text(c).plain for c in row[: self.group])
            groups.setdefault(key, []).append(row[self.group :])
        out: list[RenderableType] = []
        for key, rows in groups.items():
            if out:
                out.append(Text(""))
            head = Text("  ".join(key), style=self.label_style)
            inner = FitTable("", self.columns[self.group :], rows, label_style="")
            out += [head, Indent(inner, 2)]
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.heading:
            yield Text(self.heading, style="bold")
        everything = list(range(len(self.columns)))
        if self._fits(console, options, everything):
            yield self._table(everything, options.max_width)
        elif self.group:
            yield from self._grouped()
        else:
            groups = self._groups(console, options)
            if groups is None:
                yield self._stacked(options.max_width)
            else:
                for n, group in enumerate(groups):
                    if n:
                        yield Text("")
                    yield self._table(group, options.max_width)
        if self.caption:
            yield Text(self.caption, style="dim")


class Indent:
    """``renderable`` drawn ``by`` columns to the right."""

    def __init__(self, renderable: RenderableType, by: int) -> None:
        self.renderable = renderable
        self.by = by

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update_width(max(options.max_width - self.by, 1))
        for line in console.render_lines(self.renderable, inner, pad=False):
            yield Segment(" " * self.by)
            yield from line
            yield Segment.line()


def _shows(style: Style | None) -> bool:
    """Whether a space in ``style`` can be seen (a background, an underline)."""
    return style is not None and bool(
        style.bgcolor is not None or style.underline or style.reverse or style.strike
    )


class Trimmed:
    """``renderable`` without the trailing spaces rich pads each line with."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not _shows(line[-1].style) and not line[-1].text.strip(" "):
                line.pop()
            if line and not _shows(line[-1].style):
                last = line[-1]
                line[-1] = Segment(last.text.rstrip(" "), last.style, last.control)
            yield from line
            yield Segment.line()


def spaced(parts: Sequence[RenderableType]) -> RenderableType:
    """``parts`` one under the other with a blank line between them, trailing spaces trimmed."""
    out: list[RenderableType] = []
    for k, part in enumerate(parts):
        if k:
            out.append(Text(""))
        out.append(part)
    return Trimmed(Group(*out))
