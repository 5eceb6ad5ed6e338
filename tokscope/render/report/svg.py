"""Static SVG charts through matplotlib's SVG backend: no network, no JavaScript, deterministic.
The caller's matplotlib state (backend, ``rcParams``, pyplot figures) is left as it was.

Every chart is a :class:`Chart`: a title, a one-sentence caption, the numbers as a table, and a
drawing. The same numbers feed the SVG and the table, so a reader can always check what is drawn.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PALETTE = ("#3b7dd8", "#e07b39", "#4aa564", "#b5509a", "#8c6d31", "#5f6b7a")
"""One colour per tokenizer, in the order given."""


@dataclass(frozen=True)
class Chart:
    """A chart and the numbers behind it."""

    key: str
    """Short identifier, used for file names and HTML ids."""
    title: str
    """What is measured."""
    caption: str
    """One sentence saying what the chart shows."""
    columns: tuple[str, ...]
    """Header of the table of numbers."""
    rows: tuple[tuple[str, ...], ...]
    """The numbers, formatted."""
    svg: str
    """The drawing, a standalone ``<svg>`` element."""


_STYLE: dict[RcKeyType, Any] = {
    "svg.hashsalt": "tokscope",  # stable element ids
    "svg.fonttype": "none",  # text stays text: smaller, selectable
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
"""Settings of every chart, applied inside an ``rc_context`` (the caller's ``rcParams`` and
backend stay as they were)."""


def warm_up() -> None:
    """Import what drawing a chart needs (matplotlib's figure and SVG backend: about a quarter
    of a second), so that a thread can do it while the caller waits for something else."""
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401


@contextmanager
def _figure(figsize: tuple[float, float]) -> Iterator[Any]:
    """A new figure under :data:`_STYLE`, not registered with pyplot (no backend is chosen, no
    global state changes); its settings last until the drawing is saved."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        yield Figure(figsize=figsize)


def _svg(fig: Any) -> str:
    """The figure as a standalone ``<svg>`` element (call inside :func:`_figure`)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    # Keep only the <svg> element, so the drawing can sit inline in HTML; drop the RDF metadata.
    text = text[text.index("<svg") :]
    return _METADATA.sub("", text)


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    ylabel: str,
    width: float = 7.0,
) -> str:
    """Bars per group (x) and series (colour); ``None`` values are left out."""
    n = max(len(series), 1)
    step = 0.8 / n
    with _figure((width, 3.2)) as fig:
        ax = fig.subplots()
        for k, (name, values) in enumerate(series):
            xs = [i - 0.4 + step * (k + 0.5) for i, v in enumerate(values) if v is not None]
            ys = [v for v in values if v is not None]
            ax.bar(xs, ys, width=step * 0.92, label=name, color=PALETTE[k % len(PALETTE)])
        ax.set_xticks(range(len(groups)), list(groups), rotation=20 if len(groups) > 5 else 0)
        ax.set_ylabel(ylabel)
        ax.legend(frameon=False, ncols=min(n, 4), loc="upper left", bbox_to_anchor=(0, 1.15))
        return _svg(fig)


MARKERS = ("o", "s", "^", "D", "v", "P")
"""One marker shape per series, so that lines drawn on top of each other stay apart."""

SPREAD = 0.03
"""Vertical offset between series of a line chart, as a share of the values' range, so that
equal values stay visible side by side (the table beside the chart has the exact numbers)."""


def lines(
    xs: Sequence[int],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    xlabel: str,
    ylabel: str,
    marks: Sequence[int] = (),
    hollow: Sequence[Sequence[bool]] = (),
    hollow_label: str = "",
) -> str:
    """One line per series over ``xs``; ``marks`` draws light vertical guides (e.g. 4 and 8).

    Series are offset by :data:`SPREAD` and drawn with their own marker, so coinciding lines stay
    visible. ``hollow[k][i]`` draws point ``i`` of series ``k`` as a hollow marker, explained in
    the legend by ``hollow_label``.
    """
    with _figure((7.0, 3.2)) as fig:
        ax = fig.subplots()
        for x in marks:
            ax.axvline(x, color="#cccccc", linewidth=0.8, zorder=0)
        middle = (len(series) - 1) / 2
        every = [v for _, values in series for v in values]
        step = SPREAD * max(max(every, default=1.0) - min(every, default=0.0), 1.0)
        any_hollow = False
        for k, (name, values) in enumerate(series):
            colour = PALETTE[k % len(PALETTE)]
            marker = MARKERS[k % len(MARKERS)]
            shift = (k - middle) * step
            ys = [v + shift for v in values]
            ax.plot(list(xs), ys, marker=marker, markersize=4, label=name, color=colour)
            open_points = hollow[k] if k < len(hollow) else ()
            hx = [x for x, flag in zip(xs, open_points) if flag]
            hy = [y for y, flag in zip(ys, open_points) if flag]
            if hx:
                any_hollow = True
                ax.plot(
                    hx,
                    hy,
                    linestyle="none",
                    marker=marker,
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=colour,
                    markeredgewidth=1.4,
                )
        if any_hollow and hollow_label:
            ax.plot(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor="#444444",
                label=hollow_label,
            )
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_xticks(list(xs))
        ax.legend(frameon=False, ncols=min(len(series) + int(any_hollow), 4), loc="upper left")
        return _svg(fig)


def heatmap(labels: Sequence[str], values: Sequence[Sequence[float | None]], *, label: str) -> str:
    """A square matrix of shares (0..1), each cell annotated with its value."""
    size = 1.2 + 0.9 * len(labels)
    grid = [[float("nan") if v is None else v for v in row] for row in values]
    with _figure((size + 1.2, size)) as fig:
        ax = fig.subplots()
        image = ax.imshow(grid, cmap="Blues", vmin=0.0, vmax=1.0)
        ax.set_xticks(range(len(labels)), list(labels), rotation=30, ha="right")
        ax.set_yticks(range(len(labels)), list(labels))
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is not None:
                    ax.text(
                        j,
                        i,
                        f"{v:.2f}",
                        ha="center",
                        va="center",
                        color="white" if v > 0.6 else "black",
                    )
        fig.colorbar(image, ax=ax, label=label, shrink=0.8)
        return _svg(fig)


_ID = re.compile(r'id="([^"]+)"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


def scoped(svg: str, prefix: str) -> str:
    """Prefix every id in ``svg`` (and the references to it) so that several charts can share
    one HTML page without clashing ids."""
    ids = set(_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"#{name})", f"#{prefix}-{name})").replace(
            f'"#{name}"', f'"#{prefix}-{name}"'
        )
    return svg
