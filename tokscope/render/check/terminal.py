"""Terminal view of a :class:`~tokscope.testing.runner.CheckReport`: one table per tokenizer,
or, when the console is too narrow for a readable counterexample column, each property with its
counterexample under it."""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from tokscope.render.common.terminal import Indent, spaced
from tokscope.render.visible import visible
from tokscope.testing.properties import Split, text_repr
from tokscope.testing.runner import CheckReport, Counterexample, PropertyResult, Status

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.PASSED: ("passed", "green"),
    Status.FAILED: ("FAILED", "bold red"),
    Status.XFAIL: ("expected failure", "yellow"),
    Status.XPASS: ("passed, expected to fail", "cyan"),
}
"""How each status is written, and its style."""

BOUNDARY = "┊"
"""Drawn between tokens."""
MIN_COUNTEREXAMPLE = 40
"""Columns the counterexample needs beside the property and the result; fewer: stacked."""
MAX_TOKENS = 40
"""Tokens shown per text; ``--json`` has them all."""
LEGEND = (
    "· space  → tab  ↵ newline  ↤ CR  ⟨U+…⟩ invisible  ┊ token boundary  "
    "tokens show what each stands for"
)


def _tokens(split: Split) -> Text:
    out = Text("tokens  ", style="dim")
    shown = split.tokens[:MAX_TOKENS]
    if not shown:
        out.append("(none)", style="dim")
    for k, token in enumerate(shown):
        if k:
            out.append(BOUNDARY, style="dim")
        out.append(visible(token) if token else "∅")
    if len(split.tokens) > MAX_TOKENS:
        out.append(f" … (+{len(split.tokens) - MAX_TOKENS})", style="dim")
    if split.ids:
        ids = " ".join(str(i) for i in split.ids[:MAX_TOKENS])
        out.append(f"   ids {ids}", style="dim")
    return out


def _split_lines(split: Split, width: int) -> list[Text]:
    head = Text(f"{split.label:<{width}}  ", style="bold")
    head.append(visible(split.text) if split.text else "(empty)")
    head.append(f"   {text_repr(split.text)}", style="dim")
    lines = [head, Text(" " * (width + 2)) + _tokens(split)]
    if split.dropped:
        dropped = Text(" " * (width + 2) + "dropped ", style="dim")
        dropped.append(" ".join(visible(d) for d in split.dropped), style="bold red")
        lines.append(dropped)
    return lines


def render_counterexample(example: Counterexample) -> RenderableType:
    """The reason, then each text involved with its tokens and ids."""
    reason = Text(example.reason)
    if example.pinned:
        reason.append("  (a pinned input: hypothesis found none)", style="dim")
    lines: list[RenderableType] = [reason]
    width = max((len(s.label) for s in example.splits), default=0)
    if not example.splits:
        lines.append(Text(f"input  {visible(example.text)}   {text_repr(example.text)}"))
    for split in example.splits:
        lines.extend(_split_lines(split, width))
    return Group(*lines)


def _cell(result: PropertyResult) -> RenderableType:
    if result.counterexample is None:
        return Text(result.summary, style="dim")
    return render_counterexample(result.counterexample)


def _title(report_name: str, results: tuple[PropertyResult, ...]) -> Text:
    title = Text(report_name, style="bold")
    counts = []
    for status, (label, _style) in STATUS_LABELS.items():
        n = sum(1 for r in results if r.status is status)
        if n:
            plural = "s" if n > 1 and status is Status.XFAIL else ""
            counts.append(f"{n} {label.lower()}{plural}")
    title.append("  " + ", ".join(counts), style="dim")
    return title


class _Results:
    """One tokenizer's results, as a table or stacked, whichever the width allows."""

    def __init__(self, name: str, results: tuple[PropertyResult, ...]) -> None:
        self.name = name
        self.results = results

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        labels = [STATUS_LABELS[r.status] for r in self.results]
        widest = max((len(r.property) for r in self.results), default=8)
        widest += max((len(label) for label, _ in labels), default=6)
        yield _title(self.name, self.results)
        if widest + 6 + MIN_COUNTEREXAMPLE <= options.max_width:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
            table.add_column("property", no_wrap=True)
            table.add_column("result", no_wrap=True)
            table.add_column("counterexample (shrunk)", ratio=1, overflow="fold")
            for result, (label, style) in zip(self.results, labels):
                table.add_row(Text(result.property), Text(label, style=style), _cell(result))
            yield table
            return
        for result, (label, style) in zip(self.results, labels):
            yield Text.assemble((result.property, "bold"), "  ", (label, style))
            yield Indent(_cell(result), 2)


def render_check(report: CheckReport) -> RenderableType:
    """The seed line, one table per tokenizer (property, result, counterexample), a summary."""
    parts: list[RenderableType] = [
        Text.assemble(
            ("seed ", "dim"),
            (str(report.seed), "bold"),
            (
                f"  profile {report.profile}, {report.max_examples} examples per property"
                f"  (replay with --seed {report.seed})",
                "dim",
            ),
        )
    ]
    parts += [_Results(tok.name, tok.results) for tok in report.tokenizers]
    parts.append(Group(summary_line(report), Text(LEGEND, style="dim")))
    return spaced(parts)


def summary_line(report: CheckReport) -> Text:
    """One line: unexpected failures by tokenizer, or that there were none; then the stale
    expectations (expected to fail, but passed), with what to drop from ``--expect``."""
    failed = [
        f"{t.name}: {', '.join(r.property for r in t.results if r.status is Status.FAILED)}"
        for t in report.tokenizers
        if t.count(Status.FAILED)
    ]
    if failed:
        line = Text("unexpected failures: " + "; ".join(failed), style="bold red")
    else:
        expected = sum(t.count(Status.XFAIL) for t in report.tokenizers)
        note = f" ({expected} expected failure{'s' if expected != 1 else ''})" if expected else ""
        line = Text(f"no unexpected failures{note}", style="green")
    stale = report.stale
    if stale:
        are = "expectation is" if len(stale) == 1 else "expectations are"
        line.append(
            f"; {len(stale)} {are} stale: drop {', '.join(stale)} from --expect", style="cyan"
        )
    return line
