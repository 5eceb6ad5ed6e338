"""The worst-files sections of ``tokscope stats`` (one per tokenizer), as plain strings."""

from __future__ import annotations

from tokscope.render.common.numbers import count, ratio
from tokscope.render.common.sections import Section, code, number, section
from tokscope.stats import StatsReport

NOTES = {
    "tokens / byte": "The files with the most tokens per byte. Ties: file name.",
    "bytes lost": (
        "Whitespace lost plus other bytes no token covers, in the files that do not round-trip. "
        "Ties: file name."
    ),
}
TITLES = {"tokens / byte": "Most tokens per byte", "bytes lost": "Most bytes lost"}


def worst_sections(report: StatsReport) -> list[Section]:
    """Per tokenizer, the files with the most tokens per byte and those losing most bytes (a
    section each; none for a tokenizer that loses no byte)."""
    columns = [
        code("file", wrap=True),
        number("tokens"),
        number("bytes"),
        number("tokens / byte"),
        number("bytes lost"),
    ]
    out = []
    for t in report.tokenizers:
        for by, ranking in (
            ("tokens / byte", t.most_tokens_per_byte),
            ("bytes lost", t.most_bytes_lost),
        ):
            rows = [
                [
                    w.file,
                    count(w.tokens),
                    count(w.bytes),
                    ratio(w.tokens_per_byte),
                    count(w.bytes_lost),
                ]
                for w in ranking
            ]
            if rows:
                note = NOTES[by]
                if by == "tokens / byte" and not t.most_bytes_lost:
                    note += " No file loses a byte."
                title = f"Worst files, {TITLES[by].lower()}: {t.info.name}"
                out.append(section(title, columns, rows, note))
    return out
