"""The worst-files sections of ``tokscope stats`` (one per tokenizer), as plain strings."""

from __future__ import annotations

from tokscope.render.common.numbers import count, ratio
from tokscope.render.common.sections import Section, code, number, section
from tokscope.stats import StatsReport

TIES = "Ties: file name."
LOSS_NOTE = "Whitespace lost plus other bytes no token covers, in the files that do not round-trip."


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
        lossless = "" if t.most_bytes_lost else " No file loses a byte."
        for title, ranking, note in (
            ("most tokens per byte", t.most_tokens_per_byte, f"{TIES}{lossless}"),
            ("most bytes lost", t.most_bytes_lost, f"{LOSS_NOTE} {TIES}"),
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
                out.append(section(f"Worst files, {title}: {t.info.name}", columns, rows, note))
    return out
