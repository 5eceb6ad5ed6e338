"""Side-by-side comparison of how several tokenizers split one text, line by line.

:func:`compare` encodes the whole text once per tokenizer and counts it for the summary; the
per-token view is built only for the lines shown, so long files stay cheap.
"""

from __future__ import annotations

from tokscope.diff.compare import compare
from tokscope.diff.result import (
    DEFAULT_MAX_LINES,
    Column,
    DiffResult,
    Fragment,
    Piece,
    Row,
    Summary,
    line_starts,
    parse_line_range,
)

__all__ = [
    "DEFAULT_MAX_LINES",
    "Column",
    "DiffResult",
    "Fragment",
    "Piece",
    "Row",
    "Summary",
    "compare",
    "line_starts",
    "parse_line_range",
]
