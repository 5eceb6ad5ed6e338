"""The tables of ``tokscope report`` as plain strings, shared by the HTML and the Markdown."""

from __future__ import annotations

import os
from pathlib import Path

from tokscope.render.common.numbers import MISSING, count, nbytes, percent, plural, ratio
from tokscope.render.common.sections import Section, code, label, number, section, text
from tokscope.render.stats.lossy import flagged, lossless_cell, lossy_notes
from tokscope.render.stats.rows import skipped_section as stats_skipped
from tokscope.report import Report

FRAGMENTED_SHOWN = 5
"""Fragmented identifiers shown per tokenizer."""


def corpus_line(report: Report) -> str:
    """``9 files, 27,358 bytes; 0 skipped``."""
    stats = report.stats
    return (
        f"{plural(stats.files, 'file')}, {plural(stats.bytes, 'byte')}; "
        f"{count(stats.skipped.total)} skipped"
    )


def meta_section(report: Report) -> Section:
    """tokscope version, date, inputs, corpus size, languages."""
    langs = ", ".join(
        f"{lang.name} ({plural(lang.files, 'file')})" for lang in report.stats.languages
    )
    rows = [
        ["tokscope", report.version],
        ["generated", report.generated],
        ["inputs", " ".join(report.inputs)],
        ["corpus", corpus_line(report)],
        ["languages", langs or MISSING],
    ]
    return section("Provenance", [label(""), text("")], rows)


def shown_path(path: str, cwd: str | None = None) -> str:
    """A tokenizer file's path as a report shows it, with no machine path: relative to the
    current folder when under it or under its parent (``../shared/tokenizers/...``), else only
    the file's name (its sha256 beside it says which file it was). Other text (a hub id, a
    ``<trained ...>`` label) is kept.

    >>> shown_path("/home/me/work/tok/tokenizer.json", "/home/me/work/proj")
    '../tok/tokenizer.json'
    >>> shown_path("/opt/models/tok/tokenizer.json", "/home/me/work/proj")
    'tokenizer.json'
    """
    if not os.path.isabs(path):
        return path
    here = Path(cwd or os.getcwd())
    target = Path(path)
    for base, prefix in ((here, ""), (here.parent, "../")):
        if target.is_relative_to(base) and base != Path(base.anchor):
            return prefix + target.relative_to(base).as_posix()
    return target.name


def files_section(report: Report) -> Section:
    """Per tokenizer file: where it was found, the file (see :func:`shown_path`) and its
    sha256."""
    rows = []
    for name, prov in report.tokenizers:
        where = prov.hub_id + (f"@{prov.revision}" if prov.revision else "") if prov.hub_id else ""
        for f in prov.files:
            rows.append([name, prov.origin, where or shown_path(f.path), f.sha256])
    columns = [label("tokenizer"), label("found in"), code("file", wrap=True), code("sha256")]
    return section("Tokenizer files", columns, rows)


def summary_section(report: Report) -> Section:
    """Per tokenizer: tokens, whether it keeps all whitespace, bytes/token and NSL (flagged when
    lossy) with the same over bytes kept, round trip, whitespace, context fit (flagged), and
    the share of identifier occurrences whose first token depends on the whitespace before."""
    rows = []
    for t in report.stats.tokenizers:
        m = t.overall
        fit = dict(m.context_fit)
        rows.append(
            [
                t.info.name,
                count(m.tokens),
                lossless_cell(m),
                flagged(ratio(m.bytes_per_token), m),
                ratio(m.preserved_bytes_per_token),
                flagged(ratio(m.nsl), m),
                ratio(m.preserved_nsl),
                percent(m.round_trip_fidelity),
                percent(m.whitespace_cost),
                nbytes(m.whitespace_lost_bytes),
                flagged(percent(fit.get(512)), m),
                flagged(percent(fit.get(8192)), m),
                percent(m.context_dependent_share),
            ]
        )
    reference = report.stats.reference
    header = (
        "tokens",
        "keeps all whitespace",
        "bytes/token",
        "bytes kept/token",
        f"NSL vs {reference}",
        f"NSL over bytes kept vs {reference}",
        "round trip",
        "whitespace cost",
        "whitespace lost (bytes)",
        "fit 512",
        "fit 8,192",
        "whitespace-dependent identifiers",
    )
    return section("Summary", [label("tokenizer"), *map(number, header)], rows)


def summary_notes(report: Report) -> list[str]:
    """The sentences under the summary: what each lossy tokenizer's compression is worth."""
    return lossy_notes(report.stats.tokenizers)


def verdicts_section(report: Report) -> Section:
    """Per tokenizer: what happens to runs of whitespace, in words."""
    rows = [[s.name, s.verdict] for s in report.spectrum.tokenizers]
    columns = [label("tokenizer"), text("whitespace runs, in words")]
    return section("Whitespace runs, in words", columns, rows)


def fragmented_section(report: Report) -> Section:
    """Per tokenizer, its most fragmented frequent identifiers and their split."""
    rows = [
        [
            t.info.name,
            item.name,
            ratio(item.tokens_per_occurrence),
            " + ".join(p.text for p in item.split),
        ]
        for t in report.stats.tokenizers
        for item in t.fragmented[:FRAGMENTED_SHOWN]
    ]
    columns = [label("tokenizer"), code("identifier"), number("tokens"), code("split", wrap=True)]
    return section("Most fragmented frequent identifiers", columns, rows)


def skipped_section(report: Report) -> Section | None:
    """Inputs not analysed, by reason (the table of ``tokscope stats``); None when every input
    was."""
    return stats_skipped(report.stats)
