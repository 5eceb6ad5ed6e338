"""The worst-files sections of ``tokscope stats`` (one per tokenizer), as plain strings."""

from __future__ import annotations

from tokscope.render.common.numbers import count, ratio
from tokscope.render.common.sections import Section, code, label, number, section
from tokscope.stats import StatsReport

NOTE = (
    "tokens / byte: the files with the most tokens per byte; bytes lost: whitespace lost plus "
    "other bytes no token covers, in files that do not round-trip. Ties: file name."
)


def worst_sections(report: StatsReport) -> list[Section]:
    """Per tokenizer, the files with the most tokens per byte and those losing most bytes."""
    out = []
    for t in report.tokenizers:
        rows = [
            [
                by,
                w.file,
                count(w.tokens),
                count(w.bytes),
                ratio(w.tokens_per_byte),
                count(w.bytes_lost),
            ]
            for by, ranking in (
                ("tokens / byte", t.most_tokens_per_byte),
                ("bytes lost", t.most_bytes_lost),
            )
            for w in ranking
        ]
        if not rows:
            continue
        columns = [
            label("ranked by"),
            code("file", wrap=True),
            number("tokens"),
            number("bytes"),
            number("tokens / byte"),
            number("bytes lost"),
        ]
        note = NOTE if t.most_bytes_lost else f"{NOTE} No file loses a byte."
        out.append(section(f"Worst files: {t.info.name}", columns, rows, note, group=1))
    return out
