"""The number formats of every text view (terminal, Markdown, HTML), with fixed precisions.

| kind | format | example |
|---|---|---|
| count | thousands separated | ``1,234,567`` |
| bytes | a count and ``B`` | ``3,589 B`` |
| megabytes | :data:`MEGABYTE_DIGITS` decimals | ``0.027``, ``12.400`` |
| percentage | :data:`PERCENT_DIGITS` decimals | ``52.8%`` |
| signed percentage | :data:`SIGNED_DIGITS` decimals and a sign | ``+1.25%`` |
| percentage points | :data:`SIGNED_DIGITS` decimals, a sign and ``pp`` | ``+1.25 pp`` |
| ratio | :data:`RATIO_DIGITS` decimals | ``3.053`` |
| compact | one decimal with ``K``/``M`` | ``51.6M`` |

A value that is not defined (``None``) is shown as :data:`MISSING`. JSON keeps more: its floats
are rounded with :func:`rounded` to :data:`JSON_DIGITS` places.
"""

from __future__ import annotations

MISSING = "–"
"""Shown for a value that is not defined (no data to compute it from)."""

PERCENT_DIGITS = 1
"""Decimals of a percentage."""

SIGNED_DIGITS = 2
"""Decimals of a signed percentage (a change, a premium: small differences matter)."""

RATIO_DIGITS = 3
"""Decimals of a ratio (bytes per token, NSL, fertility, Jaccard...)."""

MEGABYTE_DIGITS = 3
"""Decimals of a size in megabytes (kilobyte precision)."""

JSON_DIGITS = 6
"""Decimal places of ratios in JSON."""


def count(n: int) -> str:
    """``1234567`` -> ``1,234,567``."""
    return f"{n:,}"


def nbytes(n: int) -> str:
    """``3589`` -> ``3,589 B``."""
    return f"{n:,} B"


def megabytes(n: int) -> str:
    """Bytes as megabytes, always with :data:`MEGABYTE_DIGITS` decimals, so that a column of them
    lines up (``0.027`` next to ``12.400``, never ``0.4`` next to ``0.062``)."""
    return f"{n / 1e6:,.{MEGABYTE_DIGITS}f}"


def percent(value: float | None) -> str:
    """``0.5281`` -> ``52.8%``; None -> ``–``."""
    return MISSING if value is None else f"{100 * value:.{PERCENT_DIGITS}f}%"


def signed_percent(value: float | None) -> str:
    """``0.0125`` -> ``+1.25%``; None -> ``–``."""
    return MISSING if value is None else f"{100 * value:+.{SIGNED_DIGITS}f}%"


def signed_points(value: float | None) -> str:
    """A change in a share, in percentage points: ``0.0125`` -> ``+1.25 pp``; None -> ``–``."""
    return MISSING if value is None else f"{100 * value:+.{SIGNED_DIGITS}f} pp"


def ratio(value: float | None) -> str:
    """``3.14159`` -> ``3.142``; None -> ``–``."""
    if value is None:
        return MISSING
    return f"{value + 0.0:,.{RATIO_DIGITS}f}".replace("-0.000", "0.000")


def signed(value: float | None) -> str:
    """A change in a ratio: ``+0.125``; None -> ``–``."""
    return MISSING if value is None else f"{value:+,.{RATIO_DIGITS}f}"


def compact(n: int) -> str:
    """``51,576,832`` -> ``51.6M``, ``28,672`` -> ``28.7K`` (exact figures are in ``--json``)."""
    if n >= 1_000_000:
        return f"{n / 1e6:,.1f}M"
    return f"{n / 1e3:,.1f}K" if n >= 1000 else str(n)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,234 files``.

    >>> plural(1, "file"), plural(2, "file"), plural(0, "match", "matches")
    ('1 file', '2 files', '0 matches')
    """
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def rounded(value: float | None, digits: int = JSON_DIGITS) -> float | None:
    """A float for JSON: rounded to ``digits`` places; None stays None."""
    return None if value is None else round(value, digits)
